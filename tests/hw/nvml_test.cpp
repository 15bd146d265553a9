#include <gtest/gtest.h>

#include <dlfcn.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "hw/nvml.h"
#include "hw/nvml_gpus.h"
#include "hw_test_support.h"

namespace hawk::hw {
namespace {

using testing::HwFixture;

class FakeNvml : public ::testing::Test {
 protected:
  void TearDown() override { ::unsetenv("HAWK_FAKE_NVML_CONFIG"); }

  static void UseScript(const std::string& name) {
    const std::string path = (HwFixture("nvml") / name).string();
    ASSERT_EQ(::setenv("HAWK_FAKE_NVML_CONFIG", path.c_str(), 1), 0);
  }
  static std::unique_ptr<Nvml> LoadOk(const char* library) {
    auto nvml = Nvml::Load(NvmlOptions{library});
    EXPECT_TRUE(nvml) << (nvml ? "" : nvml.error().ToString());
    return nvml ? std::move(*nvml) : nullptr;
  }
  // The entry points the fake saw since nvmlInit, while `library` is loaded.
  static std::string Calls(const char* library) {
    void* handle = ::dlopen(library, RTLD_NOW | RTLD_NOLOAD);
    if (handle == nullptr) return "<not loaded>";
    auto calls = reinterpret_cast<const char* (*)()>(::dlsym(handle, "hawk_fake_nvml_calls"));
    std::string out = calls != nullptr ? calls() : "<no log>";
    ::dlclose(handle);
    return out;
  }
  static bool Bound(const Nvml& nvml, const std::string& name) {
    const auto& b = nvml.bound_symbols();
    return std::find(b.begin(), b.end(), name) != b.end();
  }
};

TEST_F(FakeNvml, CurrentDriverUsesTheVersionedEntryPoints) {
  UseScript("two_gpus.json");
  auto nvml = LoadOk(HAWK_FAKE_NVML_MODERN);
  ASSERT_NE(nvml, nullptr);
  EXPECT_EQ(Calls(HAWK_FAKE_NVML_MODERN),
            "nvmlInit_v2,nvmlDeviceGetCount_v2,nvmlDeviceGetHandleByIndex_v2,"
            "nvmlDeviceGetHandleByIndex_v2");
  for (const char* name :
       {"nvmlInit_v2", "nvmlDeviceGetCount_v2", "nvmlDeviceGetHandleByIndex_v2",
        "nvmlDeviceGetMemoryInfo_v2", "nvmlDeviceGetPciInfo_v3",
        "nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetComputeRunningProcesses_v3"}) {
    EXPECT_TRUE(Bound(*nvml, name)) << name;
  }
  EXPECT_FALSE(Bound(*nvml, "nvmlInit"));
  EXPECT_FALSE(Bound(*nvml, "nvmlDeviceGetComputeRunningProcesses"));
  EXPECT_EQ(nvml->DriverVersion(), "550.54.15");
  EXPECT_EQ(nvml->NvmlVersion(), "12.550.54.15");
  EXPECT_EQ(nvml->DeviceCount(), 2u);
  EXPECT_EQ(nvml->library_path(), HAWK_FAKE_NVML_MODERN);
}

TEST_F(FakeNvml, StaticFactsOfEachGpu) {
  UseScript("two_gpus.json");
  auto nvml = LoadOk(HAWK_FAKE_NVML_MODERN);
  ASSERT_NE(nvml, nullptr);
  auto h100 = nvml->Info(0);
  ASSERT_TRUE(h100) << h100.error().ToString();
  EXPECT_EQ(h100->name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(h100->uuid, "GPU-5c1e3f6a-93d1-4c7e-8d2b-0f4a6e9b1c22");
  EXPECT_EQ(h100->pci_bus_id, "0000:3b:00.0");
  EXPECT_EQ(h100->pci_vendor_id, 0x10de);
  EXPECT_EQ(h100->pci_device_id, 0x2330);
  EXPECT_EQ(h100->memory_total_bytes, 85520809984u);
  EXPECT_EQ(h100->compute_capability, (ComputeCapability{9, 0}));
  EXPECT_EQ(h100->cuda_cores, 16896u);
  EXPECT_EQ(h100->max_sm_clock_mhz, 1980u);
  EXPECT_EQ(h100->power_limit_watts, 650.0);
  EXPECT_EQ(h100->default_power_limit_watts, 700.0);
  EXPECT_EQ(h100->mig_capable, true);
  EXPECT_EQ(h100->mig_enabled, true);
  EXPECT_EQ(h100->ecc_enabled, true);
  EXPECT_EQ(h100->nvlinks_active, 18u);

  auto rtx = nvml->Info(1);
  ASSERT_TRUE(rtx);
  EXPECT_EQ(rtx->pci_bus_id, "0000:86:00.0");
  EXPECT_EQ(rtx->mig_capable, false);  // NOT_SUPPORTED
  EXPECT_EQ(rtx->mig_enabled, std::nullopt);
  EXPECT_EQ(rtx->ecc_enabled, false);
  EXPECT_EQ(rtx->nvlinks_active, std::nullopt);

  auto missing = nvml->Info(2);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(FakeNvml, SampleReadsTheVersionedMemoryStruct) {
  UseScript("two_gpus.json");
  auto nvml = LoadOk(HAWK_FAKE_NVML_MODERN);
  ASSERT_NE(nvml, nullptr);
  auto s = nvml->Sample(0);
  ASSERT_TRUE(s) << s.error().ToString();
  // The fake answers the _v2 query only when the struct version is right;
  // "reserved" exists only in that answer.
  EXPECT_EQ(s->memory_reserved_bytes, 567279616u);
  EXPECT_EQ(s->memory_total_bytes, 85520809984u);
  EXPECT_EQ(s->memory_used_bytes, 1634729984u);
  EXPECT_EQ(s->memory_free_bytes, 83886080000u);
  EXPECT_NE(Calls(HAWK_FAKE_NVML_MODERN).find("nvmlDeviceGetMemoryInfo_v2"), std::string::npos);
  EXPECT_EQ(Calls(HAWK_FAKE_NVML_MODERN).find("nvmlDeviceGetMemoryInfo,"), std::string::npos);
  EXPECT_EQ(s->gpu_utilization_percent, 37u);
  EXPECT_EQ(s->memory_utilization_percent, 12u);
  EXPECT_EQ(s->temperature_celsius, 41.0);
  EXPECT_EQ(s->power_watts, 123.456);
  EXPECT_EQ(s->graphics_clock_mhz, 1755u);
  EXPECT_EQ(s->sm_clock_mhz, 1755u);
  EXPECT_EQ(s->memory_clock_mhz, 2619u);
  ASSERT_TRUE(s->clock_event_reasons.has_value());
  EXPECT_EQ(s->clock_event_reasons->Names(),
            (std::vector<std::string>{"sw_power_cap", "hw_thermal_slowdown"}));
  EXPECT_TRUE(s->clock_event_reasons->Thermal());
  EXPECT_TRUE(s->clock_event_reasons->Power());
}

TEST_F(FakeNvml, TemperatureThresholdsAndEnergyOfACurrentDriver) {
  UseScript("two_gpus.json");
  auto nvml = LoadOk(HAWK_FAKE_NVML_MODERN);
  ASSERT_NE(nvml, nullptr);
  EXPECT_TRUE(Bound(*nvml, "nvmlDeviceGetTemperatureThreshold"));
  EXPECT_TRUE(Bound(*nvml, "nvmlDeviceGetTotalEnergyConsumption"));
  auto h100 = nvml->Info(0);
  ASSERT_TRUE(h100) << h100.error().ToString();
  EXPECT_EQ(h100->slowdown_celsius, 90.0);
  EXPECT_EQ(h100->shutdown_celsius, 92.0);
  EXPECT_EQ(h100->gpu_max_celsius, 87.0);
  auto h100_sample = nvml->Sample(0);
  ASSERT_TRUE(h100_sample);
  EXPECT_EQ(h100_sample->energy_millijoules_total, 987654321u);

  // The symbols are there, but this GPU does not support every query.
  auto rtx = nvml->Info(1);
  ASSERT_TRUE(rtx);
  EXPECT_EQ(rtx->slowdown_celsius, 95.0);
  EXPECT_EQ(rtx->shutdown_celsius, 98.0);
  EXPECT_EQ(rtx->gpu_max_celsius, std::nullopt);
  auto rtx_sample = nvml->Sample(1);
  ASSERT_TRUE(rtx_sample);
  EXPECT_EQ(rtx_sample->energy_millijoules_total, std::nullopt);
}

TEST_F(FakeNvml, EnergyCounterAdvancesBetweenSamples) {
  UseScript("energy_counter.json");
  auto nvml = LoadOk(HAWK_FAKE_NVML_MODERN);
  ASSERT_NE(nvml, nullptr);
  std::vector<std::uint64_t> readings;
  for (int i = 0; i < 4; ++i) {
    auto s = nvml->Sample(0);
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->energy_millijoules_total.has_value());
    readings.push_back(*s->energy_millijoules_total);
  }
  EXPECT_EQ(readings, (std::vector<std::uint64_t>{1000, 1600, 2500, 2500}));
  EXPECT_EQ(nvml->TotalEnergyMillijoules(0), 2500u);         // the counter alone
  EXPECT_EQ(nvml->TotalEnergyMillijoules(1), std::nullopt);  // no such GPU
  auto info = nvml->Info(0);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->slowdown_celsius, 93.0);
  EXPECT_EQ(info->shutdown_celsius, 96.0);
  EXPECT_EQ(info->gpu_max_celsius, std::nullopt);  // not in the script
  EXPECT_EQ(info->memory_total_bytes, std::nullopt);
}

TEST_F(FakeNvml, ComputeProcessesWithAndWithoutMemory) {
  UseScript("two_gpus.json");
  auto nvml = LoadOk(HAWK_FAKE_NVML_MODERN);
  ASSERT_NE(nvml, nullptr);
  auto processes = nvml->ComputeProcesses(0);
  ASSERT_TRUE(processes) << processes.error().ToString();
  ASSERT_EQ(processes->size(), 2u);
  EXPECT_EQ((*processes)[0].pid, 4242u);
  EXPECT_EQ((*processes)[0].used_gpu_memory_bytes, kGiB);
  EXPECT_EQ((*processes)[1].pid, 4343u);
  EXPECT_EQ((*processes)[1].used_gpu_memory_bytes, std::nullopt);  // NVML_VALUE_NOT_AVAILABLE
  EXPECT_TRUE(nvml->ComputeProcesses(1)->empty());
}

TEST_F(FakeNvml, ManyProcessesAreAllListed) {
  UseScript("many_processes.json");
  auto nvml = LoadOk(HAWK_FAKE_NVML_MODERN);
  ASSERT_NE(nvml, nullptr);
  auto processes = nvml->ComputeProcesses(0);
  ASSERT_TRUE(processes);
  ASSERT_EQ(processes->size(), 10u);
  EXPECT_EQ(processes->back().pid, 110u);
}

TEST_F(FakeNvml, OldDriverFallsBackToUnversionedEntryPoints) {
  UseScript("two_gpus.json");
  auto nvml = LoadOk(HAWK_FAKE_NVML_OLD);
  ASSERT_NE(nvml, nullptr);
  EXPECT_EQ(Calls(HAWK_FAKE_NVML_OLD),
            "nvmlInit,nvmlDeviceGetCount,nvmlDeviceGetHandleByIndex,nvmlDeviceGetHandleByIndex");
  for (const char* name :
       {"nvmlInit", "nvmlDeviceGetCount", "nvmlDeviceGetHandleByIndex", "nvmlDeviceGetMemoryInfo",
        "nvmlDeviceGetPciInfo", "nvmlDeviceGetCurrentClocksThrottleReasons",
        "nvmlDeviceGetComputeRunningProcesses"}) {
    EXPECT_TRUE(Bound(*nvml, name)) << name;
  }
  EXPECT_FALSE(Bound(*nvml, "nvmlInit_v2"));
  EXPECT_FALSE(Bound(*nvml, "nvmlDeviceGetMemoryInfo_v2"));
  // This driver predates the thresholds and energy queries: they are absent,
  // not an error, even though the script has values for them.
  EXPECT_FALSE(Bound(*nvml, "nvmlDeviceGetTemperatureThreshold"));
  EXPECT_FALSE(Bound(*nvml, "nvmlDeviceGetTotalEnergyConsumption"));

  auto info = nvml->Info(0);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->memory_total_bytes, 85520809984u);
  EXPECT_EQ(info->pci_bus_id, "0000:3b:00.0");
  EXPECT_EQ(info->cuda_cores, std::nullopt);  // no nvmlDeviceGetNumGpuCores
  EXPECT_EQ(info->slowdown_celsius, std::nullopt);
  EXPECT_EQ(info->shutdown_celsius, std::nullopt);
  EXPECT_EQ(info->gpu_max_celsius, std::nullopt);
  auto s = nvml->Sample(0);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->memory_used_bytes, 1634729984u);
  EXPECT_EQ(s->memory_reserved_bytes, std::nullopt);  // v1 has no such field
  EXPECT_EQ(s->clock_event_reasons->bits, 68u);       // through ...ThrottleReasons
  EXPECT_EQ(s->energy_millijoules_total, std::nullopt);
  EXPECT_EQ(nvml->TotalEnergyMillijoules(0), std::nullopt);
  // The v1 process struct has no instance ids: the layout must still match.
  auto processes = nvml->ComputeProcesses(0);
  ASSERT_TRUE(processes);
  ASSERT_EQ(processes->size(), 2u);
  EXPECT_EQ((*processes)[0].pid, 4242u);
  EXPECT_EQ((*processes)[0].used_gpu_memory_bytes, kGiB);
  EXPECT_EQ((*processes)[1].pid, 4343u);
}

