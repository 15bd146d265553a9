// The libcurl transport against servers this test starts on 127.0.0.1: an
// HTTP receiver and an SMTP sink, each on its own thread.
#include <gtest/gtest.h>

#include "http_receiver.h"
#include "notify/transport.h"
#include "notify_test_support.h"
#include "smtp_sink.h"

namespace hawk::notify {
namespace {

using testing::ClosedPort;
using testing::ConfigOf;
using testing::EnvOf;
using testing::HttpReceiver;
using testing::NightlyFailed;
using testing::SmtpSink;

OutgoingMessage MessageFor(const std::string& channel_yaml,
                           std::map<std::string, std::string> env = {},
                           const NotifyEvent& event = NightlyFailed()) {
  const NotifyConfig config = ConfigOf("channels:\n  - " + channel_yaml + "\n");
  auto message = BuildMessage(config.channels.at(0), event, EnvOf(std::move(env)));
  EXPECT_TRUE(message) << message.error().ToString();
  return message ? *message : OutgoingMessage{};
}

TEST(CurlTransport, PostsJsonToAWebhook) {
  HttpReceiver receiver;
  CurlTransport transport(Duration(5000));
  const OutgoingMessage message =
      MessageFor("{type: webhook, url: '" + receiver.Url() +
                     "/hooks/hawk', token_env: T, template: '{summary}'}",
                 {{"T", "tok-123"}});
  auto delivery = transport.Send(message);
  const auto requests = receiver.Join();
  ASSERT_TRUE(delivery) << delivery.error().ToString();
  EXPECT_EQ(delivery->summary, "HTTP 200");
  EXPECT_EQ(delivery->response_code, 200);
  ASSERT_EQ(requests.size(), 1u);
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/hooks/hawk");
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(r.headers.at("authorization"), "Bearer tok-123");
  EXPECT_EQ(r.headers.at("user-agent"), "hawk/0.1.0");
  EXPECT_EQ(r.headers.count("expect"), 0u);
  EXPECT_EQ(r.body, std::get<HttpRequest>(message.request).body);
}

TEST(CurlTransport, GithubStatusArrivesAtTheApiPath) {
  HttpReceiver receiver(HttpReceiver::Options{.status = 201, .response_body = "{}"});
  CurlTransport transport(Duration(5000));
  auto delivery = transport.Send(
      MessageFor("{type: github, repo: acme/widgets, api_url: '" + receiver.Url() + "'}",
                 {{"GITHUB_TOKEN", "ghp_x"}}));
  const auto requests = receiver.Join();
  ASSERT_TRUE(delivery) << delivery.error().ToString();
  EXPECT_EQ(delivery->summary, "HTTP 201");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target,
            "/repos/acme/widgets/statuses/0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer ghp_x");
  EXPECT_EQ(requests[0].headers.at("accept"), "application/vnd.github+json");
}

TEST(CurlTransport, ErrorStatusNamesChannelAndStatusWithoutSecrets) {
  HttpReceiver receiver(HttpReceiver::Options{
      .status = 500, .response_body = "boom: token tok-123 rejected\nretry later"});
  CurlTransport transport(Duration(5000));
  auto delivery =
      transport.Send(MessageFor("{name: hook, type: webhook, url_env: HOOK_URL, token_env: T}",
                                {{"HOOK_URL", receiver.Url() + "/secret-path"}, {"T", "tok-123"}}));
  receiver.Join();
  ASSERT_FALSE(delivery);
  EXPECT_EQ(delivery.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(delivery.error().ToString(),
            "hook: HTTP 500 from POST " + receiver.Url() +
                "/*** (the server answered: boom: token *** rejected retry later)");
}

TEST(CurlTransport, UnauthorizedHintsAtTheToken) {
  HttpReceiver receiver(HttpReceiver::Options{.status = 401, .response_body = ""});
  CurlTransport transport(Duration(5000));
  auto delivery = transport.Send(MessageFor(
      "{type: github, repo: a/b, api_url: '" + receiver.Url() + "'}", {{"GITHUB_TOKEN", "x"}}));
  receiver.Join();
  ASSERT_FALSE(delivery);
  EXPECT_EQ(delivery.error().hint, "check the token and its permissions");
}

TEST(CurlTransport, RefusedConnection) {
  const ClosedPort closed;
  const std::string url = "http://127.0.0.1:" + std::to_string(closed.port()) + "/hook";
  CurlTransport transport(Duration(5000));
  auto delivery = transport.Send(MessageFor("{type: webhook, url: '" + url + "'}"));
  ASSERT_FALSE(delivery);
  EXPECT_EQ(delivery.error().where, "webhook");
  EXPECT_EQ(delivery.error().message.rfind("POST " + url + ": cannot connect (", 0), 0u)
      << delivery.error().message;
}

TEST(CurlTransport, SilentServerTimesOut) {
  HttpReceiver receiver(HttpReceiver::Options{.never_answer = true});
  CurlTransport transport(Duration(200));
  auto delivery = transport.Send(MessageFor("{type: webhook, url: '" + receiver.Url() + "/slow'}"));
  receiver.Join();  // ends when the client gives up and closes
  ASSERT_FALSE(delivery);
  EXPECT_EQ(delivery.error().message, "POST " + receiver.Url() + "/slow: no answer within 200ms");
}

TEST(CurlTransport, MailWithLoginWhereStartTlsIsOptional) {
  SmtpSink sink(SmtpSink::Options{.offer_auth = true});
  CurlTransport transport(Duration(5000));
  const OutgoingMessage message = MessageFor(
      "{type: smtp, url: '" + sink.Url() +
          "', from: 'hawk <hawk@example.com>', to: [a@example.com, 'B <b@example.com>'], "
          "username_env: U, password_env: P, starttls: try, template: "
          "\"{summary}\\n.leading dot\\n..two dots\\n.\\nend\"}",
      {{"U", "hawk-user"}, {"P", "pa55"}});
  auto delivery = transport.Send(message);
  const auto sessions = sink.Join();
  ASSERT_TRUE(delivery) << delivery.error().ToString();
  EXPECT_EQ(delivery->summary, "SMTP 250");
  ASSERT_EQ(sessions.size(), 1u);
  const auto& s = sessions[0];
  EXPECT_EQ(s.auth_user, "hawk-user");
  EXPECT_EQ(s.auth_password, "pa55");
  EXPECT_EQ(s.mail_from, "hawk@example.com");
  EXPECT_EQ(s.rcpt_to, (std::vector<std::string>{"a@example.com", "b@example.com"}));
  // What arrived is exactly what was built: dot-stuffing undone, nothing lost.
  EXPECT_EQ(s.data, std::get<SmtpMail>(message.request).message);
  EXPECT_NE(s.data.find("\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n"), std::string::npos);
  EXPECT_TRUE(s.quit);
}

TEST(CurlTransport, MailInPlainTextWhenStartTlsIsOff) {
  SmtpSink sink;
  CurlTransport transport(Duration(5000));
  auto delivery = transport.Send(MessageFor("{type: smtp, url: '" + sink.Url() +
                                            "', from: h@example.com, to: [o@example.com], "
                                            "starttls: off}"));
  const auto sessions = sink.Join();
  ASSERT_TRUE(delivery) << delivery.error().ToString();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].rcpt_to, (std::vector<std::string>{"o@example.com"}));
  EXPECT_EQ(sessions[0].auth_user, "");
  EXPECT_NE(sessions[0].data.find("Subject: [hawk] workload nightly failed"), std::string::npos);
}

