#include "report/test_merge.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace hawk::report {
namespace {

bool Failing(const std::string& status) {
  return status == "failed" || status == "error";
}

// Where a result sorts among the runs of its test.
struct Order {
  bool known = false;
  TimePoint at{};
  std::uint32_t attempt_number = 0;
  std::size_t index = 0;
  bool operator<(const Order& o) const {
    return std::make_tuple(!known, at, attempt_number, index) <
           std::make_tuple(!o.known, o.at, o.attempt_number, o.index);
  }
};

}  // namespace

std::string TaskOfUnit(const std::string& unit_id) {
  const auto hash = unit_id.rfind('#');
  if (hash == std::string::npos || hash == 0 || hash + 1 == unit_id.size()) return unit_id;
  for (std::size_t i = hash + 1; i < unit_id.size(); ++i) {
    if (unit_id[i] < '0' || unit_id[i] > '9') return unit_id;
  }
  return unit_id.substr(0, hash);
}

std::vector<MergedTest> MergeTestResults(std::span<const TestResultRecord> results,
                                         std::span<const AttemptRecord> attempts) {
  std::map<std::string, const AttemptRecord*> by_id;
  for (const AttemptRecord& a : attempts) by_id[a.attempt_id] = &a;

  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, std::vector<std::pair<Order, TestRun>>> groups;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const TestResultRecord& r = results[i];
    TestRun run;
    run.attempt_id = r.attempt_id;
    run.unit_id = r.task_id;
    run.status = r.status;
    run.duration_ms = r.duration_ms;
    run.message = r.message;
    Order order;
    order.index = i;
    if (auto it = by_id.find(r.attempt_id); it != by_id.end()) {
      const AttemptRecord& a = *it->second;
      run.worker_id = a.worker_id;
      run.attempt_number = a.attempt_number;
      order.known = true;
      order.at = a.started_at.value_or(a.queued_at);
      order.attempt_number = a.attempt_number;
    }
    groups[Key{r.workload_id, TaskOfUnit(r.task_id), r.suite, r.name}].emplace_back(order,
                                                                                    std::move(run));
  }

  std::vector<MergedTest> out;
  out.reserve(groups.size());
  for (auto& [key, runs] : groups) {
    std::stable_sort(runs.begin(), runs.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    MergedTest t;
    std::tie(t.workload_id, t.task_id, t.suite, t.name) = key;
    bool failed_before = false;
    for (auto& [order, run] : runs) {
      if (Failing(run.status)) failed_before = true;
      if (run.status == "passed" && failed_before) t.flaky = true;
      t.runs.push_back(std::move(run));
    }
    const TestRun& last = t.runs.back();
    t.status = last.status;
    t.duration_ms = last.duration_ms;
    t.message = last.message;
    out.push_back(std::move(t));
  }
  return out;
}

TestCounts CountTests(std::span<const MergedTest> tests) {
  TestCounts c;
  for (const MergedTest& t : tests) {
    ++c.tests;
    if (t.status == "passed") ++c.passed;
    if (t.status == "failed") ++c.failed;
    if (t.status == "error") ++c.errors;
    if (t.status == "skipped") ++c.skipped;
    if (t.flaky) ++c.flaky;
  }
  return c;
}

}  // namespace hawk::report
