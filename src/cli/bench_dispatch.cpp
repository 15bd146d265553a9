// `hawk bench dispatch --tasks N [--slots S] [--latency-samples K]`: trivial
// tasks (`true`) through a real coordinator (in this process, on its own
// thread) and a real worker (`hawk worker`, a child process) over loopback,
// side by side with `xargs -P S` running the same commands.
//
// - Throughput: N independent tasks in one workload, from the submit request
//   to the workload's end as the REST API reports it (asked every 20 ms, so
//   the asking stays a small load on the coordinator); xargs: `seq N | xargs
//   -P S -n 1 true`, run before and after hawk (the mean is compared).
// - Latency: K workloads of one task each, submitted one after another on an
//   idle fleet; a task runs `date +%s%N`, so its start is measured by the
//   task itself, against the client's clock just before the submit request.
//   Side by side (one after each sample), the bench itself spawns the same
//   `date` and times it the same way: the floor that this machine's process
//   start-up sets, with no hawk in between.
// Prints JSON. Per-task resource tracking is off (it is a monitor cost, not a
// dispatch cost); --track-usage turns it on.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/bench_coordinator.h"
#include "cli/bench_dispatch.h"
#include "cli/command.h"
#include "cli/coordinator_service.h"
#include "cli/http_client.h"
#include "core/units.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX

namespace hawk::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kClientToken = "bench-client-token";
constexpr const char* kWorkerToken = "bench-worker-token";

double Seconds(SteadyClock::duration d) {
  return std::chrono::duration<double>(d).count();
}

std::int64_t WallNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Runs `sh -c command`; returns its wall time, or nullopt when it failed.
std::optional<double> TimeShell(const std::string& command) {
  std::string sh = "/bin/sh";
  std::string c = "-c";
  std::string cmd = command;
  char* argv[] = {sh.data(), c.data(), cmd.data(), nullptr};
  const auto start = SteadyClock::now();
  pid_t pid = 0;
  if (::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv, environ) != 0) return std::nullopt;
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return Seconds(SteadyClock::now() - start);
}

// The nanoseconds `date +%s%N` printed; none when the text is not that.
std::optional<std::int64_t> ParseNanos(std::string_view text) {
  std::int64_t ns = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ns);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  return ns;
}

// Spawns `date +%s%N` with its output on a pipe, as the worker does;
// returns milliseconds from just before the spawn to the clock `date` read.
std::optional<double> DirectSpawnMs() {
  int out[2] = {-1, -1};
  if (::pipe2(out, O_CLOEXEC) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::string date = "date";
  std::string format = "+%s%N";
  char* argv[] = {date.data(), format.data(), nullptr};
  const std::int64_t before_ns = WallNanos();
  pid_t pid = 0;
  const bool spawned = ::posix_spawnp(&pid, "date", &actions, nullptr, argv, environ) == 0;
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  std::string text;
  char buffer[64];
  ssize_t n = 0;
  while (spawned && (n = ::read(out[0], buffer, sizeof(buffer))) > 0) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  if (!spawned) return std::nullopt;
  int status = 0;
  ::waitpid(pid, &status, 0);
  const std::optional<std::int64_t> printed_ns = ParseNanos(text);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !printed_ns) return std::nullopt;
  return static_cast<double>(*printed_ns - before_ns) / 1e6;
}

class Client {
 public:
  explicit Client(std::uint16_t port) : base_("http://127.0.0.1:" + std::to_string(port)) {}
  Result<Json> Call(const std::string& method, const std::string& path,
                    const std::string& body = "") const {
    HttpRequest r;
    r.method = method;
    r.url = base_ + path;
    r.bearer_token = kClientToken;
    r.body = body;
    auto reply = Send(r);
    if (!reply) return tl::unexpected(reply.error());
    if (reply->status >= 300) {
      return MakeError(ErrorCode::kInternal, method + " " + path + ": " +
                                                 std::to_string(reply->status) + " " + reply->body);
    }
    if (reply->headers.count("content-type") != 0 &&
        reply->headers.at("content-type").rfind("text/plain", 0) == 0) {
      return Json(reply->body);
    }
    Json j = Json::parse(reply->body, nullptr, false);
    if (j.is_discarded()) return MakeError(ErrorCode::kInternal, "not JSON: " + reply->body);
    return j;
  }
  // Submits, waits `first`, then asks for the end every `poll`; returns the
  // workload id. Each ask is a request the coordinator's thread serves, so a
  // long run asks seldom: the bench must not be the coordinator's main load.
  Result<std::string> Run(const std::string& yaml, std::chrono::milliseconds first,
                          std::chrono::milliseconds poll) const {
    auto submitted = Call("POST", "/api/v1/workloads?name=bench.yaml", yaml);
    if (!submitted) return tl::unexpected(submitted.error());
    const std::string id = (*submitted)["workload_id"];
    std::this_thread::sleep_for(first);
    while (true) {
      auto w = Call("GET", "/api/v1/workloads/" + id + "?units=false");
      if (!w) return tl::unexpected(w.error());
      const std::string status = (*w)["status"];
      if (status == "succeeded") return id;
      if (status != "running") return MakeError(ErrorCode::kInternal, "workload " + status);
      std::this_thread::sleep_for(poll);
    }
  }

