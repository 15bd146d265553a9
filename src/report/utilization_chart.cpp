// Utilization over time: one line per worker.
#include <algorithm>
#include <array>

#include "report/charts.h"
#include "report/svg.h"

namespace hawk::report {
namespace {

constexpr int kWidth = 960;
constexpr int kLeft = 50;
constexpr int kRight = 190;  // legend
constexpr int kTop = 28;
constexpr int kPlotHeight = 220;
constexpr int kLegendRow = 14;

// ` x1="…" y1="y" x2="…" y2="y"`: a line across the plot at height `y`.
std::string AcrossPlot(double plot_width, const std::string& y) {
  std::string out;
  out.append(" x1=\"")
      .append(std::to_string(kLeft))
      .append("\" y1=\"")
      .append(y)
      .append("\" x2=\"")
      .append(Num(kLeft + plot_width))
      .append("\" y2=\"")
      .append(y)
      .append("\"");
  return out;
}

}  // namespace

std::string UtilizationSvg(const ReportData& data) {
  constexpr std::string_view kTitle = "Utilization over time per worker";
  std::optional<TimePoint> first;
  std::optional<TimePoint> last;
  for (const WorkerSeries& s : data.utilization_series) {
    for (const SeriesPoint& p : s.utilization_ratio) {
      first = std::min(first.value_or(p.ts), p.ts);
      last = std::max(last.value_or(p.ts), p.ts);
    }
  }
  if (!first) return EmptyChart("utilization", kTitle, "No utilization samples were recorded.");
  const double span_ms = std::max<double>(1.0, static_cast<double>((*last - *first).count()));
  const double plot_width = kWidth - kLeft - kRight;
  const int legend_height = static_cast<int>(data.utilization_series.size()) * kLegendRow;
  const int height = kTop + std::max(kPlotHeight, legend_height) + 30;
  const int bottom = kTop + kPlotHeight;
  auto x_of = [&](TimePoint t) {
    return kLeft + static_cast<double>((t - *first).count()) / span_ms * plot_width;
  };
  auto y_of = [&](double ratio) { return bottom - std::clamp(ratio, 0.0, 1.0) * kPlotHeight; };

  std::string out = SvgOpen(kWidth, height, "utilization", kTitle);
  out += "<text x=\"" + std::to_string(kLeft) + "\" y=\"16\" font-weight=\"bold\">" +
         EscapeMarkup(kTitle) + "</text>\n";
  for (int pct = 0; pct <= 100; pct += 25) {
    const std::string y = Num(y_of(pct / 100.0));
    out.append("<line class=\"grid\"")
        .append(AcrossPlot(plot_width, y))
        .append(" stroke=\"#edf2f7\"/><text x=\"")
        .append(std::to_string(kLeft - 4))
        .append("\" y=\"")
        .append(Num(y_of(pct / 100.0) + 4))
        .append("\" text-anchor=\"end\" fill=\"#4a5568\">")
        .append(std::to_string(pct))
        .append("%</text>\n");
  }
  struct Threshold {
    double ratio;
    const char* css;
    const char* color;
  };
  for (const Threshold& t :
       std::array<Threshold, 2>{Threshold{kWarningRatio, "warning", "#d69e2e"},
                                Threshold{kCriticalRatio, "critical", "#c53030"}}) {
    const std::string y = Num(y_of(t.ratio));
    out.append("<line class=\"threshold ")
        .append(t.css)
        .append("\"")
        .append(AcrossPlot(plot_width, y))
        .append(" stroke=\"")
        .append(t.color)
        .append("\" stroke-dasharray=\"4 3\"><title>")
        .append(t.css)
        .append(" from ")
        .append(Num(t.ratio * 100, 0))
        .append("%</title></line>\n");
  }
  out += "<text x=\"" + std::to_string(kLeft) + "\" y=\"" + std::to_string(bottom + 16) +
         "\" fill=\"#4a5568\">" + EscapeMarkup(FormatIso8601(*first)) + "</text><text x=\"" +
         Num(kLeft + plot_width) + "\" y=\"" + std::to_string(bottom + 16) +
         "\" text-anchor=\"end\" fill=\"#4a5568\">+" +
         EscapeMarkup(HumanMs(static_cast<std::int64_t>(span_ms))) + "</text>\n";
  for (std::size_t i = 0; i < data.utilization_series.size(); ++i) {
    const WorkerSeries& s = data.utilization_series[i];
    const std::string color(SeriesColor(i));
    std::string points;
    for (const SeriesPoint& p : s.utilization_ratio) {
      if (!points.empty()) points += ' ';
      points += Num(x_of(p.ts)) + "," + Num(y_of(p.value));
    }
    double peak = 0;
    for (const SeriesPoint& p : s.utilization_ratio) peak = std::max(peak, p.value);
    out.append("<polyline class=\"series\" fill=\"none\" stroke=\"")
        .append(color)
        .append("\" stroke-width=\"1.5\" points=\"")
        .append(points)
        .append("\"><title>")
        .append(EscapeMarkup(s.worker_id))
        .append(": peak ")
        .append(Num(peak * 100))
        .append("%</title></polyline>\n");
    const int ly = kTop + static_cast<int>(i) * kLegendRow;
    out += "<g class=\"legend\"><rect x=\"" + Num(kLeft + plot_width + 12) + "\" y=\"" +
           std::to_string(ly) + "\" width=\"10\" height=\"10\" fill=\"" + color + "\"/><text x=\"" +
           Num(kLeft + plot_width + 26) + "\" y=\"" + std::to_string(ly + 9) + "\">" +
           EscapeMarkup(s.worker_id) + "</text></g>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace hawk::report