TEST_F(FakeNvml, AbsentLibraryIsUnavailable) {
  auto nvml = Nvml::Load(NvmlOptions{"/nonexistent/libnvidia-ml.so.1"});
  ASSERT_FALSE(nvml);
  EXPECT_EQ(nvml.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(nvml.error().message.find("/nonexistent/libnvidia-ml.so.1 not loaded"),
            std::string::npos);
}

TEST_F(FakeNvml, ALibraryWithoutNvmlIsUnavailable) {
  auto nvml = Nvml::Load(NvmlOptions{"libm.so.6"});
  ASSERT_FALSE(nvml);
  EXPECT_EQ(nvml.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(nvml.error().message.find("lacks nvmlInit"), std::string::npos);
}

TEST_F(FakeNvml, DriverNotLoaded) {
  UseScript("driver_not_loaded.json");
  auto nvml = Nvml::Load(NvmlOptions{HAWK_FAKE_NVML_MODERN});
  ASSERT_FALSE(nvml);
  EXPECT_EQ(nvml.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(nvml.error().message, "nvmlInit failed: Driver Not Loaded (9)");
}

TEST_F(FakeNvml, LostGpuIsAnErrorForThatGpu) {
  UseScript("lost_gpu.json");
  auto nvml = LoadOk(HAWK_FAKE_NVML_MODERN);
  ASSERT_NE(nvml, nullptr);
  EXPECT_EQ(nvml->DeviceCount(), 1u);
  auto info = nvml->Info(0);
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().message, "GPU 0: GPU is lost (15)");
  EXPECT_FALSE(nvml->Sample(0));
  EXPECT_FALSE(nvml->ComputeProcesses(0));
}

TEST_F(FakeNvml, DetectionMapsGpusToTheTaxonomy) {
  UseScript("two_gpus.json");
  Diagnostics diagnostics;
  const NvmlDetection found = DetectNvmlGpus(NvmlOptions{HAWK_FAKE_NVML_MODERN}, diagnostics);
  EXPECT_TRUE(found.report.loaded);
  EXPECT_EQ(found.report.driver_version, "550.54.15");
  ASSERT_EQ(found.devices.size(), 2u);

  const DetectedDevice& h100 = found.devices[0];
  EXPECT_EQ(h100.profile.vendor, Vendor::kNvidia);
  EXPECT_EQ(h100.profile.architecture, Architecture::kCuda);
  EXPECT_EQ(h100.profile.compute_units, 132u);  // 16896 cores / 128 per SM
  EXPECT_EQ(h100.profile.tdp_watts, 700.0);
  EXPECT_EQ(h100.power_limit_watts, 650.0);
  EXPECT_EQ(h100.mig_enabled, true);
  EXPECT_EQ(h100.profile.features.Join(), "tensor_cores, mig, nvlink, ecc");
  EXPECT_EQ(h100.profile.precisions.Join(), "fp64, fp32, tf32, bf16, fp16, fp8, int8");
  EXPECT_EQ(h100.profile.backends.Join(), "cuda, vulkan, opencl");
  EXPECT_EQ(h100.memory_source, "nvml");
  EXPECT_EQ(h100.readings.utilization_percent, 37.0);
  EXPECT_EQ(h100.readings.memory_used_bytes, 1634729984u);

  const DetectedDevice& rtx = found.devices[1];
  EXPECT_EQ(rtx.profile.compute_units, 82u);  // 10496 / 128
  EXPECT_EQ(rtx.profile.features.Join(), "tensor_cores");
  EXPECT_EQ(rtx.profile.precisions.Join(), "fp64, fp32, tf32, bf16, fp16, int8, int4");
  EXPECT_TRUE(diagnostics.entries().empty());
}

TEST_F(FakeNvml, AbsentLibraryIsNotedOnce) {
  Diagnostics diagnostics;
  const NvmlOptions options{"/nonexistent/libnvidia-ml.so.1"};
  const NvmlDetection first = DetectNvmlGpus(options, diagnostics);
  const NvmlDetection second = DetectNvmlGpus(options, diagnostics);
  EXPECT_FALSE(first.report.loaded);
  EXPECT_TRUE(first.devices.empty());
  ASSERT_TRUE(first.report.unavailable_reason.has_value());
  ASSERT_EQ(diagnostics.entries().size(), 1u);
  EXPECT_EQ(diagnostics.entries()[0].source, "nvml");
}

TEST(ClockEventReasonsNames, UnknownBitsAreShownInHex) {
  EXPECT_EQ(ClockEventReasons{0x201}.Names(), (std::vector<std::string>{"gpu_idle", "0x200"}));
  EXPECT_FALSE(ClockEventReasons{0x1}.Thermal());
  EXPECT_TRUE(ClockEventReasons{0x1}.Names().size() == 1);
}

}  // namespace
}  // namespace hawk::hw

