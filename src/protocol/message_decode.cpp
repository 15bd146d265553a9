// Decoding of each message type's fields (the envelope is checked in
// codec.cpp). Readers record the first problem with its field path.
#include <initializer_list>
#include <limits>
#include <set>
#include <utility>

#include "protocol/base64.h"
#include "protocol/message_json.h"
#include "protocol/profile_json.h"

namespace hawk::protocol {
namespace {

constexpr std::int64_t kMaxI64 = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMinInt = std::numeric_limits<int>::min();
constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();
constexpr double kMaxNumber = std::numeric_limits<double>::max();
constexpr double kAbsoluteZeroCelsius = -273.15;

constexpr std::array<std::string_view, 3> kTaskStateNames = {"started", "succeeded", "failed"};

// Bytes carried as base64 text.
std::string Bytes64(ObjectReader& o, std::string_view key) {
  const Json* value = o.Require(key);
  if (value == nullptr) return {};
  std::optional<std::string> text = o.reader().String(*value, o.PathOf(key));
  if (!text) return {};
  std::optional<std::string> bytes = Base64Decode(*text);
  if (!bytes) {
    o.reader().Fail(o.PathOf(key), "not valid base64 (standard alphabet, padded)");
    return {};
  }
  return std::move(*bytes);
}

// Why `path` may not name a file inside a checkpoint folder, or "".
std::string CheckpointPathProblem(std::string_view path) {
  if (path.empty()) return "must not be empty";
  if (path.find('\0') != std::string_view::npos) return "contains a NUL character";
  if (path.find('\\') != std::string_view::npos) return "contains a backslash (use '/')";
  if (path.front() == '/') return "must be relative (no leading '/')";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(start, end - start);
    if (part == "..") return "must stay inside the checkpoint folder (a '..' component)";
    if (part.empty() || part == ".") return "has an empty or '.' component";
    start = end + 1;
  }
  return {};
}

std::optional<std::vector<CheckpointFile>> Checkpoint(ObjectReader& o) {
  const Json* value = o.Find("checkpoint");
  if (value == nullptr) return std::nullopt;
  FieldReader& reader = o.reader();
  const std::string path = o.PathOf("checkpoint");
  const Json::array_t* items = reader.Array(*value, path);
  if (items == nullptr) return std::nullopt;
  std::vector<CheckpointFile> files;
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < items->size() && reader.ok(); ++i) {
    ObjectReader f(reader, (*items)[i], IndexPath(path, i));
    CheckpointFile file;
    if (const Json* p = f.Require("path")) {
      file.path = reader.String(*p, f.PathOf("path")).value_or(std::string());
      if (!reader.ok()) break;
      if (std::string problem = CheckpointPathProblem(file.path); !problem.empty()) {
        reader.Fail(f.PathOf("path"), Quote(file.path) + " " + problem);
      } else if (!seen.insert(file.path).second) {
        reader.Fail(f.PathOf("path"), "duplicate file " + Quote(file.path));
      }
    }
    file.data = Bytes64(f, "data");
    files.push_back(std::move(file));
  }
  return files;
}

Command ReadCommand(FieldReader& reader, const Json& value, const std::string& path) {
  ObjectReader o(reader, value, path);
  Command c;
  const Json* argv = o.Find("argv");
  const Json* shell = o.Find("shell");
  if (argv != nullptr && shell != nullptr) {
    reader.Fail(path, "has both argv and shell (give one)");
  } else if (argv != nullptr) {
    c.argv = o.StringList("argv", /*ids=*/false);
    if (c.argv.empty()) reader.Fail(o.PathOf("argv"), "must not be empty");
  } else if (shell != nullptr) {
    c.shell = o.Text("shell");
    if (c.shell->empty()) reader.Fail(o.PathOf("shell"), "must not be empty");
    if (c.shell->find('\0') != std::string::npos) {
      reader.Fail(o.PathOf("shell"), "contains a NUL character");
    }
  } else if (reader.ok() && value.is_object()) {
    reader.Fail(path, "needs argv or shell");
  }
  return c;
}

Hello ReadHello(ObjectReader& o) {
  Hello m;
  m.worker_id = o.Id("worker_id");
  const std::int64_t version = o.Signed("version", kMinInt, kMaxInt);
  if (o.reader().ok() && version != kVersion) {
    o.reader().Fail(o.PathOf("version"),
                    "protocol version " + std::to_string(version) +
                        " is not supported (this side speaks " + std::to_string(kVersion) + ")",
                    "version");
  }
  m.version = static_cast<int>(version);
  m.agent = o.Text("agent");
  return m;
}

// `key` must be one of `names`.
std::string OneOf(ObjectReader& o, std::string_view key,
                  std::initializer_list<std::string_view> names) {
  std::string value = o.Id(key);
  if (value.empty()) return value;
  for (std::string_view name : names) {
    if (value == name) return value;
  }
  std::string valid;
  for (std::string_view name : names) valid += (valid.empty() ? "" : ", ") + std::string(name);
  o.reader().Fail(o.PathOf(key), Quote(value) + " is not one of: " + valid);
  return value;
}

