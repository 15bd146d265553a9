// `hawk run`'s summary: a table for people, or JSON for programs.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "cli/run_output.h"

namespace hawk::cli {
namespace {

struct UnitRow {
  std::string unit_id;
  std::string status;
  std::string note;
  const LocalAttempt* last = nullptr;
  std::uint32_t attempts = 0;
};

std::vector<UnitRow> Rows(const LocalRun& run) {
  std::vector<UnitRow> rows;
  const engine::WorkloadRun* w = run.engine->FindWorkload(run.workload_id);
  if (w == nullptr) return rows;
  for (const engine::Unit& unit : w->units()) {
    UnitRow row{unit.id, std::string(ToString(unit.state)), unit.note, nullptr, 0};
    for (const LocalAttempt& a : run.attempts) {
      if (a.unit_id != unit.id) continue;
      row.last = &a;
      ++row.attempts;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<Duration> DurationOf(const LocalAttempt* a) {
  if (a == nullptr || !a->finished_at) return std::nullopt;
  return *a->finished_at - a->started_at;
}

// The last `count` lines of `text`, each prefixed for indentation.
std::string LastLines(const std::string& text, std::size_t count, const std::string& prefix) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const std::size_t from = lines.size() > count ? lines.size() - count : 0;
  std::string out;
  for (std::size_t i = from; i < lines.size(); ++i) out += prefix + lines[i] + "\n";
  return out;
}

// Test cases read from the attempts' JUnit files, by status (every run
// counted; `hawk report` merges them across shards and retries).
std::map<std::string, std::uint32_t> TestCaseCounts(const LocalRun& run) {
  std::map<std::string, std::uint32_t> counts;
  for (const LocalAttempt& a : run.attempts) {
    for (const report::JUnitTestCase& c : a.test_cases) {
      ++counts[std::string(ToString(c.status))];
      ++counts["total"];
    }
    counts["warnings"] += static_cast<std::uint32_t>(a.junit_warnings.size());
  }
  return counts;
}

}  // namespace

std::string LocalRunSummary(const LocalRun& run) {
  const std::vector<UnitRow> rows = Rows(run);
  std::size_t width = 4;
  for (const UnitRow& r : rows) width = std::max(width, r.unit_id.size());
  std::string out = "workload " + run.workload_id + ": " + std::string(ToString(run.status)) +
                    " in " + FormatDuration(run.finished_at - run.started_at) + " on " +
                    std::to_string(run.workers.size()) + " local worker" +
                    (run.workers.size() == 1 ? "" : "s") + "\n";
  if (!run.status_reason.empty()) out += "  reason: " + run.status_reason + "\n";
  char line[512];
  std::snprintf(line, sizeof(line), "  %-*s  %-10s %-9s %-10s %s\n", static_cast<int>(width),
                "TASK", "STATUS", "WORKER", "DURATION", "ATTEMPTS");
  out += line;
  std::map<std::string, std::uint32_t> by_status;
  for (const UnitRow& r : rows) {
    const auto duration = DurationOf(r.last);
    std::snprintf(line, sizeof(line), "  %-*s  %-10s %-9s %-10s %u\n", static_cast<int>(width),
                  r.unit_id.c_str(), r.status.c_str(), r.last ? r.last->worker_id.c_str() : "-",
                  duration ? FormatDuration(*duration).c_str() : "-", r.attempts);
    out += line;
    ++by_status[r.status];
  }
  out += std::to_string(rows.size()) + " tasks: " + std::to_string(by_status["succeeded"]) +
         " succeeded, " + std::to_string(by_status["failed"]) + " failed, " +
         std::to_string(by_status["skipped"]) + " skipped, " +
         std::to_string(by_status["cancelled"]) + " cancelled; " +
         std::to_string(run.attempts.size()) + " attempts\n";
  auto tests = TestCaseCounts(run);
  if (tests["total"] > 0 || tests["warnings"] > 0) {
    out += "junit: " + std::to_string(tests["total"]) +
           " test case runs: " + std::to_string(tests["passed"]) + " passed, " +
           std::to_string(tests["failed"]) + " failed, " + std::to_string(tests["error"]) +
           " errors, " + std::to_string(tests["skipped"]) + " skipped; " +
           std::to_string(tests["warnings"]) + " unreadable JUnit files\n";
  }
  for (const UnitRow& r : rows) {
    if (r.status != "failed" || r.last == nullptr) continue;
    out += "failed: " + r.unit_id + " (" + r.last->attempt_id + "): " + r.last->outcome + "\n";
    out += "  log: " + r.last->log_path.string() + "\n";
    out += LastLines(r.last->log_tail, 5, "  | ");
  }
  out += "logs: " + (run.run_dir / "logs").string() + "\n";
  return out;
}

nlohmann::ordered_json LocalRunJson(const LocalRun& run) {
  nlohmann::ordered_json tasks = nlohmann::ordered_json::array();
  std::map<std::string, std::uint32_t> by_status;
  for (const UnitRow& r : Rows(run)) {
    nlohmann::ordered_json t = {{"id", r.unit_id}, {"status", r.status}, {"attempts", r.attempts}};
    if (!r.note.empty()) t["note"] = r.note;
    if (r.last != nullptr) {
      t["worker"] = r.last->worker_id;
      if (const auto d = DurationOf(r.last)) t["duration_ms"] = d->count();
      t["outcome"] = r.last->outcome;
      if (r.last->exit_code) t["exit_code"] = *r.last->exit_code;
      if (r.last->signal) t["signal"] = *r.last->signal;
      t["log"] = r.last->log_path.string();
    }
    tasks.push_back(std::move(t));
    ++by_status[r.status];
  }
  nlohmann::ordered_json workers = nlohmann::ordered_json::array();
  for (const WorkerProfile& w : run.workers) {
    workers.push_back({{"id", w.worker_id}, {"cpu_slots", w.cpu_slots}});
  }
  return {{"workload_id", run.workload_id},
          {"name", run.workload.name},
          {"status", ToString(run.status)},
          {"reason", run.status_reason},
          {"started_at", FormatIso8601(run.started_at)},
          {"finished_at", FormatIso8601(run.finished_at)},
          {"duration_ms", (run.finished_at - run.started_at).count()},
          {"workers", workers},
          {"tasks", tasks},
          {"totals",
           {{"tasks", tasks.size()},
            {"succeeded", by_status["succeeded"]},
            {"failed", by_status["failed"]},
            {"skipped", by_status["skipped"]},
            {"cancelled", by_status["cancelled"]},
            {"attempts", run.attempts.size()},
            {"test_cases", TestCaseCounts(run)["total"]}}},
          {"logs", (run.run_dir / "logs").string()}};
}

}  // namespace hawk::cli
