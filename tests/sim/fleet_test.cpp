#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "sim/fleet.h"

namespace hawk::sim {
namespace {

FlakyDevice Flaky(std::size_t worker_index, std::string device_id = {}) {
  FlakyDevice flaky;
  flaky.worker_index = worker_index;
  flaky.device_id = std::move(device_id);
  return flaky;
}

std::vector<std::string> DeviceIds(const SimWorker& w) {
  std::vector<std::string> out;
  for (const SimDevice& d : w.machine->devices) out.push_back(d.profile.id);
  return out;
}

TEST(MachineTemplates, CoverTheWholeCatalogue) {
  std::set<std::string> used;
  for (const MachineTemplate& t : MachineTemplates()) {
    auto machine = MachineFromTemplate(t);
    ASSERT_TRUE(machine) << t.name;
    for (const SimDevice& d : machine->devices) used.insert(d.catalog_key);
  }
  for (const SimDevice& d : DeviceCatalog())
    EXPECT_TRUE(used.contains(d.catalog_key)) << d.catalog_key;
  const auto missing = FindMachineTemplate("xyz");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().ToString(),
            "unknown template 'xyz' (valid: " + MachineTemplateNames() + ")");
}

TEST(BuiltinFleet, ElevenWorkersAreOneOfEachKind) {
  Rng rng(1);
  const SimFleet fleet = BuiltinFleet(11, rng);
  ASSERT_EQ(fleet.workers.size(), 11u);
  std::vector<std::string> ids;
  for (const SimWorker& w : fleet.workers) ids.push_back(w.worker_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"xeon-a100x4-0", "epyc-mi250x2-0", "h100x8-0",
                                           "rtx4090-workstation-0", "snapdragon-laptop-0",
                                           "coral-edge-0", "cloud-tpu-v4-0", "chrome-webgpu-0",
                                           "firefox-webgpu-0", "edge-webgpu-0", "apple-m2-max-0"}));
  EXPECT_EQ(DeviceIds(fleet.workers[0]),
            (std::vector<std::string>{"cpu0", "gpu0", "gpu1", "gpu2", "gpu3"}));
  EXPECT_EQ(DeviceIds(fleet.workers[2]).size(), 10u);  // two CPUs, eight H100
  EXPECT_EQ(DeviceIds(fleet.workers[4]), (std::vector<std::string>{"cpu0", "npu0"}));
  EXPECT_EQ(DeviceIds(fleet.workers[7]), (std::vector<std::string>{"browser0"}));
  EXPECT_EQ(fleet.workers[7].machine->os, "browser");
  EXPECT_EQ(fleet.workers[7].machine->cpu_slots, 0u);
  EXPECT_EQ(fleet.DeviceCount(), 5u + 3 + 10 + 2 + 2 + 2 + 5 + 1 + 1 + 1 + 2);
}

TEST(BuiltinFleet, ProfilesAreWhatAWorkerRegisters) {
  Rng rng(1);
  const SimFleet fleet = BuiltinFleet(1, rng);
  const WorkerProfile p = fleet.workers[0].Profile();
  EXPECT_EQ(p.worker_id, "xeon-a100x4-0");
  EXPECT_EQ(p.hostname, "xeon-a100x4-0");
  EXPECT_EQ(p.os, "linux");
  EXPECT_EQ(p.cpu_slots, 8u);
  EXPECT_EQ(p.labels.at("template"), "xeon-a100x4");
  EXPECT_EQ(p.fingerprint, "sim:xeon-a100x4-0");
  ASSERT_EQ(p.devices.size(), 5u);
  EXPECT_EQ(p.devices[3].id, "gpu2");
  EXPECT_EQ(p.devices[3].model, "NVIDIA A100-SXM4-80GB");
  EXPECT_EQ(fleet.workers[0].FindDevice("gpu2"), &fleet.workers[0].machine->devices[3]);
  EXPECT_EQ(fleet.workers[0].FindDevice("gpu9"), nullptr);
}

