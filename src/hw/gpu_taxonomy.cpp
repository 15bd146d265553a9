#include "hw/gpu_taxonomy.h"

namespace hawk::hw {
namespace {

// Public PCI ids (the kernel's amdgpu_drv.c and i915/xe pciids.h).
constexpr GpuPart kAmdParts[] = {
    // id, name, generation, discrete, matrix, bf16, fp8, fp64, unified
    {0x687f, "AMD Radeon RX Vega 56/64", "gfx900", true, false, false, false, true, false},
    {0x66a0, "AMD Instinct MI60", "gfx906", true, false, false, false, true, false},
    {0x66a1, "AMD Instinct MI50", "gfx906", true, false, false, false, true, false},
    {0x66af, "AMD Radeon VII", "gfx906", true, false, false, false, true, false},
    {0x738c, "AMD Instinct MI100", "gfx908", true, true, true, false, true, false},
    {0x7408, "AMD Instinct MI250X", "gfx90a", true, true, true, false, true, false},
    {0x740c, "AMD Instinct MI250X/MI250", "gfx90a", true, true, true, false, true, false},
    {0x740f, "AMD Instinct MI210", "gfx90a", true, true, true, false, true, false},
    {0x74a0, "AMD Instinct MI300A", "gfx942", true, true, true, true, true, true},
    {0x74a1, "AMD Instinct MI300X", "gfx942", true, true, true, true, true, false},
    {0x74a5, "AMD Instinct MI325X", "gfx942", true, true, true, true, true, false},
    {0x75a0, "AMD Instinct MI350X", "gfx950", true, true, true, true, true, false},
    {0x73bf, "AMD Radeon RX 6800/6900 XT", "gfx1030", true, false, false, false, true, false},
    {0x744c, "AMD Radeon RX 7900 XTX/XT", "gfx1100", true, false, true, false, true, false},
    {0x7448, "AMD Radeon PRO W7900", "gfx1100", true, false, true, false, true, false},
};

constexpr GpuPart kIntelParts[] = {
    {0x56a0, "Intel Arc A770", "Xe-HPG", true, true, true, false, false, false},
    {0x56a1, "Intel Arc A750", "Xe-HPG", true, true, true, false, false, false},
    {0x56a5, "Intel Arc A380", "Xe-HPG", true, true, true, false, false, false},
    {0x5690, "Intel Arc A770M", "Xe-HPG", true, true, true, false, false, false},
    {0x56c0, "Intel Data Center GPU Flex 170", "Xe-HPG", true, true, true, false, false, false},
    {0x0bd5, "Intel Data Center GPU Max 1550", "Xe-HPC", true, true, true, false, true, false},
    {0x0bda, "Intel Data Center GPU Max 1100", "Xe-HPC", true, true, true, false, true, false},
    {0xe20b, "Intel Arc B580", "Xe2-HPG", true, true, true, false, false, false},
    {0xe20c, "Intel Arc B570", "Xe2-HPG", true, true, true, false, false, false},
    {0x64a0, "Intel Arc 140V", "Xe2-LPG", false, true, true, false, false, true},
    {0x7d55, "Intel Arc Graphics (Meteor Lake)", "Xe-LPG", false, false, false, false, false, true},
    {0x5917, "Intel UHD Graphics 620", "Gen9.5", false, false, false, false, true, true},
    {0x9a49, "Intel Iris Xe Graphics", "Xe-LP", false, false, false, false, false, true},
};

template <std::size_t N>
const GpuPart* Find(const GpuPart (&table)[N], std::uint16_t device_id) {
  for (const GpuPart& p : table) {
    if (p.device_id == device_id) return &p;
  }
  return nullptr;
}

}  // namespace

void ApplyNvidiaTaxonomy(DeviceProfile& profile) {
  profile.architecture = Architecture::kCuda;
  profile.backends |= BackendSet{Backend::kCuda, Backend::kOpencl, Backend::kVulkan};
  profile.precisions |= PrecisionSet{Precision::kFp64, Precision::kFp32};
  if (!profile.compute_capability) return;
  const ComputeCapability cc = *profile.compute_capability;
  if (cc >= ComputeCapability{5, 3}) profile.precisions.Insert(Precision::kFp16);
  if (cc >= ComputeCapability{6, 1}) profile.precisions.Insert(Precision::kInt8);
  if (cc >= ComputeCapability{7, 0}) profile.features.Insert(Feature::kTensorCores);
  if (cc >= ComputeCapability{7, 5} && cc < ComputeCapability{9, 0}) {
    profile.precisions.Insert(Precision::kInt4);
  }
  if (cc >= ComputeCapability{8, 0}) {
    profile.precisions.Insert(Precision::kBf16);
    profile.precisions.Insert(Precision::kTf32);
  }
  if (cc >= ComputeCapability{8, 9}) profile.precisions.Insert(Precision::kFp8);
}

std::optional<std::uint32_t> CudaCoresPerSm(ComputeCapability cc) {
  if (cc.major == 6) return cc.minor == 0 ? 64u : 128u;
  if (cc.major == 7) return 64u;
  if (cc.major == 8) return cc.minor == 0 ? 64u : 128u;
  if (cc.major == 9 || cc.major == 10 || cc.major == 12) return 128u;
  if (cc.major == 5) return 128u;
  return std::nullopt;
}

const GpuPart* FindAmdGpu(std::uint16_t device_id) {
  return Find(kAmdParts, device_id);
}
const GpuPart* FindIntelGpu(std::uint16_t device_id) {
  return Find(kIntelParts, device_id);
}

void ApplyAmdTaxonomy(DeviceProfile& profile, const GpuPart* part) {
  profile.architecture = Architecture::kRocm;
  profile.backends |= BackendSet{Backend::kRocm, Backend::kHip, Backend::kOpencl, Backend::kVulkan};
  profile.precisions |= PrecisionSet{Precision::kFp32, Precision::kFp16, Precision::kInt8};
  if (part == nullptr || part->fp64) profile.precisions.Insert(Precision::kFp64);
  if (part == nullptr) return;
  if (part->bf16) profile.precisions.Insert(Precision::kBf16);
  if (part->fp8) profile.precisions.Insert(Precision::kFp8);
  if (part->matrix_units) profile.features.Insert(Feature::kMatrixCores);
  if (part->unified_memory) profile.features.Insert(Feature::kUnifiedMemory);
}

void ApplyIntelGpuTaxonomy(DeviceProfile& profile, const GpuPart* part, bool discrete) {
  profile.architecture = Architecture::kXe;
  profile.backends |= BackendSet{Backend::kOneapi, Backend::kSycl, Backend::kOpencl,
                                 Backend::kVulkan, Backend::kOpenvino};
  profile.precisions |= PrecisionSet{Precision::kFp32, Precision::kFp16, Precision::kInt8};
  if (!discrete) profile.features.Insert(Feature::kUnifiedMemory);
  if (part == nullptr) return;
  if (part->fp64) profile.precisions.Insert(Precision::kFp64);
  if (part->bf16) profile.precisions.Insert(Precision::kBf16);
  if (part->matrix_units) profile.features.Insert(Feature::kXmx);
}

}  // namespace hawk::hw
