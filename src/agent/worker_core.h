// WorkerCore: a worker agent's logic (DESIGN.md §1, the agent shell) with no
// socket in it. The network shell (worker_connection.h) — or a test — feeds
// it the connection's events and the coordinator's messages, calls Poll()
// often, and sends what TakeOutgoing() returns; time comes from the injected
// Clock. The protocol it speaks is protocol/messages.h.
//
// Session: OnConnected() gives the hello; the coordinator's welcome sets the
// heartbeat interval and makes the core send register (with the attempts
// it still runs and whether it drains), then every final task update not
// yet acknowledged, then the samples taken while away, then drain when it
// is draining. Until that welcome, and while disconnected, nothing else is
// sent: log forwarding pauses (it resumes from where it stopped, the output
// being in the log file), and the machine is still sampled at the heartbeat
// interval — the newest max_offline_samples samples are kept and go out as
// samples messages (at most samples_per_message each) after the welcome,
// alerts and all.
//
// Attempts: a dispatch writes the checkpoint files it carries into the
// unit's checkpoint folder (replacing what was there; HAWK_RESTORE_CHECKPOINT
// is then set to that folder too), starts the process (ProcessRunner) with
// the dispatch's env plus HAWK_CHECKPOINT_DIR, and sends task_update started.
// A dispatch that cannot start gives a failed task_update at once: exit code
// 127 when the program or working directory does not exist, 126 otherwise,
// outcome "could not start: ...". A dispatch repeating an attempt that runs
// is answered with started again; one repeating an attempt whose final
// update waits for its ack gets that update again.
//
// A dispatch with `after` naming an attempt whose process runs here waits
// (dispatched ahead, one per running attempt) and starts the moment that
// process ends, before its output is forwarded; it counts as running in
// register and heartbeats, and a cancel drops it unstarted (a failed final
// update, cancelled, with no exit code). When `after` does not run here,
// it starts at once.
//
// Output goes out as log messages (each at most log_chunk_bytes, at most
// log_bytes_per_poll per attempt and Poll, not splitting a UTF-8 character
// while the process runs). When a process ends, the rest of its output is
// forwarded — unless the worker is offline then: the log tail stands for it —
// and then its final task_update is sent: succeeded iff it exited with code 0
// and was neither cancelled nor timed out; exit code or signal, outcome
// (agent::DescribeExit), log tail, resource usage, and the checkpoint folder's
// files as they were when the process ended, when the folder is not empty
// and holds at most max_checkpoint_bytes (a bigger one is not sent; a
// "hawk: checkpoint not sent: ..." line at the end of the attempt's log, and
// so of its log messages and log tail, says so). Final updates are
// kept until an ack names them, and sent again after each reconnect.
//
// Drain (BeginDrain(), or a drain from the coordinator): sends drain, and
// refuses every later dispatch with an error {code "draining"} naming the
// attempt; running attempts go on. Finished() is true once nothing runs and
// every final update was acknowledged — or, while disconnected, once
// nothing runs.
//
// Files: <state_dir>/logs/<attempt>.log per attempt (made at its first
// output), <state_dir>/checkpoints/<workload>/<unit> per unit (ids made
// file-safe; a folder its task left empty is kept in
// <state_dir>/spare-folders for a later task: worker_files.h).
//
// Not thread-safe: one thread drives a WorkerCore. The Clock and the
// TelemetrySource are borrowed and must outlive it. The destructor kills and
// reaps every process still running.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "agent/process_runner.h"
#include "agent/telemetry.h"
#include "agent/worker_files.h"
#include "core/clock.h"
#include "core/device.h"
#include "core/units.h"
#include "protocol/messages.h"

namespace hawk::agent {

struct WorkerCoreOptions {
  WorkerProfile profile;  // profile.worker_id is the hello's worker id
  std::filesystem::path state_dir = ".hawk/worker";
  // Until a welcome sets another (a welcome's value <= 0 keeps this one).
  Duration heartbeat_interval = std::chrono::seconds(1);
  Duration kill_grace = std::chrono::seconds(5);  // SIGTERM -> SIGKILL on cancel or timeout
  bool track_usage = true;                        // per-attempt CPU, memory, disk
  std::string proc_root = "/proc";                // where usage tracking reads
  std::string sys_root = "/sys";
  // A bigger checkpoint folder is not sent (base64 makes it 4/3 on the wire,
  // and a message may hold at most 16 MiB).
  Bytes max_checkpoint_bytes = 8 * kMiB;
  std::size_t log_chunk_bytes = std::size_t{64} * 1024;       // one log message's data at most
  std::size_t log_bytes_per_poll = std::size_t{1024} * 1024;  // per attempt and Poll
  std::string agent = "hawk/0.1.0";                           // the hello's agent
  std::size_t max_offline_samples = 3600;  // kept while away; older ones are dropped
  std::size_t samples_per_message = 256;
  TelemetrySource* telemetry = nullptr;  // required; not owned
  // One line per thing worth telling an operator (an error from the
  // coordinator, a refused dispatch, a message of a kind a worker does not
  // expect). Optional.
  std::function<void(std::string_view)> on_notice;
};

class WorkerCore {
 public:
  // `clock` and `options.telemetry` (must not be null) are borrowed.
  WorkerCore(const Clock& clock, WorkerCoreOptions options);
  ~WorkerCore();
  WorkerCore(const WorkerCore&) = delete;
  WorkerCore& operator=(const WorkerCore&) = delete;