AlertReport ReadAlert(FieldReader& reader, const Json& value, const std::string& path) {
  ObjectReader o(reader, value, path);
  AlertReport a;
  a.at = o.Time("at");
  a.resource = OneOf(o, "resource", {"cpu", "memory", "gpu", "gpu_memory", "disk", "temperature"});
  a.device_id = o.OptionalText("device_id");
  a.metric = o.Id("metric");
  a.severity = OneOf(o, "severity", {"warning", "critical"});
  if (const Json* opened = o.Require("opened")) {
    a.opened = o.reader().Bool(*opened, o.PathOf("opened")).value_or(true);
  }
  a.value = o.Number("value", -kMaxNumber, kMaxNumber);
  a.threshold = o.Number("threshold", -kMaxNumber, kMaxNumber);
  a.message = o.Text("message");
  return a;
}

std::vector<AlertReport> ReadAlerts(ObjectReader& o) {
  std::vector<AlertReport> out;
  const Json* alerts = o.Find("alerts");
  if (alerts == nullptr) return out;
  const std::string path = o.PathOf("alerts");
  if (const Json::array_t* items = o.reader().Array(*alerts, path)) {
    for (std::size_t i = 0; i < items->size() && o.reader().ok(); ++i) {
      out.push_back(ReadAlert(o.reader(), (*items)[i], IndexPath(path, i)));
    }
  }
  return out;
}

Register ReadRegister(ObjectReader& o) {
  Register m;
  if (const Json* profile = o.Require("profile")) {
    m.profile = ReadProfile(o.reader(), *profile, o.PathOf("profile"));
  }
  m.running_attempts = o.IdList("running_attempts");
  m.draining = o.Flag("draining");
  m.alerts = ReadAlerts(o);
  return m;
}

DeviceSample ReadDeviceSample(FieldReader& reader, const Json& value, const std::string& path) {
  ObjectReader o(reader, value, path);
  DeviceSample s;
  s.device_id = o.Id("device_id");
  s.utilization = o.FractionField("utilization");
  s.memory_utilization = o.FractionField("memory_utilization");
  s.temperature_celsius = o.OptionalNumber("temperature_celsius", kAbsoluteZeroCelsius, kMaxNumber);
  s.power_watts = o.OptionalNumber("power_watts", 0, kMaxNumber);
  s.throttling = o.Flag("throttling");
  return s;
}

Heartbeat ReadHeartbeat(ObjectReader& o) {
  Heartbeat m;
  m.at = o.Time("at");
  m.cpu_utilization = o.FractionField("cpu_utilization");
  m.memory_utilization = o.FractionField("memory_utilization");
  m.memory_used_bytes = o.OptionalUnsigned("memory_used_bytes");
  m.cpu_temperature_celsius =
      o.OptionalNumber("cpu_temperature_celsius", kAbsoluteZeroCelsius, kMaxNumber);
  if (const Json* devices = o.Find("devices")) {
    const std::string path = o.PathOf("devices");
    if (const Json::array_t* items = o.reader().Array(*devices, path)) {
      for (std::size_t i = 0; i < items->size() && o.reader().ok(); ++i) {
        m.devices.push_back(ReadDeviceSample(o.reader(), (*items)[i], IndexPath(path, i)));
      }
    }
  }
  m.running_attempts = o.IdList("running_attempts");
  m.alerts = ReadAlerts(o);
  return m;
}

Samples ReadSamples(ObjectReader& o) {
  Samples m;
  const Json* heartbeats = o.Require("heartbeats");
  if (heartbeats == nullptr) return m;
  const std::string path = o.PathOf("heartbeats");
  if (const Json::array_t* items = o.reader().Array(*heartbeats, path)) {
    for (std::size_t i = 0; i < items->size() && o.reader().ok(); ++i) {
      ObjectReader one(o.reader(), (*items)[i], IndexPath(path, i));
      m.heartbeats.push_back(ReadHeartbeat(one));
    }
  }
  return m;
}

UsageReport ReadUsage(FieldReader& reader, const Json& value, const std::string& path) {
  ObjectReader o(reader, value, path);
  UsageReport u;
  u.cpu_seconds = o.Number("cpu_seconds", 0, kMaxNumber);
  u.peak_memory_bytes = o.OptionalUnsigned("peak_memory_bytes");
  u.avg_memory_bytes = o.OptionalUnsigned("avg_memory_bytes");
  u.read_bytes = o.OptionalUnsigned("read_bytes");
  u.write_bytes = o.OptionalUnsigned("write_bytes");
  u.samples = o.Unsigned("samples");
  return u;
}

TaskState ReadTaskState(ObjectReader& o) {
  const Json* value = o.Require("state");
  if (value == nullptr) return TaskState::kStarted;
  std::optional<std::string> name = o.reader().String(*value, o.PathOf("state"));
  if (!name) return TaskState::kStarted;
  for (std::size_t i = 0; i < kTaskStateNames.size(); ++i) {
    if (kTaskStateNames[i] == *name) return static_cast<TaskState>(i);
  }
  o.reader().Fail(o.PathOf("state"),
                  "unknown task state " + Quote(*name) + " (valid: started, succeeded, failed)");
  return TaskState::kStarted;
}

