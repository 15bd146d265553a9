// The per-worker report of a monitoring session: a self-contained HTML page
// (inline CSS and SVG charts, no external URL) and a JSON export with the
// same content — summary (min / max / avg / current per series), alerts,
// thermal states, task usage and the parts that were missing.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "monitor/monitor_summary.h"

namespace hawk::monitor {

nlohmann::json ReportToJson(const MonitorSummary& summary);
std::string RenderHtmlReport(const MonitorSummary& summary);

// "61.5%", "1.5GiB", "54.0 °C", "12.3 MB/s": a value formatted by the unit
// its metric name ends with.
std::string FormatMetricValue(const std::string& metric, double value);

}  // namespace hawk::monitor
