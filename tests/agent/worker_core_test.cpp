#include "agent/worker_core.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>

#include "worker_test_support.h"

namespace hawk::agent {
namespace {

using std::chrono::milliseconds;
using testing::Finals;
using testing::Of;
using testing::PumpUntil;
using testing::PumpUntilFinals;
using testing::PumpUntilKept;
using testing::ReadFile;
using testing::ShellDispatch;

class WorkerCoreTest : public testing::ScratchDirTest {
 protected:
  WorkerCoreOptions Options(const std::string& state = "state") {
    WorkerCoreOptions o;
    o.profile.worker_id = "w1";
    o.profile.hostname = "host-1";
    o.profile.cpu_slots = 4;
    o.state_dir = dir_ / state;
    o.track_usage = false;
    o.telemetry = &telemetry_;
    o.on_notice = [this](std::string_view line) { notices_.emplace_back(line); };
    return o;
  }
  std::unique_ptr<WorkerCore> Make(WorkerCoreOptions o) {
    return std::make_unique<WorkerCore>(clock_, std::move(o));
  }
  // Connected and welcomed, with the register taken.
  std::unique_ptr<WorkerCore> Online(WorkerCoreOptions o) {
    auto core = Make(std::move(o));
    Welcome(*core);
    return core;
  }
  static std::vector<protocol::Message> Welcome(WorkerCore& core,
                                                std::int64_t heartbeat_interval_ms = 60'000) {
    core.OnConnected();
    core.OnMessage(protocol::Welcome{"w1", heartbeat_interval_ms});
    return core.TakeOutgoing();
  }
  // Runs one dispatch to its end; returns what the core sent meanwhile.
  std::vector<protocol::Message> RunToEnd(WorkerCore& core, const protocol::Dispatch& d) {
    core.OnMessage(d);
    return PumpUntilFinals(core, 1);
  }

