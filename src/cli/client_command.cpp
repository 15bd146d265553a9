#include "cli/client_command.h"

#include <cstdio>

#include "cli/client_config.h"

namespace hawk::cli {
namespace {

struct ClientOptionValues {
  std::string url;
  std::string token;
  std::string config;
  std::string ca_file;
  CLI::Option* url_option = nullptr;
  CLI::Option* token_option = nullptr;
  CLI::Option* config_option = nullptr;
  CLI::Option* ca_file_option = nullptr;

  [[nodiscard]] ClientFlags Flags() const {
    ClientFlags flags;
    if (url_option->count() != 0) flags.url = url;
    if (token_option->count() != 0) flags.token = token;
    if (config_option->count() != 0) flags.config_path = config;
    if (ca_file_option->count() != 0) flags.ca_file = ca_file;
    return flags;
  }
};

}  // namespace

CLI::App* AddClientSubcommand(CLI::App& app, Runner& runner, const std::string& name,
                              const std::string& description, ClientRun run) {
  auto values = std::make_shared<ClientOptionValues>();
  CLI::App* cmd = app.add_subcommand(name, description);
  values->url_option = cmd->add_option("--url", values->url,
                                       "the coordinator (default: $HAWK_URL, the config file, or " +
                                           std::string(kDefaultCoordinatorUrl) + ")");
  values->token_option =
      cmd->add_option("--token", values->token,
                      "the client token (default: $HAWK_TOKEN, $HAWK_TOKEN_FILE or the config "
                      "file; a flag is visible to other users in the process list)");
  values->config_option = cmd->add_option(
      "--config", values->config,
      "client config file, YAML with url, token, token_file, ca_file (default: $HAWK_CONFIG or "
      "~/.config/hawk/client.yaml)");
  values->ca_file_option = cmd->add_option(
      "--ca-file", values->ca_file,
      "PEM certificates to trust for an https:// coordinator, such as the one given to "
      "`hawk coordinator --tls-cert` (default: $HAWK_CA_FILE, the config file, or the system's)");
  cmd->callback([&runner, values, run = std::move(run)] {
    runner = [values, run] {
      auto config = ResolveClientConfig(values->Flags(), ProcessEnvironment());
      if (!config) return ReportError(config.error());
      const CoordinatorClient client(std::move(*config));
      return run(client);
    };
  });
  return cmd;
}

void PrintJson(const Json& json) {
  std::printf("%s\n", json.dump(2).c_str());
  std::fflush(stdout);
}

}  // namespace hawk::cli
