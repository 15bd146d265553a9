// The HTML page's "Tests" section: the test cases of the tasks' JUnit files,
// merged across shards and attempts (test_merge.h). Failing tests first,
// with their messages; flaky tests marked.
#include <algorithm>

#include "report/html_sections.h"
#include "report/svg.h"

namespace hawk::report::html {
namespace {

// Display order: failing, flaky, skipped, passed.
int Group(const MergedTest& t) {
  if (t.status == "failed" || t.status == "error") return 0;
  if (t.flaky) return 1;
  if (t.status == "skipped") return 2;
  return 3;
}

std::string Where(const MergedTest& t) {
  std::string out;
  for (const TestRun& r : t.runs) {
    if (!out.empty()) out += "; ";
    out += r.unit_id + " attempt " + std::to_string(r.attempt_number);
    if (r.worker_id) out += " on " + *r.worker_id;
    out += ": " + r.status;
  }
  return out;
}

}  // namespace

std::string Tests(const ReportData& data) {
  if (data.tests.empty()) {
    return Section("tests", "Tests",
                   Nothing("No task wrote JUnit XML (to $HAWK_JUNIT_DIR or its junit: paths)."));
  }
  const TestCounts& c = data.test_counts;
  std::string body = "<p>" + std::to_string(c.tests) + " tests: " + std::to_string(c.passed) +
                     " passed, " + std::to_string(c.failed) + " failed, " +
                     std::to_string(c.errors) + " errors, " + std::to_string(c.skipped) +
                     " skipped, " + std::to_string(c.flaky) + " flaky.</p>\n";
  std::vector<const MergedTest*> order;
  order.reserve(data.tests.size());
  for (const MergedTest& t : data.tests) order.push_back(&t);
  std::stable_sort(order.begin(), order.end(),
                   [](const MergedTest* x, const MergedTest* y) { return Group(*x) < Group(*y); });
  std::string rows;
  for (const MergedTest* t : order) {
    const std::string status = t->flaky ? t->status + " (flaky)" : t->status;
    const std::string css = t->flaky && t->status == "passed" ? "flaky" : t->status;
    rows += "<tr>" + Td(t->workload_id + "/" + t->task_id) + Td(t->suite) + Td(t->name) +
            Td(status, css) + Td(t->duration_ms ? HumanMs(*t->duration_ms) : "—", "num") +
            Td(std::to_string(t->runs.size()), "num") + Td(Where(*t)) +
            Td(t->message.value_or("")) + "</tr>\n";
  }
  body += Table(Th("task") + Th("suite") + Th("test") + Th("status") + Th("time") + Th("runs") +
                    Th("where") + Th("message"),
                rows);
  return Section("tests", "Tests", body);
}

}  // namespace hawk::report::html
