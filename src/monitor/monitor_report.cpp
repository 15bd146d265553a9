#include "monitor/monitor_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/markup.h"
#include "core/units.h"

namespace hawk::monitor {
namespace {

using nlohmann::json;

template <typename T>
json Opt(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

std::string Fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", digits, value);
  return buffer;
}

std::string HumanBytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int unit = 0;
  while (std::abs(bytes) >= 1024 && unit < 5) {
    bytes /= 1024;
    ++unit;
  }
  return Fixed(bytes, unit == 0 ? 0 : 1) + units[unit];
}

json UsageToJson(const TaskUsage& u) {
  return {{"source", std::string(ToString(u.source))},
          {"cgroup_path", Opt(u.cgroup_path)},
          {"started_at", FormatIso8601(u.started_at)},
          {"last_sample_at", FormatIso8601(u.last_sample_at)},
          {"samples", u.samples},
          {"cpu_seconds", u.cpu_seconds},
          {"current_memory_bytes", Opt(u.current_memory_bytes)},
          {"peak_memory_bytes", Opt(u.peak_memory_bytes)},
          {"avg_memory_bytes", Opt(u.avg_memory_bytes)},
          {"read_bytes", Opt(u.read_bytes)},
          {"write_bytes", Opt(u.write_bytes)},
          {"net_rx_bytes", Opt(u.net_rx_bytes)},
          {"net_tx_bytes", Opt(u.net_tx_bytes)},
          {"gpu_memory_peak_bytes", Opt(u.gpu_memory_peak_bytes)},
          {"energy_joules", Opt(u.energy_joules)},
          {"powercap_energy_joules", Opt(u.powercap_energy_joules)},
          {"gpu_energy_joules", Opt(u.gpu_energy_joules)},
          {"processes_seen", u.processes_seen},
          {"processes_alive", u.processes_alive},
          {"root_alive", u.root_alive}};
}

std::string Sparkline(const SeriesStats& s) {
  if (s.history.size() < 2) return "";
  constexpr double kWidth = 160;
  constexpr double kHeight = 28;
  const double t0 = static_cast<double>(s.history.front().first.time_since_epoch().count());
  const double t1 = static_cast<double>(s.history.back().first.time_since_epoch().count());
  const double span_t = std::max(t1 - t0, 1.0);
  const double span_v = std::max(s.max - s.min, 1e-12);
  std::string points;
  for (const auto& [ts, value] : s.history) {
    const double x = (static_cast<double>(ts.time_since_epoch().count()) - t0) / span_t * kWidth;
    const double y = kHeight - 2 - (value - s.min) / span_v * (kHeight - 4);
    points += Fixed(x, 1) + "," + Fixed(y, 1) + " ";
  }
  return "<svg class=\"spark\" width=\"160\" height=\"28\" viewBox=\"0 0 160 28\" "
         "role=\"img\" aria-label=\"history\"><polyline fill=\"none\" stroke=\"#2b6cb0\" "
         "stroke-width=\"1.5\" points=\"" +
         points + "\"/></svg>";
}

const char* kStyle = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1a202c;background:#fff}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e2e8f0}
.meta{color:#4a5568}table{border-collapse:collapse;margin-top:.5rem;font-size:.9rem}
th,td{padding:.3rem .6rem;border-bottom:1px solid #edf2f7;text-align:left;vertical-align:middle}
th{background:#f7fafc}td.num{text-align:right;font-variant-numeric:tabular-nums}
.high{color:#c53030;font-weight:600}.warn{color:#b7791f;font-weight:600}.none{color:#718096}
.badge{display:inline-block;padding:0 .5rem;border-radius:.75rem;font-size:.8rem;background:#edf2f7}
.critical{background:#fed7d7}.warning{background:#fefcbf}.normal{background:#c6f6d5}
.warm{background:#fefcbf}.hot{background:#feebc8}.throttling{background:#fed7d7}
</style>)";

}  // namespace

std::string FormatMetricValue(const std::string& metric, double value) {
  if (metric.ends_with("_ratio")) return Fixed(value * 100, 1) + "%";
  if (metric.ends_with("_bytes_per_second")) return HumanBytes(value) + "/s";
  if (metric.ends_with("_bytes")) return HumanBytes(value);
  if (metric.ends_with("_celsius")) return Fixed(value, 1) + " \u00b0C";
  if (metric.ends_with("_watts")) return Fixed(value, 1) + " W";
  if (metric.ends_with("_mhz")) return Fixed(value, 0) + " MHz";
  if (metric.ends_with("_per_second")) return Fixed(value, 1) + "/s";
  return Fixed(value, 2);
}

json ReportToJson(const MonitorSummary& summary) {
  json series = json::array();
  for (const SeriesStats* s : summary.Series()) {
    series.push_back({{"device_id", Opt(s->device_id)},
                      {"metric", s->metric},
                      {"min", s->min},
                      {"max", s->max},
                      {"avg", s->Average()},
                      {"current", s->current},
                      {"count", s->count}});
  }
  json alerts = json::array();
  for (const AlertEvent& e : summary.alerts()) {
    alerts.push_back({{"ts", FormatIso8601(e.ts)},
                      {"resource", std::string(ToString(e.resource))},
                      {"device_id", Opt(e.device_id)},
                      {"metric", e.metric},
                      {"severity", std::string(ToString(e.severity))},
                      {"state", std::string(ToString(e.transition))},
                      {"value", e.value},
                      {"threshold", e.threshold},
                      {"message", e.message}});
  }
  json thermal = json::array();
  for (const ThermalStatus& t : summary.thermal()) {
    json signals = t.throttle_signals;
    thermal.push_back(
        {{"device_id", t.device_id},
         {"state", std::string(ToString(t.state))},
         {"temperature_celsius", Opt(t.temperature_celsius)},
         {"slope_celsius_per_second", Opt(t.slope_celsius_per_second)},
         {"time_to_throttle_seconds",
          t.time_to_throttle ? json(static_cast<double>(t.time_to_throttle->count()) / 1000.0)
                             : json(nullptr)},
         {"throttle_celsius", t.throttle_celsius},
         {"critical_celsius", t.critical_celsius},
         {"throttling", t.throttling},
         {"throttle_signals", std::move(signals)},
         {"throttled_seconds", static_cast<double>(t.throttled_total.count()) / 1000.0}});
  }
  json tasks = json::array();
  for (const TrackedTask& t : summary.tasks()) {
    tasks.push_back({{"name", t.name}, {"usage", UsageToJson(t.usage)}});
  }
  json missing = json::array();
  for (const MissingPart& m : summary.missing()) {
    missing.push_back({{"part", m.part}, {"reason", m.reason}});
  }
  return {
      {"worker_id", summary.worker_id()},
      {"level", std::string(ToString(summary.level()))},
      {"started_at",
       summary.started_at() ? json(FormatIso8601(*summary.started_at())) : json(nullptr)},
      {"ended_at", summary.ended_at() ? json(FormatIso8601(*summary.ended_at())) : json(nullptr)},
      {"samples", summary.samples()},
      {"summary", std::move(series)},
      {"alerts", std::move(alerts)},
      {"thermal", std::move(thermal)},
      {"tasks", std::move(tasks)},
      {"missing", std::move(missing)}};
}

std::string RenderHtmlReport(const MonitorSummary& summary) {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  h += "<title>hawk monitor: " + EscapeMarkup(summary.worker_id()) + "</title>";
  h += kStyle;
  h += "</head><body>\n<h1>Hardware monitoring: " + EscapeMarkup(summary.worker_id()) + "</h1>\n";
  h += "<p class=\"meta\">Level " + std::string(ToString(summary.level())) + " &middot; " +
       std::to_string(summary.samples()) + " samples";
  if (summary.started_at() && summary.ended_at()) {
    h += " &middot; " + FormatIso8601(*summary.started_at()) + " to " +
         FormatIso8601(*summary.ended_at());
  }
  h += "</p>\n<h2>Summary</h2>\n<table><thead><tr><th>Device</th><th>Metric</th><th>Min</th>"
       "<th>Max</th><th>Avg</th><th>Current</th><th>History</th></tr></thead><tbody>\n";
  for (const SeriesStats* s : summary.Series()) {
    const bool high = s->metric.ends_with("_utilization_ratio") && s->current >= 0.9;
    h += "<tr><td>" + EscapeMarkup(s->device_id.value_or("host")) + "</td><td>" +
         EscapeMarkup(s->metric) + "</td><td class=\"num\">" +
         FormatMetricValue(s->metric, s->min) + "</td><td class=\"num\">" +
         FormatMetricValue(s->metric, s->max) + "</td><td class=\"num\">" +
         FormatMetricValue(s->metric, s->Average()) + "</td><td class=\"num" +
         std::string(high ? " high" : "") + "\">" + FormatMetricValue(s->metric, s->current) +
         "</td><td>" + Sparkline(*s) + "</td></tr>\n";
  }
  h += "</tbody></table>\n<h2>Alerts</h2>\n";
  if (summary.alerts().empty()) {
    h += "<p class=\"none\">No alert.</p>\n";
  } else {
    h += "<table><thead><tr><th>Time</th><th>Severity</th><th>State</th><th>Device</th>"
         "<th>Message</th></tr></thead><tbody>\n";
    for (const AlertEvent& e : summary.alerts()) {
      const std::string severity(ToString(e.severity));
      h.append("<tr><td>")
          .append(FormatIso8601(e.ts))
          .append("</td><td><span class=\"badge ")
          .append(severity)
          .append("\">")
          .append(severity)
          .append("</span></td><td>")
          .append(ToString(e.transition))
          .append("</td><td>")
          .append(EscapeMarkup(e.device_id.value_or("host")))
          .append("</td><td>")
          .append(EscapeMarkup(e.message))
          .append("</td></tr>\n");
    }
    h += "</tbody></table>\n";
  }
  h += "<h2>Thermal state</h2>\n";
  if (summary.thermal().empty()) {
    h += "<p class=\"none\">No temperature reading.</p>\n";
  } else {
    h += "<table><thead><tr><th>Device</th><th>State</th><th>Temperature</th><th>Trend</th>"
         "<th>Time to throttle</th><th>Throttle signals</th></tr></thead><tbody>\n";
    for (const ThermalStatus& t : summary.thermal()) {
      const std::string state(ToString(t.state));
      std::string signals;
      for (const auto& sig : t.throttle_signals) signals += (signals.empty() ? "" : ", ") + sig;
      h.append("<tr><td>")
          .append(EscapeMarkup(t.device_id))
          .append("</td><td><span class=\"badge ")
          .append(state)
          .append("\">")
          .append(state)
          .append("</span></td><td class=\"num\">")
          .append(t.temperature_celsius ? Fixed(*t.temperature_celsius, 1) + " \u00b0C" : "&ndash;")
          .append("</td><td class=\"num\">")
          .append(t.slope_celsius_per_second
                      ? Fixed(*t.slope_celsius_per_second * 60, 2) + " \u00b0C/min"
                      : "&ndash;")
          .append("</td><td class=\"num\">")
          .append(t.time_to_throttle
                      ? Fixed(static_cast<double>(t.time_to_throttle->count()) / 1000.0, 0) + " s"
                      : "&ndash;")
          .append("</td><td>")
          .append(EscapeMarkup(signals))
          .append("</td></tr>\n");
    }
    h += "</tbody></table>\n";
  }
  h += "<h2>Task resource usage</h2>\n";
  if (summary.tasks().empty()) {
    h += "<p class=\"none\">No task tracked.</p>\n";
  } else {
    h += "<table><thead><tr><th>Task</th><th>Source</th><th>CPU</th><th>Peak memory</th>"
         "<th>Avg memory</th><th>Disk read</th><th>Disk written</th><th>GPU memory</th>"
         "<th>Energy</th><th>Processes</th></tr></thead><tbody>\n";
    auto bytes = [](const std::optional<Bytes>& b) {
      return b ? HumanBytes(static_cast<double>(*b)) : std::string("&ndash;");
    };
    for (const TrackedTask& t : summary.tasks()) {
      const TaskUsage& u = t.usage;
      h += "<tr><td>" + EscapeMarkup(t.name) + "</td><td>" + std::string(ToString(u.source)) +
           "</td><td class=\"num\">" + Fixed(u.cpu_seconds, 2) + " s</td><td class=\"num\">" +
           bytes(u.peak_memory_bytes) + "</td><td class=\"num\">" + bytes(u.avg_memory_bytes) +
           "</td><td class=\"num\">" + bytes(u.read_bytes) + "</td><td class=\"num\">" +
           bytes(u.write_bytes) + "</td><td class=\"num\">" + bytes(u.gpu_memory_peak_bytes) +
           "</td><td class=\"num\">" +
           (u.energy_joules ? Fixed(*u.energy_joules, 1) + " J" : "&ndash;") +
           "</td><td class=\"num\">" + std::to_string(u.processes_seen) + "</td></tr>\n";
    }
    h += "</tbody></table>\n";
  }
  if (!summary.missing().empty()) {
    h += "<h2>Not available on this machine</h2>\n<ul>\n";
    for (const MissingPart& m : summary.missing()) {
      h += "<li><b>" + EscapeMarkup(m.part) + "</b>: " + EscapeMarkup(m.reason) + "</li>\n";
    }
    h += "</ul>\n";
  }
  h += "</body></html>\n";
  return h;
}

}  // namespace hawk::monitor
