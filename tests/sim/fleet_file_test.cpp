#include <gtest/gtest.h>

#include "sim/fleet_file.h"
#include "sim/thermal_model.h"

namespace hawk::sim {
namespace {

constexpr const char* kBriefExample = R"(
fleet:
  - template: xeon-a100x4
    count: 2
    labels: {zone: a}
    thermal: {ambient_celsius: 30}
    failures: {crash_per_hour: 0.1, device_error_per_hour: 0.5}
  - name: custom-box
    devices:
      - {catalog: h100-80gb, count: 2}
)";

// The single line a CLI would print for a bad fleet file.
std::string ErrorOf(const std::string& yaml) {
  auto fleet = ParseFleetYaml(yaml, "f.yaml");
  if (fleet) return "(parsed)";
  EXPECT_EQ(fleet.error().code, ErrorCode::kInvalidArgument);
  return fleet.error().ToString();
}

TEST(FleetFile, ParsesTemplatesAndCustomMachines) {
  auto fleet = ParseFleetYaml(kBriefExample);
  ASSERT_TRUE(fleet) << fleet.error().ToString();
  ASSERT_EQ(fleet->workers.size(), 3u);
  const SimWorker& first = fleet->workers[0];
  EXPECT_EQ(first.worker_id, "xeon-a100x4-0");
  EXPECT_EQ(fleet->workers[1].worker_id, "xeon-a100x4-1");
  EXPECT_EQ(first.machine, fleet->workers[1].machine);
  EXPECT_EQ(first.machine->labels.at("zone"), "a");
  EXPECT_EQ(first.machine->labels.at("template"), "xeon-a100x4");
  EXPECT_EQ(first.machine->failures.crash_per_hour, 0.1);
  ASSERT_EQ(first.machine->devices.size(), 5u);
  for (std::size_t d = 0; d < 5; ++d) {
    EXPECT_EQ(first.Thermal(d).ambient_celsius, 30.0);
    EXPECT_EQ(first.machine->devices[d].failures.device_error_per_hour, 0.5);
  }
  // Other thermal figures stay the catalogue's.
  EXPECT_EQ(first.machine->devices[1].thermal.resistance_celsius_per_watt,
            (**FindCatalogDevice("a100-80gb")).thermal.resistance_celsius_per_watt);

  const SimWorker& custom = fleet->workers[2];
  EXPECT_EQ(custom.worker_id, "custom-box");
  EXPECT_EQ(custom.machine->kind, "custom-box");
  EXPECT_EQ(custom.machine->os, "linux");
  EXPECT_EQ(custom.machine->cpu_slots, 0u);  // no CPU device
  ASSERT_EQ(custom.machine->devices.size(), 2u);
  EXPECT_EQ(custom.machine->devices[1].profile.id, "gpu1");
  EXPECT_EQ(custom.machine->devices[1].profile.model, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(custom.Thermal(0).ambient_celsius, 25.0);
}

TEST(FleetFile, OverridesApplyFromMachineToDevice) {
  auto fleet = ParseFleetYaml(R"(
fleet:
  - name: box
    count: 2
    os: windows
    cpu_slots: 6
    thermal: {ambient_celsius: 35, hysteresis_celsius: 2}
    failures: {oom_per_attempt: 0.1, disconnect_per_hour: 1}
    device_failures:
      gpu0: {device_error_per_attempt: 0.9}
    devices:
      - {catalog: ryzen-7950x}
      - catalog: rtx-4090
        thermal: {ambient_celsius: 28}
        failures: {oom_per_attempt: 0.2}
)");
  ASSERT_TRUE(fleet) << fleet.error().ToString();
  ASSERT_EQ(fleet->workers.size(), 2u);
  EXPECT_EQ(fleet->workers[1].worker_id, "box-1");
  const SimMachine& m = *fleet->workers[0].machine;
  EXPECT_EQ(m.os, "windows");
  EXPECT_EQ(m.cpu_slots, 6u);
  EXPECT_EQ(m.failures.disconnect_per_hour, 1.0);
  EXPECT_EQ(m.devices[0].thermal.ambient_celsius, 35.0);
  EXPECT_EQ(m.devices[1].thermal.ambient_celsius, 28.0);
  EXPECT_EQ(m.devices[1].thermal.hysteresis_celsius, 2.0);
  EXPECT_EQ(m.devices[0].failures.oom_per_attempt, 0.1);
  EXPECT_EQ(m.devices[1].failures.oom_per_attempt, 0.2);
  EXPECT_EQ(m.devices[1].failures.device_error_per_attempt, 0.9);
  EXPECT_EQ(m.devices[0].failures.device_error_per_attempt, 0.0);
}

TEST(FleetFile, UnknownTemplateListsTheValidOnes) {
  EXPECT_EQ(ErrorOf("fleet:\n  - template: xeon-a100x4\n  - template: h100x8\n"
                    "  - template: xyz\n"),
            "f.yaml:4: fleet[2].template: unknown template 'xyz' (valid: " +
                MachineTemplateNames() + ")");
}

TEST(FleetFile, RejectsBadShapesWithTheirPlace) {
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    colour: red\n"),
            "f.yaml:3: fleet[0].colour: unknown key 'colour' (valid: template, name, count, "
            "labels, os, cpu_slots, thermal, failures, device_failures, devices)");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    devices: []\n"),
            "f.yaml:2: fleet[0]: give either 'template' or 'devices', not both");
  EXPECT_EQ(ErrorOf("fleet:\n  - count: 2\n"),
            "f.yaml:2: fleet[0]: a fleet entry needs 'template' or 'devices'");
  EXPECT_EQ(ErrorOf("fleet:\n  - devices: [{catalog: rtx-4090}]\n"),
            "f.yaml:2: fleet[0]: a custom machine needs a 'name'");
  EXPECT_EQ(ErrorOf("fleet:\n  - name: x\n    devices: []\n"),
            "f.yaml:3: fleet[0].devices: expected a non-empty list of devices");
  EXPECT_EQ(ErrorOf("fleet:\n  - name: x\n    devices:\n      - {catalog: b200}\n"),
            "f.yaml:4: fleet[0].devices[0].catalog: unknown catalog device 'b200' (valid: " +
                CatalogKeyList() + ")");
  EXPECT_EQ(ErrorOf("fleet:\n  - name: x\n    devices:\n      - {count: 2}\n"),
            "f.yaml:4: fleet[0].devices[0]: a device needs 'catalog'");
  EXPECT_EQ(ErrorOf("machines: []\n"), "f.yaml:1: machines: unknown key 'machines' (valid: fleet)");
  EXPECT_EQ(ErrorOf("fleet: []\n"), "f.yaml:1: fleet: expected a non-empty list of machines");
  EXPECT_EQ(ErrorOf("{}\n"), "f.yaml:1: fleet: missing 'fleet'");
  EXPECT_EQ(ErrorOf("- 1\n"), "f.yaml:1: a fleet file is a mapping with a 'fleet' list");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: [a, b]\n"),
            "f.yaml:2: fleet[0].template: expected a string");
}

