// `hawk notify`: sends one event (a workload finished or failed, a critical
// alert, a lost worker, a quarantined device) to the channels of a
// notifications file (notify/, docs/notifications.md). With --db the
// workload, its status and its task counts come from a hawk database through
// the report module; flags given on the command line win over it.
// Exit 0 when every subscribed channel took the message, 1 when one failed,
// 2 for a bad file or bad flags.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.h"
#include "notify/config.h"
#include "notify/notifier.h"
#include "notify/transport.h"
#include "report/badge.h"
#include "report/report_data.h"

namespace hawk::cli {
namespace {

struct NotifyOptions {
  std::string config_path;
  std::string event;
  std::string db_path;
  std::string workload;
  std::string status;
  std::optional<std::uint32_t> passed;
  std::optional<std::uint32_t> failed;
  std::optional<std::uint32_t> skipped;
  std::string message;
  std::string worker;
  std::string device;
  std::string report_url;
  std::string commit;
  bool dry_run = false;
};

// The workload a --db notification is about: --workload, else the latest
// submitted one.
Result<report::ReportData> LoadWorkload(Store& store, const std::string& workload) {
  if (!workload.empty()) return report::LoadReportData(store, workload);
  auto all = report::LoadReportData(store, std::nullopt);
  if (!all) return all;
  if (all->workloads.empty()) {
    return InvalidArgument("the database holds no workload", "--db",
                           "run one first (hawk run FILE --db ...), or leave --db out");
  }
  return report::LoadReportData(store, all->workloads.back().record.id);
}

// Fills `event` from the database; values already set stay.
Status FillFromDatabase(const NotifyOptions& o, notify::NotifyEvent& event) {
  auto store = OpenReportDatabase(o.db_path);
  if (!store) return tl::unexpected(store.error());
  auto data = LoadWorkload(**store, o.workload);
  if (!data) return tl::unexpected(data.error());
  const WorkloadRecord& record = data->workloads.front().record;
  const report::BadgeStatus counts = report::StatusFromReport(*data);
  if (event.workload.empty()) event.workload = record.id;
  if (event.status.empty()) event.status = record.status;
  if (!event.passed) event.passed = counts.passed;
  if (!event.failed) event.failed = counts.failed;
  if (!event.skipped) event.skipped = counts.skipped;
  return Ok();
}

// --event, or with --db and no --event, what the workload's status says.
Result<notify::EventKind> ChooseEventKind(const NotifyOptions& o,
                                          const notify::NotifyEvent& event) {
  if (!o.event.empty()) {
    auto kind = Parse<notify::EventKind>(o.event);
    if (!kind) {
      Error e = kind.error();
      e.where = "--event";
      return tl::unexpected(e);
    }
    return kind;
  }
  if (o.db_path.empty()) {
    return InvalidArgument("no event", "--event",
                           "give --event " + EnumNameList<notify::EventKind>() +
                               ", or --db FILE to report how a workload ended");
  }
  if (event.status == "succeeded") return notify::EventKind::kWorkloadFinished;
  if (event.status == "failed" || event.status == "cancelled") {
    return notify::EventKind::kWorkloadFailed;
  }
  return InvalidArgument(
      "workload " + event.workload + " has not finished (status " + event.status + ")", "--db",
      "give --event to notify anyway");
}

Result<notify::NotifyEvent> BuildEvent(const NotifyOptions& o) {
  notify::NotifyEvent event;
  event.at = SystemClock().Now();
  event.workload = o.workload;
  event.status = o.status;
  event.passed = o.passed;
  event.failed = o.failed;
  event.skipped = o.skipped;
  event.message = o.message;
  event.worker = o.worker;
  event.device = o.device;
  event.report_url = o.report_url;
  event.commit = o.commit;
  if (!o.db_path.empty()) {
    if (auto s = FillFromDatabase(o, event); !s) return tl::unexpected(s.error());
  }
  auto kind = ChooseEventKind(o, event);
  if (!kind) return tl::unexpected(kind.error());
  event.kind = *kind;
  return event;
}

int Run(const NotifyOptions& o) {
  auto config = notify::LoadNotifyConfig(o.config_path);
  if (!config) return ReportError(config.error());
  auto event = BuildEvent(o);
  if (!event) return ReportError(event.error());

  std::unique_ptr<notify::Transport> transport;
  if (o.dry_run) {
    transport = std::make_unique<notify::DryRunTransport>(std::cout);
  } else {
    transport = std::make_unique<notify::CurlTransport>(config->timeout);
  }
  const notify::NotifyReport report =
      notify::Notify(*config, *event, *transport, notify::ProcessEnvironment());

  const std::string kind(ToString(event->kind));
  if (report.outcomes.empty()) {
    std::cout << "no channel subscribes to " << kind << "; nothing sent\n";
    return kExitOk;
  }
  for (const notify::ChannelOutcome& outcome : report.outcomes) {
    if (outcome.result) {
      std::cout << (o.dry_run ? "would send " : "sent ") << kind << " to " << outcome.channel
                << " (" << ToString(outcome.type) << ")"
                << (o.dry_run ? "" : ": " + outcome.result->summary) << "\n";
    } else {
      std::cerr << "hawk: error: " << kind
                << " not delivered: " << outcome.result.error().ToString() << "\n";
    }
  }
  for (const std::string& name : report.not_subscribed) {
    std::cout << "skipped " << name << " (not subscribed to " << kind << ")\n";
  }
  return report.all_delivered() ? kExitOk : kExitFailure;
}

}  // namespace

void AddNotifyCommand(CLI::App& app, Runner& runner) {
  auto options = std::make_shared<NotifyOptions>();
  CLI::App* cmd = app.add_subcommand(
      "notify", "Send an event to the channels of a notifications file (docs/notifications.md)");
  cmd->add_option("--config,-c", options->config_path, "The notifications file (YAML)")->required();
  cmd->add_option("--event", options->event,
                  "workload_finished, workload_failed, critical_alert, worker_lost or "
                  "device_quarantined (with --db: from the workload's status)");
  cmd->add_option("--db", options->db_path,
                  "Take the workload, status and task counts from this hawk database");
  cmd->add_option("--workload", options->workload,
                  "The workload id (with --db: which workload; default the latest)");
  cmd->add_option("--status", options->status, "The workload's status (succeeded, failed, ...)");
  cmd->add_option("--passed", options->passed, "Tasks that succeeded");
  cmd->add_option("--failed", options->failed, "Tasks that failed or were cancelled");
  cmd->add_option("--skipped", options->skipped, "Tasks skipped");
  cmd->add_option("--message", options->message, "Free text: the alert, the failure, the reason");
  cmd->add_option("--worker", options->worker, "The worker concerned");
  cmd->add_option("--device", options->device, "The device concerned (gpu0)");
  cmd->add_option("--report-url", options->report_url, "Link to the workload's report");
  cmd->add_option("--commit", options->commit, "The commit tested (for GitHub commit statuses)");
  cmd->add_flag("--dry-run", options->dry_run,
                "Print what would be sent, secrets hidden; send nothing");
  cmd->callback([&runner, options] { runner = [options] { return Run(*options); }; });
}

}  // namespace hawk::cli
