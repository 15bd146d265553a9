#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <variant>

#include "notify/config.h"

namespace hawk::notify {
namespace {

// The single line a CLI prints for a bad file.
std::string ErrorOf(const std::string& yaml) {
  auto config = ParseNotifyConfig(yaml, "notify.yaml");
  if (config) return "(parsed)";
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
  return config.error().ToString();
}

TEST(NotifyConfig, ParsesEveryChannelType) {
  auto config = ParseNotifyConfig(R"(
timeout: 3s
channels:
  - type: webhook
    url: http://127.0.0.1:9/hook
    token_env: HOOK_TOKEN
  - name: team
    type: slack
    url_env: SLACK_URL
    events: [workload_failed, critical_alert]
    template: "*{workload}* {status}"
  - type: github
    repo: acme/widgets
    sha: "{commit}"
    api_url: https://ghe.example.com/api/v3/
    context: hawk/ci
  - type: smtp
    url: smtp://mail.example.com:587
    from: hawk <hawk@example.com>
    to: [a@example.com, B <b@example.com>]
    username_env: SMTP_USER
    password_env: SMTP_PASS
    starttls: try
    subject: "{event}"
)");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->timeout, Duration(3000));
  ASSERT_EQ(config->channels.size(), 4u);

  const Channel& webhook = config->channels[0];
  EXPECT_EQ(webhook.name, "webhook");
  EXPECT_EQ(webhook.events.Size(), EnumCount<EventKind>());
  EXPECT_EQ(webhook.text.source(), DefaultTemplate(ChannelType::kWebhook));
  const auto& w = std::get<WebhookChannel>(webhook.settings);
  EXPECT_EQ(w.url.url, "http://127.0.0.1:9/hook");
  EXPECT_EQ(w.token_env, "HOOK_TOKEN");

  const Channel& slack = config->channels[1];
  EXPECT_EQ(slack.name, "team");
  EXPECT_EQ(slack.events,
            (EnumSet<EventKind>{EventKind::kWorkloadFailed, EventKind::kCriticalAlert}));
  EXPECT_EQ(slack.text.source(), "*{workload}* {status}");
  EXPECT_EQ(std::get<SlackChannel>(slack.settings).url.env_var, "SLACK_URL");

  const auto& g = std::get<GithubChannel>(config->channels[2].settings);
  EXPECT_EQ(g.repo, "acme/widgets");
  EXPECT_EQ(g.token_env, "GITHUB_TOKEN");
  EXPECT_EQ(g.api_url, "https://ghe.example.com/api/v3");
  EXPECT_EQ(g.context, "hawk/ci");

  const Channel& mail = config->channels[3];
  EXPECT_EQ(mail.name, "smtp");
  const auto& m = std::get<SmtpChannel>(mail.settings);
  EXPECT_EQ(m.to, (std::vector<std::string>{"a@example.com", "B <b@example.com>"}));
  EXPECT_EQ(m.starttls, StartTls::kTry);
  EXPECT_EQ(m.subject.source(), "{event}");
  EXPECT_EQ(m.username_env, "SMTP_USER");
}

TEST(NotifyConfig, DefaultsAndGeneratedNames) {
  auto config = ParseNotifyConfig(R"(
channels:
  - {type: slack, url: "https://hooks.example.com/a"}
  - {type: slack, url: "https://hooks.example.com/b"}
  - {type: github, repo: a/b}
  - {type: smtp, url: "smtps://mail.example.com", from: h@example.com, to: [o@example.com]}
)");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->timeout, Duration(10000));
  EXPECT_EQ(config->channels[0].name, "slack");
  EXPECT_EQ(config->channels[1].name, "slack-2");
  const auto& g = std::get<GithubChannel>(config->channels[2].settings);
  EXPECT_EQ(g.sha.source(), "{commit}");
  EXPECT_EQ(g.api_url, "https://api.github.com");
  EXPECT_EQ(g.context, "hawk");
  const auto& m = std::get<SmtpChannel>(config->channels[3].settings);
  EXPECT_EQ(m.starttls, StartTls::kRequired);
  EXPECT_EQ(m.subject.source(), "[hawk] {summary}");
}

TEST(NotifyConfig, TheShippedExampleLoads) {
  auto config =
      LoadNotifyConfig(std::string(HAWK_SOURCE_DIR) + "/examples/notifications/notify.yaml");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->channels.size(), 4u);
}

TEST(NotifyConfig, TheDocumentedExampleLoads) {
  std::ifstream in(std::string(HAWK_SOURCE_DIR) + "/docs/notifications.md");
  ASSERT_TRUE(in.good());
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t begin = doc.find("```yaml\n");
  ASSERT_NE(begin, std::string::npos);
  const std::size_t end = doc.find("```", begin + 8);
  ASSERT_NE(end, std::string::npos);
  auto config = ParseNotifyConfig(doc.substr(begin + 8, end - begin - 8), "notifications.md");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->channels.size(), 4u);
}