  ManualClock clock_{FromUnixMillis(1'767'225'600'000)};
  testing::FakeTelemetry telemetry_;
  std::vector<std::string> notices_;
};

TEST_F(WorkerCoreTest, HelloFirstThenRegisterOnlyAfterTheWelcome) {
  auto core = Make(Options());
  const std::vector<protocol::Message> hello = core->OnConnected();
  ASSERT_EQ(hello.size(), 1U);
  ASSERT_TRUE(std::holds_alternative<protocol::Hello>(hello[0]));
  EXPECT_EQ(std::get<protocol::Hello>(hello[0]).worker_id, "w1");
  EXPECT_EQ(std::get<protocol::Hello>(hello[0]).version, protocol::kVersion);
  core->Poll(milliseconds(0));
  EXPECT_TRUE(core->TakeOutgoing().empty()) << "nothing but the hello before the welcome";
  EXPECT_FALSE(core->welcomed());

  core->OnMessage(protocol::Welcome{"w1", 2500});
  const std::vector<protocol::Message> sent = core->TakeOutgoing();
  ASSERT_EQ(sent.size(), 2U);
  const auto* reg = std::get_if<protocol::Register>(&sent[0]);
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(reg->profile.worker_id, "w1");
  EXPECT_EQ(reg->profile.cpu_slots, 4U);
  EXPECT_TRUE(reg->running_attempts.empty());
  EXPECT_FALSE(reg->draining);
  // The sample the poll before the welcome took goes out as history.
  const auto* samples = std::get_if<protocol::Samples>(&sent[1]);
  ASSERT_NE(samples, nullptr);
  ASSERT_EQ(samples->heartbeats.size(), 1U);
  EXPECT_EQ(samples->heartbeats[0].at, clock_.Now());
  EXPECT_EQ(core->heartbeat_interval(), milliseconds(2500));
}

TEST_F(WorkerCoreTest, HeartbeatRightAfterTheWelcomeThenEveryInterval) {
  telemetry_.next.cpu_utilization = Fraction::FromPartsPer10k(2500);
  telemetry_.next.cpu_temperature_celsius = 51.5;
  auto core = Make(Options());
  Welcome(*core, 2000);
  core->Poll(milliseconds(0));
  std::vector<protocol::Heartbeat> beats = Of<protocol::Heartbeat>(core->TakeOutgoing());
  ASSERT_EQ(beats.size(), 1U);
  EXPECT_EQ(beats[0].at, clock_.Now());
  EXPECT_EQ(beats[0].cpu_utilization, Fraction::FromPartsPer10k(2500));
  EXPECT_EQ(beats[0].cpu_temperature_celsius, 51.5);

  clock_.Advance(milliseconds(1999));
  core->Poll(milliseconds(0));
  EXPECT_TRUE(core->TakeOutgoing().empty());
  clock_.Advance(milliseconds(1));
  core->Poll(milliseconds(0));
  beats = Of<protocol::Heartbeat>(core->TakeOutgoing());
  ASSERT_EQ(beats.size(), 1U);
  EXPECT_EQ(beats[0].at, clock_.Now());
  EXPECT_EQ(telemetry_.samples, 2);
}

TEST_F(WorkerCoreTest, SamplesTakenWhileAwayGoOutAfterTheWelcomeNewestKept) {
  WorkerCoreOptions o = Options();
  o.max_offline_samples = 3;
  o.samples_per_message = 2;
  auto core = Online(std::move(o));
  core->Poll(milliseconds(0));
  ASSERT_EQ(Of<protocol::Heartbeat>(core->TakeOutgoing()).size(), 1U);
  core->OnDisconnected();
  std::vector<TimePoint> taken;
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(milliseconds(60'000));
    telemetry_.next.alerts = {protocol::AlertReport{clock_.Now(), "cpu", std::nullopt,
                                                    "cpu_utilization_percent", "warning",
                                                    i % 2 == 0, 90.0 + i, 90, ""}};
    core->Poll(milliseconds(0));
    taken.push_back(clock_.Now());
  }
  EXPECT_TRUE(core->TakeOutgoing().empty());
  EXPECT_EQ(telemetry_.samples, 6);

  const std::vector<protocol::Message> sent = Welcome(*core);
  const std::vector<protocol::Samples> batches = Of<protocol::Samples>(sent);
  ASSERT_EQ(batches.size(), 2U);
  ASSERT_EQ(batches[0].heartbeats.size(), 2U);
  ASSERT_EQ(batches[1].heartbeats.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<protocol::Register>(sent[0]));
  // The newest three, oldest first, alerts and all.
  EXPECT_EQ(batches[0].heartbeats[0].at, taken[2]);
  EXPECT_EQ(batches[0].heartbeats[1].at, taken[3]);
  EXPECT_EQ(batches[1].heartbeats[0].at, taken[4]);
  ASSERT_EQ(batches[1].heartbeats[0].alerts.size(), 1U);
  EXPECT_EQ(batches[1].heartbeats[0].alerts[0].value, 94.0);
  // Sent once: a second reconnect has nothing to add.
  core->OnDisconnected();
  EXPECT_TRUE(Of<protocol::Samples>(Welcome(*core)).empty());
}

TEST_F(WorkerCoreTest, RegisterSaysWhetherItDrainsAndWhichAlertsAreOpen) {
  telemetry_.open = {protocol::AlertReport{clock_.Now(), "temperature", "gpu0",
                                           "temperature_celsius", "critical", true, 96, 95, ""}};
  auto core = Online(Options());
  core->BeginDrain();
  core->TakeOutgoing();
  core->OnDisconnected();
  const std::vector<protocol::Message> sent = Welcome(*core);
  const auto registers = Of<protocol::Register>(sent);
  ASSERT_EQ(registers.size(), 1U);
  EXPECT_TRUE(registers[0].draining);
  EXPECT_EQ(registers[0].alerts, telemetry_.open);
}

TEST_F(WorkerCoreTest, AWelcomeWithoutAnIntervalKeepsTheConfiguredOne) {
  WorkerCoreOptions o = Options();
  o.heartbeat_interval = milliseconds(700);
  auto core = Make(std::move(o));
  Welcome(*core, 0);
  EXPECT_EQ(core->heartbeat_interval(), milliseconds(700));
}

TEST_F(WorkerCoreTest, TrueSucceedsWithStartedThenFinalUpdate) {
  auto core = Online(Options());
  const std::vector<protocol::Message> sent = RunToEnd(*core, ShellDispatch("a1", "true"));
  const auto updates = Of<protocol::TaskUpdate>(sent);
  ASSERT_EQ(updates.size(), 2U);
  EXPECT_EQ(updates[0].attempt_id, "a1");
  EXPECT_EQ(updates[0].state, protocol::TaskState::kStarted);
  const protocol::TaskUpdate& final_update = updates[1];
  EXPECT_EQ(final_update.state, protocol::TaskState::kSucceeded);
  EXPECT_EQ(final_update.exit_code, 0);
  EXPECT_FALSE(final_update.signal);
  EXPECT_FALSE(final_update.timed_out);
  EXPECT_FALSE(final_update.cancelled);
  EXPECT_EQ(final_update.outcome, "exit code 0");
  EXPECT_FALSE(final_update.checkpoint) << "the task wrote no checkpoint";
  EXPECT_FALSE(final_update.usage) << "usage tracking is off";
  EXPECT_EQ(core->UnacknowledgedAttempts(), std::vector<std::string>{"a1"});
  EXPECT_TRUE(core->RunningAttempts().empty());
}

TEST_F(WorkerCoreTest, NonZeroExitFailsWithItsCode) {
  auto core = Online(Options());
  const auto finals = Finals(RunToEnd(*core, ShellDispatch("a1", "exit 3")));
  ASSERT_EQ(finals.size(), 1U);
  EXPECT_EQ(finals[0].state, protocol::TaskState::kFailed);
  EXPECT_EQ(finals[0].exit_code, 3);
  EXPECT_EQ(finals[0].outcome, "exit code 3");
}

TEST_F(WorkerCoreTest, TrackedUsageRidesInTheFinalUpdate) {
  WorkerCoreOptions o = Options();
  o.track_usage = true;
  auto core = Online(std::move(o));
  const auto finals = Finals(RunToEnd(*core, ShellDispatch("a1", "true")));
  ASSERT_EQ(finals.size(), 1U);
  ASSERT_TRUE(finals[0].usage);
  EXPECT_GE(finals[0].usage->samples, 1U);
  EXPECT_GE(finals[0].usage->cpu_seconds, 0.0);
}

TEST_F(WorkerCoreTest, OutputGoesOutAsLogMessagesBeforeTheFinalUpdate) {
  WorkerCoreOptions o = Options();
  o.log_chunk_bytes = 4;
  auto core = Online(std::move(o));
  const std::vector<protocol::Message> sent =
      RunToEnd(*core, ShellDispatch("a1", "echo hello; echo world >&2"));
  std::string output;
  std::uint64_t next_offset = 0;
  std::size_t final_index = sent.size();
  for (std::size_t i = 0; i < sent.size(); ++i) {
    if (const auto* log = std::get_if<protocol::Log>(&sent[i])) {
      EXPECT_LT(i, final_index) << "a log message after the final update";
      EXPECT_EQ(log->attempt_id, "a1");
      EXPECT_EQ(log->offset, next_offset);
      EXPECT_LE(log->data.size(), 4U);
      next_offset += log->data.size();
      output += log->data;
    }
    const auto* update = std::get_if<protocol::TaskUpdate>(&sent[i]);
    if (update != nullptr && update->state != protocol::TaskState::kStarted) final_index = i;
  }
  EXPECT_EQ(output, "hello\nworld\n");
  EXPECT_EQ(ReadFile(dir_ / "state" / "logs" / "a1.log"), "hello\nworld\n");
  ASSERT_LT(final_index, sent.size());
  EXPECT_EQ(std::get<protocol::TaskUpdate>(sent[final_index]).log_tail, "hello\nworld\n");
}

TEST_F(WorkerCoreTest, ACheckpointGoesOutAndADispatchCarryingItRestoresIt) {
  auto first = Online(Options("first"));
  const auto finals =
      Finals(RunToEnd(*first, ShellDispatch("a1",
                                            "mkdir -p \"$HAWK_CHECKPOINT_DIR/step\" && "
                                            "printf 3 > \"$HAWK_CHECKPOINT_DIR/step/state\" && "
                                            "printf x > \"$HAWK_CHECKPOINT_DIR/top\"",
                                            "train")));
  ASSERT_EQ(finals.size(), 1U);
  ASSERT_TRUE(finals[0].checkpoint);
  const std::vector<protocol::CheckpointFile> expected = {{"step/state", "3"}, {"top", "x"}};
  EXPECT_EQ(*finals[0].checkpoint, expected);
  EXPECT_EQ(ReadFile(dir_ / "first" / "checkpoints" / "wl" / "train" / "step" / "state"), "3");

  // Another worker (another state folder) resumes from it; what the folder
  // held before is replaced.
  const auto stale = dir_ / "second" / "checkpoints" / "wl" / "train" / "stale";
  std::filesystem::create_directories(stale.parent_path());
  std::ofstream(stale) << "old";
  auto second = Online(Options("second"));
  protocol::Dispatch retry = ShellDispatch(
      "a2",
      "cat \"$HAWK_CHECKPOINT_DIR/step/state\"; ls \"$HAWK_CHECKPOINT_DIR\"; "
      "test \"$HAWK_RESTORE_CHECKPOINT\" = \"$HAWK_CHECKPOINT_DIR\" && echo restore-set",
      "train");
  retry.checkpoint = finals[0].checkpoint;
  const auto resumed = Finals(RunToEnd(*second, retry));
  ASSERT_EQ(resumed.size(), 1U);
  EXPECT_EQ(resumed[0].state, protocol::TaskState::kSucceeded);
  EXPECT_EQ(resumed[0].log_tail, "3step\ntop\nrestore-set\n");
}

TEST_F(WorkerCoreTest, TheFolderOfATaskThatWroteNoCheckpointBecomesTheNextTasksFolder) {
  auto core = Online(Options());
  const std::filesystem::path checkpoints = dir_ / "state" / "checkpoints" / "wl";
  const std::filesystem::path spares = dir_ / "state" / "spare-folders";
  auto count = [](const std::filesystem::path& folder) {
    return std::distance(std::filesystem::directory_iterator(folder),
                         std::filesystem::directory_iterator());
  };
  ASSERT_EQ(Finals(RunToEnd(*core, ShellDispatch("a1", "test -d \"$HAWK_CHECKPOINT_DIR\"", "t1")))
                .at(0)
                .state,
            protocol::TaskState::kSucceeded);
  EXPECT_FALSE(std::filesystem::exists(checkpoints / "t1")) << "left empty: taken back";
  EXPECT_EQ(count(spares), 1);

  ASSERT_EQ(
      Finals(RunToEnd(*core, ShellDispatch("a2", "touch \"$HAWK_CHECKPOINT_DIR/state\"", "t2")))
          .at(0)
          .state,
      protocol::TaskState::kSucceeded);
  EXPECT_TRUE(std::filesystem::exists(checkpoints / "t2" / "state")) << "written to: kept";
  EXPECT_EQ(count(spares), 0) << "the spare became t2's folder";
}

TEST_F(WorkerCoreTest, ACheckpointOverTheLimitIsNotSentAndTheLogSaysSo) {
  WorkerCoreOptions o = Options();
  o.max_checkpoint_bytes = 4;
  auto core = Online(std::move(o));
  const std::vector<protocol::Message> sent =
      RunToEnd(*core, ShellDispatch("a1", "printf 0123456789 > \"$HAWK_CHECKPOINT_DIR/big\""));
  const auto finals = Finals(sent);
  ASSERT_EQ(finals.size(), 1U);
  EXPECT_EQ(finals[0].state, protocol::TaskState::kSucceeded);
  EXPECT_FALSE(finals[0].checkpoint);
  const std::string note = "hawk: checkpoint not sent: 10B is more than the limit of 4B\n";
  EXPECT_EQ(ReadFile(dir_ / "state" / "logs" / "a1.log"), note);
  EXPECT_EQ(finals[0].log_tail, note);
  std::string forwarded;
  for (const protocol::Log& log : Of<protocol::Log>(sent)) forwarded += log.data;
  EXPECT_EQ(forwarded, note) << "the coordinator gets the note with the log";
  ASSERT_EQ(notices_.size(), 1U);
  EXPECT_EQ(notices_[0], "attempt a1: checkpoint not sent: 10B is more than the limit of 4B");
}

TEST_F(WorkerCoreTest, AProgramThatDoesNotExistFailsWith127WithoutStarting) {
  auto core = Online(Options());
  protocol::Dispatch d = ShellDispatch("a1", "");
  d.command.shell.reset();
  d.command.argv = {"hawk-no-such-program-for-the-test"};
  core->OnMessage(d);
  const std::vector<protocol::Message> sent = core->TakeOutgoing();
  const auto updates = Of<protocol::TaskUpdate>(sent);
  ASSERT_EQ(updates.size(), 1U);
  EXPECT_EQ(updates[0].state, protocol::TaskState::kFailed);
  EXPECT_EQ(updates[0].exit_code, 127);
  EXPECT_TRUE(updates[0].outcome.starts_with("could not start: ")) << updates[0].outcome;
  EXPECT_NE(updates[0].outcome.find("hawk-no-such-program-for-the-test"), std::string::npos);
  EXPECT_EQ(core->UnacknowledgedAttempts(), std::vector<std::string>{"a1"});
}

TEST_F(WorkerCoreTest, ACheckpointFileOutsideItsFolderFailsTheStartWith126) {
  auto core = Online(Options());
  protocol::Dispatch d = ShellDispatch("a1", "true");
  d.checkpoint = std::vector<protocol::CheckpointFile>{{"../escape", "x"}};
  core->OnMessage(d);
  const auto finals = Finals(core->TakeOutgoing());
  ASSERT_EQ(finals.size(), 1U);
  EXPECT_EQ(finals[0].exit_code, 126);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "state" / "checkpoints" / "wl" / "escape"));
}

TEST_F(WorkerCoreTest, CancelTerminatesTheProcess) {
  auto core = Online(Options());
  core->OnMessage(ShellDispatch("a1", "exec sleep 30"));
  EXPECT_EQ(core->RunningAttempts(), std::vector<std::string>{"a1"});
  core->OnMessage(protocol::Cancel{"a1", "workload cancelled"});
  const auto finals = Finals(PumpUntilFinals(*core, 1));
  ASSERT_EQ(finals.size(), 1U);
  EXPECT_EQ(finals[0].state, protocol::TaskState::kFailed);
  EXPECT_TRUE(finals[0].cancelled);
  EXPECT_EQ(finals[0].signal, SIGTERM);
  EXPECT_EQ(finals[0].outcome, "cancelled (workload cancelled), killed by SIGTERM");
}

TEST_F(WorkerCoreTest, ADispatchAheadWaitsForItsAttemptAndStartsTheMomentItEnds) {
  auto core = Online(Options());
  core->OnMessage(ShellDispatch("a1", "exec sleep 30", "u1"));
  protocol::Dispatch next = ShellDispatch("a2", "echo second", "u2");
  next.after = "a1";
  core->OnMessage(next);
  std::vector<protocol::Message> sent = core->TakeOutgoing();
  ASSERT_EQ(Of<protocol::TaskUpdate>(sent).size(), 1U);  // a1 started; a2 waits
  EXPECT_EQ(core->RunningAttempts(), (std::vector<std::string>{"a1", "a2"}));
  core->OnMessage(next);  // sent again (a reconnect): still waiting, once
  EXPECT_TRUE(core->TakeOutgoing().empty());

  core->OnMessage(protocol::Cancel{"a1", "enough"});
  sent = PumpUntilFinals(*core, 2);
  const auto updates = Of<protocol::TaskUpdate>(sent);
  ASSERT_EQ(updates.size(), 3U);
  EXPECT_EQ(updates[0].attempt_id, "a2");  // started before a1's result went out
  EXPECT_EQ(updates[0].state, protocol::TaskState::kStarted);
  EXPECT_EQ(updates[1].attempt_id, "a1");
  EXPECT_TRUE(updates[1].cancelled);
  EXPECT_EQ(updates[2].attempt_id, "a2");
  EXPECT_EQ(updates[2].state, protocol::TaskState::kSucceeded);
  EXPECT_EQ(ReadFile(dir_ / "state" / "logs" / "a2.log"), "second\n");
}

TEST_F(WorkerCoreTest, ADispatchAheadOfAnAttemptThatDoesNotRunHereStartsAtOnce) {
  auto core = Online(Options());
  protocol::Dispatch d = ShellDispatch("a2", "true");
  d.after = "a1";
  const auto updates = Of<protocol::TaskUpdate>(RunToEnd(*core, d));
  ASSERT_EQ(updates.size(), 2U);
  EXPECT_EQ(updates[0].state, protocol::TaskState::kStarted);
  EXPECT_EQ(updates[1].state, protocol::TaskState::kSucceeded);
}

TEST_F(WorkerCoreTest, ACancelDropsADispatchAheadBeforeItStarts) {
  auto core = Online(Options());
  core->OnMessage(ShellDispatch("a1", "exec sleep 30", "u1"));
  protocol::Dispatch next = ShellDispatch("a2", "touch '" + (dir_ / "ran").string() + "'", "u2");
  next.after = "a1";
  core->OnMessage(next);
  core->TakeOutgoing();
  core->OnMessage(protocol::Cancel{"a2", "workload cancelled"});
  const auto dropped = Finals(core->TakeOutgoing());
  ASSERT_EQ(dropped.size(), 1U);
  EXPECT_EQ(dropped[0].attempt_id, "a2");
  EXPECT_EQ(dropped[0].state, protocol::TaskState::kFailed);
  EXPECT_TRUE(dropped[0].cancelled);
  EXPECT_FALSE(dropped[0].exit_code);
  EXPECT_EQ(dropped[0].outcome, "cancelled before it started: workload cancelled");
  EXPECT_EQ(core->RunningAttempts(), std::vector<std::string>{"a1"});

  core->OnMessage(protocol::Cancel{"a1", "workload cancelled"});
  const auto rest = Of<protocol::TaskUpdate>(PumpUntilFinals(*core, 1));
  ASSERT_EQ(rest.size(), 1U);
  EXPECT_EQ(rest[0].attempt_id, "a1");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "ran"));
  EXPECT_EQ(core->UnacknowledgedAttempts(), (std::vector<std::string>{"a2", "a1"}));
}

