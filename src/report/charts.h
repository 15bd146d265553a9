// The report's charts, each a pure function of ReportData returning a
// complete standalone SVG document (viewBox, <title>, a <title> on every
// mark for hover, text escaped). A chart with nothing to draw says so
// instead of being empty. Output depends only on the data: the same data
// gives the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "report/report_data.h"

namespace hawk::report {

// Gantt chart: one row per device, one bar (class "attempt <status>") per
// attempt on it, x = time since the report's start.
std::string TimelineSvg(const ReportData& data);

// Device × time heatmap of the thermal grid: one cell (class "cell") per
// bucket with a sample, coloured by the hottest temperature in it.
std::string ThermalHeatmapSvg(const ReportData& data);

// Utilization over time: one polyline (class "series") per worker, with the
// 75 % and 90 % load thresholds.
std::string UtilizationSvg(const ReportData& data);

// Estimated vs actual duration: one point (class "task ...") per task that
// has both, on log scales, with the y = x line.
std::string DurationSvg(const ReportData& data);

// The execution graph of one workload in Graphviz dot: one node per task,
// edges from depends_on (a dependency on a sharded task means every shard,
// "infer" -> "infer#0", "infer#1", ...). Nodes are filled by status; retried
// tasks get class "retried", critical-path nodes and edges class "critical"
// and a thick dark-red outline. Tasks with no edge at all are chained by
// invisible edges (class "layout") into rows of 8, so a workload of
// independent tasks lays out as a grid rather than one tall column. SVG
// ids are "<workload>/<task>" and "<workload>/<from>-><to>", unique on a page
// that shows several workloads.
std::string ExecutionGraphDot(const ReportData& data, std::string_view workload_id);

// Lays out and renders dot text as SVG in-process with libgvc (dot layout,
// core SVG renderer, built-in font metrics, so the output does not depend on
// the fonts installed). Errors: kInvalidArgument for dot that does not parse,
// kInternal when layout or rendering fails.
Result<std::string> RenderDotSvg(std::string_view dot);

// ExecutionGraphDot + RenderDotSvg.
Result<std::string> ExecutionGraphSvg(const ReportData& data, std::string_view workload_id);

}  // namespace hawk::report
