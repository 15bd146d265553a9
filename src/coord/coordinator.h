// The coordinator's core (DESIGN.md §1, §4): the shell between worker
// sessions, clients and the engine, with no sockets of its own (the server,
// server.h, carries its messages). It turns worker messages and client
// requests into engine events, the engine's commands into messages for
// workers, and keeps everything in the store.
//
// Event sourcing: every change to a workload, task or attempt is an `events`
// row (worker_joined, worker_departed, workload_submitted,
// worker_draining, workload_cancelled, attempt_dispatched, attempt_started,
// attempt_finished,
// plus the engine's notices and workload_finished for people). The in-memory
// state — the engine and the attempt views — is their fold: Open() replays
// the log into a fresh engine (dispatched attempts come back as running with
// engine::AttemptResumed), then gives every worker that was connected a
// heartbeat timeout from now to come back. A worker that reconnects reports
// what it runs; results it buffered arrive and are applied once; an attempt
// it no longer runs fails as worker_lost and is recovered by its policy.
//
// Durability: rows are appended as things happen and flushed (one commit)
// by Commit(). Final task updates are acknowledged, and the server answers
// a request, only once their rows are on disk; Cancel flushes before it
// returns. A dispatch leaves before its row is committed (Schedule(), then
// Commit(): the worker starts the task while the commit runs), within a
// block of attempt ids whose reservation (an attempt_ids_reserved row) was
// committed first. So after kill -9 between the two, the restarted
// coordinator hands out no id the dead one may have sent; the attempt it
// does not know is cancelled when its worker reports it, or its result is
// counted stale, and the task runs again under a new id: nothing
// acknowledged is lost and nothing completes twice.
//
// Not thread-safe: the server calls it from its one I/O thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "coord/coordinator_events.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/workload.h"
#include "engine/orchestrator.h"
#include "protocol/codec.h"
#include "protocol/messages.h"
#include "store/duckdb_store.h"
#include "store/store.h"

namespace hawk::coord {

using SessionId = std::uint64_t;

// Messages for the server to deliver, in order, and sessions to close after.
struct Outbox {
  struct Item {
    SessionId session = 0;
    protocol::Message message;
  };
  std::vector<Item> messages;
  std::vector<SessionId> close;
  void Send(SessionId session, protocol::Message message) {
    messages.push_back(Item{session, std::move(message)});
  }
};

struct CoordinatorOptions {
  engine::OrchestratorConfig engine;
  Duration heartbeat_interval = std::chrono::seconds(1);  // told to workers
  // Checkpoints (<state_dir>/checkpoints/<attempt>/...) and attempt output
  // (<state_dir>/logs/<attempt>.log).
  std::filesystem::path state_dir = ".hawk";
  std::uint64_t max_log_bytes_per_attempt = std::uint64_t{64} << 20;

  // The engine as a coordinator wants it: workers come and go, so a task
  // waits for one that can run it for a while before failing.
  static engine::OrchestratorConfig DefaultEngineConfig();
  // The store as a coordinator opens it: one DuckDB thread, since its
  // writes are many small transactions on the path of every dispatch
  // (BENCHMARKS.md, "Dispatch").
  static DuckDbOpenOptions StoreOpenOptions();
};

// Counters for /metrics.
struct CoordinatorCounters {
  std::uint64_t messages_received = 0;
  std::uint64_t messages_refused = 0;  // protocol errors replied to
  std::uint64_t stale_results = 0;
  std::uint64_t dispatches = 0;
  std::uint64_t dispatches_ahead = 0;  // of those, sent to wait behind another attempt
  std::uint64_t attempts_finished = 0;
  std::uint64_t events_replayed = 0;
  std::uint64_t store_errors = 0;
};

// One attempt as the coordinator knows it (REST, CLI, dashboard).
struct AttemptView {
  std::string attempt_id;
  std::string workload_id;
  std::string unit_id;
  std::string task_id;
  std::string worker_id;
  std::vector<std::string> device_ids;
  std::string command;
  std::string placement_reason;
  TimePoint dispatched_at{};
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> finished_at;
  std::string status = "dispatched";  // dispatched, running, succeeded, failed, cancelled, lost
  std::optional<int> exit_code;
  std::optional<int> signal;
  std::string outcome;
  std::optional<protocol::UsageReport> usage;
  std::uint64_t log_bytes = 0;

  // Its end is known (anything but dispatched or running).
  [[nodiscard]] bool ended() const { return status != "dispatched" && status != "running"; }
};

// Attempt ids in the order they are handed out ("att-9" before "att-10"):
// the engine numbers them, so a shorter id is an earlier one.
struct AttemptIdOrder {
  bool operator()(const std::string& a, const std::string& b) const {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  }
};
using AttemptViews = std::map<std::string, AttemptView, AttemptIdOrder>;

// A worker session's standing.
struct SessionView {
  SessionId session = 0;
  std::optional<std::string> worker_id;  // after hello
  bool registered = false;
  bool draining = false;
};

class Coordinator {
 public:
  // Opens over `store` (borrowed; outlives the coordinator) and replays its
  // event log. Errors: the store could not be read; a log row that cannot be
  // replayed (kCorrupt, naming its seq).
  static Result<std::unique_ptr<Coordinator>> Open(Store& store, const Clock& clock,
                                                   CoordinatorOptions options);
  ~Coordinator();
  Coordinator(const Coordinator&) = delete;
  Coordinator& operator=(const Coordinator&) = delete;