TEST(NotifyConfig, MissingFileIsAUserError) {
  auto config = LoadNotifyConfig("/nonexistent/notify.yaml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(config.error().where, "/nonexistent/notify.yaml");
}

struct BadCase {
  const char* yaml;
  const char* error;
};

class BadConfig : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadConfig, NamesThePathAndTheFix) {
  EXPECT_EQ(ErrorOf(GetParam().yaml), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    NotifyConfig, BadConfig,
    ::testing::Values(
        BadCase{"", "notify.yaml: the file is empty (list the channels under channels:)"},
        BadCase{"channels: [", "notify.yaml:1:1: invalid YAML: end of sequence flow not found"},
        BadCase{"chanels: []",
                "notify.yaml:1:1: chanels: unknown key 'chanels' for a notifications file (valid "
                "keys: timeout, channels)"},
        BadCase{"timeout: 0s\nchannels: []", "notify.yaml:1:10: timeout: '0s' is outside 1ms..10m"},
        BadCase{"channels: []",
                "notify.yaml:1:11: channels: expected a non-empty list of channels"},
        BadCase{"channels:\n  - type: webhook\n  - type: webhook\n",
                "notify.yaml:2:5: channels[0].url: missing (give the webhook URL with url:, or "
                "the environment variable holding it with url_env:)"},
        BadCase{"channels:\n  - {type: slack, url: https://x/y}\n  - type: slack\n",
                "notify.yaml:3:5: channels[1].url: missing (give the Slack incoming-webhook URL "
                "with url:, or the environment variable holding it with url_env:)"},
        BadCase{"channels:\n  - {type: teams, url: https://x}",
                "notify.yaml:2:12: channels[0].type: unknown channel type 'teams' (valid values: "
                "webhook, slack, github, smtp)"},
        BadCase{"channels:\n  - {url: https://x}",
                "notify.yaml:2:5: channels[0].type: missing (valid types: webhook, slack, "
                "github, smtp)"},
        BadCase{"channels:\n  - {type: slack, url: https://x, repo: a/b}",
                "notify.yaml:2:35: channels[0].repo: unknown key 'repo' for a slack channel "
                "(valid keys: name, type, events, template, url, url_env)"},
        BadCase{"channels:\n  - {type: slack, url: ftp://x}",
                "notify.yaml:2:24: channels[0].url: 'ftp://x' is not a URL starting with http:// "
                "or https://"},
        BadCase{"channels:\n  - {type: slack, url: https://x, url_env: U}",
                "notify.yaml:2:44: channels[0].url_env: give either url or url_env, not both"},
        BadCase{"channels:\n  - {type: slack, url_env: https://hooks.slack.com/x}",
                "notify.yaml:2:28: channels[0].url_env: 'https://hooks.slack.com/x' is not an "
                "environment variable name (give the name of the variable (letters, digits, _), "
                "not its value)"},
        BadCase{"channels:\n  - {type: slack, url: https://x, events: workload_failed}",
                "notify.yaml:2:43: channels[0].events: expected a list (write [a, b] or - a "
                "lines)"},
        BadCase{"channels:\n  - {type: slack, url: https://x, events: [workload_done]}",
                "notify.yaml:2:44: channels[0].events[0]: unknown event 'workload_done' (valid "
                "values: workload_finished, workload_failed, critical_alert, worker_lost, "
                "device_quarantined)"},
        BadCase{"channels:\n  - {type: slack, url: https://x, template: '{worklod} done'}",
                "notify.yaml:2:45: channels[0].template: unknown placeholder '{worklod}' in "
                "template (valid placeholders: event, time, workload, status, passed, failed, "
                "skipped, message, worker, device, report_url, commit, summary, details)"},
        BadCase{"channels:\n  - {type: slack, url: https://x, template: [a]}",
                "notify.yaml:2:45: channels[0].template: expected a string"},
        BadCase{"channels:\n  - {type: github}",
                "notify.yaml:2:5: channels[0].repo: missing (give the repository as owner/name)"},
        BadCase{"channels:\n  - {type: github, repo: widgets}",
                "notify.yaml:2:26: channels[0].repo: 'widgets' is not a repository name (write "
                "owner/name)"},
        BadCase{"channels:\n  - {type: github, repo: a/..}",
                "notify.yaml:2:26: channels[0].repo: 'a/..' is not a repository name (write "
                "owner/name)"},
        BadCase{"channels:\n  - {type: github, repo: a/b, sha: '{sha}'}",
                "notify.yaml:2:36: channels[0].sha: unknown placeholder '{sha}' in template "
                "(valid placeholders: event, time, workload, status, passed, failed, skipped, "
                "message, worker, device, report_url, commit, summary, details)"},
        BadCase{"channels:\n  - {type: github, repo: a/b, token_env: ''}",
                "notify.yaml:2:42: channels[0].token_env: must not be empty"},
        BadCase{"channels:\n  - {type: smtp, from: a@b.c, to: [d@e.f]}",
                "notify.yaml:2:5: channels[0].url: missing (give the mail server as "
                "smtp://host:587 or smtps://host:465)"},
        BadCase{"channels:\n  - {type: smtp, url: 'http://m', from: a@b.c, to: [d@e.f]}",
                "notify.yaml:2:23: channels[0].url: 'http://m' is not a URL starting with "
                "smtp:// or smtps://"},
        BadCase{"channels:\n  - {type: smtp, url: 'smtp://m', to: [d@e.f]}",
                "notify.yaml:2:5: channels[0].from: missing (give the sender, e.g. hawk "
                "<hawk@example.com>)"},
        BadCase{"channels:\n  - {type: smtp, url: 'smtp://m', from: a@b.c}",
                "notify.yaml:2:5: channels[0].to: missing (list the recipients, e.g. to: "
                "[ops@example.com])"},
        BadCase{"channels:\n  - {type: smtp, url: 'smtp://m', from: a@b.c, to: [ops]}",
                "notify.yaml:2:53: channels[0].to[0]: 'ops' is not an e-mail address (write "
                "name@example.com or Name <name@example.com>)"},
        BadCase{"channels:\n  - {type: smtp, url: 'smtp://m', from: a@b.c, to: d@e.f}",
                "notify.yaml:2:52: channels[0].to: expected a list (write [a, b] or - a lines)"},
        BadCase{"channels:\n  - {type: smtp, url: 'smtp://m', from: a@b.c, to: [d@e.f], "
                "username_env: U}",
                "notify.yaml:2:5: channels[0].password_env: missing (give both username_env and "
                "password_env, or neither)"},
        BadCase{"channels:\n  - {type: smtp, url: 'smtp://m', from: a@b.c, to: [d@e.f], "
                "starttls: maybe}",
                "notify.yaml:2:71: channels[0].starttls: unknown starttls mode 'maybe' (valid "
                "values: required, try, off)"},
        BadCase{"channels:\n  - {type: slack, url: https://x/a}\n  - {name: slack, type: "
                "webhook, url: https://x/b}",
                "notify.yaml:3:5: channels[1].name: another channel is already named 'slack' "
                "(give each channel its own name)"}));

}  // namespace
}  // namespace hawk::notify
