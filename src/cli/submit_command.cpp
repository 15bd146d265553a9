// hawk submit FILE [--wait] [--json]: sends a workload file to the
// coordinator and prints the workload id. --wait follows the workload until
// it ends: exit 0 when it succeeded, 1 when it failed or was cancelled. A
// workload the coordinator refuses (400) prints its diagnostics; exit 2.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "cli/client_command.h"
#include "cli/client_progress.h"

namespace hawk::cli {
namespace {

constexpr std::chrono::milliseconds kPollInterval{200};

struct SubmitOptions {
  std::string file;
  bool wait = false;
  bool json = false;
};

Result<std::string> ReadSpec(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return InvalidArgument("no such file", path, "give the path of a YAML or JSON workload file");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return InvalidArgument("cannot read the file", path);
  return text.str();
}

// The coordinator's diagnostics for a refused spec: its error message (one
// diagnostic per line) and, where given, a "diagnostics" list.
int ReportRefusal(const HttpReply& reply, const std::string& file) {
  const Error error = ErrorFromReply(reply, "POST /api/v1/workloads");
  const bool several = error.message.find('\n') != std::string::npos;
  if (several) {
    std::string text = error.message;
    if (text.back() != '\n') text += '\n';
    std::fputs(text.c_str(), stderr);
    std::fprintf(stderr, "hawk: error: %s: the coordinator refused the workload\n", file.c_str());
  } else {
    std::fprintf(stderr, "hawk: error: %s\n", error.ToString().c_str());
  }
  const Json body = Json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    const Json& detail = body["error"];
    if (detail.contains("diagnostics") && detail["diagnostics"].is_array()) {
      for (const Json& d : detail["diagnostics"]) {
        std::fprintf(stderr, "  %s\n",
                     d.is_string() ? d.get<std::string>().c_str() : d.dump().c_str());
      }
    }
  }
  return error.IsUserError() ? kExitUsage : kExitFailure;
}

// A string member of `object`; empty when missing or of another type.
std::string StringField(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Polls the workload until its status is not "running"; shows the progress.
int Wait(const CoordinatorClient& client, const std::string& id, bool json) {
  const bool terminal = !json && ::isatty(STDOUT_FILENO) == 1;
  const std::string target = "/api/v1/workloads/" + UrlEncode(id);
  std::optional<Progress> shown;
  for (;;) {
    auto workload = client.GetJson(target);
    if (!workload) {
      if (terminal && shown) std::fputs("\n", stdout);
      return ReportError(workload.error());
    }
    const Progress progress = ProgressFromJson(
        workload->is_object() ? workload->value("progress", Json::object()) : Json::object());
    const std::string status = StringField(*workload, "status");
    if (status.empty()) {
      if (terminal && shown) std::fputs("\n", stdout);
      return ReportError(Error{ErrorCode::kCorrupt, "the coordinator's workload has no status",
                               "GET " + target, ""});
    }
    if (!json && progress != shown) {
      if (terminal) {
        std::printf("\r%s\x1b[K", ProgressLine(progress).c_str());
      } else {
        std::printf("%s\n", ProgressLine(progress).c_str());
      }
      std::fflush(stdout);
      shown = progress;
    }
    if (status != "running") {
      if (json) {
        PrintJson(*workload);
      } else {
        if (terminal) std::fputs("\n", stdout);
        std::string line = "workload " + id + ": " + status;
        if (const std::string reason = StringField(*workload, "reason"); !reason.empty()) {
          line += " (" + reason + ")";
        }
        std::printf("%s\n", line.c_str());
      }
      return status == "succeeded" ? kExitOk : kExitFailure;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

int Submit(const CoordinatorClient& client, const SubmitOptions& o) {
  auto spec = ReadSpec(o.file);
  if (!spec) return ReportError(spec.error());
  const bool is_json = std::filesystem::path(o.file).extension() == ".json";
  const std::string target = "/api/v1/workloads?name=" + UrlEncode(o.file);
  auto reply =
      client.PostRaw(target, std::move(*spec), is_json ? "application/json" : "application/yaml");
  if (!reply) return ReportError(reply.error());
  if (reply->status == 400) return ReportRefusal(*reply, o.file);
  if (reply->status < 200 || reply->status > 299) {
    return ReportError(ErrorFromReply(*reply, "POST /api/v1/workloads"));
  }
  auto body = ParseJsonBody(reply->body, "POST /api/v1/workloads");
  if (!body) return ReportError(body.error());
  const auto id = body->find("workload_id");
  if (id == body->end() || !id->is_string() || id->get<std::string>().empty()) {
    return ReportError(Error{ErrorCode::kCorrupt,
                             "the coordinator accepted the workload but sent no workload_id",
                             "POST /api/v1/workloads", ""});
  }
  const std::string workload_id = id->get<std::string>();
  if (o.json && !o.wait) {
    PrintJson(*body);
    return kExitOk;
  }
  if (!o.json) {
    std::printf("%s\n", workload_id.c_str());
    std::fflush(stdout);
  }
  return o.wait ? Wait(client, workload_id, o.json) : kExitOk;
}

}  // namespace

void AddSubmitCommand(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<SubmitOptions>();
  CLI::App* cmd = AddClientSubcommand(
      app, runner, "submit", "Submit a workload file to a coordinator and print its id",
      [o](const CoordinatorClient& client) { return Submit(client, *o); });
  cmd->add_option("FILE", o->file, "the workload file (YAML or JSON)")->required();
  cmd->add_flag("--wait", o->wait,
                "follow the workload until it ends; exit 0 if it succeeded, 1 if not");
  cmd->add_flag("--json", o->json,
                "print the coordinator's JSON (with --wait: the finished workload)");
}

}  // namespace hawk::cli
