// `hawk run --notify`: the run's events and their delivery, below the
// command line.
#include "cli/run_notify.h"

#include <gtest/gtest.h>

#include <sstream>

namespace hawk::cli {
namespace {

const TimePoint kT0 = FromUnixMillis(1'767'225'600'000);

LocalRun RunWithIncidents(engine::WorkloadStatus status) {
  LocalRun run;
  run.workload_id = "nightly-1";
  run.status = status;
  run.status_reason = status == engine::WorkloadStatus::kFailed ? "train failed: exit code 3" : "";
  run.finished_at = kT0 + std::chrono::minutes(5);
  run.log.push_back(RunLogEntry{
      kT0 + std::chrono::seconds(30),
      engine::EngineCommand{engine::Notice{"unsatisfiable", "nightly-1", "big", "never fits"}},
      std::nullopt});
  run.log.push_back(RunLogEntry{kT0 + std::chrono::seconds(40), std::nullopt, "att-1"});
  run.log.push_back(RunLogEntry{
      kT0 + std::chrono::minutes(1),
      engine::EngineCommand{engine::Notice{"worker_lost", "", "local-1", "worker local-1 lost"}},
      std::nullopt});
  run.log.push_back(RunLogEntry{
      kT0 + std::chrono::minutes(2),
      engine::EngineCommand{engine::QuarantineDevice{"local-0", "gpu0", "3 device errors in 10m"}},
      std::nullopt});
  return run;
}

TEST(RunNotifyEvents, LostWorkersAndQuarantinesInOrderThenTheOutcome) {
  const auto events = RunNotifyEvents(RunWithIncidents(engine::WorkloadStatus::kFailed));
  ASSERT_EQ(events.size(), 3U);  // the other notice is not an event
  EXPECT_EQ(events[0].kind, notify::EventKind::kWorkerLost);
  EXPECT_EQ(events[0].at, kT0 + std::chrono::minutes(1));
  EXPECT_EQ(events[0].worker, "local-1");
  EXPECT_EQ(events[0].workload, "nightly-1");
  EXPECT_EQ(events[0].message, "worker local-1 lost");
  EXPECT_EQ(events[1].kind, notify::EventKind::kDeviceQuarantined);
  EXPECT_EQ(events[1].worker, "local-0");
  EXPECT_EQ(events[1].device, "gpu0");
  EXPECT_EQ(events[1].message, "3 device errors in 10m");
  EXPECT_EQ(events[2].kind, notify::EventKind::kWorkloadFailed);
  EXPECT_EQ(events[2].at, kT0 + std::chrono::minutes(5));
  EXPECT_EQ(events[2].status, "failed");
  EXPECT_EQ(events[2].message, "train failed: exit code 3");
}

TEST(RunNotifyEvents, ASucceededRunFinishes) {
  const auto events = RunNotifyEvents(RunWithIncidents(engine::WorkloadStatus::kSucceeded));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, notify::EventKind::kWorkloadFinished);
  EXPECT_EQ(events.back().status, "succeeded");
}

TEST(SendRunNotifications, EachSubscribedChannelOnceAndFailuresAsWarnings) {
  auto config = notify::ParseNotifyConfig(R"(
channels:
  - name: ops
    type: webhook
    url: https://ops.example.com/hook
    events: [workload_failed, device_quarantined]
  - name: team
    type: slack
    url_env: TEAM_SLACK_URL
    events: [worker_lost]
)",
                                          "notify.yaml");
  ASSERT_TRUE(config) << config.error().ToString();
  const notify::EnvLookup no_env = [](const std::string&) { return std::nullopt; };
  std::ostringstream sent;
  std::ostringstream out;
  std::ostringstream err;
  notify::DryRunTransport transport(sent);
  const std::size_t failures = SendRunNotifications(
      *config, RunNotifyEvents(RunWithIncidents(engine::WorkloadStatus::kFailed)), transport,
      no_env, /*dry_run=*/true, out, err);
  EXPECT_EQ(failures, 1U);
  EXPECT_EQ(out.str(),
            "would send device_quarantined to ops (webhook)\n"
            "would send workload_failed to ops (webhook)\n");
  EXPECT_NE(err.str().find("hawk: warning: worker_lost not delivered: "), std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("TEAM_SLACK_URL"), std::string::npos) << err.str();
  EXPECT_NE(sent.str().find("POST https://ops.example.com/hook"), std::string::npos) << sent.str();
}

}  // namespace
}  // namespace hawk::cli
