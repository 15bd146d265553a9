// `hawk badge`: a status badge (SVG) and the status as JSON from a hawk
// database, for a README or a CI page.
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "report/badge.h"
#include "report/report_files.h"

namespace hawk::cli {
namespace {

struct BadgeOptions {
  std::string db_path = "hawk.duckdb";
  std::string workload;
  std::string output_path;
  std::string style = "flat";
  std::string label = "hawk";
  std::string json_path;
};

int Run(const BadgeOptions& o) {
  auto style = Parse<report::BadgeStyle>(o.style);
  if (!style) {
    Error e = style.error();
    e.where = "--style";
    return ReportError(e);
  }
  auto store = OpenReportDatabase(o.db_path);
  if (!store) return ReportError(store.error());
  const std::optional<std::string> workload =
      o.workload.empty() ? std::nullopt : std::optional<std::string>(o.workload);
  auto data = report::LoadReportData(**store, workload);
  if (!data) return ReportError(data.error());
  const report::BadgeStatus status = report::StatusFromReport(*data, o.label);
  if (auto s =
          report::WriteTextFile(o.output_path, report::RenderBadgeSvg(status, *style), "--output");
      !s) {
    return ReportError(s.error());
  }
  std::cout << "wrote " << o.output_path << " (" << status.label << ": " << status.message << ")\n";
  if (!o.json_path.empty()) {
    if (auto s = report::WriteTextFile(o.json_path, report::RenderBadgeJson(status), "--json");
        !s) {
      return ReportError(s.error());
    }
    std::cout << "wrote " << o.json_path << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddBadgeCommand(CLI::App& app, Runner& runner) {
  auto options = std::make_shared<BadgeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "badge", "Write a status badge (SVG: passed/failed tasks, coloured by result)");
  cmd->add_option("--db", options->db_path, "The hawk database (DuckDB file)")
      ->capture_default_str();
  cmd->add_option("--workload", options->workload, "Badge for this workload only (default: all)");
  cmd->add_option("--output,-o", options->output_path, "The badge SVG to write")->required();
  cmd->add_option("--style", options->style, "flat, flat-square, plastic, for-the-badge or social")
      ->capture_default_str();
  cmd->add_option("--label", options->label, "Text on the left of the badge")
      ->capture_default_str();
  cmd->add_option("--json", options->json_path,
                  "Also write the status as JSON (shields.io endpoint format)");
  cmd->callback([&runner, options] { runner = [options] { return Run(*options); }; });
}

}  // namespace hawk::cli
