// A real coordinator and real worker processes on loopback: a DAG completes
// with the right placements; a worker killed with SIGKILL mid-task has its
// task completed elsewhere; a coordinator killed with SIGKILL mid-workload
// comes back from its event log and the workload completes with every task
// run exactly once; tokens and bad messages are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <optional>

#include "cluster_process.h"

namespace hawk::integration {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("hawk-cluster-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "client.token") << "client-token-for-tests\n";
    std::ofstream(dir_ / "worker.token") << "worker-token-for-tests\n";
  }
  void TearDown() override {
    workers_.clear();
    coordinator_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // Starts the coordinator; on port 0 the first time, on the same port after.
  void StartCoordinator(const std::vector<std::string>& more_flags = {}) {
    fs::remove(dir_ / "port");
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    std::vector<std::string> args = {HAWK_BINARY,
                                     "coordinator",
                                     "--listen",
                                     listen,
                                     "--db",
                                     (dir_ / "hawk.duckdb").string(),
                                     "--state-dir",
                                     (dir_ / "coord").string(),
                                     "--client-token-file",
                                     (dir_ / "client.token").string(),
                                     "--worker-token-file",
                                     (dir_ / "worker.token").string(),
                                     "--heartbeat-timeout",
                                     "2s",
                                     "--heartbeat-interval",
                                     "200ms",
                                     "--overload-threshold",
                                     "1",
                                     "--port-file",
                                     (dir_ / "port").string()};
    args.insert(args.end(), more_flags.begin(), more_flags.end());
    coordinator_ = std::make_unique<Process>(args, dir_ / "coordinator.log");
    ASSERT_TRUE(WaitFor([&] { return fs::exists(dir_ / "port"); }))
        << ReadFile(dir_ / "coordinator.log");
    port_ = std::stoi(ReadFile(dir_ / "port"));
  }

  void StartWorker(const std::string& id, std::uint32_t slots, const std::string& labels = "") {
    std::vector<std::string> args = {HAWK_BINARY,
                                     "worker",
                                     "--coordinator",
                                     "ws://127.0.0.1:" + std::to_string(port_),
                                     "--id",
                                     id,
                                     "--slots",
                                     std::to_string(slots),
                                     "--state-dir",
                                     (dir_ / id).string(),
                                     "--heartbeat-interval",
                                     "200ms"};
    if (!labels.empty()) args.insert(args.end(), {"--labels", labels});
    workers_[id] = std::make_unique<Process>(
        args, dir_ / (id + ".log"),
        std::vector<std::string>{"HAWK_WORKER_TOKEN=worker-token-for-tests"});
  }

  cli::HttpReply Call(const std::string& method, const std::string& path,
                      const std::string& body = "",
                      const std::string& token = "client-token-for-tests") {
    cli::HttpRequest r;
    r.method = method;
    r.url = "http://127.0.0.1:" + std::to_string(port_) + path;
    r.bearer_token = token;
    r.body = body;
    r.timeout = std::chrono::seconds(5);
    auto reply = cli::Send(r);
    // No answer: status 0, and the error as the body for the failure message.
    return reply ? *reply : cli::HttpReply{0, reply.error().ToString(), {}};
  }
  Json Get(const std::string& path) {
    const cli::HttpReply r = Call("GET", path);
    return r.status == 200 ? Json::parse(r.body) : Json();
  }
  std::string Submit(const std::string& yaml) {
    const cli::HttpReply r = Call("POST", "/api/v1/workloads?name=test.yaml", yaml);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? Json::parse(r.body)["workload_id"].get<std::string>() : "";
  }
  std::string Status(const std::string& id) {
    const Json w = Get("/api/v1/workloads/" + id);
    return w.is_object() ? w.value("status", std::string()) : std::string();
  }
  bool WorkersOnline(std::size_t n) {
    const Json w = Get("/api/v1/workers");
    if (!w.is_object()) return false;
    std::size_t online = 0;
    for (const Json& worker : w["workers"]) online += worker["online"].get<bool>() ? 1 : 0;
    return online >= n;
  }
  // Attempts per unit.
  std::map<std::string, std::vector<Json>> Attempts(const std::string& id) {
    std::map<std::string, std::vector<Json>> out;
    const Json all = Get("/api/v1/attempts?workload=" + id);
    if (!all.is_object()) return out;
    for (const Json& a : all["attempts"]) {
      out[a["unit_id"].get<std::string>()].push_back(a);
    }
    return out;
  }
  std::string Logs() {
    std::string out = "--- coordinator\n" + ReadFile(dir_ / "coordinator.log");
    for (const auto& [id, p] : workers_) out += "--- " + id + "\n" + ReadFile(dir_ / (id + ".log"));
    return out;
  }

  fs::path dir_;
  int port_ = 0;
  std::unique_ptr<Process> coordinator_;
  std::map<std::string, std::unique_ptr<Process>> workers_;
};

TEST_F(ClusterTest, ADagCompletesOnTheWorkersItsTasksAskFor) {
  StartCoordinator();
  StartWorker("small", 1, "pool=small");
  StartWorker("big", 2, "pool=big");
  ASSERT_TRUE(WaitFor([&] { return WorkersOnline(2); })) << Logs();
  const std::string id = Submit(R"(version: 1
name: placed
tasks:
  - id: prepare
    run: echo prepared on $HAWK_DEVICES
  - id: left
    run: "true"
    depends_on: [prepare]
    requires: {labels: {pool: big}}
  - id: right
    run: "true"
    depends_on: [prepare]
    requires: {labels: {pool: big}}
  - id: join
    run: "true"
    depends_on: [left, right]
    requires: {labels: {pool: small}}
)");
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "succeeded"; })) << Logs();
  auto attempts = Attempts(id);
  ASSERT_EQ(attempts.size(), 4u);
  EXPECT_EQ(attempts["left"].at(0)["worker_id"], "big");
  EXPECT_EQ(attempts["right"].at(0)["worker_id"], "big");
  EXPECT_EQ(attempts["join"].at(0)["worker_id"], "small");
  for (const auto& [unit, list] : attempts) EXPECT_EQ(list.size(), 1u) << unit;
  // The task's output reached the coordinator.
  const std::string prepare = attempts["prepare"].at(0)["attempt_id"];
  ASSERT_TRUE(WaitFor([&] {
    return Call("GET", "/api/v1/attempts/" + prepare + "/log").body == "prepared on cpu0\n";
  }));
}

