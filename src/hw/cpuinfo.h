// /proc/cpuinfo as data. x86 lists "vendor_id", "model name", "flags",
// "physical id" and "core id" per processor; arm64 lists "CPU implementer",
// "CPU part", "CPU architecture" and "Features". The parser keeps what both
// say and counts the lines it could not understand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/taxonomy.h"

namespace hawk::hw {

struct CpuInfoProcessor {
  std::uint32_t index = 0;  // "processor"
  std::optional<std::uint32_t> physical_id;
  std::optional<std::uint32_t> core_id;
  std::optional<double> mhz;  // "cpu MHz"
};

struct CpuInfo {
  std::optional<std::string> vendor_id;           // "GenuineIntel"
  std::optional<std::string> model_name;          // "model name" (x86) or "Model name"
  std::optional<std::uint32_t> arm_implementer;   // "CPU implementer" 0x41
  std::optional<std::uint32_t> arm_part;          // "CPU part" 0xd40
  std::optional<std::uint32_t> arm_architecture;  // "CPU architecture" 8
  std::vector<std::string> flags;  // x86 "flags" or arm "Features" of the first processor
  bool has_x86_flags = false;
  bool has_arm_features = false;
  std::vector<CpuInfoProcessor> processors;
  std::size_t malformed_lines = 0;  // lines without "key: value" or with a bad number
};

CpuInfo ParseCpuInfo(std::string_view text);

// Architecture from what cpuinfo says: "lm" in x86 flags -> x86_64, x86
// flags without it -> x86, arm Features with CPU architecture >= 8 -> arm64.
Architecture CpuInfoArchitecture(const CpuInfo& info);
// Vendor from vendor_id or the arm implementer code.
Vendor CpuInfoVendor(const CpuInfo& info);
// A model name: "model name" when given, else the arm core's name from its
// implementer and part ("ARM Neoverse-V1"), else nullopt.
std::optional<std::string> CpuInfoModel(const CpuInfo& info);

}  // namespace hawk::hw
