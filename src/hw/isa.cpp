#include "hw/isa.h"

#include <cstring>
#include <string_view>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#if defined(__aarch64__)
#include <sys/auxv.h>
#endif

namespace hawk::hw {
namespace {

constexpr bool Bit(std::uint64_t word, int bit) {
  return ((word >> bit) & 1u) != 0;
}

// XCR0 state components.
constexpr std::uint64_t kXcr0Sse = 1u << 1;
constexpr std::uint64_t kXcr0Avx = 1u << 2;
constexpr std::uint64_t kXcr0Opmask = 1u << 5;
constexpr std::uint64_t kXcr0ZmmHi256 = 1u << 6;
constexpr std::uint64_t kXcr0Hi16Zmm = 1u << 7;
constexpr std::uint64_t kXcr0TileCfg = 1u << 17;
constexpr std::uint64_t kXcr0TileData = 1u << 18;

bool HasAll(std::uint64_t word, std::uint64_t mask) {
  return (word & mask) == mask;
}

struct FlagName {
  std::string_view word;
  Feature feature;
};

// The kernel's names in /proc/cpuinfo.
constexpr FlagName kX86Flags[] = {
    {"avx", Feature::kAvx},
    {"avx2", Feature::kAvx2},
    {"fma", Feature::kFma},
    {"avx512f", Feature::kAvx512f},
    {"avx512bw", Feature::kAvx512bw},
    {"avx512dq", Feature::kAvx512dq},
    {"avx512vl", Feature::kAvx512vl},
    {"avx512_vnni", Feature::kAvx512Vnni},
    {"avx512_bf16", Feature::kAvx512Bf16},
    {"avx_vnni", Feature::kAvxVnni},
    {"amx_tile", Feature::kAmxTile},
    {"amx_int8", Feature::kAmxInt8},
    {"amx_bf16", Feature::kAmxBf16},
};

constexpr FlagName kArmFeatures[] = {
    {"asimd", Feature::kNeon}, {"sve", Feature::kSve},      {"sve2", Feature::kSve2},
    {"i8mm", Feature::kI8mm},  {"bf16", Feature::kArmBf16}, {"asimddp", Feature::kDotprod},
};

}  // namespace

FeatureSet DecodeX86Features(const X86CpuidSnapshot& cpuid) {
  FeatureSet out;
  if (cpuid.max_leaf < 1 || !cpuid.xcr0) return out;  // no OSXSAVE: no AVX state at all
  const std::uint64_t xcr0 = *cpuid.xcr0;
  const bool osxsave = Bit(cpuid.leaf1_ecx, 27);
  const bool avx_state = osxsave && HasAll(xcr0, kXcr0Sse | kXcr0Avx);
  const bool avx512_state = avx_state && HasAll(xcr0, kXcr0Opmask | kXcr0ZmmHi256 | kXcr0Hi16Zmm);
  const bool amx_state = osxsave && HasAll(xcr0, kXcr0TileCfg | kXcr0TileData);
  if (avx_state && Bit(cpuid.leaf1_ecx, 28)) out.Insert(Feature::kAvx);
  if (avx_state && Bit(cpuid.leaf1_ecx, 12)) out.Insert(Feature::kFma);
  if (cpuid.max_leaf < 7) return out;
  if (avx_state && Bit(cpuid.leaf7_ebx, 5)) out.Insert(Feature::kAvx2);
  if (avx512_state) {
    if (Bit(cpuid.leaf7_ebx, 16)) out.Insert(Feature::kAvx512f);
    if (Bit(cpuid.leaf7_ebx, 17)) out.Insert(Feature::kAvx512dq);
    if (Bit(cpuid.leaf7_ebx, 30)) out.Insert(Feature::kAvx512bw);
    if (Bit(cpuid.leaf7_ebx, 31)) out.Insert(Feature::kAvx512vl);
    if (Bit(cpuid.leaf7_ecx, 11)) out.Insert(Feature::kAvx512Vnni);
    if (cpuid.leaf7_eax >= 1 && Bit(cpuid.leaf7_1_eax, 5)) out.Insert(Feature::kAvx512Bf16);
  }
  if (avx_state && cpuid.leaf7_eax >= 1 && Bit(cpuid.leaf7_1_eax, 4)) {
    out.Insert(Feature::kAvxVnni);
  }
  if (amx_state) {
    if (Bit(cpuid.leaf7_edx, 24)) out.Insert(Feature::kAmxTile);
    if (Bit(cpuid.leaf7_edx, 25)) out.Insert(Feature::kAmxInt8);
    if (Bit(cpuid.leaf7_edx, 22)) out.Insert(Feature::kAmxBf16);
  }
  return out;
}

std::optional<X86CpuidSnapshot> ReadHostCpuid() {
#if defined(__x86_64__) || defined(__i386__)
  X86CpuidSnapshot s;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(0, &a, &b, &c, &d) == 0) return std::nullopt;
  s.max_leaf = a;
  char vendor[13] = {};
  std::memcpy(vendor + 0, &b, 4);
  std::memcpy(vendor + 4, &d, 4);
  std::memcpy(vendor + 8, &c, 4);
  s.vendor = vendor;
  if (s.max_leaf >= 1) {
    __cpuid(1, a, b, c, d);
    s.leaf1_ecx = c;
  }
  if (s.max_leaf >= 7) {
    __cpuid_count(7, 0, a, b, c, d);
    s.leaf7_eax = a;
    s.leaf7_ebx = b;
    s.leaf7_ecx = c;
    s.leaf7_edx = d;
    if (s.leaf7_eax >= 1) {
      __cpuid_count(7, 1, a, b, c, d);
      s.leaf7_1_eax = a;
    }
  }
  if (Bit(s.leaf1_ecx, 27)) {  // OSXSAVE: XGETBV is allowed
    unsigned lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    s.xcr0 = (static_cast<std::uint64_t>(hi) << 32) | lo;
  }
  unsigned max_ext = __get_cpuid_max(0x80000000u, nullptr);
  if (max_ext >= 0x80000004u) {
    char brand[49] = {};
    for (unsigned i = 0; i < 3; ++i) {
      __cpuid(0x80000002u + i, a, b, c, d);
      char* const chunk = brand + std::size_t{16} * i;
      std::memcpy(chunk + 0, &a, 4);
      std::memcpy(chunk + 4, &b, 4);
      std::memcpy(chunk + 8, &c, 4);
      std::memcpy(chunk + 12, &d, 4);
    }
    std::string_view text = brand;
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    s.brand = std::string(text);
  }
  return s;
#else
  return std::nullopt;
#endif
}

