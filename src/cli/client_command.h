// What the commands that talk to a coordinator share (hawk submit, status,
// workers, tasks, logs, cancel, drain, explain, events): the --url, --token
// and --config options, resolving them (cli/client_config.h) into a
// CoordinatorClient, and printing the coordinator's JSON.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cli/client_api.h"
#include "cli/command.h"

namespace hawk::cli {

// The body of a client command, given a client for the resolved coordinator;
// returns the exit code.
using ClientRun = std::function<int(const CoordinatorClient& client)>;

// Adds subcommand `name` to `app` with --url, --token and --config. When it
// is selected, `runner` resolves them (an error exits 2) and calls `run`.
CLI::App* AddClientSubcommand(CLI::App& app, Runner& runner, const std::string& name,
                              const std::string& description, ClientRun run);

// The coordinator's JSON, indented by 2, on stdout.
void PrintJson(const Json& json);

}  // namespace hawk::cli