TEST_F(WorkerCoreTest, TheDispatchTimeoutFiresOnTheInjectedClock) {
  auto core = Online(Options());
  protocol::Dispatch d = ShellDispatch("a1", "exec sleep 30");
  d.timeout_ms = 1000;
  core->OnMessage(d);
  core->Poll(milliseconds(0));
  clock_.Advance(milliseconds(1001));
  const auto finals = Finals(PumpUntilFinals(*core, 1));
  ASSERT_EQ(finals.size(), 1U);
  EXPECT_TRUE(finals[0].timed_out);
  EXPECT_EQ(finals[0].state, protocol::TaskState::kFailed);
}

TEST_F(WorkerCoreTest, AFinalUpdateIsKeptWhileDisconnectedAndSentAgainUntilAcknowledged) {
  auto core = Online(Options());
  core->OnMessage(ShellDispatch("a1", "echo out; exit 4"));
  core->OnDisconnected();
  PumpUntilKept(*core, 1);
  ASSERT_EQ(core->UnacknowledgedAttempts(), std::vector<std::string>{"a1"});

  for (int reconnect = 0; reconnect < 2; ++reconnect) {
    const std::vector<protocol::Message> sent = Welcome(*core);
    // The sample taken while away goes out once, after the final update.
    const std::size_t samples = reconnect == 0 ? 1 : 0;
    ASSERT_EQ(sent.size(), 2U + samples);
    EXPECT_EQ(Of<protocol::Samples>(sent).size(), samples);
    EXPECT_TRUE(std::holds_alternative<protocol::Register>(sent[0]));
    EXPECT_TRUE(std::get<protocol::Register>(sent[0]).running_attempts.empty());
    const auto finals = Finals(sent);
    ASSERT_EQ(finals.size(), 1U);
    EXPECT_EQ(finals[0].attempt_id, "a1");
    EXPECT_EQ(finals[0].exit_code, 4);
    EXPECT_EQ(finals[0].log_tail, "out\n");
    core->OnDisconnected();
  }
  Welcome(*core);
  core->OnMessage(protocol::Ack{{"a1"}});
  EXPECT_TRUE(core->UnacknowledgedAttempts().empty());
  core->OnDisconnected();
  const std::vector<protocol::Message> sent = Welcome(*core);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<protocol::Register>(sent[0]));
}

