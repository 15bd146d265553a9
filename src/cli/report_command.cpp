// `hawk report`: reads a hawk database and writes the report as HTML, JSON,
// JUnit XML and chart files (report/). `hawk badge`: badge_command.cpp.
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "report/html_report.h"
#include "report/json_export.h"
#include "report/junit.h"
#include "report/report_files.h"
#include "store/duckdb_store.h"

namespace hawk::cli {

Result<std::unique_ptr<Store>> OpenReportDatabase(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) {
    return InvalidArgument("no database at '" + path + "'", "--db",
                           "point --db at a hawk database file, e.g. one written by "
                           "`hawk demo --db hawk.duckdb`");
  }
  auto opened = DuckDbStore::Open(path);
  if (!opened) {
    Error e = opened.error();
    if (e.where.empty()) e.where = "--db " + path;
    // A file that is not a hawk database is bad input; a busy one is not.
    if (e.code == ErrorCode::kCorrupt || e.code == ErrorCode::kIo)
      e.code = ErrorCode::kInvalidArgument;
    return tl::unexpected(e);
  }
  return std::unique_ptr<Store>(std::move(*opened));
}

namespace {

struct ReportOptions {
  std::string db_path;
  std::string workload;
  std::string html_path;
  std::string json_path;
  std::string junit_path;
  std::string charts_dir;
  std::string title;
};

// Writes `text` to `path`, or to stdout for "-".
Status Emit(const std::string& path, const std::string& text, const char* option) {
  if (path == "-") {
    std::cout << text;
    return Ok();
  }
  if (auto s = report::WriteTextFile(path, text, option); !s) return s;
  std::cerr << "wrote " << path << "\n";
  return Ok();
}

int Run(const ReportOptions& o) {
  if (o.html_path.empty() && o.json_path.empty() && o.junit_path.empty() && o.charts_dir.empty()) {
    return ReportError(Error{ErrorCode::kInvalidArgument, "nothing to write", "hawk report",
                             "give --html FILE, --json FILE, --junit FILE or --charts DIR "
                             "(FILE '-' writes to stdout)"});
  }
  auto store = OpenReportDatabase(o.db_path);
  if (!store) return ReportError(store.error());
  const std::optional<std::string> workload =
      o.workload.empty() ? std::nullopt : std::optional<std::string>(o.workload);
  auto data = report::LoadReportData(**store, workload);
  if (!data) return ReportError(data.error());
  if (!o.html_path.empty()) {
    const std::string title = !o.title.empty() ? o.title
                              : workload       ? "hawk report: " + *workload
                                               : "hawk report";
    if (auto s = Emit(o.html_path, report::RenderHtml(*data, title), "--html"); !s) {
      return ReportError(s.error());
    }
  }
  if (!o.json_path.empty()) {
    if (auto s = Emit(o.json_path, report::RenderJson(*data), "--json"); !s) {
      return ReportError(s.error());
    }
  }
  if (!o.junit_path.empty()) {
    if (auto s = Emit(o.junit_path, report::RenderJUnit(*data), "--junit"); !s) {
      return ReportError(s.error());
    }
  }
  if (!o.charts_dir.empty()) {
    auto written = report::WriteCharts(*data, o.charts_dir);
    if (!written) return ReportError(written.error());
    for (const std::string& path : *written) std::cerr << "wrote " << path << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app, Runner& runner) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Report a hawk database as HTML, JSON (docs/report-schema.md), JUnit XML, charts");
  cmd->add_option("--db", options->db_path, "The hawk database (DuckDB file)")->required();
  cmd->add_option("--workload", options->workload, "Report this workload only (default: all)");
  cmd->add_option("--html", options->html_path, "Write one self-contained HTML page ('-': stdout)");
  cmd->add_option("--json", options->json_path, "Write the report as JSON ('-': stdout)");
  cmd->add_option(
      "--junit", options->junit_path,
      "Write JUnit XML: the tasks' own test cases, merged across shards, or one test case "
      "per attempt when none wrote JUnit XML ('-': stdout)");
  cmd->add_option("--charts", options->charts_dir,
                  "Write every chart as .svg (and the execution graphs as .dot) into this folder");
  cmd->add_option("--title", options->title, "Heading of the HTML page");
  cmd->callback([&runner, options] { runner = [options] { return Run(*options); }; });
}

}  // namespace hawk::cli
