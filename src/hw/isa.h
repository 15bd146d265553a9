// Instruction-set extensions a program can use, in the taxonomy's words
// (core/taxonomy.h Feature). On x86 a feature counts only when the CPU has it
// (CPUID) AND the operating system saves its register state (XCR0 read with
// XGETBV): AVX needs the YMM state, AVX-512 the opmask and ZMM states, AMX
// the tile states. On arm64 the kernel's HWCAP words say what user space may
// use. /proc/cpuinfo gives the same facts as words ("avx512f", "asimddp");
// the CPU detector cross-checks the two and, for a captured tree, uses the
// words alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/taxonomy.h"
#include "hw/cpuinfo.h"

namespace hawk::hw {

// The CPUID and XCR0 words that the x86 features come from.
struct X86CpuidSnapshot {
  std::uint32_t max_leaf = 0;         // leaf 0 EAX
  std::uint32_t leaf1_ecx = 0;        // FMA (12), OSXSAVE (27), AVX (28)
  std::uint32_t leaf7_eax = 0;        // leaf 7.0 EAX: highest sub-leaf
  std::uint32_t leaf7_ebx = 0;        // AVX2 (5), AVX512F (16), DQ (17), BW (30), VL (31)
  std::uint32_t leaf7_ecx = 0;        // AVX512_VNNI (11)
  std::uint32_t leaf7_edx = 0;        // AMX-BF16 (22), AMX-TILE (24), AMX-INT8 (25)
  std::uint32_t leaf7_1_eax = 0;      // AVX-VNNI (4), AVX512_BF16 (5)
  std::optional<std::uint64_t> xcr0;  // only when OSXSAVE is set
  std::string vendor;                 // "GenuineIntel"
  std::string brand;                  // "Intel(R) Xeon(R) Platinum 8480+"
};

FeatureSet DecodeX86Features(const X86CpuidSnapshot& cpuid);
// This machine's CPUID and XCR0; nullopt when not built for x86.
std::optional<X86CpuidSnapshot> ReadHostCpuid();

// The kernel's AT_HWCAP and AT_HWCAP2 words on arm64.
struct ArmHwcaps {
  std::uint64_t hwcap = 0;   // ASIMD (1), ASIMDDP (20), SVE (22)
  std::uint64_t hwcap2 = 0;  // SVE2 (1), I8MM (13), BF16 (14)
};

FeatureSet DecodeArmHwcaps(const ArmHwcaps& hwcaps);
// This process's auxiliary vector; nullopt when not built for arm64.
std::optional<ArmHwcaps> ReadHostHwcaps();

// The features named by /proc/cpuinfo "flags" (x86) or "Features" (arm).
FeatureSet FeaturesFromCpuInfo(const CpuInfo& info);

}  // namespace hawk::hw
