// Writing report outputs to files: the one place in the report module that
// touches the file system.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "report/report_data.h"

namespace hawk::report {

// Writes `text` to `path` (replacing it). `option` names the flag the path
// came from, for the error. Errors: kIo with the path and a hint.
Status WriteTextFile(const std::string& path, std::string_view text, std::string_view option);

// Writes every chart into `dir` (created if missing): timeline.svg,
// thermal.svg, utilization.svg, duration.svg, and per workload
// graph-<id>.dot and graph-<id>.svg (characters outside [A-Za-z0-9._-] in
// the id become '_'). Returns the paths written, in that order. Errors: kIo
// when the folder cannot be made or a file written; a graph that Graphviz
// cannot render is an error too (its .dot is written first).
Result<std::vector<std::string>> WriteCharts(const ReportData& data, const std::string& dir);

// "graph-<id>" with the id made safe for a file name.
std::string GraphFileStem(std::string_view workload_id);

}  // namespace hawk::report
