#include "hw/cpuinfo.h"

#include <algorithm>
#include <string>

#include "hw/parse.h"

namespace hawk::hw {
namespace {

struct ArmPart {
  std::uint32_t implementer;
  std::uint32_t part;
  const char* name;
};

// Common server and client cores (the kernel's arch/arm64/include/asm/cputype.h).
constexpr ArmPart kArmParts[] = {
    {0x41, 0xd03, "ARM Cortex-A53"},        {0x41, 0xd04, "ARM Cortex-A35"},
    {0x41, 0xd05, "ARM Cortex-A55"},        {0x41, 0xd07, "ARM Cortex-A57"},
    {0x41, 0xd08, "ARM Cortex-A72"},        {0x41, 0xd09, "ARM Cortex-A73"},
    {0x41, 0xd0a, "ARM Cortex-A75"},        {0x41, 0xd0b, "ARM Cortex-A76"},
    {0x41, 0xd0c, "ARM Neoverse-N1"},       {0x41, 0xd0d, "ARM Cortex-A77"},
    {0x41, 0xd40, "ARM Neoverse-V1"},       {0x41, 0xd41, "ARM Cortex-A78"},
    {0x41, 0xd44, "ARM Cortex-X1"},         {0x41, 0xd46, "ARM Cortex-A510"},
    {0x41, 0xd47, "ARM Cortex-A710"},       {0x41, 0xd48, "ARM Cortex-X2"},
    {0x41, 0xd49, "ARM Neoverse-N2"},       {0x41, 0xd4f, "ARM Neoverse-V2"},
    {0x41, 0xd84, "ARM Neoverse-V3"},       {0x41, 0xd8e, "ARM Neoverse-N3"},
    {0xc0, 0xac3, "Ampere AmpereOne"},      {0x51, 0x001, "Qualcomm Oryon"},
    {0x61, 0x022, "Apple M1 Icestorm"},     {0x61, 0x023, "Apple M1 Firestorm"},
    {0x48, 0xd01, "HiSilicon Kunpeng-920"},
};

void ApplyNumber(std::optional<std::uint32_t>& field, std::string_view value, bool hex,
                 std::size_t& malformed) {
  auto parsed = hex ? ParseHex(value) : ParseU64(value);
  if (!parsed || *parsed > UINT32_MAX) {
    ++malformed;
    return;
  }
  field = static_cast<std::uint32_t>(*parsed);
}

}  // namespace

CpuInfo ParseCpuInfo(std::string_view text) {
  CpuInfo info;
  CpuInfoProcessor* current = nullptr;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (Trim(line).empty()) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      ++info.malformed_lines;
      continue;
    }
    const std::string_view key = Trim(line.substr(0, colon));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (key == "processor") {
      auto index = ParseU64(value);
      if (!index || *index > UINT32_MAX) {
        ++info.malformed_lines;  // arm32 kernels print "Processor : ARMv7 ..."
        continue;
      }
      info.processors.push_back(CpuInfoProcessor{static_cast<std::uint32_t>(*index), {}, {}, {}});
      current = &info.processors.back();
    } else if (key == "vendor_id") {
      if (!info.vendor_id && !value.empty()) info.vendor_id = std::string(value);
    } else if (key == "model name" || key == "Model name") {
      if (!info.model_name && !value.empty()) info.model_name = std::string(value);
    } else if (key == "flags" || key == "Features") {
      const bool x86 = key == "flags";
      if (info.flags.empty()) {
        for (std::string_view word : SplitWhitespace(value)) info.flags.emplace_back(word);
      }
      (x86 ? info.has_x86_flags : info.has_arm_features) = true;
    } else if (key == "CPU implementer") {
      if (!info.arm_implementer)
        ApplyNumber(info.arm_implementer, value, true, info.malformed_lines);
    } else if (key == "CPU part") {
      if (!info.arm_part) ApplyNumber(info.arm_part, value, true, info.malformed_lines);
    } else if (key == "CPU architecture") {
      if (!info.arm_architecture) {
        ApplyNumber(info.arm_architecture, value, false, info.malformed_lines);
      }
    } else if (current != nullptr && key == "physical id") {
      ApplyNumber(current->physical_id, value, false, info.malformed_lines);
    } else if (current != nullptr && key == "core id") {
      ApplyNumber(current->core_id, value, false, info.malformed_lines);
    } else if (current != nullptr && key == "cpu MHz") {
      auto mhz = ParseDouble(value);
      if (mhz && *mhz > 0) {
        current->mhz = *mhz;
      } else {
        ++info.malformed_lines;
      }
    }
  }
  return info;
}

Architecture CpuInfoArchitecture(const CpuInfo& info) {
  if (info.has_x86_flags) {
    const bool long_mode =
        std::find(info.flags.begin(), info.flags.end(), "lm") != info.flags.end();
    return long_mode ? Architecture::kX86_64 : Architecture::kX86;
  }
  if (info.has_arm_features || info.arm_implementer) {
    if (info.arm_architecture && *info.arm_architecture >= 8) return Architecture::kArm64;
    const bool asimd = std::find(info.flags.begin(), info.flags.end(), "asimd") != info.flags.end();
    return asimd ? Architecture::kArm64 : Architecture::kArm;
  }
  return Architecture::kOther;
}

Vendor CpuInfoVendor(const CpuInfo& info) {
  if (info.vendor_id) {
    if (*info.vendor_id == "GenuineIntel") return Vendor::kIntel;
    if (*info.vendor_id == "AuthenticAMD" || *info.vendor_id == "HygonGenuine") return Vendor::kAmd;
  }
  if (info.arm_implementer) {
    switch (*info.arm_implementer) {
      case 0x41: return Vendor::kArm;
      case 0x48: return Vendor::kHuawei;
      case 0x4e: return Vendor::kNvidia;
      case 0x51: return Vendor::kQualcomm;
      case 0x61: return Vendor::kApple;
      case 0xc0: return Vendor::kAmpere;
      default: break;
    }
  }
  return Vendor::kOther;
}

std::optional<std::string> CpuInfoModel(const CpuInfo& info) {
  if (info.model_name) return info.model_name;
  if (info.arm_implementer && info.arm_part) {
    for (const ArmPart& p : kArmParts) {
      if (p.implementer == *info.arm_implementer && p.part == *info.arm_part) return p.name;
    }
  }
  return std::nullopt;
}

}  // namespace hawk::hw
