// The coordinator's own `events` rows (coordinator.h): how each is written
// and read back. Payloads are JSON objects; readers refuse a row that lacks
// what replay needs (kCorrupt, naming the row's seq and type).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/events.h"
#include "protocol/messages.h"
#include "store/records.h"

namespace hawk::coord {

EventRecord WorkerJoinedEvent(TimePoint at, const WorkerProfile& profile);
// `draining` false: a worker that registered again without draining takes
// work again.
EventRecord WorkerDrainingEvent(TimePoint at, const std::string& worker_id, bool draining);
EventRecord WorkerDepartedEvent(TimePoint at, const std::string& worker_id,
                                const std::string& reason);
EventRecord WorkloadSubmittedEvent(TimePoint at, const std::string& workload_id,
                                   const std::string& name, std::string_view spec_text,
                                   std::string_view source_name);
EventRecord WorkloadCancelledEvent(TimePoint at, const std::string& workload_id,
                                   const std::string& reason);
// Dispatches may use attempt ids below att-<below> before their own rows
// are committed (coordinator.h, "Durability").
EventRecord AttemptIdsReservedEvent(TimePoint at, std::uint64_t below);
EventRecord AttemptStartedEvent(TimePoint at, const std::string& workload_id,
                                const std::string& unit_id, const std::string& attempt_id);

// What an attempt_finished row carries besides the engine's event.
struct FinishedFacts {
  std::string workload_id;
  std::string unit_id;
  std::string outcome;  // for people
  std::string status;   // succeeded, failed, cancelled, lost
  std::optional<protocol::UsageReport> usage;
};
EventRecord AttemptFinishedEvent(TimePoint at, const engine::AttemptFinished& finished,
                                 const FinishedFacts& facts);

// Readers.
struct WorkloadSubmittedRow {
  std::string workload_id;
  std::string spec_text;
  std::string source_name;
};
Result<WorkerProfile> ReadWorkerJoined(const EventRecord& row);
Result<engine::WorkerDraining> ReadWorkerDraining(const EventRecord& row);
Result<engine::WorkerDeparted> ReadWorkerDeparted(const EventRecord& row);
// The engine's worker_lost notice: the worker it names.
Result<engine::WorkerDeparted> ReadWorkerLost(const EventRecord& row);
Result<WorkloadSubmittedRow> ReadWorkloadSubmitted(const EventRecord& row);
Result<engine::CancelWorkload> ReadWorkloadCancelled(const EventRecord& row);
// attempt_ids_reserved: the `below` it reserved.
Result<std::uint64_t> ReadAttemptIdsReserved(const EventRecord& row);
// attempt_dispatched (written by CommandEvent) as the attempt to resume.
Result<engine::AttemptResumed> ReadAttemptDispatched(const EventRecord& row);
Result<std::pair<engine::AttemptFinished, FinishedFacts>> ReadAttemptFinished(
    const EventRecord& row);

}  // namespace hawk::coord