 private:
  std::string base_;
};

std::string ManyTrue(std::uint32_t tasks) {
  std::string yaml = "version: 1\nname: dispatch\ntasks:\n";
  for (std::uint32_t i = 0; i < tasks; ++i) {
    yaml += "  - {id: t" + std::to_string(i) + ", command: [\"true\"]}\n";
  }
  return yaml;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::lround(p * static_cast<double>(v.size() - 1)));
  return v[std::min(i, v.size() - 1)];
}

int RunBenchDispatch(const BenchDispatchOptions& o) {
  const Result<Duration> ahead = ParseDispatchAheadBelow(o.dispatch_ahead_below);
  if (!ahead) return ReportError(ahead.error());
  auto bench = BenchCoordinator::Start("dispatch", coord::ApiTokens{kClientToken, kWorkerToken},
                                       std::chrono::seconds(1), *ahead);
  if (!bench) return ReportError(bench.error());
  const fs::path& dir = (*bench)->dir();

  // The worker is a process of its own, as it is in a deployment.
  pid_t worker = 0;
  {
    std::vector<std::string> args = {
        "hawk",          "worker",
        "--coordinator", "ws://127.0.0.1:" + std::to_string((*bench)->port()),
        "--id",          "bench-worker",
        "--slots",       std::to_string(o.slots),
        "--state-dir",   (dir / "worker").string()};
    if (!o.track_usage) args.emplace_back("--no-track-usage");
    std::vector<std::string> env = {std::string("HAWK_WORKER_TOKEN=") + kWorkerToken};
    for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    envp.reserve(env.size() + 1);
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    if (::posix_spawn(&worker, "/proc/self/exe", nullptr, nullptr, argv.data(), envp.data()) != 0) {
      worker = 0;
    }
  }

  const Client client((*bench)->port());
  int code = kExitOk;
  Json j;
  j["benchmark"] = "dispatch";
  j["tasks"] = o.tasks;
  j["slots"] = o.slots;
  j["track_usage"] = o.track_usage;
  j["dispatch_ahead_below_ms"] = ahead->count();
  do {
    if (worker == 0) {
      code = ReportError(Error{ErrorCode::kInternal, "cannot start the worker process", "", ""});
      break;
    }
    // The worker is online before anything is timed.
    while (true) {
      auto w = client.Call("GET", "/api/v1/workers");
      if (w && !(*w)["workers"].empty() && (*w)["workers"][0]["online"] == true) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::string xargs =
        "seq " + std::to_string(o.tasks) + " | xargs -P " + std::to_string(o.slots) + " -n 1 true";
    const auto xargs_before = TimeShell(xargs);
    const std::string yaml = ManyTrue(o.tasks);
    const auto start = SteadyClock::now();
    // At most 20 ms late.
    auto id = client.Run(yaml, std::chrono::milliseconds(20), std::chrono::milliseconds(20));
    const double hawk_s = Seconds(SteadyClock::now() - start);
    if (!id) {
      code = ReportError(id.error());
      break;
    }
    const auto xargs_after = TimeShell(xargs);
    if (!xargs_before || !xargs_after) {
      code = ReportError(Error{ErrorCode::kInternal, "xargs failed: " + xargs, "", ""});
      break;
    }
    const double xargs_s = (*xargs_before + *xargs_after) / 2;

    // Each hawk sample is followed by a direct spawn of the same command, so
    // both series see the same machine (a shared VM drifts within a run).
    // Each of them starts on a quiet machine: after the coordinator's group
    // commit (10 ms) and the report rows of the workload before.
    const auto quiet = std::chrono::milliseconds(25);
    std::vector<double> latencies_ms;
    std::vector<double> direct_ms;
    for (std::uint32_t i = 0; i < o.latency_samples; ++i) {
      const std::string one =
          "version: 1\nname: latency\ntasks:\n  - {id: stamp, command: [date, \"+%s%N\"]}\n";
      std::this_thread::sleep_for(quiet);
      const std::int64_t submitted_ns = WallNanos();
      // The client asks nothing while the task starts: on a small machine
      // its requests would take CPU from that start, and the direct spawn
      // does not share its start with them either.
      auto single = client.Run(one, std::chrono::milliseconds(15), std::chrono::milliseconds(2));
      if (!single) {
        code = ReportError(single.error());
        break;
      }
      auto tasks = client.Call("GET", "/api/v1/tasks?workload=" + *single);
      if (!tasks) return ReportError(tasks.error());
      const std::string attempt = (*tasks)["tasks"][0]["attempt_id"];
      Result<Json> log = MakeError(ErrorCode::kInternal, "no output");
      for (int tries = 0; tries < 1000; ++tries) {  // output may trail the result
        log = client.Call("GET", "/api/v1/attempts/" + attempt + "/log");
        if (log && !log->get<std::string>().empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      const std::optional<std::int64_t> started_ns =
          log ? ParseNanos(log->get<std::string>()) : std::nullopt;
      if (!started_ns) {
        code = ReportError(Error{ErrorCode::kInternal,
                                 "no clock in the output of " + attempt + " (date +%s%N)", "", ""});
        break;
      }
      latencies_ms.push_back(static_cast<double>(*started_ns - submitted_ns) / 1e6);
      std::this_thread::sleep_for(quiet);
      const std::optional<double> direct = DirectSpawnMs();
      if (!direct) {
        code = ReportError(Error{ErrorCode::kInternal, "cannot spawn date +%s%N", "", ""});
        break;
      }
      direct_ms.push_back(*direct);
    }
    if (code != kExitOk) break;
    j["hawk_wall_s"] = hawk_s;
    j["hawk_tasks_per_s"] = o.tasks / hawk_s;
    j["xargs_wall_s"] = xargs_s;
    j["xargs_tasks_per_s"] = o.tasks / xargs_s;
    j["throughput_ratio"] = xargs_s / hawk_s;
    j["latency_samples"] = latencies_ms.size();
    if (!latencies_ms.empty()) {
      j["submit_to_start_p50_ms"] = Percentile(latencies_ms, 0.50);
      j["submit_to_start_p99_ms"] = Percentile(latencies_ms, 0.99);
      // The floor: the same command spawned directly, no hawk in between.
      j["direct_spawn_p50_ms"] = Percentile(direct_ms, 0.50);
      j["direct_spawn_p99_ms"] = Percentile(direct_ms, 0.99);
      j["hawk_added_p50_ms"] = Percentile(latencies_ms, 0.50) - Percentile(direct_ms, 0.50);
    }
  } while (false);

  if (worker > 0) {
    ::kill(worker, SIGTERM);
    int status = 0;
    ::waitpid(worker, &status, 0);
  }
  (*bench)->Stop();
  // Of the throughput run's dispatches (the one-task samples go at once).
  j["dispatched_ahead"] = (*bench)->coordinator().counters().dispatches_ahead;
  if (code == kExitOk) std::cout << j.dump(2) << "\n";
  return code;
}

}  // namespace

void AddBenchDispatchCommand(CLI::App& bench, Runner& runner) {
  auto o = std::make_shared<BenchDispatchOptions>();
  CLI::App* cmd = bench.add_subcommand(
      "dispatch", "Trivial tasks through a real coordinator and worker on loopback, vs xargs -P");
  cmd->add_option("--tasks", o->tasks, "Tasks in the throughput run")
      ->check(CLI::Range(1u, 1000000u));
  cmd->add_option("--slots", o->slots, "Tasks the worker runs at once (xargs -P)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--latency-samples", o->latency_samples, "One-task workloads timed one by one")
      ->check(CLI::Range(0u, 100000u));
  cmd->add_flag("--track-usage", o->track_usage, "Track each task's resource use, as workers do");
  cmd->add_option("--dispatch-ahead-below", o->dispatch_ahead_below,
                  "The coordinator's --dispatch-ahead-below (0s: off)")
      ->capture_default_str();
  cmd->callback([&runner, o] { runner = [o] { return RunBenchDispatch(*o); }; });
}

}  // namespace hawk::cli
