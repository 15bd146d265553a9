// hawk status, workers, tasks, cancel, drain, explain, events: one request to
// the coordinator each, printed as a table or line (cli/client_tables.h), or
// with --json as the coordinator's JSON.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/client_command.h"
#include "cli/client_tables.h"

namespace hawk::cli {
namespace {

// GET `target`; --json prints it, otherwise `render` does.
int ShowJson(const CoordinatorClient& client, const std::string& target, bool json,
             const std::function<std::string(const Json&)>& render) {
  auto body = client.GetJson(target);
  if (!body) return ReportError(body.error());
  if (json) {
    PrintJson(*body);
  } else {
    std::fputs(render(*body).c_str(), stdout);
  }
  return kExitOk;
}

struct QueryOptions {
  bool json = false;
  std::string id;      // the positional id, where the command has one
  std::string filter;  // --workload
  std::uint64_t after = 0;
  std::uint64_t limit = 0;
};

void AddStatus(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<QueryOptions>();
  CLI::App* cmd = AddClientSubcommand(
      app, runner, "status", "Show the coordinator's workloads, or one workload and its units",
      [o](const CoordinatorClient& client) {
        if (o->id.empty()) return ShowJson(client, "/api/v1/workloads", o->json, WorkloadsTable);
        return ShowJson(client, "/api/v1/workloads/" + UrlEncode(o->id), o->json, WorkloadDetail);
      });
  cmd->add_option("WORKLOAD", o->id, "a workload id (default: list every workload)");
  cmd->add_flag("--json", o->json, "print the coordinator's JSON");
}

void AddWorkers(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<QueryOptions>();
  CLI::App* cmd =
      AddClientSubcommand(app, runner, "workers", "List the workers known to the coordinator",
                          [o](const CoordinatorClient& client) {
                            return ShowJson(client, "/api/v1/workers", o->json, WorkersTable);
                          });
  cmd->add_flag("--json", o->json, "print the coordinator's JSON");
}

void AddTasks(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<QueryOptions>();
  CLI::App* cmd =
      AddClientSubcommand(app, runner, "tasks", "List the units of every workload, or of one",
                          [o](const CoordinatorClient& client) {
                            std::string target = "/api/v1/tasks";
                            if (!o->filter.empty()) target += "?workload=" + UrlEncode(o->filter);
                            return ShowJson(client, target, o->json, TasksTable);
                          });
  cmd->add_option("--workload", o->filter, "only this workload's units");
  cmd->add_flag("--json", o->json, "print the coordinator's JSON");
}

void AddExplain(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<QueryOptions>();
  auto unit = std::make_shared<std::string>();
  CLI::App* cmd = AddClientSubcommand(
      app, runner, "explain", "Explain why a unit is where it is (waiting, placed, failed, ...)",
      [o, unit](const CoordinatorClient& client) {
        const std::string target = "/api/v1/explain/" + UrlEncode(o->id) + "/" + UrlEncode(*unit);
        return ShowJson(client, target, o->json, [](const Json& body) {
          const auto it = body.find("text");
          if (it == body.end() || !it->is_string()) return std::string("(no explanation)\n");
          std::string text = it->get<std::string>();
          if (text.empty() || text.back() != '\n') text += '\n';
          return text;
        });
      });
  cmd->add_option("WORKLOAD", o->id, "the workload id")->required();
  cmd->add_option("UNIT", *unit, "the unit id (a task id, or task#shard)")->required();
  cmd->add_flag("--json", o->json, "print the coordinator's JSON");
}

void AddEvents(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<QueryOptions>();
  CLI::App* cmd = AddClientSubcommand(
      app, runner, "events", "Print the coordinator's event log, one line per event",
      [o](const CoordinatorClient& client) {
        std::string target = "/api/v1/events";
        std::string query;
        if (o->after != 0) query += "after=" + std::to_string(o->after);
        if (o->limit != 0)
          query += (query.empty() ? "" : "&") + ("limit=" + std::to_string(o->limit));
        if (!query.empty()) target += "?" + query;
        return ShowJson(client, target, o->json, EventLines);
      });
  cmd->add_option("--after", o->after, "only events after this sequence number");
  cmd->add_option("--limit", o->limit, "at most this many events")->check(CLI::PositiveNumber);
  cmd->add_flag("--json", o->json, "print the coordinator's JSON");
}

// POST `target` with an empty body; prints `done` on success.
int PostAction(const CoordinatorClient& client, const std::string& target,
               const std::string& done) {
  auto reply = client.Post(target, "", "application/json");
  if (!reply) return ReportError(reply.error());
  std::printf("%s\n", done.c_str());
  return kExitOk;
}

void AddCancel(CLI::App& app, Runner& runner) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = AddClientSubcommand(
      app, runner, "cancel", "Cancel a workload: its running attempts are stopped",
      [id](const CoordinatorClient& client) {
        return PostAction(client, "/api/v1/workloads/" + UrlEncode(*id) + "/cancel",
                          "cancel requested for workload " + *id);
      });
  cmd->add_option("WORKLOAD", *id, "the workload id")->required();
}

void AddDrain(CLI::App& app, Runner& runner) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = AddClientSubcommand(
      app, runner, "drain", "Ask a worker to finish its running work, take no more, and leave",
      [id](const CoordinatorClient& client) {
        return PostAction(client, "/api/v1/workers/" + UrlEncode(*id) + "/drain",
                          "drain requested for worker " + *id);
      });
  cmd->add_option("WORKER", *id, "the worker id")->required();
}

}  // namespace

void AddClientCommands(CLI::App& app, Runner& runner) {
  AddStatus(app, runner);
  AddWorkers(app, runner);
  AddTasks(app, runner);
  AddCancel(app, runner);
  AddDrain(app, runner);
  AddExplain(app, runner);
  AddEvents(app, runner);
}

}  // namespace hawk::cli
