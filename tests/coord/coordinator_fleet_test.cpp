// What workers report besides their tasks — drain and alerts — through the
// coordinator's public interface and its API.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "coord/api.h"
#include "coord/metrics_text.h"
#include "coord_test_support.h"

namespace hawk::coord {
namespace {

using namespace ::hawk::coord::test_support;  // NOLINT(google-build-using-namespace)

constexpr const char* kOne = R"(version: 1
name: one
tasks:
  - id: only
    run: "true"
)";

protocol::AlertReport Alert(TimePoint at, std::string metric, std::string severity, bool opened,
                            double value, std::optional<std::string> device = std::nullopt) {
  protocol::AlertReport a;
  a.at = at;
  a.resource = metric.starts_with("cpu") ? "cpu" : "temperature";
  a.device_id = std::move(device);
  a.metric = std::move(metric);
  a.severity = std::move(severity);
  a.opened = opened;
  a.value = value;
  a.threshold = 90;
  a.message = a.metric + (opened ? " opened" : " closed");
  return a;
}

std::vector<std::string> OpenKeys(const Coordinator& c) {
  std::vector<std::string> keys;
  for (const Coordinator::OpenAlert& a : c.OpenAlerts()) {
    keys.push_back(a.worker_id + "/" + a.alert.device_id.value_or("host") + "/" + a.alert.metric +
                   "/" + a.alert.severity);
  }
  return keys;
}

TEST_F(CoordTest, ADrainingWorkerGetsNoNewWorkAndTheOtherOneDoes) {
  const SessionId a = Join(CpuWorker("a", 4));
  Outbox drain;
  ASSERT_TRUE(coordinator_->Drain("a", drain));
  EXPECT_EQ(Of<protocol::Drain>(drain, a).size(), 1u);
  ASSERT_NE(coordinator_->engine().FindWorker("a"), nullptr);
  EXPECT_TRUE(coordinator_->engine().FindWorker("a")->draining);  // at once, not on the answer

  const std::string id = Submit(kOne);
  EXPECT_TRUE(Of<protocol::Dispatch>(Tick(), a).empty());
  const auto why = coordinator_->engine().Explain(id, "only");
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->text.find("draining"), std::string::npos) << why->text;

  const SessionId b = Join(CpuWorker("b", 1));
  const auto placed = Of<protocol::Dispatch>(Tick(), b);
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_EQ(placed[0].unit_id, "only");
}

TEST_F(CoordTest, TheDrainStandsAcrossARestartAndEndsWhenTheWorkerComesBackWithoutIt) {
  const SessionId a = Join(CpuWorker("a"));
  Send(a, protocol::Drain{});  // the worker's own drain (hawk worker --drain)
  Tick();
  Restart();
  EXPECT_TRUE(coordinator_->engine().FindWorker("a")->draining);  // replayed from the log

  // The same worker id comes back from a fresh process that does not drain.
  const SessionId again = coordinator_->Connect();
  Send(again, protocol::Hello{"a", protocol::kVersion, "test"});
  Send(again, protocol::Register{CpuWorker("a"), {}, /*draining=*/false, {}});
  EXPECT_FALSE(coordinator_->engine().FindWorker("a")->draining);
  Submit(kOne);
  EXPECT_EQ(Of<protocol::Dispatch>(Tick(), again).size(), 1u);
}