std::optional<int> OptionalInt(ObjectReader& o, std::string_view key, std::int64_t min) {
  std::optional<std::int64_t> v = o.OptionalSigned(key, min, kMaxInt);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

TaskUpdate ReadTaskUpdate(ObjectReader& o) {
  TaskUpdate m;
  m.attempt_id = o.Id("attempt_id");
  m.state = ReadTaskState(o);
  m.at = o.Time("at");
  m.exit_code = OptionalInt(o, "exit_code", kMinInt);
  m.signal = OptionalInt(o, "signal", 0);
  m.timed_out = o.Flag("timed_out");
  m.cancelled = o.Flag("cancelled");
  m.outcome = o.Text("outcome");
  m.log_tail = o.Text("log_tail");
  m.result = o.OptionalText("result");
  if (const Json* usage = o.Find("usage")) {
    m.usage = ReadUsage(o.reader(), *usage, o.PathOf("usage"));
  }
  m.checkpoint = Checkpoint(o);
  return m;
}

Log ReadLog(ObjectReader& o) {
  Log m;
  m.attempt_id = o.Id("attempt_id");
  m.offset = o.Unsigned("offset");
  m.data = Bytes64(o, "data");
  return m;
}

Welcome ReadWelcome(ObjectReader& o) {
  Welcome m;
  m.worker_id = o.Id("worker_id");
  m.heartbeat_interval_ms = o.Signed("heartbeat_interval_ms", 1, kMaxI64);
  return m;
}

Dispatch ReadDispatch(ObjectReader& o) {
  Dispatch m;
  m.attempt_id = o.Id("attempt_id");
  m.workload_id = o.Id("workload_id");
  m.unit_id = o.Id("unit_id");
  m.task_id = o.Id("task_id");
  m.device_ids = o.IdList("device_ids");
  if (const Json* command = o.Require("command")) {
    m.command = ReadCommand(o.reader(), *command, o.PathOf("command"));
  }
  m.env = o.StringMap("env");
  for (const auto& [name, value] : m.env) {
    const std::string path = FieldPath(o.PathOf("env"), name);
    if (name.find_first_of(std::string_view("=\0", 2)) != std::string::npos) {
      o.reader().Fail(path, "a variable name holds no '=' or NUL");
    } else if (value.find('\0') != std::string::npos) {
      o.reader().Fail(path, "contains a NUL character");
    }
  }
  m.working_dir = o.OptionalText("working_dir");
  if (m.working_dir && (m.working_dir->empty() || m.working_dir->find('\0') != std::string::npos)) {
    o.reader().Fail(o.PathOf("working_dir"), "must be a non-empty path without NUL");
  }
  m.timeout_ms = o.OptionalSigned("timeout_ms", 0, kMaxI64);
  m.checkpoint = Checkpoint(o);
  m.after = o.OptionalText("after");
  if (m.after && (m.after->empty() || *m.after == m.attempt_id)) {
    o.reader().Fail(o.PathOf("after"), "must name another attempt");
  }
  return m;
}

Cancel ReadCancel(ObjectReader& o) {
  Cancel m;
  m.attempt_id = o.Id("attempt_id");
  m.reason = o.Text("reason");
  return m;
}

Ack ReadAck(ObjectReader& o) {
  Ack m;
  m.attempt_ids = o.IdList("attempt_ids");
  return m;
}

Drain ReadDrain(ObjectReader& /*o*/) {
  return {};
}

Error ReadError(ObjectReader& o) {
  Error m;
  m.code = o.Id("code");
  m.message = o.Text("message");
  return m;
}

template <typename T, T (*Read)(ObjectReader&)>
Message ReadAs(ObjectReader& o) {
  return Message(std::in_place_type<T>, Read(o));
}

using MessageReader = Message (*)(ObjectReader&);

// In the order of kTypeNames.
constexpr std::array<MessageReader, 12> kReaders = {ReadAs<Hello, ReadHello>,
                                                    ReadAs<Register, ReadRegister>,
                                                    ReadAs<Heartbeat, ReadHeartbeat>,
                                                    ReadAs<TaskUpdate, ReadTaskUpdate>,
                                                    ReadAs<Log, ReadLog>,
                                                    ReadAs<Welcome, ReadWelcome>,
                                                    ReadAs<Dispatch, ReadDispatch>,
                                                    ReadAs<Cancel, ReadCancel>,
                                                    ReadAs<Ack, ReadAck>,
                                                    ReadAs<Drain, ReadDrain>,
                                                    ReadAs<Error, ReadError>,
                                                    ReadAs<Samples, ReadSamples>};
static_assert(kReaders.size() == kTypeNames.size());

}  // namespace

std::optional<Message> ReadMessage(FieldReader& reader, std::size_t type_index,
                                   const Json& object) {
  ObjectReader o(reader, object, std::string(kTypeNames[type_index]));
  Message message = kReaders[type_index](o);
  if (!reader.ok()) return std::nullopt;
  return message;
}

}  // namespace hawk::protocol