TEST_F(WorkerCoreTest, ReconnectRegistersRunningAttemptsAndResumesTheirLog) {
  // The task waits for a line on a FIFO the test writes once reconnected.
  const std::filesystem::path fifo = dir_ / "go";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto core = Online(Options());
  core->OnMessage(
      ShellDispatch("a1", "echo before; read line < '" + fifo.string() + "'; echo \"$line\""));
  core->TakeOutgoing();
  core->OnDisconnected();
  core->Poll(milliseconds(0));
  EXPECT_TRUE(core->TakeOutgoing().empty());
  const std::vector<protocol::Message> sent = Welcome(*core);
  ASSERT_FALSE(sent.empty());
  const auto* reg = std::get_if<protocol::Register>(&sent[0]);
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(reg->running_attempts, std::vector<std::string>{"a1"});

  const int writer = ::open(fifo.c_str(), O_RDWR);  // does not wait for the reader
  ASSERT_GE(writer, 0);
  ASSERT_EQ(::write(writer, "after\n", 6), 6);
  const std::vector<protocol::Message> rest = PumpUntilFinals(*core, 1);
  ::close(writer);
  std::string output;
  for (const protocol::Log& log : Of<protocol::Log>(rest)) output += log.data;
  EXPECT_EQ(output, "before\nafter\n") << "forwarding resumed where it stopped";
  EXPECT_FALSE(Of<protocol::Heartbeat>(rest).empty());
}

