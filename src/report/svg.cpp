#include "report/svg.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/units.h"

namespace hawk::report {

std::string Num(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", digits, value);
  std::string out = buffer;
  if (out.find_first_not_of("-0.") == std::string::npos && out.front() == '-') out.erase(0, 1);
  return out;
}

std::string HumanMs(std::int64_t ms) {
  if (ms < 0) return "-" + FormatDuration(std::chrono::milliseconds(-ms));
  if (ms == 0) return "0s";
  return FormatDuration(std::chrono::milliseconds(ms));
}

std::string_view StatusColor(std::string_view status) {
  if (status == "succeeded" || status == "passed") return "#38a169";
  if (status == "failed" || status == "error") return "#e53e3e";
  if (status == "skipped") return "#a0aec0";
  if (status == "cancelled") return "#718096";
  if (status == "running") return "#3182ce";
  if (status == "queued" || status == "ready") return "#90cdf4";
  if (status == "pending") return "#e2e8f0";
  return "#cbd5e0";
}

std::string_view SeriesColor(std::size_t index) {
  static constexpr std::array<std::string_view, 10> kPalette = {
      "#2b6cb0", "#dd6b20", "#2f855a", "#c53030", "#6b46c1",
      "#975a16", "#d53f8c", "#4a5568", "#b7791f", "#0987a0"};
  return kPalette[index % kPalette.size()];
}

std::string TemperatureColor(double celsius) {
  struct Stop {
    double celsius;
    int r, g, b;
  };
  static constexpr std::array<Stop, 5> kStops = {
      Stop{25, 0x31, 0x82, 0xce}, Stop{55, 0x38, 0xa1, 0x69}, Stop{75, 0xec, 0xc9, 0x4b},
      Stop{90, 0xed, 0x89, 0x36}, Stop{100, 0xc5, 0x30, 0x30}};
  const double t = std::clamp(celsius, kStops.front().celsius, kStops.back().celsius);
  std::size_t i = 0;
  while (i + 2 < kStops.size() && t > kStops[i + 1].celsius) ++i;
  const Stop& a = kStops[i];
  const Stop& b = kStops[i + 1];
  const double f = (t - a.celsius) / (b.celsius - a.celsius);
  auto mix = [f](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "#%02x%02x%02x", mix(a.r, b.r), mix(a.g, b.g),
                mix(a.b, b.b));
  return buffer;
}

std::string SvgOpen(int width, int height, std::string_view css_class, std::string_view title) {
  const std::string w = std::to_string(width);
  const std::string h = std::to_string(height);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hawk-chart " + EscapeMarkup(css_class) +
         "\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w + "\" height=\"" + h +
         "\" role=\"img\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"11\">" +
         "<title>" + EscapeMarkup(title) + "</title>\n";
}

std::string EmptyChart(std::string_view css_class, std::string_view title,
                       std::string_view message) {
  return SvgOpen(480, 60, css_class, title) +
         "<text class=\"empty\" x=\"10\" y=\"34\" fill=\"#4a5568\">" + EscapeMarkup(message) +
         "</text>\n</svg>\n";
}

}  // namespace hawk::report
