#include <cstdio>
#include <exception>

#include "cli/command.h"

namespace hawk::cli {

int ReportError(const Error& error) {
  std::fprintf(stderr, "hawk: error: %s\n", error.ToString().c_str());
  return error.IsUserError() ? kExitUsage : kExitFailure;
}

}  // namespace hawk::cli

int main(int argc, char** argv) {
  using namespace hawk::cli;
  CLI::App app{"hawk — Hardware-Aware Workload Kit: runs workloads on the best-fit device"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "hawk 0.1.0");
  Runner runner;
  AddValidateCommand(app, runner);
  AddDemoCommand(app, runner);
  AddBenchCommand(app, runner);
  AddMonitorCommand(app, runner);
  AddDetectCommand(app, runner);
  AddReportCommand(app, runner);
  AddBadgeCommand(app, runner);
  AddRunCommand(app, runner);
  AddNotifyCommand(app, runner);
  AddWorkerCommand(app, runner);
  AddSubmitCommand(app, runner);
  AddClientCommands(app, runner);
  AddLogsCommand(app, runner);
  AddCoordinatorCommand(app, runner);
  AddUpCommand(app, runner);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and the usage hint
    return kExitUsage;
  }
  if (!runner) return kExitUsage;
  try {
    return runner();
  } catch (const std::exception& e) {
    // Commands return errors as values; this is the last line of defence so a
    // bug still ends with a message rather than std::terminate.
    std::fprintf(stderr, "hawk: internal error: %s\n", e.what());
    return kExitFailure;
  }
}
