#include "protocol/profile_json.h"

#include <limits>
#include <set>
#include <utility>

namespace hawk::protocol {
namespace {

constexpr double kMaxNumber = std::numeric_limits<double>::max();
constexpr std::uint32_t kMaxU32 = std::numeric_limits<std::uint32_t>::max();

OrderedJson DeviceToJson(const DeviceProfile& d) {
  OrderedJson j;
  j["id"] = d.id;
  j["hardware_class"] = std::string(ToString(d.hardware_class));
  j["architecture"] = std::string(ToString(d.architecture));
  j["vendor"] = std::string(ToString(d.vendor));
  if (!d.model.empty()) j["model"] = d.model;
  if (d.pci_id) j["pci_id"] = *d.pci_id;
  if (d.uuid) j["uuid"] = *d.uuid;
  j["memory_total_bytes"] = d.memory_total_bytes;
  j["compute_units"] = d.compute_units;
  if (d.clock_max_mhz) j["clock_max_mhz"] = *d.clock_max_mhz;
  if (d.compute_capability) j["compute_capability"] = d.compute_capability->ToString();
  if (!d.backends.Empty()) j["backends"] = EnumNames(d.backends);
  if (!d.precisions.Empty()) j["precisions"] = EnumNames(d.precisions);
  if (!d.features.Empty()) j["features"] = EnumNames(d.features);
  if (d.tdp_watts) j["tdp_watts"] = *d.tdp_watts;
  if (!d.peak_tflops.empty()) {
    OrderedJson peak = OrderedJson::object();
    for (const auto& [precision, tflops] : d.peak_tflops) {
      peak[std::string(ToString(precision))] = tflops;
    }
    j["peak_tflops"] = std::move(peak);
  }
  return j;
}

std::optional<ComputeCapability> ReadComputeCapability(ObjectReader& o) {
  std::optional<std::string> text = o.OptionalText("compute_capability");
  if (!text) return std::nullopt;
  Result<ComputeCapability> cc = ParseComputeCapability(*text);
  if (!cc) {
    o.reader().Fail(o.PathOf("compute_capability"),
                    "not a compute capability: " + Quote(*text) + " (write major.minor, e.g. 8.0)");
    return std::nullopt;
  }
  return *cc;
}

std::map<Precision, double> ReadPeakTflops(ObjectReader& o) {
  std::map<Precision, double> out;
  const Json* value = o.Find("peak_tflops");
  if (value == nullptr) return out;
  FieldReader& reader = o.reader();
  const std::string path = o.PathOf("peak_tflops");
  const Json::object_t* entries = reader.Map(*value, path);
  if (entries == nullptr) return out;
  for (const auto& [name, tflops] : *entries) {
    const std::string item_path = FieldPath(path, name);
    Result<Precision> precision = Parse<Precision>(name);
    if (!precision) {
      reader.Fail(item_path, "unknown precision " + Quote(name) +
                                 " (valid: " + EnumNameList<Precision>() + ")");
      return out;
    }
    std::optional<double> v = reader.Number(tflops, item_path, 0, kMaxNumber);
    if (!v) return out;
    out.emplace(*precision, *v);
  }
  return out;
}

DeviceProfile ReadDevice(FieldReader& reader, const Json& value, const std::string& path) {
  ObjectReader o(reader, value, path);
  DeviceProfile d;
  d.id = o.Id("id");
  d.hardware_class = o.Enum<HardwareClass>("hardware_class");
  d.architecture = o.Enum<Architecture>("architecture");
  d.vendor = o.Enum<Vendor>("vendor");
  d.model = o.Text("model");
  d.pci_id = o.OptionalText("pci_id");
  d.uuid = o.OptionalText("uuid");
  d.memory_total_bytes = o.Unsigned("memory_total_bytes");
  d.compute_units = static_cast<std::uint32_t>(o.Unsigned("compute_units", kMaxU32));
  if (auto mhz = o.OptionalUnsigned("clock_max_mhz", kMaxU32)) {
    d.clock_max_mhz = static_cast<std::uint32_t>(*mhz);
  }
  d.compute_capability = ReadComputeCapability(o);
  d.backends = o.EnumList<Backend>("backends");
  d.precisions = o.EnumList<Precision>("precisions");
  d.features = o.EnumList<Feature>("features");
  d.tdp_watts = o.OptionalNumber("tdp_watts", 0, kMaxNumber);
  d.peak_tflops = ReadPeakTflops(o);
  return d;
}

std::vector<DeviceProfile> ReadDevices(ObjectReader& o) {
  std::vector<DeviceProfile> out;
  const Json* value = o.Find("devices");
  if (value == nullptr) return out;
  FieldReader& reader = o.reader();
  const std::string path = o.PathOf("devices");
  const Json::array_t* items = reader.Array(*value, path);
  if (items == nullptr) return out;
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < items->size() && reader.ok(); ++i) {
    const std::string item_path = IndexPath(path, i);
    DeviceProfile d = ReadDevice(reader, (*items)[i], item_path);
    if (!reader.ok()) break;
    if (!ids.insert(d.id).second) {
      reader.Fail(FieldPath(item_path, "id"), "duplicate device id " + Quote(d.id));
      break;
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

OrderedJson ProfileToJson(const WorkerProfile& profile) {
  OrderedJson j;
  j["worker_id"] = profile.worker_id;
  if (!profile.hostname.empty()) j["hostname"] = profile.hostname;
  if (!profile.os.empty()) j["os"] = profile.os;
  if (!profile.labels.empty()) j["labels"] = profile.labels;
  if (!profile.fingerprint.empty()) j["fingerprint"] = profile.fingerprint;
  j["cpu_slots"] = profile.cpu_slots;
  OrderedJson devices = OrderedJson::array();
  for (const DeviceProfile& d : profile.devices) devices.push_back(DeviceToJson(d));
  j["devices"] = std::move(devices);
  return j;
}

WorkerProfile ReadProfile(FieldReader& reader, const Json& value, const std::string& path) {
  ObjectReader o(reader, value, path);
  WorkerProfile p;
  p.worker_id = o.Id("worker_id");
  p.hostname = o.Text("hostname");
  p.os = o.Text("os");
  p.labels = o.StringMap("labels");
  p.fingerprint = o.Text("fingerprint");
  p.cpu_slots = static_cast<std::uint32_t>(o.Unsigned("cpu_slots", kMaxU32));
  p.devices = ReadDevices(o);
  return p;
}

}  // namespace hawk::protocol
