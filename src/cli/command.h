// How subcommands plug into the `hawk` executable. Each command lives in its
// own file and registers itself with Add<Name>Command; when CLI11 selects it,
// its callback stores the function main() then runs. A command returns its
// exit code: 0 ok, 1 the work failed, 2 bad usage or input (DESIGN.md §6).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "core/result.h"

namespace hawk {
class Store;
}

namespace hawk::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

using Runner = std::function<int()>;

// Prints "hawk: error: <where: message (hint)>" to stderr and returns the exit
// code the error deserves (2 for user errors, 1 otherwise).
int ReportError(const Error& error);

// hawk validate FILE [--json] (cli/validate_command.cpp).
void AddValidateCommand(CLI::App& app, Runner& runner);
// hawk demo [--all-features ...] (cli/demo_command.cpp).
void AddDemoCommand(CLI::App& app, Runner& runner);
// hawk bench sim ... (cli/bench_command.cpp).
void AddBenchCommand(CLI::App& app, Runner& runner);
// hawk monitor [--once] [--json] [--level ...] (cli/monitor_command.cpp).
void AddMonitorCommand(CLI::App& app, Runner& runner);
// hawk detect [--json] [--proc-root DIR] [--sys-root DIR] [--browser] (cli/detect_command.cpp).
void AddDetectCommand(CLI::App& app, Runner& runner);
// hawk report --db FILE [--workload ID] [--html|--json|--junit OUT] [--charts DIR]
// (cli/report_command.cpp).
void AddReportCommand(CLI::App& app, Runner& runner);
// hawk badge [--db FILE] [--workload ID] --output SVG [--style ...] [--json OUT]
// (cli/badge_command.cpp).
void AddBadgeCommand(CLI::App& app, Runner& runner);
// hawk run FILE [--workers N] [--db FILE] [--json] (cli/run_command.cpp).
void AddRunCommand(CLI::App& app, Runner& runner);
// hawk notify --config FILE [--event KIND] [--db FILE] [event fields] [--dry-run]
// (cli/notify_command.cpp).
void AddNotifyCommand(CLI::App& app, Runner& runner);
// hawk worker --coordinator URL [--token T] [--id ID] [--labels k=v,...] [--slots N]
// [--state-dir DIR] [--heartbeat-interval D] (cli/worker_command.cpp).
void AddWorkerCommand(CLI::App& app, Runner& runner);
// hawk submit FILE [--wait] [--json] (cli/submit_command.cpp).
void AddSubmitCommand(CLI::App& app, Runner& runner);
// hawk status, workers, tasks, cancel, drain, explain, events: the coordinator's
// state and controls over its REST API (cli/client_commands.cpp).
void AddClientCommands(CLI::App& app, Runner& runner);
// hawk logs TASK [--workload ID] [--attempt ID] [--follow] (cli/logs_command.cpp).
void AddLogsCommand(CLI::App& app, Runner& runner);

// hawk coordinator [--listen HOST:PORT] [--db FILE] [--state-dir DIR] ...
// (cli/coordinator_command.cpp).
void AddCoordinatorCommand(CLI::App& app, Runner& runner);
// hawk up: a coordinator and a local worker as one service (cli/up_command.cpp).
void AddUpCommand(CLI::App& app, Runner& runner);

// Opens an existing hawk database for reading a report. A missing file, or
// one that is not a hawk database, is a user error naming --db (exit 2);
// nothing is created (cli/report_command.cpp).
Result<std::unique_ptr<Store>> OpenReportDatabase(const std::string& path);
}  // namespace hawk::cli
