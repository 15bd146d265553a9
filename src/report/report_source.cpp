// Reads the rows of a report from a Store, composed from its List* methods.
#include <algorithm>
#include <set>

#include "report/report_data.h"

namespace hawk::report {
namespace {

template <typename T>
Status Take(Result<std::vector<T>> rows, std::vector<T>& into) {
  if (!rows) return tl::unexpected(rows.error());
  into.insert(into.end(), std::make_move_iterator(rows->begin()),
              std::make_move_iterator(rows->end()));
  return Ok();
}

#define HAWK_REPORT_TRY(expr)                                                    \
  do {                                                                           \
    if (auto status_ = (expr); !status_) return tl::unexpected(status_.error()); \
  } while (false)

std::string KnownIds(const std::vector<WorkloadRecord>& workloads) {
  if (workloads.empty()) return "the database holds no workloads";
  std::string out = "known workloads: ";
  for (std::size_t i = 0; i < workloads.size(); ++i) {
    if (i > 0) out += ", ";
    out += workloads[i].id;
  }
  return out;
}

// The time span a workload's rows cover: submission to its last finish.
std::pair<TimePoint, TimePoint> Window(const WorkloadRecord& workload,
                                       const std::vector<AttemptRecord>& attempts) {
  TimePoint end = workload.finished_at.value_or(workload.submitted_at);
  for (const AttemptRecord& a : attempts) {
    end = std::max(end, a.finished_at.value_or(a.started_at.value_or(a.queued_at)));
  }
  return {workload.submitted_at, end};
}

bool AboutWorkload(const EventRecord& e, const std::string& workload_id,
                   const std::set<std::string>& attempt_ids, const std::set<std::string>& workers) {
  if (e.workload_id) return *e.workload_id == workload_id;
  if (e.attempt_id) return attempt_ids.count(*e.attempt_id) > 0;
  // Fleet events (quarantine, lost worker) matter when they touch a worker
  // the workload used; the worker id is in the payload.
  for (const std::string& worker : workers) {
    if (e.payload_json.find("\"" + worker + "\"") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

Result<ReportSource> ReadReportSource(Store& store, const std::optional<std::string>& workload_id) {
  ReportSource source;
  source.workload_filter = workload_id;
  std::vector<WorkloadRecord> all;
  HAWK_REPORT_TRY(Take(store.ListWorkloads(), all));
  if (workload_id) {
    auto it = std::find_if(all.begin(), all.end(),
                           [&](const WorkloadRecord& w) { return w.id == *workload_id; });
    if (it == all.end()) {
      return InvalidArgument("unknown workload '" + *workload_id + "'", "--workload",
                             KnownIds(all));
    }
    source.workloads.push_back(*it);
  } else {
    source.workloads = std::move(all);
  }
  for (const WorkloadRecord& w : source.workloads) {
    HAWK_REPORT_TRY(Take(store.ListTasks(w.id), source.tasks));
    HAWK_REPORT_TRY(Take(store.ListAttempts(w.id), source.attempts));
    HAWK_REPORT_TRY(Take(store.ListTaskUsage(w.id), source.task_usage));
    HAWK_REPORT_TRY(Take(store.ListTestResults(w.id), source.test_results));
  }
  HAWK_REPORT_TRY(Take(store.ListWorkerHardware(), source.workers));
  HAWK_REPORT_TRY(Take(store.ListCapabilities(std::nullopt), source.devices));
  HAWK_REPORT_TRY(Take(store.ListPerformance(), source.performance));

  UtilizationQuery utilization;
  AlertQuery alerts;
  std::vector<EventRecord> events;
  HAWK_REPORT_TRY(Take(store.LoadEvents(0, std::nullopt), events));
  if (workload_id) {
    const auto [since, until] = Window(source.workloads.front(), source.attempts);
    utilization.since = alerts.since = since;
    utilization.until = alerts.until = until;
    std::set<std::string> attempt_ids;
    std::set<std::string> workers;
    for (const AttemptRecord& a : source.attempts) {
      attempt_ids.insert(a.attempt_id);
      if (a.worker_id) workers.insert(*a.worker_id);
    }
    for (EventRecord& e : events) {
      if (AboutWorkload(e, *workload_id, attempt_ids, workers))
        source.events.push_back(std::move(e));
    }
  } else {
    source.events = std::move(events);
  }
  HAWK_REPORT_TRY(Take(store.ListUtilization(utilization), source.utilization));
  HAWK_REPORT_TRY(Take(store.ListAlerts(alerts), source.alerts));
  return source;
}

Result<ReportData> LoadReportData(Store& store, const std::optional<std::string>& workload_id) {
  auto source = ReadReportSource(store, workload_id);
  if (!source) return tl::unexpected(source.error());
  return BuildReportData(*source);
}

}  // namespace hawk::report
