#include "sim/fleet.h"

#include <algorithm>
#include <cassert>

namespace hawk::sim {
namespace {

std::vector<MachineTemplate> BuildTemplates() {
  return {
      {"xeon-a100x4",
       "Xeon server with four A100 80GB (NVLink)",
       "linux",
       8,
       {{"xeon-8480", 1}, {"a100-80gb", 4}}},
      {"epyc-mi250x2",
       "EPYC server with two Instinct MI250X",
       "linux",
       8,
       {{"epyc-9654", 1}, {"mi250x", 2}}},
      {"h100x8",
       "Dual-Xeon HGX server with eight H100 80GB",
       "linux",
       16,
       {{"xeon-8480", 2}, {"h100-80gb", 8}}},
      {"rtx4090-workstation",
       "Ryzen workstation with an RTX 4090",
       "linux",
       4,
       {{"ryzen-7950x", 1}, {"rtx-4090", 1}}},
      {"snapdragon-laptop",
       "Snapdragon X Elite laptop with its Hexagon NPU",
       "windows",
       2,
       {{"snapdragon-x-elite-cpu", 1}, {"hexagon-npu", 1}}},
      {"coral-edge",
       "Coral Dev Board: i.MX 8M with an Edge TPU",
       "linux",
       1,
       {{"imx8m-cpu", 1}, {"coral-edge-tpu", 1}}},
      {"cloud-tpu-v4",
       "Cloud TPU v4-8 VM: EPYC host with four TPU v4 chips",
       "linux",
       8,
       {{"epyc-7b12", 1}, {"tpu-v4", 4}}},
      {"chrome-webgpu", "Chrome tab with WebGPU and WebNN", "browser", 0, {{"chrome-webgpu", 1}}},
      {"firefox-webgpu", "Firefox tab with WebGPU", "browser", 0, {{"firefox-webgpu", 1}}},
      {"edge-webgpu", "Edge tab with WebGPU and WebNN", "browser", 0, {{"edge-webgpu", 1}}},
      {"apple-m2-max", "MacBook Pro, M2 Max", "macos", 4, {{"m2-max-cpu", 1}, {"m2-max-gpu", 1}}},
      {"radeon-workstation",
       "Ryzen workstation with a Radeon RX 7900 XTX",
       "linux",
       4,
       {{"ryzen-7950x", 1}, {"rx-7900-xtx", 1}}},
      {"apple-m3-air", "Fanless MacBook Air, M3", "macos", 2, {{"m3-cpu", 1}, {"m3-gpu", 1}}},
  };
}

}  // namespace

const std::vector<MachineTemplate>& MachineTemplates() {
  static const std::vector<MachineTemplate> templates = BuildTemplates();
  return templates;
}

Result<const MachineTemplate*> FindMachineTemplate(std::string_view name) {
  for (const MachineTemplate& t : MachineTemplates()) {
    if (t.name == name) return &t;
  }
  return InvalidArgument("unknown template '" + std::string(name) + "'", {},
                         "valid: " + MachineTemplateNames());
}

std::string MachineTemplateNames() {
  std::string out;
  for (const MachineTemplate& t : MachineTemplates()) {
    if (!out.empty()) out += ", ";
    out += t.name;
  }
  return out;
}

void AssignDeviceIds(std::vector<SimDevice>& devices) {
  std::map<HardwareClass, int> next;
  for (SimDevice& d : devices) {
    const HardwareClass c = d.profile.hardware_class;
    d.profile.id = std::string(ToString(c)) + std::to_string(next[c]++);
  }
}

Result<SimMachine> MachineFromTemplate(const MachineTemplate& machine_template) {
  SimMachine machine;
  machine.kind = machine_template.name;
  machine.os = machine_template.os;
  machine.cpu_slots = machine_template.cpu_slots;
  machine.labels["template"] = machine_template.name;
  for (const auto& [key, count] : machine_template.devices) {
    auto device = FindCatalogDevice(key);
    if (!device) return tl::unexpected(device.error());
    for (std::uint32_t i = 0; i < count; ++i) machine.devices.push_back(**device);
  }
  AssignDeviceIds(machine.devices);
  return machine;
}

WorkerProfile SimWorker::Profile() const {
  WorkerProfile p;
  p.worker_id = worker_id;
  p.hostname = worker_id;
  p.os = machine->os;
  p.labels = machine->labels;
  p.fingerprint = "sim:" + worker_id;
  p.cpu_slots = machine->cpu_slots;
  p.devices.reserve(machine->devices.size());
  for (const SimDevice& d : machine->devices) p.devices.push_back(d.profile);
  return p;
}

ThermalParams SimWorker::Thermal(std::size_t device_index) const {
  ThermalParams t = machine->devices.at(device_index).thermal;
  t.ambient_celsius += ambient_offset_celsius;
  return t;
}

const SimDevice* SimWorker::FindDevice(std::string_view device_id) const {
  for (const SimDevice& d : machine->devices) {
    if (d.profile.id == device_id) return &d;
  }
  return nullptr;
}

std::size_t SimFleet::DeviceCount() const {
  std::size_t n = 0;
  for (const SimWorker& w : workers) n += w.machine->devices.size();
  return n;
}

const SimWorker* SimFleet::FindWorker(std::string_view worker_id) const {
  for (const SimWorker& w : workers) {
    if (w.worker_id == worker_id) return &w;
  }
  return nullptr;
}

Status MakeFlaky(SimFleet& fleet, const FlakyDevice& flaky) {
  if (flaky.worker_index >= fleet.workers.size()) {
    return InvalidArgument("no worker " + std::to_string(flaky.worker_index) + " in a fleet of " +
                               std::to_string(fleet.workers.size()),
                           "flaky.worker_index");
  }
  SimWorker& worker = fleet.workers[flaky.worker_index];
  auto machine = std::make_shared<SimMachine>(*worker.machine);
  auto& devices = machine->devices;
  auto it = devices.end();
  if (flaky.device_id.empty()) {
    it = std::find_if(devices.begin(), devices.end(), [](const SimDevice& d) {
      return d.profile.hardware_class != HardwareClass::kCpu;
    });
    if (it == devices.end()) it = devices.begin();
  } else {
    it = std::find_if(devices.begin(), devices.end(),
                      [&](const SimDevice& d) { return d.profile.id == flaky.device_id; });
  }
  if (it == devices.end()) {
    std::string ids;
    for (const SimDevice& d : devices) ids += (ids.empty() ? "" : ", ") + d.profile.id;
    return InvalidArgument(
        "worker '" + worker.worker_id + "' has no device '" + flaky.device_id + "'",
        "flaky.device_id", "devices: " + ids);
  }
  it->failures = flaky.rates;
  worker.machine = std::move(machine);
  return Ok();
}

Result<SimFleet> BuiltinFleet(const BuiltinFleetOptions& options, Rng& rng) {
  std::vector<std::shared_ptr<const SimMachine>> machines;
  std::vector<std::string> names = options.templates;
  if (names.empty()) {
    for (const MachineTemplate& t : MachineTemplates()) names.push_back(t.name);
  }
  for (const std::string& name : names) {
    auto machine_template = FindMachineTemplate(name);
    if (!machine_template) return tl::unexpected(machine_template.error());
    auto machine = MachineFromTemplate(**machine_template);
    if (!machine) return tl::unexpected(machine.error());
    machine->failures = options.worker_failures;
    for (SimDevice& d : machine->devices) d.failures = options.device_failures;
    machines.push_back(std::make_shared<const SimMachine>(std::move(*machine)));
  }

  SimFleet fleet;
  fleet.workers.reserve(options.workers);
  std::map<std::string, std::size_t> per_name;
  for (std::size_t i = 0; i < options.workers; ++i) {
    const std::size_t t = i % machines.size();
    SimWorker worker;
    worker.worker_id = names[t] + "-" + std::to_string(per_name[names[t]]++);
    worker.machine = machines[t];
    worker.ambient_offset_celsius = options.ambient_jitter_celsius * (2.0 * rng.NextDouble() - 1.0);
    fleet.workers.push_back(std::move(worker));
  }
  if (options.flaky) {
    if (auto status = MakeFlaky(fleet, *options.flaky); !status) {
      return tl::unexpected(status.error());
    }
  }
  return fleet;
}

SimFleet BuiltinFleet(std::size_t workers, Rng& rng) {
  BuiltinFleetOptions options;
  options.workers = workers;
  auto fleet = BuiltinFleet(options, rng);
  assert(fleet && "the built-in templates name only catalogue devices");
  return std::move(*fleet);
}

}  // namespace hawk::sim
