// Encoding of each message type's fields. Optional fields are left out when
// empty (nullopt, "", an empty list or map, false); an engaged optional list
// is written even when empty, so it reads back engaged.
#include <utility>

#include "protocol/base64.h"
#include "protocol/message_json.h"
#include "protocol/profile_json.h"

namespace hawk::protocol {
namespace {

constexpr std::array<std::string_view, 3> kTaskStateNames = {"started", "succeeded", "failed"};

void PutText(OrderedJson& j, const char* key, const std::string& text) {
  if (!text.empty()) j[key] = text;
}

void PutList(OrderedJson& j, const char* key, const std::vector<std::string>& items) {
  if (!items.empty()) j[key] = items;
}

void PutCheckpoint(OrderedJson& j, const std::optional<std::vector<CheckpointFile>>& files) {
  if (!files) return;
  OrderedJson out = OrderedJson::array();
  for (const CheckpointFile& f : *files) {
    out.push_back(OrderedJson{{"path", f.path}, {"data", Base64Encode(f.data)}});
  }
  j["checkpoint"] = std::move(out);
}

void Put(OrderedJson& j, const Hello& m) {
  j["worker_id"] = m.worker_id;
  j["version"] = m.version;
  PutText(j, "agent", m.agent);
}

OrderedJson AlertToJson(const AlertReport& a) {
  OrderedJson j;
  j["at"] = ToUnixMillis(a.at);
  j["resource"] = a.resource;
  if (a.device_id) j["device_id"] = *a.device_id;
  j["metric"] = a.metric;
  j["severity"] = a.severity;
  j["opened"] = a.opened;
  j["value"] = a.value;
  j["threshold"] = a.threshold;
  PutText(j, "message", a.message);
  return j;
}

void PutAlerts(OrderedJson& j, const std::vector<AlertReport>& alerts) {
  if (alerts.empty()) return;
  OrderedJson list = OrderedJson::array();
  for (const AlertReport& a : alerts) list.push_back(AlertToJson(a));
  j["alerts"] = std::move(list);
}

void Put(OrderedJson& j, const Register& m) {
  j["profile"] = ProfileToJson(m.profile);
  PutList(j, "running_attempts", m.running_attempts);
  if (m.draining) j["draining"] = true;
  PutAlerts(j, m.alerts);
}

OrderedJson SampleToJson(const DeviceSample& s) {
  OrderedJson j;
  j["device_id"] = s.device_id;
  j["utilization"] = s.utilization.ToDouble();
  j["memory_utilization"] = s.memory_utilization.ToDouble();
  if (s.temperature_celsius) j["temperature_celsius"] = *s.temperature_celsius;
  if (s.power_watts) j["power_watts"] = *s.power_watts;
  if (s.throttling) j["throttling"] = true;
  return j;
}

void Put(OrderedJson& j, const Heartbeat& m) {
  j["at"] = ToUnixMillis(m.at);
  j["cpu_utilization"] = m.cpu_utilization.ToDouble();
  j["memory_utilization"] = m.memory_utilization.ToDouble();
  if (m.memory_used_bytes) j["memory_used_bytes"] = *m.memory_used_bytes;
  if (m.cpu_temperature_celsius) j["cpu_temperature_celsius"] = *m.cpu_temperature_celsius;
  if (!m.devices.empty()) {
    OrderedJson devices = OrderedJson::array();
    for (const DeviceSample& s : m.devices) devices.push_back(SampleToJson(s));
    j["devices"] = std::move(devices);
  }
  PutList(j, "running_attempts", m.running_attempts);
  PutAlerts(j, m.alerts);
}

void Put(OrderedJson& j, const Samples& m) {
  OrderedJson heartbeats = OrderedJson::array();
  for (const Heartbeat& h : m.heartbeats) {
    OrderedJson one;
    Put(one, h);
    heartbeats.push_back(std::move(one));
  }
  j["heartbeats"] = std::move(heartbeats);
}

OrderedJson UsageToJson(const UsageReport& u) {
  OrderedJson j;
  j["cpu_seconds"] = u.cpu_seconds;
  if (u.peak_memory_bytes) j["peak_memory_bytes"] = *u.peak_memory_bytes;
  if (u.avg_memory_bytes) j["avg_memory_bytes"] = *u.avg_memory_bytes;
  if (u.read_bytes) j["read_bytes"] = *u.read_bytes;
  if (u.write_bytes) j["write_bytes"] = *u.write_bytes;
  j["samples"] = u.samples;
  return j;
}

void Put(OrderedJson& j, const TaskUpdate& m) {
  j["attempt_id"] = m.attempt_id;
  const auto state = static_cast<std::size_t>(m.state);
  j["state"] = std::string(state < kTaskStateNames.size() ? kTaskStateNames[state] : "?");
  j["at"] = ToUnixMillis(m.at);
  if (m.exit_code) j["exit_code"] = *m.exit_code;
  if (m.signal) j["signal"] = *m.signal;
  if (m.timed_out) j["timed_out"] = true;
  if (m.cancelled) j["cancelled"] = true;
  PutText(j, "outcome", m.outcome);
  PutText(j, "log_tail", m.log_tail);
  if (m.result) j["result"] = *m.result;
  if (m.usage) j["usage"] = UsageToJson(*m.usage);
  PutCheckpoint(j, m.checkpoint);
}

void Put(OrderedJson& j, const Log& m) {
  j["attempt_id"] = m.attempt_id;
  j["offset"] = m.offset;
  j["data"] = Base64Encode(m.data);
}

void Put(OrderedJson& j, const Welcome& m) {
  j["worker_id"] = m.worker_id;
  j["heartbeat_interval_ms"] = m.heartbeat_interval_ms;
}

OrderedJson CommandToJson(const Command& c) {
  OrderedJson j = OrderedJson::object();
  if (!c.argv.empty()) j["argv"] = c.argv;
  if (c.shell) j["shell"] = *c.shell;
  return j;
}

void Put(OrderedJson& j, const Dispatch& m) {
  j["attempt_id"] = m.attempt_id;
  j["workload_id"] = m.workload_id;
  j["unit_id"] = m.unit_id;
  j["task_id"] = m.task_id;
  PutList(j, "device_ids", m.device_ids);
  j["command"] = CommandToJson(m.command);
  if (!m.env.empty()) j["env"] = m.env;
  if (m.working_dir) j["working_dir"] = *m.working_dir;
  if (m.timeout_ms) j["timeout_ms"] = *m.timeout_ms;
  PutCheckpoint(j, m.checkpoint);
  if (m.after) j["after"] = *m.after;
}

void Put(OrderedJson& j, const Cancel& m) {
  j["attempt_id"] = m.attempt_id;
  PutText(j, "reason", m.reason);
}

void Put(OrderedJson& j, const Ack& m) {
  PutList(j, "attempt_ids", m.attempt_ids);
}

void Put(OrderedJson& /*j*/, const Drain& /*m*/) {}

void Put(OrderedJson& j, const Error& m) {
  j["code"] = m.code;
  PutText(j, "message", m.message);
}

}  // namespace

OrderedJson MessageToJson(const Message& message) {
  OrderedJson j;
  j["v"] = kVersion;
  j["type"] = std::string(kTypeNames[message.index()]);
  std::visit([&j](const auto& m) { Put(j, m); }, message);
  return j;
}

}  // namespace hawk::protocol
