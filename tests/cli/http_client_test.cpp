// The HTTP client and the coordinator client against a canned server on
// 127.0.0.1: what goes out (request line, Authorization, body), what comes
// back (status, body, headers), and the errors for a server that is not
// there or answers with the coordinator's error shape.
#include "cli/http_client.h"

#include <gtest/gtest.h>

#include "canned_http_server.h"
#include "cli/client_api.h"

namespace hawk::cli {
namespace {

using testing::CannedHttpServer;
using testing::CannedResponse;

TEST(HttpClientTest, SendsMethodTargetTokenAndBodyAndReadsTheReply) {
  CannedResponse canned;
  canned.status = 201;
  canned.headers = {{"X-Hawk-Log-Size", "42"}, {"X-Hawk-Attempt-Done", "true"}};
  canned.body = R"({"workload_id":"w-1"})";
  CannedHttpServer server({canned});

  HttpRequest request;
  request.method = "POST";
  request.url = server.Url() + "/api/v1/workloads?name=a.yaml";
  request.bearer_token = "s3cret";
  request.body = "name: a\ntasks: []\n";
  request.content_type = "application/yaml";
  auto reply = Send(request);
  const auto received = server.Join();

  ASSERT_TRUE(reply.has_value()) << reply.error().ToString();
  EXPECT_EQ(reply->status, 201);
  EXPECT_EQ(reply->body, R"({"workload_id":"w-1"})");
  EXPECT_EQ(reply->headers.at("x-hawk-log-size"), "42");
  EXPECT_EQ(reply->headers.at("x-hawk-attempt-done"), "true");
  EXPECT_EQ(reply->headers.at("content-type"), "application/json");

  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/api/v1/workloads?name=a.yaml");
  EXPECT_EQ(received[0].headers.at("authorization"), "Bearer s3cret");
  EXPECT_EQ(received[0].headers.at("content-type"), "application/yaml");
  EXPECT_EQ(received[0].body, "name: a\ntasks: []\n");
}

TEST(HttpClientTest, GetWithoutTokenSendsNoAuthorizationAndKeepsErrorStatuses) {
  CannedResponse canned;
  canned.status = 404;
  canned.body = "missing";
  CannedHttpServer server({canned});

  HttpRequest request;
  request.url = server.Url() + "/api/v1/workers/nope";
  auto reply = Send(request);
  const auto received = server.Join();

  ASSERT_TRUE(reply.has_value()) << reply.error().ToString();
  EXPECT_EQ(reply->status, 404);
  EXPECT_EQ(reply->body, "missing");
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].method, "GET");
  EXPECT_EQ(received[0].target, "/api/v1/workers/nope");
  EXPECT_FALSE(received[0].headers.contains("authorization"));
  EXPECT_TRUE(received[0].body.empty());
}

TEST(HttpClientTest, AReplyOverTheLimitIsAnError) {
  CannedResponse canned;
  canned.body = std::string(1000, 'x');
  CannedHttpServer server({canned});

  HttpRequest request;
  request.url = server.Url() + "/big";
  request.max_body_bytes = 100;
  auto reply = Send(request);
  server.Join();

  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().code, ErrorCode::kIo);
  EXPECT_NE(reply.error().message.find("larger than 100 bytes"), std::string::npos);
}

TEST(HttpClientTest, ARefusedConnectionSaysTheCoordinatorCannotBeReached) {
  notify::testing::ClosedPort closed;
  const std::string origin = "http://127.0.0.1:" + std::to_string(closed.port());
  HttpRequest request;
  request.url = origin + "/api/v1/workloads";
  auto reply = Send(request);

  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(reply.error().message.rfind("cannot reach the coordinator at " + origin + ": ", 0), 0U)
      << reply.error().message;
  EXPECT_EQ(reply.error().hint, "start one with `hawk coordinator` or set HAWK_URL");
  EXPECT_FALSE(reply.error().IsUserError());
}

TEST(HttpClientTest, AnUnsupportedSchemeIsAUserError) {
  HttpRequest request;
  request.url = "ftp://127.0.0.1:1/x";
  auto reply = Send(request);
  ASSERT_FALSE(reply.has_value());
  EXPECT_TRUE(reply.error().IsUserError()) << reply.error().ToString();
}

ClientConfig ConfigFor(const std::string& url) {
  ClientConfig config;
  config.url = url;
  config.token = "tok";
  return config;
}

TEST(CoordinatorClientTest, GetJsonSendsTheTokenAndParsesTheBody) {
  CannedResponse canned;
  canned.body = R"({"workers":[{"worker_id":"w1"}]})";
  CannedHttpServer server({canned});
  const CoordinatorClient client(ConfigFor(server.Url()));

  auto body = client.GetJson("/api/v1/workers");
  const auto received = server.Join();

  ASSERT_TRUE(body.has_value()) << body.error().ToString();
  EXPECT_EQ((*body)["workers"][0]["worker_id"], "w1");
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].target, "/api/v1/workers");
  EXPECT_EQ(received[0].headers.at("authorization"), "Bearer tok");
}

TEST(CoordinatorClientTest, TheCoordinatorsErrorBodyBecomesTheError) {
  CannedResponse canned;
  canned.status = 409;
  canned.body =
      R"({"error":{"message":"the workload has ended","where":"w-7","hint":"submit it again"}})";
  CannedHttpServer server({canned});
  const CoordinatorClient client(ConfigFor(server.Url()));

  auto reply = client.Post("/api/v1/workloads/w-7/cancel", "", "application/json");
  const auto received = server.Join();

  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().ToString(), "w-7: the workload has ended (submit it again)");
  EXPECT_TRUE(reply.error().IsUserError());
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/api/v1/workloads/w-7/cancel");
}

TEST(CoordinatorClientTest, ABodyThatIsNotJsonIsCorrupt) {
  CannedResponse canned;
  canned.content_type = "text/html";
  canned.body = "<html>proxy</html>";
  CannedHttpServer server({canned});
  const CoordinatorClient client(ConfigFor(server.Url()));

  auto body = client.GetJson("/api/v1/tasks");
  server.Join();

  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(body.error().message.find("GET /api/v1/tasks"), std::string::npos);
  EXPECT_NE(body.error().message.find("<html>proxy</html>"), std::string::npos);
}

}  // namespace
}  // namespace hawk::cli
