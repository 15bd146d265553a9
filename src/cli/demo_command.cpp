// `hawk demo`: see demo_run.h.
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/demo_run.h"
#include "report/html_report.h"
#include "report/report_files.h"
#include "store/duckdb_store.h"

namespace hawk::cli {
namespace {

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    return MakeError(ErrorCode::kIo, "cannot write " + path, "--export-json",
                     "check that the folder exists and is writable");
  }
  return Ok();
}

// --report FILE and --visualize: the run goes through an in-memory store and
// is reported exactly as `hawk report` would report its database.
Status WriteReports(const DemoRun& run) {
  const DemoOptions& options = run.options;
  auto store = DuckDbStore::Open(DuckDbStore::kInMemory);
  if (!store) return tl::unexpected(store.error());
  if (auto s = WriteDemoStore(run, **store); !s) return s;
  auto data = report::LoadReportData(**store, std::nullopt);
  if (!data) return tl::unexpected(data.error());
  if (!options.report_path.empty()) {
    const std::string title = "hawk demo report (seed " + std::to_string(options.seed) + ")";
    if (auto s = report::WriteTextFile(options.report_path, report::RenderHtml(*data, title),
                                       "--report");
        !s) {
      return s;
    }
    std::cout << "wrote " << options.report_path << "\n";
  }
  if (options.visualize) {
    auto written = report::WriteCharts(*data, options.charts_dir);
    if (!written) return tl::unexpected(written.error());
    for (const std::string& path : *written) std::cout << "wrote " << path << "\n";
  }
  return Ok();
}

int Run(const DemoOptions& options) {
  auto run = RunDemo(options);
  if (!run) return ReportError(run.error());
  std::cout << DemoSummary(*run);
  if (!options.export_json_path.empty()) {
    if (auto s = WriteFile(options.export_json_path, DemoJson(*run)); !s)
      return ReportError(s.error());
    std::cout << "\nwrote " << options.export_json_path << "\n";
  }
  if (!options.db_path.empty()) {
    if (auto s = WriteDemoDatabase(*run, options.db_path); !s) return ReportError(s.error());
    std::cout
        << "wrote " << options.db_path << " (workloads, tasks, attempts, events, "
        << "resource_utilization, hardware_capabilities, worker_hardware, performance_history)\n";
  }
  if (!options.report_path.empty() || options.visualize) {
    if (auto s = WriteReports(*run); !s) return ReportError(s.error());
  }
  bool all_ok = !run->result.timed_out;
  for (const auto& [id, workload] : run->workloads) {
    const engine::WorkloadRun* w = run->simulation->engine().FindWorkload(id);
    if (w == nullptr || w->status() != engine::WorkloadStatus::kSucceeded) all_ok = false;
  }
  return all_ok ? kExitOk : kExitFailure;
}

}  // namespace

void AddDemoCommand(CLI::App& app, Runner& runner) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Run the real engine on a simulated heterogeneous fleet (virtual time, seeded)");
  cmd->add_flag("--multi-device", options->multi_device,
                "Add a multi-device DAG workload (sharding, critical path)");
  cmd->add_flag("--fault-tolerance", options->fault_tolerance,
                "Use every recovery strategy in task policies");
  cmd->add_flag("--thermal-tracking", options->thermal_tracking,
                "Hot rack + thermal-aware placement");
  cmd->add_flag("--resource-monitoring", options->resource_monitoring,
                "Summarise device utilization and temperature");
  cmd->add_flag("--performance-tracking", options->performance_tracking,
                "Statistics and bottlenecks per workload");
  cmd->add_flag("--all-features", options->all_features,
                "All of the above, with failures simulated");
  cmd->add_flag("--visualize", options->visualize,
                "Write the charts (SVG, and the execution graphs as .dot) into --charts DIR");
  cmd->add_flag("--simulate-failures", options->simulate_failures,
                "Inject crashes, OOMs, device errors, disconnects");
  cmd->add_option("--db-path,--db", options->db_path, "Write the run into this DuckDB file");
  cmd->add_option("--fleet", options->fleet_file, "Fleet file (YAML); default: the built-in fleet");
  cmd->add_option("--workers", options->workers,
                  "Built-in fleet size (default: one per machine template)")
      ->check(CLI::Range(1u, 1000000u));
  cmd->add_option("--tasks", options->tasks, "Tasks in the inference-mix workload")
      ->check(CLI::Range(1u, 10000000u));
  cmd->add_option("--duration", options->duration, "Virtual time limit, e.g. 6h");
  cmd->add_option("--seed", options->seed, "Seed: same seed, same run");
  cmd->add_option("--report", options->report_path,
                  "Write the run as one self-contained HTML report");
  cmd->add_option("--export-json", options->export_json_path, "Write the run as JSON");
  cmd->add_option("--charts", options->charts_dir, "Folder for --visualize charts")
      ->capture_default_str();
  cmd->callback([&runner, options] { runner = [options] { return Run(*options); }; });
}

}  // namespace hawk::cli