TEST_F(WorkerCoreTest, HeartbeatsListTheRunningAttempts) {
  auto core = Online(Options());
  core->OnMessage(ShellDispatch("a1", "exec sleep 30"));
  core->Poll(milliseconds(0));
  const auto beats = Of<protocol::Heartbeat>(core->TakeOutgoing());
  ASSERT_EQ(beats.size(), 1U);
  EXPECT_EQ(beats[0].running_attempts, std::vector<std::string>{"a1"});
}

TEST_F(WorkerCoreTest, ARepeatedDispatchIsNotRunTwice) {
  auto core = Online(Options());
  const auto first = Finals(RunToEnd(*core, ShellDispatch("a1", "echo once")));
  ASSERT_EQ(first.size(), 1U);
  core->OnMessage(ShellDispatch("a1", "echo once"));
  const std::vector<protocol::Message> again = core->TakeOutgoing();
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(Finals(again), first) << "the kept result, not a second run";
  EXPECT_EQ(ReadFile(dir_ / "state" / "logs" / "a1.log"), "once\n");

  core->OnMessage(ShellDispatch("a2", "exec sleep 30"));
  core->OnMessage(ShellDispatch("a2", "exec sleep 30"));
  const auto updates = Of<protocol::TaskUpdate>(core->TakeOutgoing());
  ASSERT_EQ(updates.size(), 2U);
  EXPECT_EQ(updates[1].state, protocol::TaskState::kStarted);
  EXPECT_EQ(core->RunningAttempts(), std::vector<std::string>{"a2"});
}