TEST_F(ClusterTest, ATaskOnAWorkerKilledMidTaskCompletesElsewhere) {
  StartCoordinator();
  StartWorker("a", 1);
  StartWorker("b", 1);
  ASSERT_TRUE(WaitFor([&] { return WorkersOnline(2); })) << Logs();
  const fs::path marker = dir_ / "first-attempt";
  const std::string id = Submit(R"(version: 1
name: survive
tasks:
  - id: long
    run: if [ -e ')" + marker.string() +
                                R"(' ]; then exit 0; fi; touch ')" + marker.string() +
                                R"('; sleep 60
    recovery: {max_retries: 2, backoff: {base: 100ms, jitter: 0}}
)");
  ASSERT_TRUE(WaitFor([&] { return fs::exists(marker); })) << Logs();
  std::string victim;
  ASSERT_TRUE(WaitFor([&] {
    auto a = Attempts(id)["long"];
    if (a.empty() || a[0]["status"] != "running") return false;
    victim = a[0]["worker_id"];
    return true;
  })) << Logs();
  workers_.at(victim)->Kill(SIGKILL);
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "succeeded"; })) << Logs();
  auto attempts = Attempts(id)["long"];
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0]["status"], "lost");
  EXPECT_EQ(attempts[1]["status"], "succeeded");
  EXPECT_NE(attempts[1]["worker_id"], victim);
}

