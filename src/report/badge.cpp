#include "report/badge.h"

#include <array>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "report/svg.h"

namespace hawk::report {
namespace {

// Advance widths of ASCII 32..126 in Verdana at 11px (units per em / 2048 * 11).
constexpr std::array<double, 95> kVerdana11 = {
    3.87, 4.33, 5.05, 9.00, 6.99,  11.84, 7.99, 2.95,  4.99, 4.99, 6.99, 9.00, 4.00, 4.99,
    4.00, 4.99, 6.99, 6.99, 6.99,  6.99,  6.99, 6.99,  6.99, 6.99, 6.99, 6.99, 4.99, 4.99,
    9.00, 9.00, 9.00, 5.99, 11.00, 7.52,  7.54, 7.68,  8.48, 6.96, 6.32, 8.53, 8.27, 4.63,
    5.00, 7.62, 6.12, 9.27, 8.23,  8.66,  6.63, 8.66,  7.65, 7.52, 6.78, 8.05, 7.52, 10.88,
    7.54, 6.77, 7.54, 4.99, 4.99,  4.99,  9.00, 6.99,  6.99, 6.61, 6.85, 5.73, 6.85, 6.55,
    3.87, 6.85, 6.96, 3.02, 3.79,  6.51,  3.02, 10.69, 6.96, 6.68, 6.85, 6.85, 4.69, 5.73,
    4.33, 6.96, 6.51, 9.00, 6.51,  6.51,  5.78, 6.98,  4.99, 6.98, 9.00};
constexpr double kUnknownWidth = 6.99;  // a digit's width for anything outside ASCII

struct Part {
  std::string text;
  double width;  // px, rounded up
};

Part Measure(std::string text, double scale, double letter_spacing) {
  double width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    width += (c >= 32 && c < 127 ? kVerdana11[c - 32] : kUnknownWidth) * scale + letter_spacing;
  }
  return {std::move(text), std::ceil(width)};
}

std::string Px(double v) {
  return Num(v, 0);
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// Two text layers (shadow + text) at ten times the size, the shields.io way.
std::string Text(const Part& p, double center_x, int baseline_y10, bool shadow,
                 const std::string& fill) {
  std::string out;
  if (shadow) {
    out += "<text aria-hidden=\"true\" x=\"" + Px(center_x * 10) + "\" y=\"" +
           std::to_string(baseline_y10 + 10) +
           "\" fill=\"#010101\" fill-opacity=\".3\" transform=\"scale(.1)\" textLength=\"" +
           Px(p.width * 10) + "\">" + EscapeMarkup(p.text) + "</text>";
  }
  out += "<text x=\"" + Px(center_x * 10) + "\" y=\"" + std::to_string(baseline_y10) +
         "\" transform=\"scale(.1)\" fill=\"" + fill + "\" textLength=\"" + Px(p.width * 10) +
         "\">" + EscapeMarkup(p.text) + "</text>";
  return out;
}

std::string Open(double width, int height, const BadgeStatus& s) {
  const std::string aria = EscapeMarkup(s.label + ": " + s.message);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Px(width) + "\" height=\"" +
         std::to_string(height) + "\" role=\"img\" aria-label=\"" + aria + "\"><title>" + aria +
         "</title>";
}

std::string TwoPart(const BadgeStatus& s, BadgeStyle style) {
  const bool big = style == BadgeStyle::kForTheBadge;
  const int height = big ? 28 : style == BadgeStyle::kPlastic ? 18 : 20;
  const double padding = big ? 12 : 5;
  const Part label =
      big ? Measure(Upper(s.label), 10.0 / 11.0 * 1.1, 1.25) : Measure(s.label, 1, 0);
  const Part message =
      big ? Measure(Upper(s.message), 10.0 / 11.0 * 1.1, 1.25) : Measure(s.message, 1, 0);
  const double lw = label.width + 2 * padding;
  const double mw = message.width + 2 * padding;
  const double w = lw + mw;
  const std::string radius = style == BadgeStyle::kFlat      ? "3"
                             : style == BadgeStyle::kPlastic ? "4"
                                                             : "0";
  std::string out = Open(w, height, s);
  if (style == BadgeStyle::kFlat) {
    out +=
        "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" "
        "stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>";
  } else if (style == BadgeStyle::kPlastic) {
    out +=
        "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#fff\" "
        "stop-opacity=\".7\"/><stop offset=\".1\" stop-color=\"#aaa\" stop-opacity=\".1\"/>"
        "<stop offset=\".9\" stop-color=\"#000\" stop-opacity=\".3\"/><stop offset=\"1\" "
        "stop-color=\"#000\" stop-opacity=\".5\"/></linearGradient>";
  }
  out += "<clipPath id=\"r\"><rect width=\"" + Px(w) + "\" height=\"" + std::to_string(height) +
         "\" rx=\"" + radius +
         "\" fill=\"#fff\"/></clipPath><g clip-path=\"url(#r)\"><rect width=\"" + Px(lw) +
         "\" height=\"" + std::to_string(height) + "\" fill=\"#555\"/><rect x=\"" + Px(lw) +
         "\" width=\"" + Px(mw) + "\" height=\"" + std::to_string(height) + "\" fill=\"" + s.color +
         "\"/>";
  if (style == BadgeStyle::kFlat || style == BadgeStyle::kPlastic) {
    out += "<rect width=\"" + Px(w) + "\" height=\"" + std::to_string(height) +
           "\" fill=\"url(#s)\"/>";
  }
  const bool shadow = style == BadgeStyle::kFlat || style == BadgeStyle::kPlastic;
  const int baseline = big ? 175 : style == BadgeStyle::kPlastic ? 130 : 140;
  out +=
      "</g><g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,"
      "sans-serif\" text-rendering=\"geometricPrecision\" font-size=\"" +
      std::string(big ? "100" : "110") + "\"" + (big ? " font-weight=\"bold\"" : "") + ">" +
      Text(label, lw / 2, baseline, shadow, "#fff") +
      Text(message, lw + mw / 2, baseline, shadow, "#fff") + "</g></svg>\n";
  return out;
}

std::string Social(const BadgeStatus& s) {
  const Part label = Measure(s.label, 1, 0);
  const Part message = Measure(s.message, 1, 0);
  const double lw = label.width + 10;
  const double mw = message.width + 10;
  const double w = lw + 6 + mw + 1;
  std::string out = Open(w, 20, s);
  out +=
      "<linearGradient id=\"a\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#fcfcfc\" "
      "stop-opacity=\"0\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>"
      "<g stroke=\"#d5d5d5\"><rect stroke=\"none\" fill=\"#fcfcfc\" x=\"0.5\" y=\"0.5\" width=\"" +
      Px(lw - 1) + "\" height=\"19\" rx=\"2\"/><rect x=\"" + Px(lw + 5.5) +
      "\" y=\"0.5\" width=\"" + Px(mw) +
      "\" height=\"19\" rx=\"2\" fill=\"#fafafa\"/>"
      "<path d=\"M" +
      Px(lw + 6) +
      " 7.5l-3 2.5 3 2.5\" fill=\"#fafafa\"/></g>"
      "<rect class=\"shade\" x=\"0.5\" y=\"0.5\" width=\"" +
      Px(lw - 1) +
      "\" height=\"19\" rx=\"2\" fill=\"url(#a)\"/>"
      "<g text-anchor=\"middle\" font-family=\"Helvetica Neue,Helvetica,Arial,sans-serif\" "
      "font-weight=\"700\" font-size=\"110\">" +
      Text(label, lw / 2, 140, false, "#333") + Text(message, lw + 6 + mw / 2, 140, false, "#333") +
      "</g></svg>\n";
  return out;
}

}  // namespace

BadgeStatus StatusFromReport(const ReportData& data, std::string label) {
  BadgeStatus s;
  s.label = std::move(label);
  for (const TaskRow& t : data.tasks) {
    const std::string& status = t.record.status;
    if (status == "succeeded") {
      ++s.passed;
    } else if (status == "failed" || status == "cancelled") {
      ++s.failed;
    } else if (status == "skipped") {
      ++s.skipped;
    } else {
      ++s.pending;
    }
  }
  auto add = [&](std::uint32_t n, const char* what) {
    if (n == 0) return;
    if (!s.message.empty()) s.message += ", ";
    s.message += std::to_string(n) + " " + what;
  };
  add(s.passed, "passed");
  add(s.failed, "failed");
  add(s.skipped, "skipped");
  add(s.pending, "pending");
  if (data.tasks.empty()) {
    s.result = "no tasks";
    s.message = "no tasks";
    s.color = "#9f9f9f";
  } else if (s.failed > 0) {
    s.result = "failing";
    s.color = "#e05d44";
  } else if (s.pending > 0) {
    s.result = "running";
    s.color = "#dfb317";
  } else {
    s.result = "passing";
    s.color = "#4c1";
  }
  return s;
}

double Verdana11Width(std::string_view text) {
  return Measure(std::string(text), 1, 0).width;
}

std::string RenderBadgeSvg(const BadgeStatus& status, BadgeStyle style) {
  return style == BadgeStyle::kSocial ? Social(status) : TwoPart(status, style);
}

std::string RenderBadgeJson(const BadgeStatus& status) {
  nlohmann::ordered_json out;
  out["schemaVersion"] = 1;
  out["label"] = status.label;
  out["message"] = status.message;
  out["color"] = status.color;
  out["hawk"] = {{"result", status.result},
                 {"passed", status.passed},
                 {"failed", status.failed},
                 {"skipped", status.skipped},
                 {"pending", status.pending}};
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace hawk::report
