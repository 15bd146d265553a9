// hawk coordinator [--listen HOST:PORT] [--db FILE] [--state-dir DIR]
// [--client-token-file F] [--worker-token-file F] [--heartbeat-timeout D]
// [--heartbeat-interval D] [--max-body-bytes N] [--port-file F]
// [--overload-threshold R] [--dispatch-ahead-below D]
// [--tls-cert PEM --tls-key PEM]: the coordinator as a long-running service
// (coord/server.h), over TLS (https://, wss://) when given a certificate. Its state is
// replayed from the database's event log at start, so a restart (even after
// kill -9) carries on where it stopped. Tokens come from the files given,
// else from HAWK_CLIENT_TOKEN / HAWK_WORKER_TOKEN, else from
// <state-dir>/client.token and worker.token, created (mode 0600) with 32
// random bytes when missing. SIGINT/SIGTERM stop it cleanly.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/random.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "cli/command.h"
#include "cli/coordinator_service.h"
#include "coord/server.h"
#include "store/duckdb_store.h"

namespace hawk::cli {
namespace {

std::string Hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

}  // namespace

Result<std::string> LoadOrCreateToken(const std::string& file, const char* env_name,
                                      const std::filesystem::path& default_file) {
  std::filesystem::path path = file;
  if (path.empty()) {
    if (const char* env = std::getenv(env_name); env != nullptr && *env != '\0')
      return std::string(env);
    path = default_file;
  }
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::ifstream in(path);
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) {
      return InvalidArgument("the token file is empty", path.string(),
                             "write a token into it, or delete it to have one created");
    }
    return token;
  }
  if (!file.empty()) {
    return InvalidArgument("no such token file", file, "create it, or leave the flag out");
  }
  std::filesystem::create_directories(path.parent_path(), ec);
  unsigned char bytes[32];
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    return MakeError(ErrorCode::kIo, "cannot read random bytes for a token");
  }
  const std::string token = Hex(bytes, sizeof bytes);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return MakeError(ErrorCode::kIo, "cannot create the token file", path.string());
  const std::string line = token + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!written) return MakeError(ErrorCode::kIo, "cannot write the token file", path.string());
  return token;
}

Result<std::pair<std::string, std::uint16_t>> ParseListen(const std::string& listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return InvalidArgument("'" + listen + "' is not HOST:PORT", "--listen",
                           "e.g. 127.0.0.1:7700, or 0.0.0.0:0 for any free port");
  }
  const std::string port = listen.substr(colon + 1);
  char* end = nullptr;
  const unsigned long n = std::strtoul(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || n > 65535) {
    return InvalidArgument("'" + port + "' is not a port number", "--listen", "0 to 65535");
  }
  return std::make_pair(listen.substr(0, colon), static_cast<std::uint16_t>(n));
}

Result<Duration> ParseDispatchAheadBelow(const std::string& text) {
  auto ahead = ParseDuration(text);
  if (!ahead || *ahead < Duration(0)) {
    return InvalidArgument("not a duration: '" + text + "'", "--dispatch-ahead-below",
                           "e.g. 50ms, or 0s to never dispatch ahead");
  }
  return *ahead;
}

Result<std::optional<coord::TlsFiles>> TlsFilesOf(const CoordinatorServiceOptions& o) {
  if (o.tls_cert_file.empty() && o.tls_key_file.empty()) return std::nullopt;
  if (o.tls_cert_file.empty() || o.tls_key_file.empty()) {
    const bool cert = !o.tls_cert_file.empty();
    return InvalidArgument(
        std::string(cert ? "--tls-cert" : "--tls-key") + " without " +
            (cert ? "--tls-key" : "--tls-cert"),
        cert ? "--tls-cert " + o.tls_cert_file : "--tls-key " + o.tls_key_file,
        "TLS needs both the certificate and its private key: give --tls-cert PEM --tls-key PEM, "
        "or neither for plain HTTP");
  }
  return coord::TlsFiles{o.tls_cert_file, o.tls_key_file};
}