TEST_F(WorkerCoreTest, DrainRefusesDispatchesAndFinishesWhenIdleAndAcknowledged) {
  auto core = Online(Options());
  core->OnMessage(ShellDispatch("a1", "exec sleep 30"));
  core->TakeOutgoing();
  core->BeginDrain();
  EXPECT_TRUE(core->draining());
  std::vector<protocol::Message> sent = core->TakeOutgoing();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<protocol::Drain>(sent[0]));

  core->OnMessage(ShellDispatch("a2", "true"));
  sent = core->TakeOutgoing();
  ASSERT_EQ(sent.size(), 1U);
  const auto* error = std::get_if<protocol::Error>(&sent[0]);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, "draining");
  EXPECT_NE(error->message.find("a2"), std::string::npos);
  EXPECT_EQ(core->RunningAttempts(), std::vector<std::string>{"a1"});
  EXPECT_FALSE(core->Finished()) << "a1 still runs";

  core->OnMessage(protocol::Cancel{"a1", "leaving"});
  PumpUntilFinals(*core, 1);
  EXPECT_FALSE(core->Finished()) << "a1's result is not acknowledged";
  core->OnMessage(protocol::Ack{{"a1"}});
  EXPECT_TRUE(core->Finished());
}

TEST_F(WorkerCoreTest, DrainFromTheCoordinatorIsAnsweredAndSentAgainAfterReconnect) {
  auto core = Online(Options());
  EXPECT_FALSE(core->Finished());
  core->OnMessage(protocol::Drain{});
  EXPECT_TRUE(core->draining());
  EXPECT_EQ(Of<protocol::Drain>(core->TakeOutgoing()).size(), 1U);
  EXPECT_TRUE(core->Finished());
  core->OnDisconnected();
  const std::vector<protocol::Message> sent = Welcome(*core);
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_TRUE(std::holds_alternative<protocol::Register>(sent[0]));
  EXPECT_TRUE(std::holds_alternative<protocol::Drain>(sent[1]));
}

TEST_F(WorkerCoreTest, WhileDisconnectedDrainFinishesOnceNothingRuns) {
  auto core = Online(Options());
  core->OnMessage(ShellDispatch("a1", "true"));
  core->OnDisconnected();
  core->BeginDrain();
  PumpUntilKept(*core, 1);
  EXPECT_TRUE(core->Finished()) << "nothing runs; the result cannot be delivered";
}

TEST_F(WorkerCoreTest, ErrorsFromTheCoordinatorAreTold) {
  auto core = Online(Options());
  core->OnMessage(protocol::Error{"bad_field", "heartbeat.devices[0].utilization: over 1"});
  ASSERT_EQ(notices_.size(), 1U);
  EXPECT_EQ(notices_[0], "coordinator error bad_field: heartbeat.devices[0].utilization: over 1");
  EXPECT_TRUE(core->TakeOutgoing().empty());
  core->OnMessage(protocol::Cancel{"nope", "x"});
  EXPECT_EQ(notices_.size(), 2U);
}

}  // namespace
}  // namespace hawk::agent
