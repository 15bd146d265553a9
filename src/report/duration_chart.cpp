// Estimated vs actual duration per task, log-log scatter.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "report/charts.h"
#include "report/svg.h"

namespace hawk::report {
namespace {

constexpr int kSize = 420;
constexpr int kLeft = 70;
constexpr int kTop = 30;
constexpr int kBottom = 46;
constexpr int kRight = 190;  // legend
// Round durations for the axes: 100ms, 1s, 10s, 1m, 10m, 1h, 10h, 1d, 10d.
constexpr std::array<double, 9> kTicksMs = {100,     1000,     10000,    60000,    600000,
                                            3600000, 36000000, 86400000, 864000000};
constexpr double kSlowFactor = 1.5;
constexpr double kFastFactor = 1.0 / 1.5;

}  // namespace

std::string DurationSvg(const ReportData& data) {
  constexpr std::string_view kTitle = "Estimated vs actual duration per task";
  std::vector<const TaskRow*> tasks;
  double lo = 0;
  double hi = 0;
  for (const TaskRow& t : data.tasks) {
    if (!t.record.estimated_duration_ms || !t.actual_duration_ms) continue;
    const double e = std::max<double>(1.0, static_cast<double>(*t.record.estimated_duration_ms));
    const double a = std::max<double>(1.0, static_cast<double>(*t.actual_duration_ms));
    lo = tasks.empty() ? std::min(e, a) : std::min({lo, e, a});
    hi = tasks.empty() ? std::max(e, a) : std::max({hi, e, a});
    tasks.push_back(&t);
  }
  if (tasks.empty()) {
    return EmptyChart("duration", kTitle, "No task has both an estimate and a finished attempt.");
  }
  // The axes span the round durations around the data, so labels read well.
  std::size_t first = 0;
  while (first + 1 < kTicksMs.size() && kTicksMs[first + 1] <= lo) ++first;
  std::size_t last = first + 1;
  while (last + 1 < kTicksMs.size() && kTicksMs[last] < hi) ++last;
  const double log_lo = std::log10(std::min(kTicksMs[first], lo));
  const double log_hi = std::log10(std::max(kTicksMs[last], hi));
  auto scale = [&](double ms) {
    return (std::log10(std::max(ms, 1.0)) - log_lo) / (log_hi - log_lo);
  };
  auto x_of = [&](double ms) { return kLeft + scale(ms) * kSize; };
  auto y_of = [&](double ms) { return kTop + kSize - scale(ms) * kSize; };

  std::string out = SvgOpen(kLeft + kSize + kRight, kTop + kSize + kBottom, "duration", kTitle);
  out += "<text x=\"" + std::to_string(kLeft) + "\" y=\"18\" font-weight=\"bold\">" +
         EscapeMarkup(kTitle) + "</text>\n";
  for (std::size_t tick = first; tick <= last; ++tick) {
    const double ms = kTicksMs[tick];
    const std::string label = EscapeMarkup(HumanMs(static_cast<std::int64_t>(ms)));
    out += "<line class=\"grid\" x1=\"" + Num(x_of(ms)) + "\" y1=\"" + std::to_string(kTop) +
           "\" x2=\"" + Num(x_of(ms)) + "\" y2=\"" + std::to_string(kTop + kSize) +
           "\" stroke=\"#edf2f7\"/><line class=\"grid\" x1=\"" + std::to_string(kLeft) +
           "\" y1=\"" + Num(y_of(ms)) + "\" x2=\"" + std::to_string(kLeft + kSize) + "\" y2=\"" +
           Num(y_of(ms)) + "\" stroke=\"#edf2f7\"/>";
    out.append("<text x=\"")
        .append(Num(x_of(ms)))
        .append("\" y=\"")
        .append(std::to_string(kTop + kSize + 14))
        .append("\" text-anchor=\"middle\" fill=\"#4a5568\">")
        .append(label)
        .append("</text><text x=\"")
        .append(std::to_string(kLeft - 4))
        .append("\" y=\"")
        .append(Num(y_of(ms) + 4))
        .append("\" text-anchor=\"end\" fill=\"#4a5568\">")
        .append(label)
        .append("</text>\n");
  }
  out += "<line class=\"diagonal\" x1=\"" + std::to_string(kLeft) + "\" y1=\"" +
         std::to_string(kTop + kSize) + "\" x2=\"" + std::to_string(kLeft + kSize) + "\" y2=\"" +
         std::to_string(kTop) + "\" stroke=\"#a0aec0\" stroke-dasharray=\"4 3\">" +
         "<title>actual = estimated</title></line>\n";
  out += "<text x=\"" + std::to_string(kLeft + kSize / 2) + "\" y=\"" +
         std::to_string(kTop + kSize + 34) +
         "\" text-anchor=\"middle\">estimated</text><text transform=\"rotate(-90)\" x=\"" +
         std::to_string(-(kTop + kSize / 2)) + "\" y=\"14\" text-anchor=\"middle\">actual</text>\n";
  for (const TaskRow* t : tasks) {
    const auto estimated = static_cast<double>(*t->record.estimated_duration_ms);
    const auto actual = static_cast<double>(*t->actual_duration_ms);
    const double ratio = actual / std::max(estimated, 1.0);
    const char* verdict = ratio > kSlowFactor   ? "slower"
                          : ratio < kFastFactor ? "faster"
                                                : "on-time";
    const char* color = ratio > kSlowFactor   ? "#c53030"
                        : ratio < kFastFactor ? "#2b6cb0"
                                              : "#2f855a";
    out += "<circle class=\"task " + std::string(verdict) +
           (t->record.critical ? " critical" : "") + "\" cx=\"" + Num(x_of(estimated)) +
           "\" cy=\"" + Num(y_of(actual)) + "\" r=\"" + (t->record.critical ? "5" : "3.5") +
           "\" fill=\"" + color + "\" fill-opacity=\"0.75\"><title>" +
           EscapeMarkup(t->record.workload_id + "/" + t->record.task_id) + ": estimated " +
           EscapeMarkup(HumanMs(*t->record.estimated_duration_ms)) + ", actual " +
           EscapeMarkup(HumanMs(*t->actual_duration_ms)) + " (" + Num(ratio, 2) +
           "×)</title></circle>\n";
  }
  const int lx = kLeft + kSize + 16;
  const char* kLegend[][2] = {{"#c53030", "over 1.5× the estimate"},
                              {"#2f855a", "within 1.5× of it"},
                              {"#2b6cb0", "under the estimate / 1.5"}};
  for (int i = 0; i < 3; ++i) {
    const int ly = kTop + 10 + i * 16;
    out += "<g class=\"legend\"><circle cx=\"" + std::to_string(lx + 4) + "\" cy=\"" +
           std::to_string(ly) + "\" r=\"4\" fill=\"" + kLegend[i][0] + "\"/><text x=\"" +
           std::to_string(lx + 12) + "\" y=\"" + std::to_string(ly + 4) + "\">" + kLegend[i][1] +
           "</text></g>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace hawk::report