TEST(BuiltinFleet, SameSeedSameFleet) {
  Rng a(5), b(5), c(6);
  const SimFleet fa = BuiltinFleet(40, a);
  const SimFleet fb = BuiltinFleet(40, b);
  const SimFleet fc = BuiltinFleet(40, c);
  int differ = 0;
  for (std::size_t i = 0; i < 40; ++i) {
    EXPECT_EQ(fa.workers[i].worker_id, fb.workers[i].worker_id);
    EXPECT_EQ(fa.workers[i].ambient_offset_celsius, fb.workers[i].ambient_offset_celsius);
    EXPECT_LE(std::abs(fa.workers[i].ambient_offset_celsius), 2.0);
    differ += fa.workers[i].ambient_offset_celsius != fc.workers[i].ambient_offset_celsius;
    EXPECT_EQ(fa.workers[i].Thermal(0).ambient_celsius,
              25.0 + fa.workers[i].ambient_offset_celsius);
  }
  EXPECT_EQ(differ, 40);
}

TEST(BuiltinFleet, TenThousandWorkersShareTheirMachines) {
  Rng rng(1);
  const auto start = std::chrono::steady_clock::now();
  const SimFleet fleet = BuiltinFleet(10000, rng);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(fleet.workers.size(), 10000u);
  EXPECT_LT(took, std::chrono::seconds(1));
  const std::size_t kinds = MachineTemplates().size();
  EXPECT_EQ(fleet.workers[0].machine, fleet.workers[kinds].machine);
  EXPECT_NE(fleet.workers[0].machine, fleet.workers[1].machine);
  std::set<std::string> ids;
  for (const SimWorker& w : fleet.workers) ids.insert(w.worker_id);
  EXPECT_EQ(ids.size(), 10000u);
  EXPECT_EQ(fleet.workers[9999].worker_id,
            MachineTemplates()[9999 % kinds].name + "-" + std::to_string(9999 / kinds));
  EXPECT_NE(fleet.FindWorker(fleet.workers[9999].worker_id), nullptr);
  EXPECT_EQ(fleet.FindWorker("nope"), nullptr);
}

TEST(BuiltinFleet, OptionsPickTemplatesAndRates) {
  BuiltinFleetOptions options;
  options.workers = 4;
  options.templates = {"h100x8", "coral-edge"};
  options.ambient_jitter_celsius = 0;
  options.worker_failures.crash_per_hour = 0.1;
  options.device_failures.device_error_per_hour = 0.2;
  Rng rng(1);
  auto fleet = BuiltinFleet(options, rng);
  ASSERT_TRUE(fleet);
  EXPECT_EQ(fleet->workers[3].worker_id, "coral-edge-1");
  EXPECT_EQ(fleet->workers[0].machine->failures.crash_per_hour, 0.1);
  EXPECT_EQ(fleet->workers[0].machine->devices[5].failures.device_error_per_hour, 0.2);
  EXPECT_EQ(fleet->workers[1].ambient_offset_celsius, 0.0);

  options.templates = {"h100x8", "nope"};
  auto bad = BuiltinFleet(options, rng);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "unknown template 'nope'");
}

TEST(BuiltinFleet, AFlakyDeviceFailsOftenAndAloneInItsMachine) {
  BuiltinFleetOptions options;
  options.workers = 26;
  options.flaky = Flaky(0, "gpu2");
  Rng rng(1);
  auto fleet = BuiltinFleet(options, rng);
  ASSERT_TRUE(fleet);
  const SimWorker& flaky = fleet->workers[0];
  const SimWorker& sibling = fleet->workers[MachineTemplates().size()];  // same template
  EXPECT_EQ(flaky.FindDevice("gpu2")->failures.device_error_per_attempt, 0.5);
  EXPECT_EQ(flaky.FindDevice("gpu1")->failures.device_error_per_attempt, 0.0);
  EXPECT_EQ(sibling.FindDevice("gpu2")->failures.device_error_per_attempt, 0.0);
  EXPECT_NE(flaky.machine, sibling.machine);

  SimFleet copy = *fleet;
  ASSERT_TRUE(MakeFlaky(copy, Flaky(7)));  // a browser: its only device
  EXPECT_EQ(copy.workers[7].FindDevice("browser0")->failures.device_error_per_attempt, 0.5);
  const auto no_worker = MakeFlaky(copy, Flaky(99));
  ASSERT_FALSE(no_worker);
  EXPECT_EQ(no_worker.error().ToString(), "flaky.worker_index: no worker 99 in a fleet of 26");
  const auto no_device = MakeFlaky(copy, Flaky(1, "gpu7"));
  ASSERT_FALSE(no_device);
  EXPECT_EQ(no_device.error().ToString(),
            "flaky.device_id: worker 'epyc-mi250x2-0' has no device 'gpu7' (devices: cpu0, gpu0, "
            "gpu1)");
}

}  // namespace
}  // namespace hawk::sim
