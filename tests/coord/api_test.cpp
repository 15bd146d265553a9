// The HTTP API without sockets: routes, auth, errors, /metrics.
#include "coord/api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "coord/metrics_text.h"
#include "coord_test_support.h"

namespace hawk::coord {
namespace {

using namespace ::hawk::coord::test_support;  // NOLINT(google-build-using-namespace)
using Json = nlohmann::json;

const ApiTokens kTokens{"client-secret-1", "worker-secret-2"};

class ApiTest : public CoordTest {
 protected:
  ApiResponse Call(const std::string& method, const std::string& target,
                   const std::string& token = kTokens.client, const std::string& body = "") {
    Outbox out;
    ApiRequest r{method, target, token.empty() ? "" : "Bearer " + token, body};
    return HandleApi(*coordinator_, kTokens, r, out);
  }
};

// Every route the API serves, with ids that exist.
std::vector<std::pair<std::string, std::string>> Routes(const std::string& workload,
                                                        const std::string& attempt) {
  return {{"GET", "/"},
          {"GET", "/healthz"},
          {"GET", "/metrics"},
          {"GET", "/api/v1/workers"},
          {"GET", "/api/v1/workers/w1"},
          {"POST", "/api/v1/workers/w1/drain"},
          {"GET", "/api/v1/devices"},
          {"GET", "/api/v1/workloads"},
          {"POST", "/api/v1/workloads"},
          {"GET", "/api/v1/workloads/" + workload},
          {"POST", "/api/v1/workloads/" + workload + "/cancel"},
          {"GET", "/api/v1/tasks"},
          {"GET", "/api/v1/attempts"},
          {"GET", "/api/v1/attempts/" + attempt},
          {"GET", "/api/v1/attempts/" + attempt + "/log"},
          {"GET", "/api/v1/explain/" + workload + "/prep"},
          {"GET", "/api/v1/events"},
          {"GET", "/api/v1/alerts"},
          {"GET", "/api/v1/metrics/utilization"},
          {"GET", "/api/v1/overview"}};
}

TEST_F(ApiTest, EveryRouteWantsTheClientToken) {
  Join(CpuWorker("w1"));
  const std::string id = Submit(kDag);
  Tick();
  for (const auto& [method, target] : Routes(id, "att-1")) {
    for (const std::string& token :
         {std::string(), std::string("wrong"), kTokens.worker, kTokens.client + "x"}) {
      const ApiResponse r = Call(method, target, token);
      EXPECT_EQ(r.status, 401) << method << " " << target << " token '" << token << "'";
      EXPECT_EQ(r.headers.count("WWW-Authenticate"), 1u);
    }
  }
  // With it, none is refused for auth (the drain and cancel change state, last).
  for (const auto& [method, target] : Routes(id, "att-1")) {
    EXPECT_NE(Call(method, target).status, 401) << method << " " << target;
  }
  // A browser passes the token in the query.
  EXPECT_EQ(Call("GET", "/api/v1/workers?access_token=" + kTokens.client, "").status, 200);
}

TEST_F(ApiTest, TokensCompareWholeAndExact) {
  EXPECT_TRUE(TokensEqual("abc", "abc"));
  EXPECT_FALSE(TokensEqual("abc", "abd"));
  EXPECT_FALSE(TokensEqual("abc", "ab"));
  EXPECT_FALSE(TokensEqual("", "a"));
  EXPECT_EQ(PresentedToken("Bearer t0k", "/x"), "t0k");
  EXPECT_EQ(PresentedToken("Basic abc", "/x?access_token=q%2Bz"), "q+z");
  EXPECT_EQ(PresentedToken("", "/x"), "");
}

TEST_F(ApiTest, SubmitListAndInspectAWorkload) {
  Join(CpuWorker("w1"));
  ApiResponse r = Call("POST", "/api/v1/workloads?name=dag.yaml", kTokens.client, kDag);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = Json::parse(r.body)["workload_id"];
  Tick();
  r = Call("GET", "/api/v1/workloads/" + id);
  ASSERT_EQ(r.status, 200);
  const Json w = Json::parse(r.body);
  EXPECT_EQ(w["status"], "running");
  EXPECT_EQ(w["progress"]["total"], 3);
  EXPECT_EQ(w["units"][0]["unit_id"], "prep");
  EXPECT_EQ(w["units"][0]["state"], "running");
  EXPECT_EQ(w["units"][0]["attempts"][0], "att-1");
  const Json tasks = Json::parse(Call("GET", "/api/v1/tasks?workload=" + id).body)["tasks"];
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[0]["worker_id"], "w1");
  const Json workers = Json::parse(Call("GET", "/api/v1/workers").body)["workers"];
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers[0]["online"], true);
  EXPECT_EQ(workers[0]["running_attempts"], 1);
  const Json explain = Json::parse(Call("GET", "/api/v1/explain/" + id + "/build").body);
  EXPECT_EQ(explain["state"], "waiting");
  EXPECT_NE(explain["text"].get<std::string>().find("prep"), std::string::npos);
  const Json events = Json::parse(Call("GET", "/api/v1/events?after=0&limit=2").body)["events"];
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["type"], "worker_joined");
  EXPECT_EQ(events[1]["type"], "workload_submitted");
}

