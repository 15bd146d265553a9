#include "report/report_files.h"

#include <filesystem>
#include <fstream>

#include "report/charts.h"

namespace hawk::report {

Status WriteTextFile(const std::string& path, std::string_view text, std::string_view option) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    return MakeError(ErrorCode::kIo, "cannot write " + path, std::string(option),
                     "check that the folder exists and is writable");
  }
  return Ok();
}

std::string GraphFileStem(std::string_view workload_id) {
  std::string out = "graph-";
  for (char c : workload_id) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out += safe ? c : '_';
  }
  return out;
}

Result<std::vector<std::string>> WriteCharts(const ReportData& data, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    return MakeError(
        ErrorCode::kIo,
        "cannot create the charts folder " + dir + (ec ? ": " + ec.message() : std::string()),
        "--charts", "choose a folder that can be created and written");
  }
  const std::filesystem::path base(dir);
  std::vector<std::string> written;
  auto write = [&](const std::string& name, const std::string& text) -> Status {
    const std::string path = (base / name).string();
    if (auto s = WriteTextFile(path, text, "--charts"); !s) return s;
    written.push_back(path);
    return Ok();
  };
  const std::pair<const char*, std::string (*)(const ReportData&)> charts[] = {
      {"timeline.svg", TimelineSvg},
      {"thermal.svg", ThermalHeatmapSvg},
      {"utilization.svg", UtilizationSvg},
      {"duration.svg", DurationSvg}};
  for (const auto& [name, render] : charts) {
    if (auto s = write(name, render(data)); !s) return tl::unexpected(s.error());
  }
  for (const WorkloadRow& w : data.workloads) {
    const std::string stem = GraphFileStem(w.record.id);
    const std::string dot = ExecutionGraphDot(data, w.record.id);
    if (auto s = write(stem + ".dot", dot); !s) return tl::unexpected(s.error());
    auto svg = RenderDotSvg(dot);
    if (!svg) return tl::unexpected(svg.error());
    if (auto s = write(stem + ".svg", *svg); !s) return tl::unexpected(s.error());
  }
  return written;
}

}  // namespace hawk::report
