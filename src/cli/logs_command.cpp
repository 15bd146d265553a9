// hawk logs TASK [--workload ID] [--attempt ID] [--follow]: prints an
// attempt's output. TASK is a unit id (or a task id with one unit); its latest
// attempt is found through /api/v1/tasks. --follow keeps reading the new
// output until the attempt has ended.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cli/client_command.h"

namespace hawk::cli {
namespace {

constexpr std::chrono::milliseconds kPollInterval{200};

struct LogsOptions {
  std::string task;
  std::string workload;
  std::string attempt;
  bool follow = false;
};

std::string Field(const Json& row, const char* key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The latest attempt of unit (or single-unit task) `task`.
Result<std::string> FindAttempt(const CoordinatorClient& client, const LogsOptions& o) {
  std::string target = "/api/v1/tasks";
  if (!o.workload.empty()) target += "?workload=" + UrlEncode(o.workload);
  auto body = client.GetJson(target);
  if (!body) return tl::unexpected(body.error());
  const auto tasks = body->find("tasks");
  if (tasks == body->end() || !tasks->is_array()) {
    return MakeError(ErrorCode::kCorrupt, "the coordinator's task list has no \"tasks\"",
                     "GET " + target);
  }
  std::vector<const Json*> matches;
  for (const Json& row : *tasks) {
    if (Field(row, "unit_id") == o.task) matches.push_back(&row);
  }
  if (matches.empty()) {  // a task id: fine when it has one unit per workload
    for (const Json& row : *tasks) {
      if (Field(row, "task_id") == o.task) matches.push_back(&row);
    }
  }
  const std::string scope = o.workload.empty() ? "" : " in workload " + o.workload;
  if (matches.empty()) {
    return InvalidArgument("no unit '" + o.task + "'" + scope, "TASK",
                           "see the units with `hawk tasks`");
  }
  if (matches.size() > 1) {
    std::string listed;
    for (const Json* m : matches) {
      listed +=
          (listed.empty() ? "" : ", ") + Field(*m, "workload_id") + "/" + Field(*m, "unit_id");
    }
    const bool one_workload = !o.workload.empty();
    return InvalidArgument(
        "'" + o.task + "' matches " + std::to_string(matches.size()) + " units: " + listed, "TASK",
        one_workload ? "name one unit (task#shard)" : "choose the workload with --workload ID");
  }
  const std::string attempt = Field(*matches.front(), "attempt_id");
  if (attempt.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     "unit " + Field(*matches.front(), "unit_id") + " of workload " +
                         Field(*matches.front(), "workload_id") + " has no attempt yet (" +
                         Field(*matches.front(), "state") + ")",
                     "TASK", "see why with `hawk explain`");
  }
  return attempt;
}

int PrintLog(const CoordinatorClient& client, const std::string& attempt, bool follow) {
  const std::string base = "/api/v1/attempts/" + UrlEncode(attempt) + "/log";
  std::uint64_t offset = 0;
  for (;;) {
    auto reply = client.Get(offset == 0 ? base : base + "?offset=" + std::to_string(offset));
    if (!reply) return ReportError(reply.error());
    std::fwrite(reply->body.data(), 1, reply->body.size(), stdout);
    std::fflush(stdout);
    if (!follow) return kExitOk;
    const auto size = reply->headers.find("x-hawk-log-size");
    std::uint64_t next = offset + reply->body.size();
    if (size != reply->headers.end()) {
      // A header that is not a number leaves the count of bytes received.
      std::uint64_t value = 0;
      const char* end = size->second.data() + size->second.size();
      const auto [ptr, ec] = std::from_chars(size->second.data(), end, value);
      if (ec == std::errc() && ptr == end) next = value;
    }
    offset = next;
    const auto done = reply->headers.find("x-hawk-attempt-done");
    if (done != reply->headers.end() && done->second == "true") return kExitOk;
    std::this_thread::sleep_for(kPollInterval);
  }
}

int Logs(const CoordinatorClient& client, const LogsOptions& o) {
  if (o.task.empty() && o.attempt.empty()) {
    return ReportError(Error{ErrorCode::kInvalidArgument, "name a unit (TASK) or --attempt ID",
                             "hawk logs", "see the units with `hawk tasks`"});
  }
  std::string attempt = o.attempt;
  if (attempt.empty()) {
    auto found = FindAttempt(client, o);
    if (!found) return ReportError(found.error());
    attempt = *found;
  }
  return PrintLog(client, attempt, o.follow);
}

}  // namespace

void AddLogsCommand(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<LogsOptions>();
  CLI::App* cmd = AddClientSubcommand(
      app, runner, "logs", "Print the output of a unit's latest attempt (or of --attempt)",
      [o](const CoordinatorClient& client) { return Logs(client, *o); });
  cmd->add_option("TASK", o->task, "the unit id (a task id, or task#shard)");
  cmd->add_option("--workload", o->workload, "the workload of TASK, when several have it");
  cmd->add_option("--attempt", o->attempt, "an attempt id, instead of TASK")->excludes("TASK");
  cmd->add_flag("--follow,-f", o->follow, "keep printing new output until the attempt ends");
}

}  // namespace hawk::cli
