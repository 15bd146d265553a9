// Temperatures: hwmon sensors, thermal zones and cooling devices.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "monitor/parse.h"
#include "monitor/sys_readers.h"

namespace hawk::monitor {
namespace {

// "temp12_input" with prefix "temp" and suffix "_input" -> 12.
std::optional<int> IndexBetween(std::string_view name, std::string_view prefix,
                                std::string_view suffix) {
  if (!name.starts_with(prefix) || !name.ends_with(suffix)) return std::nullopt;
  const std::string_view digits =
      name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  const auto value = ParseU64(digits);
  if (!value || digits.empty() || !std::isdigit(static_cast<unsigned char>(digits.front()))) {
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::string Join(const std::string& dir, std::string_view name) {
  return dir.empty() ? std::string(name) : dir + "/" + std::string(name);
}

void AddSensorsFrom(FileReader& reader, const std::string& dir, const std::string& hwmon,
                    const std::string& chip, std::set<int>& seen,
                    std::vector<HwmonSensorPath>& out) {
  auto names = reader.fs().ListDir(dir);
  if (!names) return;
  for (const auto& name : *names) {
    const auto index = IndexBetween(name, "temp", "_input");
    if (!index || !seen.insert(*index).second) continue;
    const std::string base = Join(dir, "temp" + std::to_string(*index));
    HwmonSensorPath path;
    path.sensor.id = hwmon + "/temp" + std::to_string(*index);
    path.sensor.chip = chip;
    path.sensor.label = reader.Text(base + "_label");
    path.sensor.max_celsius = reader.Milli(base + "_max");
    path.sensor.crit_celsius = reader.Milli(base + "_crit");
    path.input_path = base + "_input";
    out.push_back(std::move(path));
  }
}

}  // namespace

std::optional<std::vector<HwmonSensorPath>> DiscoverHwmon(FileReader& reader) {
  auto hwmons = reader.fs().ListDir("class/hwmon");
  if (!hwmons) return std::nullopt;
  std::vector<HwmonSensorPath> out;
  for (const auto& hwmon : *hwmons) {
    auto dir = reader.fs().ResolveDir("class/hwmon/" + hwmon);
    if (!dir || !reader.fs().IsDirectory(*dir)) {
      reader.Missing("class/hwmon/" + hwmon, "the link leads nowhere inside the root");
      continue;
    }
    auto device = reader.fs().ResolveDir(Join(*dir, "device"));
    std::optional<std::string> chip = reader.Text(Join(*dir, "name"));
    if (!chip && device) chip = reader.Text(Join(*device, "name"));
    std::set<int> seen;
    AddSensorsFrom(reader, *dir, hwmon, chip.value_or(hwmon), seen, out);
    // Older drivers keep their attributes in the device's folder.
    if (device && reader.fs().IsDirectory(*device)) {
      AddSensorsFrom(reader, *device, hwmon, chip.value_or(hwmon), seen, out);
    }
  }
  return out;
}

std::vector<TemperatureSensor> ReadHwmon(FileReader& reader,
                                         const std::vector<HwmonSensorPath>& catalog) {
  std::vector<TemperatureSensor> out;
  out.reserve(catalog.size());
  for (const auto& path : catalog) {
    TemperatureSensor sensor = path.sensor;
    sensor.temperature_celsius = reader.Milli(path.input_path);
    out.push_back(std::move(sensor));
  }
  return out;
}

std::optional<std::vector<ThermalZonePath>> DiscoverThermalZones(FileReader& reader) {
  auto entries = reader.fs().ListDir("class/thermal");
  if (!entries) return std::nullopt;
  std::vector<ThermalZonePath> out;
  for (const auto& entry : *entries) {
    if (!IndexBetween(entry, "thermal_zone", "")) continue;
    auto dir = reader.fs().ResolveDir("class/thermal/" + entry);
    if (!dir || !reader.fs().IsDirectory(*dir)) {
      reader.Missing("class/thermal/" + entry, "the link leads nowhere inside the root");
      continue;
    }
    ThermalZonePath path;
    path.zone.id = entry;
    path.zone.type = reader.Text(Join(*dir, "type"));
    path.zone.mode = reader.Text(Join(*dir, "mode"));
    path.zone.policy = reader.Text(Join(*dir, "policy"));
    path.temp_path = Join(*dir, "temp");
    if (auto files = reader.fs().ListDir(*dir)) {
      std::map<int, TripPoint> trips;
      for (const auto& file : *files) {
        if (auto i = IndexBetween(file, "trip_point_", "_temp")) {
          trips[*i].temperature_celsius = reader.Milli(Join(*dir, file));
        } else if (auto t = IndexBetween(file, "trip_point_", "_type")) {
          trips[*t].type = reader.Text(Join(*dir, file)).value_or("");
        } else if (auto h = IndexBetween(file, "trip_point_", "_hyst")) {
          trips[*h].hysteresis_celsius = reader.Milli(Join(*dir, file));
        }
      }
      for (auto& [index, trip] : trips) {
        trip.index = index;
        path.zone.trip_points.push_back(std::move(trip));
      }
    }
    out.push_back(std::move(path));
  }
  return out;
}

std::vector<ThermalZone> ReadThermalZones(FileReader& reader,
                                          const std::vector<ThermalZonePath>& catalog) {
  std::vector<ThermalZone> out;
  out.reserve(catalog.size());
  for (const auto& path : catalog) {
    ThermalZone zone = path.zone;
    zone.temperature_celsius = reader.Milli(path.temp_path);
    out.push_back(std::move(zone));
  }
  return out;
}

std::optional<std::vector<CoolingDevicePath>> DiscoverCoolingDevices(FileReader& reader) {
  auto entries = reader.fs().ListDir("class/thermal");
  if (!entries) return std::nullopt;
  std::vector<CoolingDevicePath> out;
  for (const auto& entry : *entries) {
    if (!IndexBetween(entry, "cooling_device", "")) continue;
    auto dir = reader.fs().ResolveDir("class/thermal/" + entry);
    if (!dir || !reader.fs().IsDirectory(*dir)) {
      reader.Missing("class/thermal/" + entry, "the link leads nowhere inside the root");
      continue;
    }
    CoolingDevicePath path;
    path.device.id = entry;
    path.device.type = reader.Text(Join(*dir, "type"));
    path.device.max_state = reader.U64(Join(*dir, "max_state"));
    path.dir = *dir;
    out.push_back(std::move(path));
  }
  return out;
}

std::vector<CoolingDevice> ReadCoolingDevices(FileReader& reader,
                                              const std::vector<CoolingDevicePath>& catalog) {
  std::vector<CoolingDevice> out;
  out.reserve(catalog.size());
  for (const auto& path : catalog) {
    CoolingDevice device = path.device;
    device.cur_state = reader.U64(Join(path.dir, "cur_state"));
    out.push_back(std::move(device));
  }
  return out;
}

}  // namespace hawk::monitor
