#include <gtest/gtest.h>

#include "hw/cpuinfo.h"
#include "hw/isa.h"

namespace hawk::hw {
namespace {

constexpr std::uint32_t B(int bit) {
  return std::uint32_t{1} << bit;
}

// A Sapphire Rapids: AVX-512 with VNNI and BF16, AVX-VNNI, AMX.
X86CpuidSnapshot SapphireRapids(std::uint64_t xcr0) {
  X86CpuidSnapshot s;
  s.max_leaf = 0x20;
  s.leaf1_ecx = B(12) | B(27) | B(28);
  s.leaf7_eax = 1;
  s.leaf7_ebx = B(5) | B(16) | B(17) | B(30) | B(31);
  s.leaf7_ecx = B(11);
  s.leaf7_edx = B(22) | B(24) | B(25);
  s.leaf7_1_eax = B(4) | B(5);
  s.xcr0 = xcr0;
  return s;
}

TEST(X86Isa, AllFeaturesWhenTheOsEnablesEveryState) {
  const FeatureSet f = DecodeX86Features(SapphireRapids(0x602e7));
  EXPECT_EQ(f.Join(),
            "avx, avx2, fma, avx512f, avx512bw, avx512dq, avx512vl, avx512_vnni, avx512_bf16, "
            "avx_vnni, amx_tile, amx_int8, amx_bf16");
}

TEST(X86Isa, AmxNeedsTheTileStatesInXcr0) {
  const FeatureSet f = DecodeX86Features(SapphireRapids(0x2e7));
  EXPECT_TRUE(f.Contains(Feature::kAvx512f));
  EXPECT_FALSE(f.Contains(Feature::kAmxTile));
  EXPECT_FALSE(f.Contains(Feature::kAmxInt8));
  EXPECT_FALSE(f.Contains(Feature::kAmxBf16));
}

TEST(X86Isa, Avx512NeedsTheZmmStatesInXcr0) {
  // An OS that saves only x87/SSE/AVX state (XCR0 = 0x7).
  const FeatureSet f = DecodeX86Features(SapphireRapids(0x7));
  EXPECT_EQ(f.Join(), "avx, avx2, fma, avx_vnni");
}

TEST(X86Isa, NothingWithoutOsxsave) {
  X86CpuidSnapshot s = SapphireRapids(0x602e7);
  s.leaf1_ecx &= ~B(27);
  EXPECT_TRUE(DecodeX86Features(s).Empty());
  s = SapphireRapids(0x602e7);
  s.xcr0.reset();
  EXPECT_TRUE(DecodeX86Features(s).Empty());
}

TEST(X86Isa, SubLeafOneIsReadOnlyWhenAdvertised) {
  X86CpuidSnapshot s = SapphireRapids(0x602e7);
  s.leaf7_eax = 0;  // no sub-leaf 1: its bits are stale
  const FeatureSet f = DecodeX86Features(s);
  EXPECT_FALSE(f.Contains(Feature::kAvxVnni));
  EXPECT_FALSE(f.Contains(Feature::kAvx512Bf16));
  EXPECT_TRUE(f.Contains(Feature::kAvx512Vnni));
}

TEST(X86Isa, HostCpuidIsReadOnX86) {
#if defined(__x86_64__)
  auto s = ReadHostCpuid();
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->vendor.size(), 12u);
  EXPECT_GE(s->max_leaf, 1u);
#else
  EXPECT_FALSE(ReadHostCpuid().has_value());
#endif
}

TEST(ArmIsa, HwcapBits) {
  // Graviton3: ASIMD, ASIMDDP, SVE; HWCAP2 I8MM and BF16, no SVE2.
  const ArmHwcaps caps{(1u << 1) | (1u << 20) | (1u << 22), (1u << 13) | (1u << 14)};
  EXPECT_EQ(DecodeArmHwcaps(caps).Join(), "neon, sve, i8mm, arm_bf16, dotprod");
  EXPECT_TRUE(DecodeArmHwcaps(ArmHwcaps{0, 1u << 1}).Contains(Feature::kSve2));
  EXPECT_TRUE(DecodeArmHwcaps(ArmHwcaps{}).Empty());
#if !defined(__aarch64__)
  EXPECT_FALSE(ReadHostHwcaps().has_value());
#endif
}

TEST(CpuInfoWords, MapToTaxonomyFeatures) {
  const CpuInfo x86 =
      ParseCpuInfo("processor\t: 0\nflags\t\t: fpu avx avx2 fma avx512f amx_tile\n");
  EXPECT_EQ(FeaturesFromCpuInfo(x86).Join(), "avx, avx2, fma, avx512f, amx_tile");
  const CpuInfo arm = ParseCpuInfo("processor\t: 0\nFeatures\t: fp asimd asimddp sve2 bf16\n");
  EXPECT_EQ(FeaturesFromCpuInfo(arm).Join(), "neon, sve2, arm_bf16, dotprod");
}

}  // namespace
}  // namespace hawk::hw
