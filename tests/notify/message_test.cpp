#include <gtest/gtest.h>

#include "notify/message.h"
#include "notify_test_support.h"

namespace hawk::notify {
namespace {

using testing::ConfigOf;
using testing::EnvOf;
using testing::NightlyFailed;

using Headers = std::vector<std::pair<std::string, std::string>>;

OutgoingMessage Build(const std::string& channel_yaml, const NotifyEvent& event,
                      std::map<std::string, std::string> env = {}) {
  const NotifyConfig config = ConfigOf("channels:\n  - " + channel_yaml + "\n");
  auto message = BuildMessage(config.channels.at(0), event, EnvOf(std::move(env)));
  EXPECT_TRUE(message) << message.error().ToString();
  return message ? *message : OutgoingMessage{};
}

Error BuildError(const std::string& channel_yaml, const NotifyEvent& event,
                 std::map<std::string, std::string> env = {}) {
  const NotifyConfig config = ConfigOf("channels:\n  - " + channel_yaml + "\n");
  auto message = BuildMessage(config.channels.at(0), event, EnvOf(std::move(env)));
  EXPECT_FALSE(message);
  return message ? Error{} : message.error();
}

TEST(Message, SlackPostsTextWithEscapedValues) {
  NotifyEvent event = NightlyFailed();
  event.message = "a < b & c";
  const OutgoingMessage m =
      Build("{type: slack, url: 'https://hooks.slack.com/services/T/B/X'}", event);
  EXPECT_EQ(m.channel, "slack");
  EXPECT_EQ(m.type, ChannelType::kSlack);
  const auto& http = std::get<HttpRequest>(m.request);
  EXPECT_EQ(http.method, "POST");
  EXPECT_EQ(http.url, "https://hooks.slack.com/services/T/B/X");
  EXPECT_EQ(http.headers,
            (Headers{{"Content-Type", "application/json"}, {"User-Agent", "hawk/0.1.0"}}));
  EXPECT_EQ(http.body,
            R"({"text":"*hawk*: workload nightly failed: 12 passed, 1 failed, 0 skipped; a &lt; b )"
            R"(&amp; c\nworkload: nightly\nstatus: failed\ntasks: 12 passed, 1 failed, 0 skipped\n)"
            R"(message: a &lt; b &amp; c\ncommit: 0123456789abcdef0123456789abcdef01234567\n)"
            R"(report: https://ci.example.com/r/1\ntime: 2026-11-26T10:14:07.000Z"})");
  // The webhook URL is the credential: its path is a secret.
  EXPECT_EQ(m.secrets, (std::vector<std::string>{"/services/T/B/X"}));
}

TEST(Message, SlackUrlFromTheEnvironment) {
  const OutgoingMessage m = Build("{type: slack, url_env: SLACK_URL, template: '{event}'}",
                                  NightlyFailed(), {{"SLACK_URL", "https://hooks.slack.com/s/1"}});
  EXPECT_EQ(std::get<HttpRequest>(m.request).url, "https://hooks.slack.com/s/1");
  EXPECT_EQ(std::get<HttpRequest>(m.request).body, R"({"text":"workload_failed"})");
}

TEST(Message, WebhookPostsTextAndEveryKnownField) {
  NotifyEvent event = NightlyFailed();
  event.commit.clear();
  const OutgoingMessage m = Build(
      "{type: webhook, url: 'http://127.0.0.1:9/hook', token_env: HOOK_TOKEN, template: "
      "'{workload}: {status}'}",
      event, {{"HOOK_TOKEN", "s3cret-token"}});
  const auto& http = std::get<HttpRequest>(m.request);
  EXPECT_EQ(http.url, "http://127.0.0.1:9/hook");
  EXPECT_EQ(http.headers, (Headers{{"Content-Type", "application/json"},
                                   {"User-Agent", "hawk/0.1.0"},
                                   {"Authorization", "Bearer s3cret-token"}}));
  EXPECT_EQ(http.body,
            R"({"text":"nightly: failed","event":"workload_failed",)"
            R"("time":"2026-11-26T10:14:07.000Z","workload":"nightly","status":"failed",)"
            R"("passed":12,"failed":1,"skipped":0,"message":"gpu0 ran out of memory",)"
            R"("report_url":"https://ci.example.com/r/1","summary":"workload nightly failed: 12 )"
            R"(passed, 1 failed, 0 skipped; gpu0 ran out of memory"})");
  // A URL written in the file is not hidden, the token is.
  EXPECT_EQ(m.secrets, (std::vector<std::string>{"s3cret-token"}));
}

