// Small helpers shared by the hand-written SVG charts and the HTML page:
// escaping, number formatting, colours by outcome, the <svg> frame.
// Everything here is pure and deterministic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/markup.h"

namespace hawk::report {

// A number with `digits` decimals, "-0" printed as "0".
std::string Num(double value, int digits = 1);

// A duration in milliseconds for people: "250ms", "1m2s", "2h53m6s".
std::string HumanMs(std::int64_t ms);

// Fill colour of an attempt or task by its status ("succeeded", "failed",
// "skipped", "cancelled", "running", "queued", "pending", "ready"); grey for
// anything else.
std::string_view StatusColor(std::string_view status);

// The i-th colour of a 10-colour palette for series.
std::string_view SeriesColor(std::size_t index);

// Colour of a temperature on a blue (cool) to red (hot) scale.
std::string TemperatureColor(double celsius);

// "<svg ...><title>title</title>": the opening of a standalone chart with a
// viewBox, its size, role="img", and class "hawk-chart <css_class>". Close it
// with "</svg>\n".
std::string SvgOpen(int width, int height, std::string_view css_class, std::string_view title);

// A complete chart that says there is nothing to draw and why.
std::string EmptyChart(std::string_view css_class, std::string_view title,
                       std::string_view message);

}  // namespace hawk::report