TEST(FleetFile, RejectsBadValues) {
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    count: 0\n"),
            "f.yaml:3: fleet[0].count: value 0 is outside 1..100000");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    count: many\n"),
            "f.yaml:3: fleet[0].count: expected a whole number, got 'many'");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    thermal: {ambient_celsius: hot}\n"),
            "f.yaml:3: fleet[0].thermal.ambient_celsius: expected a number, got 'hot'");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    failures: {crash_per_attempt: 1.5}\n"),
            "f.yaml:3: fleet[0].failures.crash_per_attempt: value 1.5 is outside 0..1");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    os: beos\n"),
            "f.yaml:3: fleet[0].os: unknown os 'beos' (valid: linux, macos, windows, browser)");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    name: 'a b'\n"),
            "f.yaml:3: fleet[0].name: invalid name 'a b' (names are [A-Za-z0-9_.-]+)");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n"
                    "    thermal: {throttle_celsius: 100, critical_celsius: 90}\n"),
            "f.yaml:2: fleet[0].thermal (cpu0).throttle_celsius: throttle point must be below "
            "the critical point");
}

TEST(FleetFile, RejectsBadFailureRates) {
  EXPECT_EQ(ErrorOf("fleet:\n  - name: x\n    devices:\n"
                    "      - {catalog: rtx-4090, failures: {crash_per_hour: 1}}\n"),
            "f.yaml:4: fleet[0].devices[0].failures.crash_per_hour: unknown key "
            "'crash_per_hour' (valid: device_error_per_hour, device_error_per_attempt, "
            "oom_per_attempt)");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    device_failures:\n"
                    "      gpu0: {device_error_per_attempt: 0.5}\n"),
            "f.yaml:4: fleet[0].device_failures.gpu0: no device 'gpu0' on this machine "
            "(devices: cpu0, tpu0)");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    failures: {crash_per_hour: -1}\n"),
            "f.yaml:3: fleet[0].failures.crash_per_hour: value -1 is outside 0..1e+06");
}