TEST(Message, GithubCommitStatus) {
  const OutgoingMessage m = Build("{type: github, repo: acme/widgets, context: hawk/nightly}",
                                  NightlyFailed(), {{"GITHUB_TOKEN", "ghp_abc123"}});
  const auto& http = std::get<HttpRequest>(m.request);
  EXPECT_EQ(http.method, "POST");
  EXPECT_EQ(http.url,
            "https://api.github.com/repos/acme/widgets/statuses/"
            "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(http.headers, (Headers{{"Accept", "application/vnd.github+json"},
                                   {"Authorization", "Bearer ghp_abc123"},
                                   {"Content-Type", "application/json"},
                                   {"User-Agent", "hawk/0.1.0"},
                                   {"X-GitHub-Api-Version", "2022-11-28"}}));
  EXPECT_EQ(http.body,
            R"({"state":"failure","target_url":"https://ci.example.com/r/1",)"
            R"("description":"workload nightly failed: 12 passed, 1 failed, 0 skipped; gpu0 ran )"
            R"(out of memory","context":"hawk/nightly"})");
  EXPECT_EQ(m.secrets, (std::vector<std::string>{"ghp_abc123"}));
}

TEST(Message, GithubStatePerEventKind) {
  const std::map<std::string, std::string> env{{"GITHUB_TOKEN", "t"}};
  const std::vector<std::pair<EventKind, std::string>> expected = {
      {EventKind::kWorkloadFinished, "success"},
      {EventKind::kWorkloadFailed, "failure"},
      {EventKind::kCriticalAlert, "error"},
      {EventKind::kWorkerLost, "error"},
      {EventKind::kDeviceQuarantined, "error"}};
  for (const auto& [kind, state] : expected) {
    NotifyEvent event = NightlyFailed();
    event.kind = kind;
    const OutgoingMessage m = Build("{type: github, repo: a/b}", event, env);
    EXPECT_NE(std::get<HttpRequest>(m.request).body.find("\"state\":\"" + state + "\""),
              std::string::npos)
        << ToString(kind);
  }
}

TEST(Message, GithubDescriptionIsAtMost140Characters) {
  NotifyEvent event = NightlyFailed();
  event.message = std::string(200, 'x');
  event.report_url.clear();
  const OutgoingMessage m = Build("{type: github, repo: a/b, template: 'line1\n\n{message}'}",
                                  event, {{"GITHUB_TOKEN", "t"}});
  const std::string& body = std::get<HttpRequest>(m.request).body;
  // 139 characters and an ellipsis; the line break became a space.
  EXPECT_NE(body.find("\"description\":\"line1 " + std::string(133, 'x') + "\u2026\""),
            std::string::npos)
      << body;
  EXPECT_EQ(body.find("target_url"), std::string::npos);
}

TEST(Message, GithubNeedsAShaAndAToken) {
  NotifyEvent event = NightlyFailed();
  event.commit.clear();
  Error e = BuildError("{name: gh, type: github, repo: a/b}", event, {{"GITHUB_TOKEN", "t"}});
  EXPECT_EQ(e.ToString(),
            "gh: no commit sha to report on (pass the commit (hawk notify --commit SHA) or set "
            "sha: in the channel)");
  event.commit = "main; rm -rf /";
  e = BuildError("{name: gh, type: github, repo: a/b}", event, {{"GITHUB_TOKEN", "t"}});
  EXPECT_EQ(e.message, "'main; rm -rf /' is not a commit sha");
  e = BuildError("{name: gh, type: github, repo: a/b, token_env: GH_TOKEN}", NightlyFailed(),
                 {{"GITHUB_TOKEN", "t"}, {"GH_TOKEN", ""}});
  EXPECT_EQ(e.ToString(),
            "gh: environment variable GH_TOKEN is not set (set it to a GitHub token allowed to "
            "write commit statuses)");
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
}