FeatureSet DecodeArmHwcaps(const ArmHwcaps& hwcaps) {
  FeatureSet out;
  if (Bit(hwcaps.hwcap, 1)) out.Insert(Feature::kNeon);
  if (Bit(hwcaps.hwcap, 20)) out.Insert(Feature::kDotprod);
  if (Bit(hwcaps.hwcap, 22)) out.Insert(Feature::kSve);
  if (Bit(hwcaps.hwcap2, 1)) out.Insert(Feature::kSve2);
  if (Bit(hwcaps.hwcap2, 13)) out.Insert(Feature::kI8mm);
  if (Bit(hwcaps.hwcap2, 14)) out.Insert(Feature::kArmBf16);
  return out;
}

std::optional<ArmHwcaps> ReadHostHwcaps() {
#if defined(__aarch64__)
  return ArmHwcaps{getauxval(AT_HWCAP), getauxval(AT_HWCAP2)};
#else
  return std::nullopt;
#endif
}

FeatureSet FeaturesFromCpuInfo(const CpuInfo& info) {
  FeatureSet out;
  auto scan = [&](const auto& table) {
    for (const std::string& word : info.flags) {
      for (const FlagName& f : table) {
        if (word == f.word) out.Insert(f.feature);
      }
    }
  };
  if (info.has_x86_flags) scan(kX86Flags);
  if (info.has_arm_features) scan(kArmFeatures);
  return out;
}

}  // namespace hawk::hw
