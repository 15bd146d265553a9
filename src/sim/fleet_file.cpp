#include "sim/fleet_file.h"

#include <array>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/yaml_reader.h"

namespace hawk::sim {
namespace {

using Keys = YamlReader::Keys;

constexpr std::array<std::string_view, 1> kTopKeys = {"fleet"};
constexpr std::array<std::string_view, 10> kEntryKeys = {
    "template",  "name",    "count",    "labels",          "os",
    "cpu_slots", "thermal", "failures", "device_failures", "devices"};
constexpr std::array<std::string_view, 4> kDeviceKeys = {"catalog", "count", "thermal", "failures"};
constexpr std::array<std::string_view, 4> kOsNames = {"linux", "macos", "windows", "browser"};

struct ThermalField {
  std::string_view key;
  double ThermalParams::*member;
  double min;
  double max;
};
constexpr std::array<ThermalField, 9> kThermalFields = {{
    {"ambient_celsius", &ThermalParams::ambient_celsius, -50, 100},
    {"idle_watts", &ThermalParams::idle_watts, 0, 100000},
    {"tdp_watts", &ThermalParams::tdp_watts, 0, 100000},
    {"resistance_celsius_per_watt", &ThermalParams::resistance_celsius_per_watt, 1e-6, 1000},
    {"time_constant_seconds", &ThermalParams::time_constant_seconds, 1e-3, 1e6},
    {"throttle_celsius", &ThermalParams::throttle_celsius, -50, 250},
    {"critical_celsius", &ThermalParams::critical_celsius, -50, 250},
    {"hysteresis_celsius", &ThermalParams::hysteresis_celsius, 0, 100},
    {"min_clock_factor", &ThermalParams::min_clock_factor, 1e-3, 1},
}};

// A rate belongs to the worker or to each device; per-attempt rates are
// probabilities (max 1).
struct RateField {
  std::string_view key;
  double WorkerFailureRates::*worker;
  double DeviceFailureRates::*device;
  double max;
};
constexpr double kMaxPerHour = 1e6;
constexpr std::array<RateField, 6> kRateFields = {{
    {"crash_per_hour", &WorkerFailureRates::crash_per_hour, nullptr, kMaxPerHour},
    {"crash_per_attempt", &WorkerFailureRates::crash_per_attempt, nullptr, 1},
    {"disconnect_per_hour", &WorkerFailureRates::disconnect_per_hour, nullptr, kMaxPerHour},
    {"device_error_per_hour", nullptr, &DeviceFailureRates::device_error_per_hour, kMaxPerHour},
    {"device_error_per_attempt", nullptr, &DeviceFailureRates::device_error_per_attempt, 1},
    {"oom_per_attempt", nullptr, &DeviceFailureRates::oom_per_attempt, 1},
}};

// Values read from a `thermal:` or `failures:` mapping, applied over defaults.
using ThermalOverride = std::map<std::string_view, std::pair<const ThermalField*, double>>;
using RateOverride = std::map<std::string_view, std::pair<const RateField*, double>>;

void Apply(const ThermalOverride& o, ThermalParams& t) {
  for (const auto& [key, fv] : o) t.*(fv.first->member) = fv.second;
}
void Apply(const RateOverride& o, DeviceFailureRates& d) {
  for (const auto& [key, fv] : o) {
    if (fv.first->device != nullptr) d.*(fv.first->device) = fv.second;
  }
}
void Apply(const RateOverride& o, WorkerFailureRates& w) {
  for (const auto& [key, fv] : o) {
    if (fv.first->worker != nullptr) w.*(fv.first->worker) = fv.second;
  }
}

bool ValidName(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string DeviceIds(const std::vector<SimDevice>& devices) {
  std::string out;
  for (const SimDevice& d : devices) out += (out.empty() ? "" : ", ") + d.profile.id;
  return out;
}

class FleetParser {
 public:
  explicit FleetParser(std::string_view source) : in_(source) {}

  Result<SimFleet> Parse(const YAML::Node& root);

 private:
  Result<ThermalOverride> Thermal(const YAML::Node& node, const std::string& path) const;
  Result<RateOverride> Rates(const YAML::Node& node, const std::string& path,
                             bool worker_keys) const;
  Status Template(const YAML::Node& entry, const std::string& path, SimMachine& machine) const;
  Status Custom(const YAML::Node& entry, const std::string& path, const ThermalOverride& thermal,
                const RateOverride& rates, SimMachine& machine) const;
  Result<std::shared_ptr<const SimMachine>> Machine(const YAML::Node& entry,
                                                    const std::string& path) const;
  Status Workers(const YAML::Node& entry, const std::string& path,
                 const std::shared_ptr<const SimMachine>& machine, SimFleet& fleet);

  YamlReader in_;
  std::map<std::string, std::size_t> next_index_;  // per name, for "<name>-<k>"
  std::set<std::string> ids_;
};

Result<ThermalOverride> FleetParser::Thermal(const YAML::Node& node,
                                             const std::string& path) const {
  ThermalOverride out;
  if (!node.IsDefined()) return out;
  std::array<std::string_view, kThermalFields.size()> keys{};
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = kThermalFields[i].key;
  if (auto ok = in_.CheckMap(node, path, keys); !ok) return tl::unexpected(ok.error());
  for (const ThermalField& f : kThermalFields) {
    const YAML::Node value = node[std::string(f.key)];
    if (!value.IsDefined()) continue;
    auto number = in_.Number(value, YamlReader::Child(path, f.key), f.min, f.max);
    if (!number) return tl::unexpected(number.error());
    out[f.key] = {&f, *number};
  }
  return out;
}

Result<RateOverride> FleetParser::Rates(const YAML::Node& node, const std::string& path,
                                        bool worker_keys) const {
  RateOverride out;
  if (!node.IsDefined()) return out;
  std::vector<std::string_view> keys;
  for (const RateField& f : kRateFields) {
    if (worker_keys || f.device != nullptr) keys.push_back(f.key);
  }
  if (auto ok = in_.CheckMap(node, path, keys); !ok) return tl::unexpected(ok.error());
  for (const RateField& f : kRateFields) {
    const YAML::Node value = node[std::string(f.key)];
    if (!value.IsDefined()) continue;
    auto number = in_.Number(value, YamlReader::Child(path, f.key), 0, f.max);
    if (!number) return tl::unexpected(number.error());
    out[f.key] = {&f, *number};
  }
  return out;
}

Status FleetParser::Template(const YAML::Node& entry, const std::string& path,
                             SimMachine& machine) const {
  const YAML::Node node = entry["template"];
  auto name = in_.String(node, path + ".template");
  if (!name) return tl::unexpected(name.error());
  auto found = FindMachineTemplate(*name);
  if (!found) return in_.Fail(node, path + ".template", found.error().message, found.error().hint);
  auto built = MachineFromTemplate(**found);
  if (!built) return tl::unexpected(built.error());
  machine = std::move(*built);
  return Ok();
}

Status FleetParser::Custom(const YAML::Node& entry, const std::string& path,
                           const ThermalOverride& thermal, const RateOverride& rates,
                           SimMachine& machine) const {
  const YAML::Node list = entry["devices"];
  const std::string list_path = path + ".devices";
  if (!entry["name"].IsDefined()) {
    return in_.Fail(entry, path, "a custom machine needs a 'name'");
  }
  auto name = in_.String(entry["name"], path + ".name");
  if (!name) return tl::unexpected(name.error());
  machine.kind = *name;
  if (!list.IsSequence() || list.size() == 0) {
    return in_.Fail(list, list_path, "expected a non-empty list of devices");
  }
  std::vector<ThermalOverride> device_thermal;
  std::vector<RateOverride> device_rates;
  for (std::size_t j = 0; j < list.size(); ++j) {
    const YAML::Node item = list[j];
    const std::string item_path = list_path + "[" + std::to_string(j) + "]";
    if (auto ok = in_.CheckMap(item, item_path, kDeviceKeys); !ok) return ok;
    if (!item["catalog"].IsDefined()) return in_.Fail(item, item_path, "a device needs 'catalog'");
    auto key = in_.String(item["catalog"], item_path + ".catalog");
    if (!key) return tl::unexpected(key.error());
    auto device = FindCatalogDevice(*key);
    if (!device) {
      return in_.Fail(item["catalog"], item_path + ".catalog", device.error().message,
                      device.error().hint);
    }
    std::int64_t count = 1;
    if (item["count"].IsDefined()) {
      auto n = in_.Integer(item["count"], item_path + ".count", 1, 1024);
      if (!n) return tl::unexpected(n.error());
      count = *n;
    }
    auto own_thermal = Thermal(item["thermal"], item_path + ".thermal");
    if (!own_thermal) return tl::unexpected(own_thermal.error());
    auto own_rates = Rates(item["failures"], item_path + ".failures", /*worker_keys=*/false);
    if (!own_rates) return tl::unexpected(own_rates.error());
    for (std::int64_t k = 0; k < count; ++k) {
      machine.devices.push_back(**device);
      device_thermal.push_back(*own_thermal);
      device_rates.push_back(*own_rates);
    }
  }
  AssignDeviceIds(machine.devices);
  bool all_browsers = true;
  bool apple = false;
  bool cpu = false;
  for (std::size_t j = 0; j < machine.devices.size(); ++j) {
    SimDevice& d = machine.devices[j];
    Apply(thermal, d.thermal);
    Apply(device_thermal[j], d.thermal);
    Apply(rates, d.failures);
    Apply(device_rates[j], d.failures);
    all_browsers = all_browsers && d.profile.hardware_class == HardwareClass::kBrowser;
    apple = apple || d.profile.vendor == Vendor::kApple;
    cpu = cpu || d.profile.hardware_class == HardwareClass::kCpu;
  }
  machine.os = all_browsers ? "browser" : apple ? "macos" : "linux";
  machine.cpu_slots = cpu ? 1 : 0;
  return Ok();
}

Result<std::shared_ptr<const SimMachine>> FleetParser::Machine(const YAML::Node& entry,
                                                               const std::string& path) const {
  const bool has_template = entry["template"].IsDefined();
  const bool has_devices = entry["devices"].IsDefined();
  if (has_template && has_devices) {
    return in_.Fail(entry, path, "give either 'template' or 'devices', not both");
  }
  if (!has_template && !has_devices) {
    return in_.Fail(entry, path, "a fleet entry needs 'template' or 'devices'");
  }
  auto thermal = Thermal(entry["thermal"], path + ".thermal");
  if (!thermal) return tl::unexpected(thermal.error());
  auto rates = Rates(entry["failures"], path + ".failures", /*worker_keys=*/true);
  if (!rates) return tl::unexpected(rates.error());

  SimMachine machine;
  if (has_template) {
    if (auto ok = Template(entry, path, machine); !ok) return tl::unexpected(ok.error());
    for (SimDevice& d : machine.devices) {
      Apply(*thermal, d.thermal);
      Apply(*rates, d.failures);
    }
  } else {
    if (auto ok = Custom(entry, path, *thermal, *rates, machine); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  Apply(*rates, machine.failures);

  if (const YAML::Node overrides = entry["device_failures"]; overrides.IsDefined()) {
    const std::string op = path + ".device_failures";
    if (!overrides.IsMap()) return in_.Fail(overrides, op, "expected a mapping of device ids");
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
      const std::string id = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
      const std::string device_path = YamlReader::Child(op, id);
      auto device = std::find_if(machine.devices.begin(), machine.devices.end(),
                                 [&](const SimDevice& d) { return d.profile.id == id; });
      if (device == machine.devices.end()) {
        return in_.Fail(it->first, device_path, "no device '" + id + "' on this machine",
                        "devices: " + DeviceIds(machine.devices));
      }
      auto own = Rates(it->second, device_path, /*worker_keys=*/false);
      if (!own) return tl::unexpected(own.error());
      Apply(*own, device->failures);
    }
  }
  if (const YAML::Node os = entry["os"]; os.IsDefined()) {
    auto value = in_.String(os, path + ".os");
    if (!value) return tl::unexpected(value.error());
    if (std::find(kOsNames.begin(), kOsNames.end(), *value) == kOsNames.end()) {
      return in_.Fail(os, path + ".os", "unknown os '" + *value + "'",
                      "valid: " + YamlReader::Join(kOsNames));
    }
    machine.os = *value;
  }
  if (const YAML::Node slots = entry["cpu_slots"]; slots.IsDefined()) {
    auto value = in_.Integer(slots, path + ".cpu_slots", 0, 1024);
    if (!value) return tl::unexpected(value.error());
    machine.cpu_slots = static_cast<std::uint32_t>(*value);
  }
  if (const YAML::Node labels = entry["labels"]; labels.IsDefined()) {
    if (!labels.IsMap()) return in_.Fail(labels, path + ".labels", "expected a mapping");
    for (auto it = labels.begin(); it != labels.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
      const std::string label_path = YamlReader::Child(path + ".labels", key);
      if (!ValidName(key))
        return in_.Fail(it->first, label_path, "label names are [A-Za-z0-9_.-]+");
      auto value = in_.String(it->second, label_path);
      if (!value) return tl::unexpected(value.error());
      machine.labels[key] = *value;
    }
  }
  for (std::size_t j = 0; j < machine.devices.size(); ++j) {
    if (auto ok = machine.devices[j].thermal.Validate(); !ok) {
      return in_.Fail(entry,
                      path + ".thermal (" + machine.devices[j].profile.id + ")." + ok.error().where,
                      ok.error().message);
    }
  }
  return std::make_shared<const SimMachine>(std::move(machine));
}

Status FleetParser::Workers(const YAML::Node& entry, const std::string& path,
                            const std::shared_ptr<const SimMachine>& machine, SimFleet& fleet) {
  std::int64_t count = 1;
  if (entry["count"].IsDefined()) {
    auto n = in_.Integer(entry["count"], path + ".count", 1, 100000);
    if (!n) return tl::unexpected(n.error());
    count = *n;
  }
  std::string name = machine->kind;
  const bool named = entry["name"].IsDefined();
  if (named) {
    auto value = in_.String(entry["name"], path + ".name");
    if (!value) return tl::unexpected(value.error());
    if (!ValidName(*value)) {
      return in_.Fail(entry["name"], path + ".name", "invalid name '" + *value + "'",
                      "names are [A-Za-z0-9_.-]+");
    }
    name = *value;
  }
  for (std::int64_t k = 0; k < count; ++k) {
    SimWorker worker;
    worker.worker_id =
        named && count == 1 ? name : name + "-" + std::to_string(next_index_[name]++);
    worker.machine = machine;
    if (!ids_.insert(worker.worker_id).second) {
      return in_.Fail(named ? entry["name"] : entry, named ? path + ".name" : path,
                      "worker id '" + worker.worker_id + "' is used twice",
                      "give the entry a distinct name");
    }
    fleet.workers.push_back(std::move(worker));
  }
  return Ok();
}

Result<SimFleet> FleetParser::Parse(const YAML::Node& root) {
  if (!root.IsMap()) return in_.Fail(root, "", "a fleet file is a mapping with a 'fleet' list");
  if (auto ok = in_.CheckMap(root, "", kTopKeys); !ok) return tl::unexpected(ok.error());
  const YAML::Node list = root["fleet"];
  if (!list.IsDefined()) return in_.Fail(root, "fleet", "missing 'fleet'");
  if (!list.IsSequence() || list.size() == 0) {
    return in_.Fail(list, "fleet", "expected a non-empty list of machines");
  }
  SimFleet fleet;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node entry = list[i];
    const std::string path = "fleet[" + std::to_string(i) + "]";
    if (auto ok = in_.CheckMap(entry, path, kEntryKeys); !ok) return tl::unexpected(ok.error());
    auto machine = Machine(entry, path);
    if (!machine) return tl::unexpected(machine.error());
    if (auto ok = Workers(entry, path, *machine, fleet); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return fleet;
}

}  // namespace

Result<SimFleet> ParseFleetYaml(std::string_view text, std::string_view source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string where(source);
    if (e.mark.line >= 0) where += ":" + std::to_string(e.mark.line + 1);
    return InvalidArgument("invalid YAML: " + e.msg, where);
  }
  return FleetParser(source).Parse(root);
}

Result<SimFleet> LoadFleetFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kIo, "cannot read fleet file", path.string(),
                     "check the path and its permissions");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseFleetYaml(text.str(), path.string());
}

}  // namespace hawk::sim