  // A connection is open: returns the hello to send first. Whatever was
  // waiting in the outgoing queue is dropped (final updates are sent again
  // after the welcome).
  std::vector<protocol::Message> OnConnected();
  // The connection is gone: the outgoing queue is emptied; final updates
  // stay kept; heartbeats and logs wait for the next welcome.
  void OnDisconnected();

  // A message from the coordinator. Replies and effects go to the outgoing
  // queue.
  void OnMessage(const protocol::Message& message);

  // Reads the processes' output and reaps the ones that ended, waiting up
  // to `max_wait` for one to write or end (not at all when none runs); then
  // queues log messages, final updates and the heartbeat when it is due.
  void Poll(std::chrono::milliseconds max_wait);
  // For a moment with nothing to send: makes a spare checkpoint folder when
  // few are kept, so that a dispatch renames folders instead of making
  // them (worker_files.h, SpareFolders).
  void PrepareFolders() { spare_folders_.TopUp(); }

  // Readable while a task's process has ended and Poll has not reaped it
  // (ProcessRunner::ExitsFd); -1 when unavailable. Borrowed.
  [[nodiscard]] int ExitsFd() const { return runner_.ExitsFd(); }

  // Sends drain (when not draining yet) and refuses later dispatches.
  void BeginDrain();

  // What to send, oldest first; empties the queue.
  std::vector<protocol::Message> TakeOutgoing();

  [[nodiscard]] bool Finished() const;
  [[nodiscard]] bool draining() const { return draining_; }
  [[nodiscard]] bool welcomed() const { return welcomed_; }
  [[nodiscard]] Duration heartbeat_interval() const { return heartbeat_interval_; }
  // The attempts whose processes run now, and those waiting to (after), sorted.
  [[nodiscard]] std::vector<std::string> RunningAttempts() const;
  // Final updates kept until acknowledged, in the order they were made.
  [[nodiscard]] std::vector<std::string> UnacknowledgedAttempts() const;
  [[nodiscard]] const WorkerCoreOptions& options() const { return options_; }

 private:
  struct Attempt {
    std::string workload_id;
    std::string unit_id;
    std::filesystem::path log_path;
    std::filesystem::path checkpoint_dir;
    std::uint64_t log_sent = 0;       // bytes of the log forwarded
    std::optional<ProcessExit> exit;  // set once the process ended
    // Taken when the process ended.
    std::optional<std::vector<protocol::CheckpointFile>> checkpoint;
  };

  void OnWelcome(const protocol::Welcome& welcome);
  void OnDispatch(const protocol::Dispatch& dispatch);
  // Starts a dispatch's process (or reports why it could not).
  void Launch(const protocol::Dispatch& dispatch);
  void OnCancel(const protocol::Cancel& cancel);
  void OnAck(const protocol::Ack& ack);
  void StartFailed(const protocol::Dispatch& dispatch, const Error& error);
  // The process ended: its checkpoint is read (what was not sent is noted
  // at the end of its log).
  void Ended(const std::string& attempt_id, Attempt& attempt, ProcessExit exit);
  // Forwards new output; true once everything in the log file was sent.
  bool ForwardLog(const std::string& attempt_id, Attempt& attempt);
  void Finish(const std::string& attempt_id, Attempt& attempt);
  void KeepFinal(protocol::TaskUpdate update);
  void Send(protocol::Message message);
  void Notice(std::string_view text) const;
  [[nodiscard]] bool Online() const { return connected_ && welcomed_; }
  [[nodiscard]] std::filesystem::path CheckpointDir(const std::string& workload_id,
                                                    const std::string& unit_id) const;

  const Clock& clock_;
  WorkerCoreOptions options_;
  ProcessRunner runner_;
  SpareFolders spare_folders_;  // for checkpoint folders
  Duration heartbeat_interval_;
  std::optional<TimePoint> last_heartbeat_;
  bool connected_ = false;
  bool welcomed_ = false;
  bool draining_ = false;
  std::map<std::string, Attempt> attempts_;  // running, or ended with output to forward
  // Dispatched ahead, by the running attempt each waits for.
  std::map<std::string, protocol::Dispatch> waiting_;
  std::deque<protocol::TaskUpdate> unacked_;  // final updates
  std::vector<protocol::Message> outgoing_;
  std::deque<protocol::Heartbeat> offline_samples_;  // taken while away, oldest first
};

}  // namespace hawk::agent