TEST(Message, MissingUrlVariable) {
  const Error e = BuildError("{type: slack, url_env: SLACK_URL}", NightlyFailed());
  EXPECT_EQ(e.ToString(),
            "slack: environment variable SLACK_URL is not set (set it to the "
            "channel's URL)");
}

TEST(Message, SmtpEnvelopeAndLogin) {
  const OutgoingMessage m = Build(
      "{type: smtp, url: 'smtp://mail.example.com:587', from: 'hawk <hawk@example.com>', to: "
      "[a@example.com, 'B <b@example.com>'], username_env: U, password_env: P, starttls: try}",
      NightlyFailed(), {{"U", "hawk-user"}, {"P", "pa55word"}});
  const auto& mail = std::get<SmtpMail>(m.request);
  EXPECT_EQ(mail.url, "smtp://mail.example.com:587");
  EXPECT_EQ(mail.starttls, StartTls::kTry);
  EXPECT_EQ(mail.mail_from, "hawk@example.com");
  EXPECT_EQ(mail.rcpt_to, (std::vector<std::string>{"a@example.com", "b@example.com"}));
  EXPECT_EQ(mail.username, "hawk-user");
  EXPECT_EQ(mail.password, "pa55word");
  EXPECT_EQ(mail.message.substr(0, 38), "Date: Thu, 26 Nov 2026 10:14:07 +0000\r");
  EXPECT_EQ(m.secrets, (std::vector<std::string>{"pa55word"}));
}

TEST(Message, RedactHidesEverySecret) {
  EXPECT_EQ(Redact("token abc and abcdef, abc", {"abc", "abcdef", ""}), "token *** and ***, ***");
  EXPECT_EQ(Redact("nothing here", {}), "nothing here");
  EXPECT_EQ(Redact("POST https://h.example.com/x/y failed", {"/x/y"}),
            "POST https://h.example.com/*** failed");
}

TEST(Message, DescribeHttpHidesSecrets) {
  const OutgoingMessage m = Build("{name: ci, type: github, repo: a/b, template: '{status}'}",
                                  NightlyFailed(), {{"GITHUB_TOKEN", "ghp_abc123"}});
  EXPECT_EQ(DescribeMessage(m),
            "--- ci (github): POST https://api.github.com/repos/a/b/statuses/"
            "0123456789abcdef0123456789abcdef01234567\n"
            "Accept: application/vnd.github+json\n"
            "Authorization: Bearer ***\n"
            "Content-Type: application/json\n"
            "User-Agent: hawk/0.1.0\n"
            "X-GitHub-Api-Version: 2022-11-28\n"
            "\n"
            R"({"state":"failure","target_url":"https://ci.example.com/r/1",)"
            R"("description":"failed","context":"hawk"})"
            "\n");
  const OutgoingMessage slack =
      Build("{type: slack, url: 'https://hooks.slack.com/services/T/B/X', template: hi}",
            NightlyFailed());
  EXPECT_EQ(DescribeMessage(slack),
            "--- slack (slack): POST https://hooks.slack.com/***\n"
            "Content-Type: application/json\n"
            "User-Agent: hawk/0.1.0\n"
            "\n"
            R"({"text":"hi"})"
            "\n");
}

TEST(Message, DescribeMailHidesThePassword) {
  const OutgoingMessage m = Build(
      "{name: mail, type: smtp, url: 'smtp://mail.example.com:587', from: h@example.com, to: "
      "[o@example.com], username_env: U, password_env: P, subject: 'pw {message}', template: "
      "'{message}'}",
      NightlyFailed(), {{"U", "hawk-user"}, {"P", "gpu0"}});
  EXPECT_EQ(DescribeMessage(m),
            "--- mail (smtp): SMTP smtp://mail.example.com:587, starttls required, login as "
            "hawk-user\n"
            "MAIL FROM:<h@example.com>\n"
            "RCPT TO:<o@example.com>\n"
            "\n"
            "Date: Thu, 26 Nov 2026 10:14:07 +0000\n"
            "From: h@example.com\n"
            "To: o@example.com\n"
            "Subject: pw *** ran out of memory\n"
            "Message-ID: <hawk.1795688047000.52c9759b63c0f8ae@example.com>\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: 8bit\n"
            "X-Hawk-Event: workload_failed\n"
            "\n"
            "*** ran out of memory\n");
}

}  // namespace
}  // namespace hawk::notify