int RunCoordinatorService(const CoordinatorServiceOptions& o,
                          const std::function<void(coord::Server&)>& on_listening) {
  auto tls = TlsFilesOf(o);
  if (!tls) return ReportError(tls.error());
  auto listen = ParseListen(o.listen);
  if (!listen) return ReportError(listen.error());
  auto ahead = ParseDispatchAheadBelow(o.dispatch_ahead_below);
  if (!ahead) return ReportError(ahead.error());
  const std::filesystem::path state_dir = o.state_dir;
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    return ReportError(Error{ErrorCode::kInvalidArgument,
                             "cannot create the state folder: " + ec.message(),
                             "--state-dir " + o.state_dir, ""});
  }
  auto client =
      LoadOrCreateToken(o.client_token_file, "HAWK_CLIENT_TOKEN", state_dir / "client.token");
  if (!client) return ReportError(client.error());
  auto worker =
      LoadOrCreateToken(o.worker_token_file, "HAWK_WORKER_TOKEN", state_dir / "worker.token");
  if (!worker) return ReportError(worker.error());

  // SIGINT and SIGTERM are taken by a thread that stops the server. They are
  // blocked before the store starts its threads, which inherit the mask:
  // a thread that did not block them would die of them.
  sigset_t stop_signals;
  ::sigemptyset(&stop_signals);
  ::sigaddset(&stop_signals, SIGINT);
  ::sigaddset(&stop_signals, SIGTERM);
  ::pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto store = DuckDbStore::Open(o.db_path, coord::CoordinatorOptions::StoreOpenOptions());
  if (!store) {
    Error e = store.error();
    if (e.where.empty()) e.where = "--db " + o.db_path;
    return ReportError(e);
  }
  coord::CoordinatorOptions options;
  options.engine = coord::CoordinatorOptions::DefaultEngineConfig();
  auto timeout = ParseDuration(o.heartbeat_timeout);
  if (!timeout || *timeout <= Duration(0)) {
    return ReportError(Error{ErrorCode::kInvalidArgument,
                             "not a positive duration: '" + o.heartbeat_timeout + "'",
                             "--heartbeat-timeout", "e.g. 10s"});
  }
  auto interval = ParseDuration(o.heartbeat_interval);
  if (!interval || *interval <= Duration(0) || *interval >= *timeout) {
    return ReportError(
        Error{ErrorCode::kInvalidArgument,
              "not a positive duration shorter than the timeout: '" + o.heartbeat_interval + "'",
              "--heartbeat-interval", "e.g. 1s"});
  }
  if (!(o.overload_threshold > 0.0 && o.overload_threshold <= 1.0)) {
    return ReportError(Error{ErrorCode::kInvalidArgument,
                             "not a ratio in (0, 1]: " + std::to_string(o.overload_threshold),
                             "--overload-threshold", "e.g. 0.95, or 1 to switch the check off"});
  }
  options.engine.placement.overload_threshold = Fraction::FromDouble(o.overload_threshold);
  options.engine.placement.accelerator_overload_threshold =
      std::max(options.engine.placement.overload_threshold,
               options.engine.placement.accelerator_overload_threshold);
  options.engine.dispatch_ahead_below = *ahead;
  options.engine.heartbeat_timeout = *timeout;
  options.heartbeat_interval = *interval;
  options.state_dir = state_dir;
  SystemClock clock;
  auto coordinator = coord::Coordinator::Open(**store, clock, options);
  if (!coordinator) return ReportError(coordinator.error());

  coord::ServerOptions server_options;
  server_options.host = listen->first;
  server_options.port = listen->second;
  server_options.tokens = coord::ApiTokens{*client, *worker};
  server_options.max_body_bytes = o.max_body_bytes;
  server_options.max_message_bytes = o.max_body_bytes;
  server_options.tls = *tls;
  auto server = coord::Server::Start(**coordinator, server_options);
  if (!server) return ReportError(server.error());

  std::thread watcher([&stop_signals, s = server->get()] {
    int signal = 0;
    ::sigwait(&stop_signals, &signal);
    s->Stop();
  });

  const std::string url = std::string(tls->has_value() ? "https://" : "http://") + listen->first +
                          ":" + std::to_string((*server)->port());
  if (!o.port_file.empty()) {
    const std::string tmp = o.port_file + ".tmp";
    std::ofstream(tmp) << (*server)->port() << "\n";
    std::filesystem::rename(tmp, o.port_file, ec);
  }
  std::printf("hawk coordinator listening on %s (replayed %llu events)\n", url.c_str(),
              static_cast<unsigned long long>((*coordinator)->counters().events_replayed));
  std::printf("client token: %s; worker token: %s\n",
              o.client_token_file.empty() ? (state_dir / "client.token").c_str()
                                          : o.client_token_file.c_str(),
              o.worker_token_file.empty() ? (state_dir / "worker.token").c_str()
                                          : o.worker_token_file.c_str());
  std::fflush(stdout);
  if (on_listening) on_listening(**server);
  (*server)->Run();
  // Wakes the watcher's sigwait when Run ended otherwise. SIGTERM is blocked
  // in every thread and only taken by sigwait: nothing is terminated.
  ::pthread_kill(watcher.native_handle(),  // NOLINT(bugprone-bad-signal-to-kill-thread)
                 SIGTERM);
  watcher.join();
  if (auto flushed = (*store)->Flush(); !flushed) return ReportError(flushed.error());
  std::printf("hawk coordinator stopped\n");
  return kExitOk;
}

