// The HTML page: frame, style, summary, workloads and the charts. The
// tables of the other sections: html_tables.cpp.
#include "report/html_report.h"

#include "core/units.h"
#include "report/charts.h"
#include "report/html_sections.h"
#include "report/json_export.h"
#include "report/svg.h"

namespace hawk::report {
namespace html {

std::string Section(const char* id, const std::string& heading, const std::string& body) {
  return "<section id=\"" + std::string(id) + "\">\n<h2>" + EscapeMarkup(heading) + "</h2>\n" +
         body + "</section>\n";
}

std::string Table(const std::string& head_row, const std::string& rows) {
  return "<table>\n<thead><tr>" + head_row + "</tr></thead>\n<tbody>\n" + rows +
         "</tbody>\n</table>\n";
}

std::string Td(const std::string& text, const std::string& css) {
  return css.empty() ? "<td>" + EscapeMarkup(text) + "</td>"
                     : "<td class=\"" + css + "\">" + EscapeMarkup(text) + "</td>";
}

std::string Th(const std::string& text) {
  return "<th>" + EscapeMarkup(text) + "</th>";
}

std::string Nothing(const std::string& text) {
  return "<p class=\"none\">" + EscapeMarkup(text) + "</p>\n";
}

}  // namespace html

namespace {

using html::Section;
using html::Td;
using html::Th;

const char* kStyle = R"(<style>
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2rem;color:#1a202c;background:#fff;line-height:1.4}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #e2e8f0;padding-bottom:.2rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
.meta,.none{color:#4a5568}nav a{margin-right:.8rem;color:#2b6cb0;text-decoration:none}
table{border-collapse:collapse;margin-top:.5rem;font-size:.88rem}
th,td{padding:.25rem .55rem;border-bottom:1px solid #edf2f7;text-align:left;vertical-align:top}
th{background:#f7fafc}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.warning{background:#fefcbf;font-weight:600}td.critical{background:#fed7d7;color:#9b2c2c;font-weight:700}
td.succeeded,td.passing{color:#276749}td.failed{color:#c53030;font-weight:600}td.skipped,td.cancelled{color:#718096}td.error{color:#c53030;font-weight:600}
td.flaky{background:#feebc8;color:#9c4221;font-weight:600}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #e2e8f0;border-radius:.4rem;padding:.5rem .9rem;min-width:7rem}
.card b{display:block;font-size:1.4rem}.card.bad b{color:#c53030}
.chart{overflow-x:auto;margin:.5rem 0}.chart svg{max-width:100%;height:auto}
code{font-size:.85rem}
@media print{body{margin:0;font-size:10pt}nav{display:none}section{break-inside:avoid-page}
h2{break-after:avoid}.chart{overflow:visible}table{font-size:8pt}a{color:inherit;text-decoration:none}}
</style>
)";

// An inline chart: the part of an SVG document from "<svg" on (Graphviz
// starts with an XML declaration and a DOCTYPE, which HTML does not want).
std::string Chart(const std::string& svg) {
  const std::size_t start = svg.find("<svg");
  return "<div class=\"chart\">\n" + (start == std::string::npos ? svg : svg.substr(start)) +
         "</div>\n";
}

std::string Card(const std::string& label, const std::string& value, bool bad = false) {
  return std::string("<div class=\"card") + (bad ? " bad" : "") + "\"><b>" + EscapeMarkup(value) +
         "</b>" + EscapeMarkup(label) + "</div>";
}

std::string Counts(const std::map<std::string, std::uint32_t>& counts) {
  std::string out;
  for (const auto& [status, n] : counts) {
    if (!out.empty()) out += ", ";
    out += std::to_string(n) + " " + status;
  }
  return out.empty() ? "none" : out;
}

std::string SummarySection(const ReportData& data) {
  const Summary& s = data.summary;
  std::string body = "<div class=\"cards\">";
  body += Card("workloads", std::to_string(s.workloads));
  body += Card("tasks", std::to_string(s.tasks));
  body += Card("attempts", std::to_string(s.attempts));
  body += Card("failed attempts", std::to_string(s.failed_attempts), s.failed_attempts > 0);
  body += Card("retried tasks", std::to_string(s.retried_tasks));
  body += Card("workers", std::to_string(s.workers));
  body += Card("devices", std::to_string(s.devices));
  body += Card("alerts", std::to_string(s.alerts), s.alerts > 0);
  body += "</div>\n<p>Tasks: " + EscapeMarkup(Counts(s.tasks_by_status)) +
          ". Attempts: " + EscapeMarkup(Counts(s.attempts_by_status)) + ".</p>\n";
  if (s.started_at) {
    body += "<p class=\"meta\">From " + EscapeMarkup(FormatIso8601(*s.started_at)) +
            (s.finished_at ? " to " + EscapeMarkup(FormatIso8601(*s.finished_at)) : "") + ".</p>\n";
  }
  return Section("summary", "Summary", body);
}

std::string WorkloadsSection(const ReportData& data) {
  if (data.workloads.empty())
    return Section("workloads", "Workloads", html::Nothing("No workloads."));
  std::string rows;
  for (const WorkloadRow& w : data.workloads) {
    std::string path;
    for (const std::string& id : w.critical_path) path += (path.empty() ? "" : " → ") + id;
    rows += "<tr>" + Td(w.record.id) + Td(w.record.name) + Td(w.record.status, w.record.status) +
            Td(FormatIso8601(w.record.submitted_at)) +
            Td(w.makespan_ms ? HumanMs(*w.makespan_ms) : "—", "num") +
            Td(Counts(w.tasks_by_status)) + Td(path.empty() ? "—" : path) + "</tr>\n";
  }
  return Section("workloads", "Workloads",
                 html::Table(Th("id") + Th("name") + Th("status") + Th("submitted") +
                                 Th("makespan") + Th("tasks") + Th("critical path"),
                             rows));
}

std::string GraphSection(const ReportData& data) {
  std::string body =
      "<p class=\"meta\">Laid out by Graphviz. Fill: green succeeded, orange succeeded after "
      "retries, red failed, grey skipped or cancelled, blue running or queued. Thick dark-red "
      "outlines and red edges mark the critical path.</p>\n";
  if (data.workloads.empty()) body += html::Nothing("No workloads.");
  for (const WorkloadRow& w : data.workloads) {
    body += "<h3>" + EscapeMarkup(w.record.id) + "</h3>\n";
    auto svg = ExecutionGraphSvg(data, w.record.id);
    body += svg ? Chart(*svg)
                : html::Nothing("The graph could not be drawn: " + svg.error().ToString());
  }
  return Section("execution-graph", "Execution graph", body);
}

}  // namespace

std::string RenderHtml(const ReportData& data, const std::string& title) {
  const std::string heading = title.empty() ? "hawk report" : title;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>" +
      EscapeMarkup(heading) + "</title>\n" + kStyle + "</head>\n<body>\n";
  out += "<header><h1>" + EscapeMarkup(heading) + "</h1>\n<p class=\"meta\">" +
         (data.workload_filter ? "Workload " + EscapeMarkup(*data.workload_filter)
                               : std::string("All workloads")) +
         " · report schema " + std::to_string(kReportSchemaVersion) + "</p>\n<nav>";
  for (const char* id : kHtmlSections) {
    out += "<a href=\"#" + std::string(id) + "\">" + id + "</a>";
  }
  out += "</nav></header>\n<main>\n";
  out += SummarySection(data);
  out += WorkloadsSection(data);
  out += GraphSection(data);
  out += Section("timeline", "Timeline",
                 "<p class=\"meta\">Attempts per device, coloured by outcome; hover a bar for "
                 "details.</p>\n" +
                     Chart(TimelineSvg(data)));
  out += html::Workers(data);
  out += Section("utilization", "Utilization over time", Chart(UtilizationSvg(data)));
  out += Section("thermal", "Thermal heatmap", Chart(ThermalHeatmapSvg(data)));
  out += html::TaskUsage(data);
  out += html::Alerts(data);
  out += html::Scheduler(data);
  out += html::Failures(data);
  out += html::Tests(data);
  out += html::Performance(data);
  out += html::Tasks(data);
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace hawk::report
