// The thermal heatmap: device × time, coloured by the hottest sample.
#include <algorithm>
#include <array>

#include "report/charts.h"
#include "report/svg.h"

namespace hawk::report {
namespace {

constexpr int kLabelWidth = 200;
constexpr int kPlotWidth = 720;
constexpr int kRowHeight = 14;
constexpr int kTop = 28;
constexpr int kBottom = 44;

}  // namespace

std::string ThermalHeatmapSvg(const ReportData& data) {
  constexpr std::string_view kTitle = "Thermal heatmap: hottest temperature per device and time";
  const ThermalGrid& grid = data.thermal;
  if (grid.rows.empty()) {
    return EmptyChart("thermal", kTitle, "No temperature_celsius samples were recorded.");
  }
  const std::size_t buckets = grid.rows.front().max_celsius.size();
  const double cell_width = static_cast<double>(kPlotWidth) / static_cast<double>(buckets);
  const int plot_bottom = kTop + static_cast<int>(grid.rows.size()) * kRowHeight;
  const int width = kLabelWidth + kPlotWidth + 20;
  std::string out = SvgOpen(width, plot_bottom + kBottom, "thermal", kTitle);
  out += "<text x=\"" + std::to_string(kLabelWidth) + "\" y=\"16\" font-weight=\"bold\">" +
         EscapeMarkup(kTitle) + "</text>\n";
  for (std::size_t r = 0; r < grid.rows.size(); ++r) {
    const ThermalRow& row = grid.rows[r];
    const int y = kTop + static_cast<int>(r) * kRowHeight;
    const std::string label = row.worker_id + (row.device_id.empty() ? "" : "/" + row.device_id);
    out += "<g class=\"row\"><text x=\"" + std::to_string(kLabelWidth - 6) + "\" y=\"" +
           std::to_string(y + 11) + "\" text-anchor=\"end\">" + EscapeMarkup(label) + "</text>";
    for (std::size_t b = 0; b < row.max_celsius.size(); ++b) {
      if (!row.max_celsius[b]) continue;
      const double celsius = *row.max_celsius[b];
      const auto from_ms = static_cast<std::int64_t>(b) * grid.bucket_ms;
      out += "<rect class=\"cell\" x=\"" +
             Num(kLabelWidth + cell_width * static_cast<double>(b), 2) + "\" y=\"" +
             std::to_string(y) + "\" width=\"" + Num(cell_width, 2) + "\" height=\"" +
             std::to_string(kRowHeight - 1) + "\" fill=\"" + TemperatureColor(celsius) +
             "\"><title>" + EscapeMarkup(label) + " +" + EscapeMarkup(HumanMs(from_ms)) + "–+" +
             EscapeMarkup(HumanMs(from_ms + grid.bucket_ms)) + ": " + Num(celsius) +
             " °C</title></rect>";
    }
    out += "</g>\n";
  }
  const std::int64_t span_ms = grid.bucket_ms * static_cast<std::int64_t>(buckets);
  out += "<text x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(plot_bottom + 14) +
         "\" fill=\"#4a5568\">+0s</text><text x=\"" + std::to_string(kLabelWidth + kPlotWidth) +
         "\" y=\"" + std::to_string(plot_bottom + 14) +
         "\" text-anchor=\"end\" fill=\"#4a5568\">+" + EscapeMarkup(HumanMs(span_ms)) + " (from " +
         EscapeMarkup(FormatIso8601(grid.start)) + ")</text>\n";
  constexpr std::array<double, 6> kLegend = {30, 50, 70, 80, 90, 100};
  out += "<g class=\"legend\">";
  for (std::size_t i = 0; i < kLegend.size(); ++i) {
    const int x = kLabelWidth + static_cast<int>(i) * 70;
    out += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(plot_bottom + 24) +
           "\" width=\"14\" height=\"12\" fill=\"" + TemperatureColor(kLegend[i]) +
           "\"/><text x=\"" + std::to_string(x + 18) + "\" y=\"" +
           std::to_string(plot_bottom + 34) + "\">" + Num(kLegend[i], 0) + " °C</text>";
  }
  out += "</g>\n</svg>\n";
  return out;
}

}  // namespace hawk::report
