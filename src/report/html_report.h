// The report as one self-contained HTML page: inline CSS (with print rules),
// inline SVG charts, no script, no external URL, so it opens offline and
// prints well. Sections (each a <section id=...>): summary, workloads,
// execution-graph, timeline, workers, utilization, thermal, task-usage,
// alerts, scheduler, failures, tests, performance, tasks. Deterministic: the same
// data gives the same bytes.
#pragma once

#include <string>

#include "report/report_data.h"

namespace hawk::report {

// The section ids, in page order.
inline constexpr const char* kHtmlSections[] = {
    "summary",    "workloads", "execution-graph", "timeline", "workers", "utilization", "thermal",
    "task-usage", "alerts",    "scheduler",       "failures", "tests",   "performance", "tasks"};

// `title` heads the page ("hawk report" when empty).
std::string RenderHtml(const ReportData& data, const std::string& title = {});

}  // namespace hawk::report
