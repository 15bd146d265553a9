#include "coord/coordinator_events.h"

#include <nlohmann/json.hpp>

#include "protocol/codec.h"

namespace hawk::coord {
namespace {

using Json = nlohmann::json;

EventRecord Row(TimePoint at, std::string type, const Json& payload) {
  EventRecord e;
  e.ts = at;
  e.type = std::move(type);
  e.payload_json = payload.dump();
  return e;
}

tl::unexpected<Error> Corrupt(const EventRecord& row, const std::string& what) {
  return MakeError(ErrorCode::kCorrupt,
                   "event " + std::to_string(row.seq) + " (" + row.type + "): " + what,
                   "table events",
                   "the event log was written by another program or damaged; restore the "
                   "database from a backup");
}

Result<Json> Payload(const EventRecord& row) {
  Json j = Json::parse(row.payload_json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Corrupt(row, "payload is not a JSON object");
  return j;
}

Result<std::string> Text(const EventRecord& row, const Json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return Corrupt(row, std::string("no text '") + key + "'");
  return it->get<std::string>();
}

std::optional<std::string> OptionalText(const Json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<int> OptionalInt(const Json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int>();
}

bool Flag(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

EventRecord WorkerJoinedEvent(TimePoint at, const WorkerProfile& profile) {
  EventRecord e = Row(at, "worker_joined",
                      Json{{"worker_id", profile.worker_id},
                           {"profile", Json::parse(protocol::EncodeProfile(profile))}});
  return e;
}

EventRecord WorkerDrainingEvent(TimePoint at, const std::string& worker_id, bool draining) {
  return Row(at, "worker_draining", Json{{"worker_id", worker_id}, {"draining", draining}});
}

EventRecord WorkerDepartedEvent(TimePoint at, const std::string& worker_id,
                                const std::string& reason) {
  return Row(at, "worker_departed", Json{{"worker_id", worker_id}, {"reason", reason}});
}

EventRecord WorkloadSubmittedEvent(TimePoint at, const std::string& workload_id,
                                   const std::string& name, std::string_view spec_text,
                                   std::string_view source_name) {
  EventRecord e = Row(at, "workload_submitted",
                      Json{{"name", name}, {"spec", spec_text}, {"source", source_name}});
  e.workload_id = workload_id;
  return e;
}

EventRecord WorkloadCancelledEvent(TimePoint at, const std::string& workload_id,
                                   const std::string& reason) {
  EventRecord e = Row(at, "workload_cancelled", Json{{"reason", reason}});
  e.workload_id = workload_id;
  return e;
}

EventRecord AttemptIdsReservedEvent(TimePoint at, std::uint64_t below) {
  return Row(at, "attempt_ids_reserved", Json{{"below", below}});
}

EventRecord AttemptStartedEvent(TimePoint at, const std::string& workload_id,
                                const std::string& unit_id, const std::string& attempt_id) {
  EventRecord e = Row(at, "attempt_started", Json::object());
  e.workload_id = workload_id;
  e.task_id = unit_id;
  e.attempt_id = attempt_id;
  return e;
}

EventRecord AttemptFinishedEvent(TimePoint at, const engine::AttemptFinished& finished,
                                 const FinishedFacts& facts) {
  Json j{{"status", facts.status},
         {"outcome", facts.outcome},
         {"timed_out", finished.outcome.timed_out},
         {"worker_lost", finished.outcome.worker_lost},
         {"log_tail", finished.outcome.log_tail}};
  if (finished.outcome.exit_code) j["exit_code"] = *finished.outcome.exit_code;
  if (finished.outcome.signal) j["signal"] = *finished.outcome.signal;
  if (finished.result) j["result"] = *finished.result;
  if (finished.checkpoint) j["checkpoint"] = *finished.checkpoint;
  if (facts.usage) {
    Json u{{"cpu_seconds", facts.usage->cpu_seconds}, {"samples", facts.usage->samples}};
    if (facts.usage->peak_memory_bytes) u["peak_memory_bytes"] = *facts.usage->peak_memory_bytes;
    if (facts.usage->avg_memory_bytes) u["avg_memory_bytes"] = *facts.usage->avg_memory_bytes;
    if (facts.usage->read_bytes) u["read_bytes"] = *facts.usage->read_bytes;
    if (facts.usage->write_bytes) u["write_bytes"] = *facts.usage->write_bytes;
    j["usage"] = std::move(u);
  }
  EventRecord e = Row(at, "attempt_finished", j);
  e.workload_id = facts.workload_id;
  e.task_id = facts.unit_id;
  e.attempt_id = finished.attempt_id;
  return e;
}

Result<WorkerProfile> ReadWorkerJoined(const EventRecord& row) {
  auto j = Payload(row);
  if (!j) return tl::unexpected(j.error());
  const auto it = j->find("profile");
  if (it == j->end()) return Corrupt(row, "no profile");
  auto profile = protocol::DecodeProfile(it->dump());
  if (!profile) return Corrupt(row, profile.error().ToString());
  return profile;
}

Result<engine::WorkerDraining> ReadWorkerDraining(const EventRecord& row) {
  auto j = Payload(row);
  if (!j) return tl::unexpected(j.error());
  auto id = Text(row, *j, "worker_id");
  if (!id) return tl::unexpected(id.error());
  const auto draining = j->find("draining");
  if (draining == j->end() || !draining->is_boolean()) return Corrupt(row, "no draining flag");
  return engine::WorkerDraining{*id, draining->get<bool>()};
}

Result<engine::WorkerDeparted> ReadWorkerDeparted(const EventRecord& row) {
  auto j = Payload(row);
  if (!j) return tl::unexpected(j.error());
  auto id = Text(row, *j, "worker_id");
  if (!id) return tl::unexpected(id.error());
  return engine::WorkerDeparted{*id, OptionalText(*j, "reason").value_or("")};
}

Result<engine::WorkerDeparted> ReadWorkerLost(const EventRecord& row) {
  auto j = Payload(row);
  if (!j) return tl::unexpected(j.error());
  auto id = Text(row, *j, "subject");
  if (!id) return tl::unexpected(id.error());
  return engine::WorkerDeparted{*id, OptionalText(*j, "text").value_or("lost")};
}

Result<WorkloadSubmittedRow> ReadWorkloadSubmitted(const EventRecord& row) {
  auto j = Payload(row);
  if (!j) return tl::unexpected(j.error());
  if (!row.workload_id) return Corrupt(row, "no workload id");
  auto spec = Text(row, *j, "spec");
  if (!spec) return tl::unexpected(spec.error());
  return WorkloadSubmittedRow{*row.workload_id, *spec,
                              OptionalText(*j, "source").value_or("workload")};
}

Result<engine::CancelWorkload> ReadWorkloadCancelled(const EventRecord& row) {
  auto j = Payload(row);
  if (!j) return tl::unexpected(j.error());
  if (!row.workload_id) return Corrupt(row, "no workload id");
  return engine::CancelWorkload{*row.workload_id, OptionalText(*j, "reason").value_or("")};
}

Result<std::uint64_t> ReadAttemptIdsReserved(const EventRecord& row) {
  auto j = Payload(row);
  if (!j) return tl::unexpected(j.error());
  const auto below = j->find("below");
  if (below == j->end() || !below->is_number_unsigned()) return Corrupt(row, "no 'below'");
  return below->get<std::uint64_t>();
}

Result<engine::AttemptResumed> ReadAttemptDispatched(const EventRecord& row) {
  auto j = Payload(row);
  if (!j) return tl::unexpected(j.error());
  if (!row.workload_id || !row.task_id || !row.attempt_id) return Corrupt(row, "missing ids");
  auto worker = Text(row, *j, "worker_id");
  if (!worker) return tl::unexpected(worker.error());
  engine::AttemptResumed r;
  r.attempt_id = *row.attempt_id;
  r.workload_id = *row.workload_id;
  r.unit_id = *row.task_id;
  r.worker_id = *worker;
  const auto devices = j->find("devices");
  if (devices == j->end() || !devices->is_array()) return Corrupt(row, "no devices");
  for (const Json& d : *devices) {
    if (!d.is_string()) return Corrupt(row, "a device id is not text");
    r.device_ids.push_back(d.get<std::string>());
  }
  r.alternate = OptionalText(*j, "alternate");
  r.after = OptionalText(*j, "after");
  return r;
}

Result<std::pair<engine::AttemptFinished, FinishedFacts>> ReadAttemptFinished(
    const EventRecord& row) {
  auto j = Payload(row);
  if (!j) return tl::unexpected(j.error());
  if (!row.attempt_id) return Corrupt(row, "no attempt id");
  engine::AttemptFinished f;
  f.attempt_id = *row.attempt_id;
  f.outcome.exit_code = OptionalInt(*j, "exit_code");
  f.outcome.signal = OptionalInt(*j, "signal");
  f.outcome.timed_out = Flag(*j, "timed_out");
  f.outcome.worker_lost = Flag(*j, "worker_lost");
  f.outcome.log_tail = OptionalText(*j, "log_tail").value_or("");
  f.result = OptionalText(*j, "result");
  f.checkpoint = OptionalText(*j, "checkpoint");
  FinishedFacts facts;
  facts.workload_id = row.workload_id.value_or("");
  facts.unit_id = row.task_id.value_or("");
  facts.outcome = OptionalText(*j, "outcome").value_or("");
  facts.status = OptionalText(*j, "status").value_or("failed");
  if (const auto u = j->find("usage"); u != j->end() && u->is_object()) {
    protocol::UsageReport usage;
    if (const auto c = u->find("cpu_seconds"); c != u->end() && c->is_number()) {
      usage.cpu_seconds = c->get<double>();
    }
    if (const auto n = u->find("samples"); n != u->end() && n->is_number_unsigned()) {
      usage.samples = n->get<std::uint64_t>();
    }
    const auto bytes = [&](const char* key) -> std::optional<Bytes> {
      const auto b = u->find(key);
      if (b == u->end() || !b->is_number_unsigned()) return std::nullopt;
      return b->get<Bytes>();
    };
    usage.peak_memory_bytes = bytes("peak_memory_bytes");
    usage.avg_memory_bytes = bytes("avg_memory_bytes");
    usage.read_bytes = bytes("read_bytes");
    usage.write_bytes = bytes("write_bytes");
    facts.usage = usage;
  }
  return std::make_pair(std::move(f), std::move(facts));
}

}  // namespace hawk::coord