namespace hawk::hw {
namespace {

// The real driver, where there is one (CI machines have none: skipped there).
TEST(RealNvml, AgreesWithItselfWhenADriverIsPresent) {
  auto nvml = Nvml::Load();
  if (!nvml) GTEST_SKIP() << "no NVIDIA driver here: " << nvml.error().message;
  ASSERT_GE((*nvml)->DeviceCount(), 1u);
  EXPECT_TRUE((*nvml)->DriverVersion().has_value());
  const auto& bound = (*nvml)->bound_symbols();
  EXPECT_EQ(bound.front(), "nvmlInit_v2");  // every driver since R325 has it
  for (unsigned i = 0; i < (*nvml)->DeviceCount(); ++i) {
    auto info = (*nvml)->Info(i);
    ASSERT_TRUE(info) << info.error().ToString();
    EXPECT_FALSE(info->name.empty());
    EXPECT_EQ(info->uuid.value_or("").rfind("GPU-", 0), 0u);
    ASSERT_TRUE(info->memory_total_bytes.has_value());
    EXPECT_GT(*info->memory_total_bytes, kGiB);
    ASSERT_TRUE(info->compute_capability.has_value());
    EXPECT_GE(info->compute_capability->major, 3);
    EXPECT_EQ(info->pci_vendor_id, 0x10de);
    auto sample = (*nvml)->Sample(i);
    ASSERT_TRUE(sample) << sample.error().ToString();
    ASSERT_TRUE(sample->memory_used_bytes.has_value());
    EXPECT_LE(*sample->memory_used_bytes, *info->memory_total_bytes);
    EXPECT_EQ(sample->memory_total_bytes, info->memory_total_bytes);
    if (info->slowdown_celsius && info->shutdown_celsius) {
      EXPECT_LE(*info->slowdown_celsius, *info->shutdown_celsius);
    }
    if (sample->energy_millijoules_total) {
      auto later = (*nvml)->Sample(i);
      ASSERT_TRUE(later);
      ASSERT_TRUE(later->energy_millijoules_total.has_value());
      EXPECT_GE(*later->energy_millijoules_total, *sample->energy_millijoules_total);
    }
    EXPECT_TRUE((*nvml)->ComputeProcesses(i).has_value());
  }
}

}  // namespace
}  // namespace hawk::hw