  // ---- worker sessions -------------------------------------------------------
  SessionId Connect();
  void OnMessage(SessionId session, const protocol::Message& message, Outbox& out);
  // A message that could not be decoded: counted and answered.
  void OnBadMessage(SessionId session, protocol::Error error, Outbox& out);
  void OnDisconnect(SessionId session);

  // ---- time ------------------------------------------------------------------
  // Runs the engine (timeouts, backoff, placement) and sends what it
  // decided. Dispatches whose attempt ids are reserved go out now, before
  // their rows are committed; the first past the reserved block reserves
  // the next one and waits for Commit() with the rest.
  void Schedule(Outbox& out);
  // Flushes the appended rows (one commit), then releases what waited for
  // it: dispatches held for a reservation, and the acknowledgements of
  // final task updates. The server delivers Schedule()'s messages first.
  void Commit(Outbox& out);
  // Schedule() and Commit(), for a caller that delivers both at once.
  void Tick(Outbox& out) {
    Schedule(out);
    Commit(out);
  }
  // Whether Schedule() held dispatches back for Commit() (a reservation of
  // attempt ids): the caller should commit now rather than later.
  [[nodiscard]] bool dispatches_held() const { return !unflushed_dispatches_.empty(); }
  // Whether rows were appended since the last Commit(): an answer that
  // shows the state now must wait for that commit.
  [[nodiscard]] bool commit_pending() const { return unflushed_rows_; }
  // Whether something happened since the last Tick that a Tick would act on.
  [[nodiscard]] bool tick_wanted() const { return tick_wanted_; }
  // Writes the report rows (workloads, tasks, attempts, task usage) of the
  // workloads that ended since the last call, each in one transaction
  // (after Open: of the running ones it replayed too). They are a
  // projection for reports; the event log is what a restart reads. So they
  // wait until the tick's messages are out and never delay a dispatch, and
  // a running workload's rows are written when it ends or when the
  // coordinator closes (the destructor).
  void StoreReportRows();

  // ---- clients ---------------------------------------------------------------
  // Parses and submits a workload spec (YAML or JSON); returns its id.
  // Errors: kInvalidArgument with the spec's diagnostics; the engine's refusal.
  // The submission is on disk after the next Tick, with the first
  // dispatches it allows (one commit for both); the server runs that Tick
  // before it answers.
  Result<std::string> Submit(std::string_view spec_text, std::string_view source_name);
  Status Cancel(const std::string& workload_id, const std::string& reason, Outbox& out);
  // Asks a connected worker to finish its work and leave.
  Status Drain(const std::string& worker_id, Outbox& out);

  // ---- queries ---------------------------------------------------------------
  [[nodiscard]] const engine::Orchestrator& engine() const { return *engine_; }
  [[nodiscard]] Store& store() { return store_; }
  [[nodiscard]] const CoordinatorCounters& counters() const { return counters_; }
  // The last store error, for /healthz; empty when there was none.
  [[nodiscard]] const std::string& last_store_error() const { return last_store_error_; }
  // Every attempt, oldest first.
  [[nodiscard]] const AttemptViews& attempts() const { return attempts_; }
  // The attempts of one workload, oldest first.
  [[nodiscard]] std::vector<const AttemptView*> WorkloadAttempts(
      const std::string& workload_id) const;
  [[nodiscard]] const AttemptView* FindAttempt(const std::string& attempt_id) const;
  // The attempts not ended yet (dispatched or running), oldest first: on
  // worker `worker_id`, or on every worker. From an index, not a walk over
  // every attempt.
  [[nodiscard]] std::vector<const AttemptView*> LiveAttempts(const std::string& worker_id) const;
  [[nodiscard]] std::vector<const AttemptView*> LiveAttempts() const;
  [[nodiscard]] std::size_t LiveAttemptCount(const std::string& worker_id) const;
  // The newest attempt of unit `unit_id` (in any workload when empty).
  [[nodiscard]] const AttemptView* LatestAttempt(const std::string& workload_id,
                                                 const std::string& unit_id) const;
  [[nodiscard]] std::vector<SessionView> Sessions() const;
  // An alert open on a worker, as it last reported it.
  struct OpenAlert {
    std::string worker_id;
    protocol::AlertReport alert;
  };
  // Sorted by worker, device, metric and severity.
  [[nodiscard]] std::vector<OpenAlert> OpenAlerts() const;
  [[nodiscard]] bool IsWorkerOnline(const std::string& worker_id) const;
  [[nodiscard]] std::optional<TimePoint> WorkerLastSeen(const std::string& worker_id) const;
  [[nodiscard]] std::filesystem::path LogPath(const std::string& attempt_id) const;
  [[nodiscard]] TimePoint Now() const { return clock_.Now(); }