void AddCoordinatorServiceFlags(CLI::App& cmd, CoordinatorServiceOptions& o) {
  cmd.add_option("--listen", o.listen, "HOST:PORT to serve on (port 0: any free port)")
      ->capture_default_str();
  cmd.add_option("--db", o.db_path, "DuckDB file: the event log and every table")
      ->capture_default_str();
  cmd.add_option("--state-dir", o.state_dir, "Folder for tokens, checkpoints and task output")
      ->capture_default_str();
  cmd.add_option("--client-token-file", o.client_token_file,
                 "File holding the client token (default: $HAWK_CLIENT_TOKEN, or "
                 "<state-dir>/client.token)");
  cmd.add_option("--worker-token-file", o.worker_token_file,
                 "File holding the worker token (default: $HAWK_WORKER_TOKEN, or "
                 "<state-dir>/worker.token)");
  cmd.add_option("--heartbeat-timeout", o.heartbeat_timeout,
                 "A worker silent this long is lost; its tasks are recovered")
      ->capture_default_str();
  cmd.add_option("--heartbeat-interval", o.heartbeat_interval, "How often workers report")
      ->capture_default_str();
  cmd.add_option("--max-body-bytes", o.max_body_bytes,
                 "Largest request body and worker message accepted")
      ->capture_default_str();
  cmd.add_option("--port-file", o.port_file, "Write the port listened on into this file");
  cmd.add_option("--overload-threshold", o.overload_threshold,
                 "A host (or device) at least this busy takes no new task; 1: no such check")
      ->capture_default_str();
  cmd.add_option("--dispatch-ahead-below", o.dispatch_ahead_below,
                 "Tasks of a kind that has been finishing within this time are sent to a busy "
                 "worker ahead, to start when a slot frees there; 0s: never")
      ->capture_default_str();
  cmd.add_option("--tls-cert", o.tls_cert_file,
                 "PEM certificate (chain) to serve TLS with: https:// and wss:// on the one port; "
                 "needs --tls-key");
  cmd.add_option("--tls-key", o.tls_key_file, "PEM private key of --tls-cert (unencrypted)");
}

void AddCoordinatorCommand(CLI::App& app, Runner& runner) {
  auto options = std::make_shared<CoordinatorServiceOptions>();
  CLI::App* cmd = app.add_subcommand(
      "coordinator", "Serve the REST API, the worker WebSocket, /metrics and the dashboard");
  AddCoordinatorServiceFlags(*cmd, *options);
  cmd->callback(
      [&runner, options] { runner = [options] { return RunCoordinatorService(*options, {}); }; });
}

}  // namespace hawk::cli