TEST_F(ClusterTest, ACoordinatorKilledMidWorkloadComesBackAndRunsEachTaskOnce) {
  StartCoordinator();
  StartWorker("w1", 2);
  ASSERT_TRUE(WaitFor([&] { return WorkersOnline(1); })) << Logs();
  const fs::path gate = dir_ / "gate";
  const std::string id = Submit(R"(version: 1
name: restart
tasks:
  - id: first
    run: "true"
  - id: slow
    run: while [ ! -e ')" + gate.string() +
                                R"(' ]; do sleep 0.05; done
    depends_on: [first]
  - id: last
    run: "true"
    depends_on: [slow]
)");
  ASSERT_TRUE(WaitFor([&] {
    auto a = Attempts(id)["slow"];
    return !a.empty() && a[0]["status"] == "running";
  })) << Logs();
  coordinator_->Kill(SIGKILL);
  std::ofstream(gate) << "open\n";  // slow ends while the coordinator is away
  StartCoordinator();
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "succeeded"; })) << Logs();
  for (const auto& [unit, list] : Attempts(id)) {
    EXPECT_EQ(list.size(), 1u) << unit;
    EXPECT_EQ(list.at(0)["status"], "succeeded") << unit;
  }
  const Json metrics_ok = Get("/healthz");
  EXPECT_EQ(metrics_ok["status"], "ok");
}

TEST_F(ClusterTest, ShortTasksGoAheadToABusyWorkerAndEachRunsOnceInItsSlot) {
  // Every lane counts as short: after the first task ends, each next one is
  // sent behind the one running.
  StartCoordinator({"--dispatch-ahead-below", "1h"});
  StartWorker("w1", 1);
  ASSERT_TRUE(WaitFor([&] { return WorkersOnline(1); })) << Logs();
  const fs::path runs = dir_ / "runs";
  constexpr int kTasks = 12;
  std::string yaml = "version: 1\nname: ahead\ntasks:\n";
  for (int i = 0; i < kTasks; ++i) {
    // One slot: a task that finds another's mark running says so.
    yaml += "  - id: t" + std::to_string(i) + "\n    run: mkdir '" + (dir_ / "slot").string() +
            "' || echo overlap >> '" + runs.string() + "'; echo t" + std::to_string(i) + " >> '" +
            runs.string() + "'; rmdir '" + (dir_ / "slot").string() + "'\n";
  }
  const std::string id = Submit(yaml);
  ASSERT_TRUE(WaitFor([&] { return Status(id) == "succeeded"; })) << Logs();
  int ahead = 0;
  const auto attempts = Attempts(id);
  EXPECT_EQ(attempts.size(), std::size_t{kTasks});
  for (const auto& [unit, list] : attempts) {
    ASSERT_EQ(list.size(), 1u) << unit;
    EXPECT_EQ(list.at(0)["status"], "succeeded") << unit;
    ahead += list.at(0)["placement"].get<std::string>().starts_with("dispatched ahead") ? 1 : 0;
  }
  EXPECT_GT(ahead, 0) << Logs();
  const std::string ran = ReadFile(runs);
  EXPECT_EQ(std::count(ran.begin(), ran.end(), '\n'), kTasks) << ran;
  EXPECT_EQ(ran.find("overlap"), std::string::npos) << ran;
}

TEST_F(ClusterTest, WrongTokensAreRefusedOnEveryDoor) {
  StartCoordinator();
  for (const char* path : {"/healthz", "/metrics", "/", "/api/v1/workers", "/api/v1/stream"}) {
    EXPECT_EQ(Call("GET", path, "", "").status, 401) << path;
    EXPECT_EQ(Call("GET", path, "", "worker-token-for-tests").status, 401) << path;
  }
  // A worker with the wrong token is refused at the WebSocket upgrade and exits 2.
  Process bad({HAWK_BINARY, "worker", "--coordinator", "ws://127.0.0.1:" + std::to_string(port_),
               "--id", "bad", "--state-dir", (dir_ / "bad").string()},
              dir_ / "bad.log", {"HAWK_WORKER_TOKEN=client-token-for-tests"});
  int status = 0;
  ASSERT_TRUE(WaitFor([&] { return ::waitpid(bad.pid(), &status, WNOHANG) == bad.pid(); }))
      << ReadFile(dir_ / "bad.log");
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2) << ReadFile(dir_ / "bad.log");
  // An oversized body.
  const cli::HttpReply big = Call("POST", "/api/v1/workloads", std::string(17 << 20, 'x'));
  EXPECT_EQ(big.status, 413) << big.body;
}

}  // namespace
}  // namespace hawk::integration
