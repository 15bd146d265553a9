// The timeline: a Gantt chart of attempts per device.
#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "report/charts.h"
#include "report/svg.h"

namespace hawk::report {
namespace {

constexpr int kWidth = 960;
constexpr int kLabelWidth = 200;
constexpr int kRowHeight = 18;
constexpr int kTop = 28;
constexpr int kBottom = 30;
constexpr int kTicks = 6;

struct Span {
  const AttemptRow* attempt;
  TimePoint start;
  TimePoint end;
};

}  // namespace

std::string TimelineSvg(const ReportData& data) {
  constexpr std::string_view kTitle = "Timeline: attempts per device";
  std::map<std::pair<std::string, std::string>, std::vector<Span>> rows;
  std::optional<TimePoint> origin;
  std::optional<TimePoint> end;
  for (const AttemptRow& a : data.attempts) {
    if (!a.record.started_at) continue;
    const TimePoint start = *a.record.started_at;
    origin = std::min(origin.value_or(start), start);
    end = std::max(end.value_or(start), a.record.finished_at.value_or(start));
  }
  if (!origin) return EmptyChart("timeline", kTitle, "No attempt has started.");
  for (const AttemptRow& a : data.attempts) {
    if (!a.record.started_at) continue;
    const Span span{&a, *a.record.started_at, a.record.finished_at.value_or(*end)};
    const std::string worker = a.record.worker_id.value_or("?");
    if (a.record.devices.empty()) rows[{worker, ""}].push_back(span);
    for (const std::string& device : a.record.devices) rows[{worker, device}].push_back(span);
  }
  const double span_ms = std::max<double>(1.0, static_cast<double>((*end - *origin).count()));
  const double plot_width = kWidth - kLabelWidth - 20;
  auto x_of = [&](TimePoint t) {
    return kLabelWidth + static_cast<double>((t - *origin).count()) / span_ms * plot_width;
  };
  const int height = kTop + static_cast<int>(rows.size()) * kRowHeight + kBottom;
  std::string out = SvgOpen(kWidth, height, "timeline", kTitle);
  out += "<text x=\"" + std::to_string(kLabelWidth) + "\" y=\"16\" font-weight=\"bold\">" +
         EscapeMarkup(kTitle) + " (from " + EscapeMarkup(FormatIso8601(*origin)) + ")</text>\n";
  const int axis_y = kTop + static_cast<int>(rows.size()) * kRowHeight;
  for (int i = 0; i <= kTicks; ++i) {
    const double x = kLabelWidth + plot_width * i / kTicks;
    const auto at_ms = static_cast<std::int64_t>(span_ms * i / kTicks);
    out += "<line class=\"tick\" x1=\"" + Num(x) + "\" y1=\"" + std::to_string(kTop) + "\" x2=\"" +
           Num(x) + "\" y2=\"" + std::to_string(axis_y) + "\" stroke=\"#e2e8f0\"/>";
    out += "<text x=\"" + Num(x) + "\" y=\"" + std::to_string(axis_y + 14) +
           "\" text-anchor=\"middle\" fill=\"#4a5568\">+" + EscapeMarkup(HumanMs(at_ms)) +
           "</text>\n";
  }
  int row_index = 0;
  for (const auto& [key, spans] : rows) {
    const int y = kTop + row_index * kRowHeight;
    const std::string label = key.first + (key.second.empty() ? "" : "/" + key.second);
    out += "<g class=\"row\"><text x=\"" + std::to_string(kLabelWidth - 6) + "\" y=\"" +
           std::to_string(y + 13) + "\" text-anchor=\"end\">" + EscapeMarkup(label) + "</text>";
    for (const Span& s : spans) {
      const AttemptRecord& r = s.attempt->record;
      const double x = x_of(s.start);
      const double w = std::max(1.0, x_of(s.end) - x);
      std::string tip = r.workload_id + "/" + r.task_id + " attempt " +
                        std::to_string(r.attempt_number) + " on " + label + ": " + r.status;
      if (s.attempt->run_ms) tip += ", ran " + HumanMs(*s.attempt->run_ms);
      if (s.attempt->queue_ms) tip += ", queued " + HumanMs(*s.attempt->queue_ms);
      if (r.failure_kind) tip += ", " + *r.failure_kind;
      if (r.message) tip += ": " + *r.message;
      if (r.throttled_ms && *r.throttled_ms > 0) tip += ", throttled " + HumanMs(*r.throttled_ms);
      out += "\n<rect class=\"attempt " + EscapeMarkup(r.status) + "\" x=\"" + Num(x) + "\" y=\"" +
             std::to_string(y + 2) + "\" width=\"" + Num(w) + "\" height=\"" +
             std::to_string(kRowHeight - 4) + "\" fill=\"" + std::string(StatusColor(r.status)) +
             "\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>" + EscapeMarkup(tip) +
             "</title></rect>";
    }
    out += "</g>\n";
    ++row_index;
  }
  out += "</svg>\n";
  return out;
}

}  // namespace hawk::report
