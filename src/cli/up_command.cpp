// hawk up [coordinator flags] [--worker-id ID] [--worker-slots N]: a
// coordinator and one worker on this machine as one long-running service
// with the dashboard — the quickest way to a live hawk. The worker is this
// same program (`hawk worker`) in a child process; SIGINT/SIGTERM stop the
// coordinator and drain the worker. With --tls-cert/--tls-key the worker
// connects with wss:// to 127.0.0.1. It trusts a self-signed certificate as
// its own CA (--ca-file) and any other through the system's CAs, and checks
// it against 127.0.0.1 when the certificate names that address, else against
// the first name it carries (--tls-server-name): a certificate made for the
// machine's host name serves the local worker too.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/coordinator_service.h"
#include "coord/server.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX

namespace hawk::cli {
namespace {

constexpr const char* kLoopback = "127.0.0.1";  // where the local worker connects

// What the local worker checks the certificate against: 127.0.0.1 when the
// certificate names it, else the first name a client can ask for (not a
// wildcard); none when there is none.
std::optional<std::string> LocalServerName(const std::vector<std::string>& names) {
  if (std::find(names.begin(), names.end(), kLoopback) != names.end()) return kLoopback;
  for (const std::string& name : names) {
    if (name.find('*') == std::string::npos) return name;
  }
  return std::nullopt;
}

struct UpOptions {
  CoordinatorServiceOptions service;
  std::string worker_id;
  std::uint32_t worker_slots = 0;
};

int RunUp(const UpOptions& o) {
  pid_t worker = 0;
  const auto start_worker = [&](coord::Server& server) {
    // RunCoordinatorService has checked the flags before it listens.
    const auto tls = TlsFilesOf(o.service);
    const bool secure = tls && tls->has_value();
    const std::string address = std::string(kLoopback) + ":" + std::to_string(server.port());
    const std::string url = (secure ? "https://" : "http://") + address;
    const std::filesystem::path state(o.service.state_dir);
    auto token =
        LoadOrCreateToken(o.service.worker_token_file, "HAWK_WORKER_TOKEN", state / "worker.token");
    auto client =
        LoadOrCreateToken(o.service.client_token_file, "HAWK_CLIENT_TOKEN", state / "client.token");
    if (!token || !client) return;
    std::vector<std::string> args = {"hawk",          "worker",
                                     "--coordinator", (secure ? "wss://" : "ws://") + address,
                                     "--state-dir",   (state / "worker").string()};
    if (!o.worker_id.empty()) args.insert(args.end(), {"--id", o.worker_id});
    if (o.worker_slots > 0) args.insert(args.end(), {"--slots", std::to_string(o.worker_slots)});
    if (secure) {
      const auto identity = coord::ReadCertificateIdentity(o.service.tls_cert_file);
      const std::optional<std::string> name =
          identity ? LocalServerName(identity->names) : std::nullopt;
      if (!identity || identity->self_signed) {
        args.insert(args.end(), {"--ca-file", o.service.tls_cert_file});
      }
      if (name && *name != kLoopback) args.insert(args.end(), {"--tls-server-name", *name});
      if (!identity) {
        std::fprintf(stderr, "hawk: warning: %s\n", identity.error().ToString().c_str());
      } else if (!name) {
        std::fprintf(stderr,
                     "hawk: warning: the certificate %s names no host the local worker can "
                     "check it against (none, or wildcards only); the worker will refuse it\n",
                     o.service.tls_cert_file.c_str());
      }
    }
    std::vector<std::string> env_strings = {"HAWK_WORKER_TOKEN=" + *token};
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::string_view(*e).rfind("HAWK_WORKER_TOKEN=", 0) != 0) env_strings.emplace_back(*e);
    }
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    envp.reserve(env_strings.size() + 1);
    for (std::string& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawnattr_t attr;
    ::posix_spawnattr_init(&attr);
    sigset_t none;
    ::sigemptyset(&none);
    ::posix_spawnattr_setsigmask(&attr, &none);  // the worker handles SIGTERM itself
    ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    if (::posix_spawn(&worker, "/proc/self/exe", nullptr, &attr, argv.data(), envp.data()) != 0) {
      std::fprintf(stderr, "hawk: warning: could not start the local worker\n");
      worker = 0;
    }
    ::posix_spawnattr_destroy(&attr);
    std::printf("dashboard: %s/?access_token=%s\n", url.c_str(), client->c_str());
    std::fflush(stdout);
  };
  const int code = RunCoordinatorService(o.service, start_worker);
  if (worker > 0) {
    ::kill(worker, SIGTERM);  // drains: its tasks end, then it leaves
    int status = 0;
    ::waitpid(worker, &status, 0);
  }
  return code;
}

}  // namespace

void AddUpCommand(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<UpOptions>();
  CLI::App* cmd = app.add_subcommand(
      "up", "Run a coordinator and a local worker as one service, with the dashboard");
  AddCoordinatorServiceFlags(*cmd, o->service);
  cmd->add_option("--worker-id", o->worker_id, "the local worker's id (default: the hostname)");
  cmd->add_option("--worker-slots", o->worker_slots,
                  "tasks the local worker runs at once (default: one per hardware thread)");
  cmd->callback([&runner, o] { runner = [o] { return RunUp(*o); }; });
}

}  // namespace hawk::cli