TEST(CurlTransport, RequiredStartTlsFailsAgainstAPlainServer) {
  SmtpSink sink;
  CurlTransport transport(Duration(5000));
  auto delivery = transport.Send(
      MessageFor("{name: mail, type: smtp, url: '" + sink.Url() +
                     "', from: h@example.com, to: [o@example.com], username_env: U, password_env: "
                     "P}",
                 {{"U", "user"}, {"P", "pa55"}}));
  const auto sessions = sink.Join();
  ASSERT_FALSE(delivery);
  EXPECT_EQ(delivery.error().where, "mail");
  EXPECT_EQ(delivery.error().message.rfind("SMTP " + sink.Url() +
                                               ": the mail server does not offer STARTTLS, and "
                                               "starttls is required",
                                           0),
            0u)
      << delivery.error().message;
  EXPECT_NE(delivery.error().hint.find("starttls: try"), std::string::npos);
  // Nothing was sent in plain text: no login, no envelope, no message.
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].auth_user, "");
  EXPECT_EQ(sessions[0].mail_from, "");
  EXPECT_EQ(sessions[0].data, "");
}

TEST(DryRunTransport, PrintsInsteadOfSending) {
  std::ostringstream out;
  DryRunTransport transport(out);
  auto delivery = transport.Send(MessageFor(
      "{type: slack, url: 'https://hooks.slack.com/services/T/B/X', template: '{workload}'}"));
  ASSERT_TRUE(delivery);
  EXPECT_EQ(delivery->summary, "dry run");
  EXPECT_FALSE(delivery->response_code);
  EXPECT_EQ(out.str(),
            "--- slack (slack): POST https://hooks.slack.com/***\n"
            "Content-Type: application/json\n"
            "User-Agent: hawk/0.1.0\n"
            "\n"
            R"({"text":"nightly"})"
            "\n");
}

}  // namespace
}  // namespace hawk::notify