TEST(FleetFile, WorkerIdsAreUnique) {
  auto fleet =
      ParseFleetYaml("fleet:\n  - template: coral-edge\n    count: 2\n  - template: coral-edge\n");
  ASSERT_TRUE(fleet);
  EXPECT_EQ(fleet->workers[2].worker_id, "coral-edge-2");
  EXPECT_EQ(ErrorOf("fleet:\n  - template: coral-edge\n    name: a\n"
                    "  - template: chrome-webgpu\n    name: a\n"),
            "f.yaml:5: fleet[1].name: worker id 'a' is used twice (give the entry a distinct "
            "name)");
}

TEST(FleetFile, SyntaxErrorsNameTheLine) {
  const std::string error = ErrorOf("fleet:\n  - template: coral-edge\n    count: [1\n");
  EXPECT_EQ(error.rfind("f.yaml:", 0), 0u) << error;
  EXPECT_NE(error.find(": invalid YAML: "), std::string::npos) << error;
}

TEST(FleetFile, MissingFileIsAnIoError) {
  auto fleet = LoadFleetFile("/nonexistent/fleet.yaml");
  ASSERT_FALSE(fleet);
  EXPECT_EQ(fleet.error().code, ErrorCode::kIo);
  EXPECT_EQ(fleet.error().where, "/nonexistent/fleet.yaml");
}

// How many devices of `fleet` throttle after an hour at full load.
int ThrottlingAfterAnHour(const SimFleet& fleet, HardwareClass only,
                          const std::string& label_value = {}) {
  int n = 0;
  for (const SimWorker& w : fleet.workers) {
    if (!label_value.empty() && w.machine->labels.at("aisle") != label_value) continue;
    for (std::size_t d = 0; d < w.machine->devices.size(); ++d) {
      if (w.machine->devices[d].profile.hardware_class != only) continue;
      ThermalModel model(w.Thermal(d));
      model.Step(1.0, std::chrono::hours(1));
      n += model.throttling();
    }
  }
  return n;
}

TEST(FleetFile, TheExampleFleetsLoad) {
  const std::string dir = std::string(HAWK_SOURCE_DIR) + "/examples/fleets/";
  auto demo = LoadFleetFile(dir + "demo-fleet.yaml");
  ASSERT_TRUE(demo) << demo.error().ToString();
  EXPECT_EQ(demo->workers.size(), 18u);
  const SimWorker* flaky = demo->FindWorker("flaky-a100");
  ASSERT_NE(flaky, nullptr);
  EXPECT_EQ(flaky->FindDevice("gpu2")->failures.device_error_per_attempt, 0.6);
  // At room temperature only the fanless laptop's GPU throttles.
  EXPECT_EQ(ThrottlingAfterAnHour(*demo, HardwareClass::kGpu), 1);

  auto hot = LoadFleetFile(dir + "hot-datacenter.yaml");
  ASSERT_TRUE(hot) << hot.error().ToString();
  EXPECT_EQ(hot->workers.size(), 11u);
  // Every GPU in the hot aisle throttles (4x4 A100, 2x8 H100, 2x2 MI250X); none in the cool one.
  EXPECT_EQ(ThrottlingAfterAnHour(*hot, HardwareClass::kGpu, "hot"), 16 + 16 + 4);
  EXPECT_EQ(ThrottlingAfterAnHour(*hot, HardwareClass::kGpu, "cool"), 0);
  EXPECT_EQ(ThrottlingAfterAnHour(*hot, HardwareClass::kTpu), 0);
}

}  // namespace
}  // namespace hawk::sim