TEST_F(CoordTest, HeartbeatAlertsAreStoredAndTheOpenOnesKept) {
  const SessionId s = Join(CpuWorker("w1"));
  protocol::Heartbeat hb = Beat();
  hb.alerts = {Alert(kT0, "cpu_utilization_percent", "warning", true, 91),
               Alert(kT0, "temperature_celsius", "critical", true, 97, "gpu0")};
  Send(s, hb);
  EXPECT_EQ(OpenKeys(*coordinator_),  // the host's first
            (std::vector<std::string>{"w1/host/cpu_utilization_percent/warning",
                                      "w1/gpu0/temperature_celsius/critical"}));
  clock_.Advance(std::chrono::seconds(1));
  hb = Beat();
  hb.alerts = {Alert(clock_.Now(), "cpu_utilization_percent", "warning", false, 80)};
  Send(s, hb);
  EXPECT_EQ(OpenKeys(*coordinator_),
            (std::vector<std::string>{"w1/gpu0/temperature_celsius/critical"}));

  auto rows = store_->ListAlerts(AlertQuery{});
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[2].state, AlertState::kClosed);
  EXPECT_EQ((*rows)[2].resource, "cpu_utilization_percent");
  EXPECT_EQ((*rows)[2].worker_id, "w1");

  // The API, /metrics and the dashboard's overview see the open one.
  const ApiTokens tokens{"c", "w"};
  Outbox out;
  const ApiResponse open = HandleApi(
      *coordinator_, tokens, ApiRequest{"GET", "/api/v1/alerts?open=1", "Bearer c", ""}, out);
  ASSERT_EQ(open.status, 200) << open.body;
  const auto j = nlohmann::json::parse(open.body);
  ASSERT_EQ(j["alerts"].size(), 1u);
  EXPECT_EQ(j["alerts"][0]["device_id"], "gpu0");
  EXPECT_EQ(j["alerts"][0]["severity"], "critical");
  const ApiResponse bad = HandleApi(
      *coordinator_, tokens, ApiRequest{"GET", "/api/v1/alerts?open=maybe", "Bearer c", ""}, out);
  EXPECT_EQ(bad.status, 400);
  const std::string metrics = MetricsText(*coordinator_);
  EXPECT_NE(metrics.find("hawk_alerts_open{severity=\"critical\"} 1"), std::string::npos);
  EXPECT_NE(metrics.find("hawk_alerts_open{severity=\"warning\"} 0"), std::string::npos);
}

TEST_F(CoordTest, OpenAlertsComeBackAfterARestartAndARegisterReplacesThem) {
  const SessionId s = Join(CpuWorker("w1"));
  protocol::Heartbeat hb = Beat();
  hb.alerts = {Alert(kT0, "cpu_utilization_percent", "critical", true, 99)};
  Send(s, hb);
  Tick();
  Restart();
  EXPECT_EQ(OpenKeys(*coordinator_),
            (std::vector<std::string>{"w1/host/cpu_utilization_percent/critical"}));

  // The worker restarted too: what it reports open now is the truth.
  const SessionId again = coordinator_->Connect();
  Send(again, protocol::Hello{"w1", protocol::kVersion, "test"});
  Send(again, protocol::Register{CpuWorker("w1"),
                                 {},
                                 false,
                                 {Alert(kT0, "temperature_celsius", "warning", true, 85, "gpu0")}});
  EXPECT_EQ(OpenKeys(*coordinator_),
            (std::vector<std::string>{"w1/gpu0/temperature_celsius/warning"}));
}

TEST_F(CoordTest, SamplesFromWhileAwayAreHistoryNotThePresent) {
  const SessionId s = Join(CpuWorker("w1"));
  protocol::Heartbeat away = Beat();
  away.at = kT0 - std::chrono::seconds(30);
  away.cpu_utilization = Fraction::FromDouble(0.97);
  away.alerts = {Alert(away.at, "cpu_utilization_percent", "critical", true, 97)};
  protocol::Heartbeat later = away;
  later.at = kT0 - std::chrono::seconds(20);
  later.cpu_utilization = Fraction::FromDouble(0.10);
  later.alerts = {Alert(later.at, "cpu_utilization_percent", "critical", false, 10)};
  Send(s, protocol::Samples{{away, later}});

  EXPECT_TRUE(coordinator_->OpenAlerts().empty());
  auto alerts = store_->ListAlerts(AlertQuery{});
  ASSERT_TRUE(alerts);
  EXPECT_EQ(alerts->size(), 2u);
  UtilizationQuery q;
  q.worker_id = "w1";
  q.metric = "cpu_utilization_ratio";
  auto samples = store_->ListUtilization(q);
  ASSERT_TRUE(samples);
  ASSERT_EQ(samples->size(), 2u);
  EXPECT_EQ((*samples)[0].ts, away.at);
  EXPECT_DOUBLE_EQ((*samples)[0].value, 0.97);
  // The engine still has the live heartbeat's view, not the old one.
  EXPECT_DOUBLE_EQ(coordinator_->engine().FindWorker("w1")->cpu_utilization.ToDouble(), 0.0);
}

TEST_F(CoordTest, AWorkerThatDrainedAndLeftHasNoOpenAlerts) {
  const SessionId s = Join(CpuWorker("w1"));
  protocol::Heartbeat hb = Beat();
  hb.alerts = {Alert(kT0, "cpu_utilization_percent", "warning", true, 92)};
  Send(s, hb);
  Send(s, protocol::Drain{});
  coordinator_->OnDisconnect(s);
  EXPECT_TRUE(coordinator_->OpenAlerts().empty());
  EXPECT_FALSE(coordinator_->engine().FindWorker("w1")->connected);
}

}  // namespace
}  // namespace hawk::coord
