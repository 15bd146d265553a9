// A status badge in the shields.io look (SVG) and the same status as JSON
// (the shields.io endpoint format plus hawk's counts). Text widths are
// estimated from a table of Verdana 11px character advances, as shields.io
// does, so the badge needs no font at run time. Pure and deterministic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/enum_names.h"
#include "report/report_data.h"

namespace hawk::report {

// clang-format off
#define HAWK_BADGE_STYLES(X)        \
  X(kFlat, "flat")                  \
  X(kFlatSquare, "flat-square")     \
  X(kPlastic, "plastic")            \
  X(kForTheBadge, "for-the-badge")  \
  X(kSocial, "social")
// clang-format on
HAWK_ENUM(BadgeStyle, "badge style", HAWK_BADGE_STYLES);

// Counts of the report's tasks by outcome and the verdict drawn from them:
// "failing" when any task failed, else "running" when any has not finished,
// else "passing"; "no tasks" for an empty report.
struct BadgeStatus {
  std::string label = "hawk";
  std::uint32_t passed = 0;  // succeeded tasks
  std::uint32_t failed = 0;  // failed or cancelled tasks
  std::uint32_t skipped = 0;
  std::uint32_t pending = 0;  // not finished yet
  std::string result;         // "passing", "failing", "running", "no tasks"
  std::string message;        // "13 passed, 1 skipped"
  std::string color;          // "#4c1", "#e05d44", "#dfb317", "#9f9f9f"
};

BadgeStatus StatusFromReport(const ReportData& data, std::string label = "hawk");

// Estimated width in pixels of `text` in Verdana 11px.
double Verdana11Width(std::string_view text);

std::string RenderBadgeSvg(const BadgeStatus& status, BadgeStyle style);

// {"schemaVersion":1,"label":...,"message":...,"color":...,"hawk":{counts}}
std::string RenderBadgeJson(const BadgeStatus& status);

}  // namespace hawk::report
