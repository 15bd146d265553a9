#include "report/junit.h"

#include <vector>

#include "report/svg.h"

namespace hawk::report {
namespace {

std::string Seconds(std::int64_t ms) {
  return Num(static_cast<double>(ms) / 1000.0, 3);
}

struct Case {
  std::string xml;
  bool failure = false;
  bool error = false;
  bool skipped = false;
  std::int64_t ms = 0;
};

Case AttemptCase(const AttemptRow& a) {
  const AttemptRecord& r = a.record;
  Case c;
  c.ms = a.run_ms.value_or(0);
  std::string name = "attempt " + std::to_string(r.attempt_number);
  if (r.worker_id) {
    name += " on " + *r.worker_id;
    for (std::size_t i = 0; i < r.devices.size(); ++i) name += (i == 0 ? "/" : ",") + r.devices[i];
  }
  c.xml = "    <testcase classname=\"" + EscapeMarkup(r.workload_id + "/" + r.task_id) +
          "\" name=\"" + EscapeMarkup(name) + "\" time=\"" + Seconds(c.ms) + "\"";
  if (r.status == "failed") {
    c.failure = true;
    const std::string kind = r.failure_kind.value_or("unknown");
    std::string detail = "attempt " + r.attempt_id + " failed: " + kind;
    if (r.exit_code) detail += ", exit code " + std::to_string(*r.exit_code);
    if (r.signal) detail += ", signal " + std::to_string(*r.signal);
    if (r.message) detail += "\n" + *r.message;
    c.xml += ">\n      <failure type=\"" + EscapeMarkup(kind) + "\" message=\"" +
             EscapeMarkup(r.message.value_or(kind)) + "\">" + EscapeMarkup(detail) +
             "</failure>\n    </testcase>\n";
  } else if (r.status == "cancelled") {
    c.skipped = true;
    c.xml += ">\n      <skipped message=\"cancelled\"/>\n    </testcase>\n";
  } else {
    c.xml += "/>\n";
  }
  return c;
}

std::string Attr(const std::optional<std::string>& message, const std::string& fallback) {
  return " message=\"" + EscapeMarkup(message.value_or(fallback)) + "\"";
}

// A test case the task's own test runner reported, merged across shards.
Case MergedCase(const MergedTest& t) {
  Case c;
  c.ms = t.duration_ms.value_or(0);
  c.xml = "    <testcase classname=\"" + EscapeMarkup(t.suite) + "\" name=\"" +
          EscapeMarkup(t.name) + "\" time=\"" + Seconds(c.ms) + "\"";
  std::string children;
  if (t.status == "failed" || t.status == "error") {
    c.failure = t.status == "failed";
    c.error = t.status == "error";
    const std::string element = t.status == "failed" ? "failure" : "error";
    const TestRun& last = t.runs.back();
    const std::string detail = (t.message ? *t.message + "\n" : std::string()) +
                               "last run: " + last.unit_id + " attempt " +
                               std::to_string(last.attempt_number) +
                               (last.worker_id ? " on " + *last.worker_id : std::string());
    children += "      <" + element + Attr(t.message, t.status) + ">" + EscapeMarkup(detail) +
                "</" + element + ">\n";
  } else if (t.status == "skipped") {
    c.skipped = true;
    children += "      <skipped" + Attr(t.message, "skipped") + "/>\n";
  }
  // A test that failed and passed on a retry: the failures it had, as
  // Maven Surefire writes reruns.
  for (const TestRun& r : t.runs) {
    if (t.status != "passed" || (r.status != "failed" && r.status != "error")) continue;
    children += "      <flakyFailure" + Attr(r.message, r.status) + " type=\"" +
                EscapeMarkup(r.status) + "\">" +
                EscapeMarkup("attempt " + r.attempt_id + " of " + r.unit_id +
                             (r.worker_id ? " on " + *r.worker_id : std::string())) +
                "</flakyFailure>\n";
  }
  c.xml += children.empty() ? "/>\n" : ">\n" + children + "    </testcase>\n";
  return c;
}

std::vector<Case> AttemptCases(const ReportData& data, const WorkloadRow& w) {
  std::vector<Case> cases;
  for (const TaskRow& t : data.tasks) {
    if (t.record.workload_id != w.record.id) continue;
    bool any = false;
    for (const AttemptRow& a : data.attempts) {
      if (a.record.workload_id != w.record.id || a.record.task_id != t.record.task_id) continue;
      cases.push_back(AttemptCase(a));
      any = true;
    }
    if (!any && t.record.status == "skipped") {
      Case c;
      c.skipped = true;
      c.xml = "    <testcase classname=\"" + EscapeMarkup(w.record.id + "/" + t.record.task_id) +
              "\" name=\"not run\" time=\"0.000\">\n      <skipped message=\"skipped\"/>\n"
              "    </testcase>\n";
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

}  // namespace

std::string RenderJUnit(const ReportData& data) {
  std::vector<std::string> suites;
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::size_t skipped = 0;
  std::int64_t total_ms = 0;
  for (const WorkloadRow& w : data.workloads) {
    std::vector<Case> cases;
    for (const MergedTest& t : data.tests) {
      if (t.workload_id == w.record.id) cases.push_back(MergedCase(t));
    }
    if (cases.empty()) cases = AttemptCases(data, w);
    std::size_t f = 0;
    std::size_t e = 0;
    std::size_t s = 0;
    std::int64_t ms = 0;
    std::string body;
    for (const Case& c : cases) {
      f += c.failure ? 1 : 0;
      e += c.error ? 1 : 0;
      s += c.skipped ? 1 : 0;
      ms += c.ms;
      body += c.xml;
    }
    tests += cases.size();
    failures += f;
    errors += e;
    skipped += s;
    total_ms += ms;
    suites.push_back("  <testsuite name=\"" + EscapeMarkup(w.record.id) + "\" tests=\"" +
                     std::to_string(cases.size()) + "\" failures=\"" + std::to_string(f) +
                     "\" errors=\"" + std::to_string(e) + "\" skipped=\"" + std::to_string(s) +
                     "\" time=\"" + Seconds(ms) + "\" timestamp=\"" +
                     EscapeMarkup(FormatIso8601(w.record.submitted_at)) + "\">\n" + body +
                     "  </testsuite>\n");
  }
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hawk\" tests=\"" +
      std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
      std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\" time=\"" +
      Seconds(total_ms) + "\">\n";
  for (const std::string& s : suites) out += s;
  out += "</testsuites>\n";
  return out;
}

}  // namespace hawk::report