TEST_F(ApiTest, BadRequestsGetClearErrors) {
  ApiResponse r = Call("POST", "/api/v1/workloads?name=bad.yaml", kTokens.client, "tasks: 3");
  EXPECT_EQ(r.status, 400);
  const Json e = Json::parse(r.body)["error"];
  EXPECT_NE(e["message"].get<std::string>().find("bad.yaml"), std::string::npos) << r.body;
  EXPECT_EQ(Call("GET", "/api/v1/workloads/nope").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/nothing").status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/workloads/nope/cancel").status, 404);
  EXPECT_EQ(Call("POST", "/api/v1/workers/nope/drain").status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/workloads").status, 405);
  EXPECT_EQ(Call("GET", "/api/v1/events?after=-1").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/attempts/att-1/log?offset=x").status, 404);  // no attempt yet
}

TEST_F(ApiTest, AttemptOutputIsServedFromAnOffset) {
  const SessionId s = Join(CpuWorker("w1"));
  Submit(kDag);
  const auto d = Of<protocol::Dispatch>(Tick(), s);
  ASSERT_EQ(d.size(), 1u);
  Send(s, protocol::Log{d[0].attempt_id, 0, "hello "});
  Send(s, protocol::Log{d[0].attempt_id, 6, "world\n"});
  Send(s, protocol::Log{d[0].attempt_id, 0, "hello "});  // a resend overlaps
  ApiResponse r = Call("GET", "/api/v1/attempts/" + d[0].attempt_id + "/log");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello world\n");
  EXPECT_EQ(r.headers["X-Hawk-Log-Size"], "12");
  EXPECT_EQ(r.headers["X-Hawk-Attempt-Done"], "false");
  r = Call("GET", "/api/v1/attempts/" + d[0].attempt_id + "/log?offset=6");
  EXPECT_EQ(r.body, "world\n");
  EXPECT_EQ(Call("GET", "/api/v1/attempts/" + d[0].attempt_id + "/log?offset=-3").status, 400);
}

TEST_F(ApiTest, MetricsFollowThePrometheusTextFormat) {
  const SessionId s = Join(CpuWorker("w1"));
  Submit(kDag);
  Tick();
  Send(s, Beat());
  const ApiResponse r = Call("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("# TYPE hawk_dispatches_total counter\nhawk_dispatches_total 1\n"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("hawk_worker_cpu_utilization_ratio{worker=\"w1\"} 0.25\n"),
            std::string::npos);
  EXPECT_NE(r.body.find("hawk_workloads{status=\"running\"} 1\n"), std::string::npos);
  EXPECT_NE(r.body.find("hawk_running_attempts 1\n"), std::string::npos);
  // Every sample line belongs to the family declared just before it.
  std::string family;
  std::istringstream lines(r.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) == 0) {
      family = line.substr(7, line.find(' ', 7) - 7);
    } else if (line[0] != '#') {
      EXPECT_EQ(line.rfind(family, 0), 0u) << line;
    }
  }
}

// promtool (Debian's prometheus package, installed by scripts/setup.sh) is
// the reference parser; without it the test says so and skips.
TEST_F(ApiTest, MetricsPassPromtoolCheckMetrics) {
  const char* promtool = "/usr/bin/promtool";
  if (::access(promtool, X_OK) != 0) GTEST_SKIP() << promtool << " is not installed";
  const SessionId s = Join(CpuWorker("w1"));
  Join(CpuWorker("w \"quoted\" \\ id"));
  Submit(kDag);
  Tick();
  protocol::Heartbeat hb = Beat();
  protocol::AlertReport hot;
  hot.at = clock_.Now();
  hot.resource = "cpu";
  hot.metric = "cpu_utilization_percent";
  hot.severity = "critical";
  hot.value = 99;
  hot.threshold = 95;
  hb.alerts = {hot};
  Send(s, hb);
  const ApiResponse r = Call("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  const std::filesystem::path file = dir_ / "metrics.txt";
  std::filesystem::create_directories(dir_);
  std::ofstream(file) << r.body;
  const std::string command = std::string(promtool) + " check metrics < " + file.string() + " 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    output.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << output << "\n--- metrics ---\n" << r.body;
  EXPECT_EQ(output, "") << "promtool found problems";
}

}  // namespace
}  // namespace hawk::coord