 private:
  Coordinator(Store& store, const Clock& clock, CoordinatorOptions options,
              std::unique_ptr<engine::Orchestrator> engine);
  struct Session;

  Status Replay();
  // Appends `event` to the log (buffered) and folds it in; returns the
  // engine's commands.
  std::vector<engine::EngineCommand> Record(EventRecord event);
  // One row into the state: the engine (inputs always; what the engine said
  // itself only when replaying) and the attempt views.
  Result<std::vector<engine::EngineCommand>> Fold(const EventRecord& event);
  // Keeps live_attempts_ in step with `a`'s status.
  void IndexLive(const AttemptView& a);
  // The engine's commands: dispatches wait for the flush, the rest go now.
  void Apply(std::vector<engine::EngineCommand> commands, Outbox& out);

  void OnHello(Session& s, const protocol::Hello& m, Outbox& out);
  void OnRegister(Session& s, const protocol::Register& m, Outbox& out);
  void OnHeartbeat(Session& s, const protocol::Heartbeat& m, Outbox& out);
  void OnTaskUpdate(Session& s, const protocol::TaskUpdate& m, Outbox& out);
  void OnLog(Session& s, const protocol::Log& m);
  void Refuse(SessionId session, std::string code, std::string message, Outbox& out);
  void FinishAttempt(const engine::AttemptFinished& finished, const FinishedFacts& facts,
                     Outbox& out);
  Session* SessionOfWorker(const std::string& worker_id);
  void SendDispatch(const engine::DispatchAttempt& d, Outbox& out);
  std::optional<std::string> SaveCheckpoint(const std::string& attempt_id,
                                            const std::vector<protocol::CheckpointFile>& files);
  std::optional<std::vector<protocol::CheckpointFile>> LoadCheckpoint(const std::string& id);
  void StoreSamples(const std::string& worker_id, const protocol::Heartbeat& m);
  // Alert transitions into the store; `live` ones also into the open set.
  void RecordAlerts(const std::string& worker_id, const std::vector<protocol::AlertReport>& alerts,
                    bool live);
  void ReplaceOpenAlerts(const std::string& worker_id,
                         const std::vector<protocol::AlertReport>& alerts);
  Status LoadOpenAlerts();
  void OnSamples(Session& s, const protocol::Samples& m);
  void OnWorkerDrain(Session& s, Outbox& out);
  void StoreWorkload(const std::string& workload_id);
  // Adds the running workloads to those whose report rows are due.
  void QueueRunningWorkloadRows();
  void StoreWorkerHardware(const WorkerProfile& profile);
  void Check(const Status& status);

  Store& store_;
  const Clock& clock_;
  CoordinatorOptions options_;
  std::unique_ptr<engine::Orchestrator> engine_;
  CoordinatorCounters counters_;
  bool replaying_ = false;
  bool tick_wanted_ = false;
  bool unflushed_rows_ = false;  // appended since the last flush
  // att-<n> below this may be sent before their rows are committed.
  std::uint64_t attempt_ids_reserved_below_ = 1;

  SessionId next_session_ = 1;
  std::map<SessionId, std::unique_ptr<Session>> sessions_;
  std::map<std::string, SessionId> worker_sessions_;  // worker id -> its session
  std::map<std::string, WorkerProfile> profiles_;     // as last registered
  std::map<std::string, TimePoint> last_seen_;        // worker id -> last message
  std::map<std::string, std::vector<engine::DispatchAttempt>> undelivered_;  // worker id ->
  std::vector<engine::DispatchAttempt> unflushed_dispatches_;
  std::set<std::string> unstored_workloads_;  // ended; report rows not written yet
  std::vector<std::pair<SessionId, std::string>> unflushed_acks_;
  AttemptViews attempts_;
  std::map<std::string, std::vector<std::string>> workload_attempts_;  // ids, oldest first
  // Worker id -> the ids of its attempts not ended; kept by IndexLive.
  std::map<std::string, std::set<std::string, AttemptIdOrder>> live_attempts_;
  std::map<std::string, std::string> latest_attempt_;  // "<workload>\n<unit>" -> attempt id
  std::string last_store_error_;
  std::map<std::string, std::string> workload_specs_;  // id -> spec text
  // The spec Submit parsed, for the Fold of its workload_submitted row
  // (which parses the text only when replaying).
  struct ParsedSubmission {
    std::string workload_id;
    Workload workload;
  };
  std::optional<ParsedSubmission> submitting_;
  std::map<std::string, OpenAlert> open_alerts_;  // see coordinator_alerts.cpp
};

}  // namespace hawk::coord
