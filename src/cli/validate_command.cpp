// hawk validate FILE [--json]: parse and check a workload file; print a
// summary (or the normalized workload as JSON), or every problem found.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "core/workload_graph.h"
#include "spec/workload_json.h"
#include "spec/workload_spec.h"

namespace hawk::cli {
namespace {

struct ValidateOptions {
  std::string file;
  bool json = false;
};

void Append(std::string& out, std::string_view sep, const std::string& part) {
  if (part.empty()) return;
  if (!out.empty()) out += sep;
  out += part;
}

// "gpu x2, 24GiB/device, backends cuda, precisions fp16, vendor nvidia".
std::string DescribeRequirements(const ResourceRequirements& r) {
  std::string out = std::string(ToString(r.device_class)) + " x" + std::to_string(r.device_count);
  if (r.memory_per_device_bytes)
    Append(out, ", ", FormatBytes(*r.memory_per_device_bytes) + "/device");
  if (!r.backends.Empty()) Append(out, ", ", "backends " + r.backends.Join());
  if (!r.precisions.Empty()) Append(out, ", ", "precisions " + r.precisions.Join());
  if (!r.features.Empty()) Append(out, ", ", "features " + r.features.Join());
  if (r.vendor) Append(out, ", ", "vendor " + std::string(ToString(*r.vendor)));
  if (r.architecture) Append(out, ", ", "arch " + std::string(ToString(*r.architecture)));
  if (r.min_compute_capability) {
    Append(out, ", ", "compute capability >= " + r.min_compute_capability->ToString());
  }
  std::string preferred = r.preferred_vendors.Join();
  Append(preferred, ", ", r.preferred_architectures.Join());
  if (!preferred.empty()) Append(out, ", ", "prefers " + preferred);
  std::string labels;
  for (const auto& [key, value] : r.worker_labels) {
    std::string label = key;
    label += '=';
    label += value;
    Append(labels, ",", label);
  }
  if (!labels.empty()) Append(out, ", ", "labels " + labels);
  return out;
}

std::string DescribeTask(const Task& task) {
  std::string out = DescribeRequirements(task.requirements);
  if (task.sharding.mode == Sharding::Mode::kCount) {
    Append(out, "; ", std::to_string(task.sharding.count) + " shards");
  } else if (task.sharding.mode == Sharding::Mode::kAuto) {
    Append(out, "; ", "auto shards (max " + std::to_string(task.sharding.max_auto) + ")");
  }
  if (task.timeout) Append(out, "; ", "timeout " + FormatDuration(*task.timeout));
  if (task.criticality != Criticality::kNormal) {
    Append(out, "; ", std::string(ToString(task.criticality)));
  }
  if (task.priority != 0) Append(out, "; ", "priority " + std::to_string(task.priority));
  if (!task.alternates.empty()) {
    std::string names;
    for (const Alternate& a : task.alternates) Append(names, ", ", a.name);
    Append(out, "; ", "alternates " + names);
  }
  if (task.checkpoint) Append(out, "; ", "checkpoint");
  if (!task.depends_on.empty()) {
    std::string deps;
    for (const std::string& d : task.depends_on) Append(deps, ", ", d);
    Append(out, "; ", "after " + deps);
  }
  return out;
}

int RunValidate(const ValidateOptions& options) {
  spec::SpecResult result = spec::LoadWorkloadFile(options.file);
  if (!result) {
    std::fputs(result.FormatDiagnostics().c_str(), stderr);
    const std::size_t n = result.diagnostics().size();
    std::fprintf(stderr, "hawk: error: %s: %zu problem%s\n", options.file.c_str(), n,
                 n == 1 ? "" : "s");
    return kExitUsage;
  }
  const Workload& workload = result.workload();
  if (options.json) {
    std::printf("%s\n", spec::WorkloadToJson(workload).dump(2).c_str());
    return kExitOk;
  }
  const Result<WorkloadGraph> graph = BuildWorkloadGraph(workload);
  if (!graph) return ReportError(graph.error());  // the parser checked this already
  std::size_t width = 0;
  for (const Task& task : workload.tasks) width = std::max(width, task.id.size());
  std::printf("%s: valid workload '%s', %zu task%s\n", options.file.c_str(), workload.name.c_str(),
              workload.tasks.size(), workload.tasks.size() == 1 ? "" : "s");
  std::string order;
  for (std::uint32_t i : graph->topological_order) Append(order, " -> ", workload.tasks[i].id);
  std::printf("order: %s\n", order.c_str());
  for (std::uint32_t i : graph->topological_order) {
    const Task& task = workload.tasks[i];
    std::printf("  %-*s  %s\n", static_cast<int>(width), task.id.c_str(),
                DescribeTask(task).c_str());
  }
  return kExitOk;
}

}  // namespace

void AddValidateCommand(CLI::App& app, Runner& runner) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(
      "validate", "Check a workload file (YAML or JSON) and show what hawk understood");
  command->add_option("FILE", options->file, "the workload file")->required();
  command->add_flag("--json", options->json,
                    "print the normalized workload as JSON (sizes in bytes, durations in ms)");
  command->callback([options, &runner] { runner = [options] { return RunValidate(*options); }; });
}

}  // namespace hawk::cli
