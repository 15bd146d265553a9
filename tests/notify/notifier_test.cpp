#include <gtest/gtest.h>

#include <sstream>

#include "http_receiver.h"
#include "notify/notifier.h"
#include "notify_test_support.h"
#include "smtp_sink.h"

namespace hawk::notify {
namespace {

using testing::ConfigOf;
using testing::EnvOf;
using testing::HttpReceiver;
using testing::NightlyFailed;
using testing::SmtpSink;

// Records what it is asked to send; fails for the channels named in `fail`.
class RecordingTransport final : public Transport {
 public:
  explicit RecordingTransport(std::vector<std::string> fail = {}) : fail_(std::move(fail)) {}
  Result<Delivery> Send(const OutgoingMessage& message) override {
    sent.push_back(message.channel);
    for (const std::string& name : fail_) {
      if (name == message.channel) return MakeError(ErrorCode::kUnavailable, "down", name);
    }
    return Delivery{"ok", 200};
  }
  std::vector<std::string> sent;

 private:
  std::vector<std::string> fail_;
};

constexpr const char* kFourChannels = R"(
channels:
  - {name: all, type: webhook, url: 'http://127.0.0.1:9/a'}
  - {name: failures, type: slack, url: 'https://hooks.example.com/x', events: [workload_failed]}
  - {name: alerts, type: slack, url: 'https://hooks.example.com/y', events: [critical_alert]}
  - {name: gh, type: github, repo: a/b, events: [workload_finished, workload_failed]}
)";

TEST(Notifier, SendsOnlyToSubscribedChannelsInFileOrder) {
  const NotifyConfig config = ConfigOf(kFourChannels);
  RecordingTransport transport;
  const NotifyReport report =
      Notify(config, NightlyFailed(), transport, EnvOf({{"GITHUB_TOKEN", "t"}}));
  EXPECT_EQ(transport.sent, (std::vector<std::string>{"all", "failures", "gh"}));
  EXPECT_EQ(report.not_subscribed, (std::vector<std::string>{"alerts"}));
  ASSERT_EQ(report.outcomes.size(), 3u);
  EXPECT_EQ(report.outcomes[2].type, ChannelType::kGithub);
  EXPECT_TRUE(report.all_delivered());

  NotifyEvent alert;
  alert.kind = EventKind::kCriticalAlert;
  RecordingTransport alerts;
  const NotifyReport alert_report = Notify(config, alert, alerts, EnvOf({}));
  EXPECT_EQ(alerts.sent, (std::vector<std::string>{"all", "alerts"}));
  EXPECT_EQ(alert_report.not_subscribed, (std::vector<std::string>{"failures", "gh"}));
}

TEST(Notifier, OneFailingChannelDoesNotStopTheOthers) {
  const NotifyConfig config = ConfigOf(kFourChannels);
  RecordingTransport transport({"all"});
  // No GITHUB_TOKEN: the github channel fails before sending.
  const NotifyReport report = Notify(config, NightlyFailed(), transport, EnvOf({}));
  EXPECT_EQ(transport.sent, (std::vector<std::string>{"all", "failures"}));
  ASSERT_EQ(report.outcomes.size(), 3u);
  EXPECT_FALSE(report.outcomes[0].result);
  EXPECT_TRUE(report.outcomes[1].result);
  ASSERT_FALSE(report.outcomes[2].result);
  EXPECT_EQ(report.outcomes[2].result.error().where, "gh");
  EXPECT_EQ(report.failures(), 2u);
  EXPECT_FALSE(report.all_delivered());
}

TEST(Notifier, EndToEndOverLoopback) {
  HttpReceiver slack(HttpReceiver::Options{.status = 500, .response_body = "invalid_payload"});
  HttpReceiver hook;
  SmtpSink sink;
  const NotifyConfig config = ConfigOf(
      "channels:\n"
      "  - {name: slack, type: slack, url: '" +
      slack.Url() +
      "/services/T/B/X'}\n"
      "  - {name: hook, type: webhook, url: '" +
      hook.Url() +
      "/h'}\n"
      "  - {name: mail, type: smtp, url: '" +
      sink.Url() + "', from: h@example.com, to: [o@example.com], starttls: try}\n");
  CurlTransport transport(Duration(5000));
  const NotifyReport report = Notify(config, NightlyFailed(), transport, EnvOf({}));
  const auto slack_requests = slack.Join();
  const auto hook_requests = hook.Join();
  const auto sessions = sink.Join();

  ASSERT_EQ(report.outcomes.size(), 3u);
  ASSERT_FALSE(report.outcomes[0].result);
  EXPECT_EQ(
      report.outcomes[0].result.error().ToString(),
      "slack: HTTP 500 from POST " + slack.Url() + "/*** (the server answered: invalid_payload)");
  ASSERT_TRUE(report.outcomes[1].result) << report.outcomes[1].result.error().ToString();
  ASSERT_TRUE(report.outcomes[2].result) << report.outcomes[2].result.error().ToString();
  EXPECT_EQ(report.failures(), 1u);

  ASSERT_EQ(slack_requests.size(), 1u);
  EXPECT_EQ(slack_requests[0].target, "/services/T/B/X");
  ASSERT_EQ(hook_requests.size(), 1u);
  EXPECT_NE(hook_requests[0].body.find(R"("event":"workload_failed")"), std::string::npos);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].rcpt_to, (std::vector<std::string>{"o@example.com"}));
  EXPECT_NE(sessions[0].data.find("X-Hawk-Event: workload_failed\r\n"), std::string::npos);
}

TEST(Notifier, DryRunPrintsEverySubscribedChannel) {
  const NotifyConfig config = ConfigOf(kFourChannels);
  std::ostringstream out;
  DryRunTransport transport(out);
  const NotifyReport report =
      Notify(config, NightlyFailed(), transport, EnvOf({{"GITHUB_TOKEN", "ghp_secret"}}));
  EXPECT_TRUE(report.all_delivered());
  const std::string text = out.str();
  EXPECT_NE(text.find("--- all (webhook): POST http://127.0.0.1:9/a\n"), std::string::npos);
  EXPECT_NE(text.find("--- failures (slack): POST https://hooks.example.com/***\n"),
            std::string::npos);
  EXPECT_NE(text.find("--- gh (github): POST https://api.github.com/repos/a/b/statuses/"),
            std::string::npos);
  EXPECT_EQ(text.find("alerts"), std::string::npos);
  EXPECT_EQ(text.find("ghp_secret"), std::string::npos);
  EXPECT_NE(text.find("Authorization: Bearer ***\n"), std::string::npos);
}

}  // namespace
}  // namespace hawk::notify
