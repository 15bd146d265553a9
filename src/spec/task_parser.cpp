// One entry of tasks: and the defaults: block.
#include "spec/task_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <string_view>

namespace hawk::spec {
namespace {

using Alias = std::pair<std::string_view, std::string_view>;

constexpr std::array<std::string_view, 20> kTaskKeys = {
    "id",       "name",      "run",      "command",     "env",        "workdir", "type",
    "requires", "metrics",   "priority", "criticality", "estimate",   "timeout", "depends_on",
    "shards",   "aggregate", "recovery", "alternates",  "checkpoint", "junit",
};
constexpr std::array<Alias, 28> kTaskAliases = {{
    {"needs", "depends_on"},
    {"dependencies", "depends_on"},
    {"deps", "depends_on"},
    {"after", "depends_on"},
    {"cmd", "command"},
    {"args", "command"},
    {"argv", "command"},
    {"script", "run"},
    {"shell", "run"},
    {"sh", "run"},
    {"cwd", "workdir"},
    {"working_dir", "workdir"},
    {"working_directory", "workdir"},
    {"working-directory", "workdir"},
    {"environment", "env"},
    {"resources", "requires"},
    {"requirements", "requires"},
    {"workload_type", "type"},
    {"kind", "type"},
    {"estimated_duration", "estimate"},
    {"duration", "estimate"},
    {"sharding", "shards"},
    {"aggregation", "aggregate"},
    {"retry", "recovery"},
    {"retries", "recovery"},
    {"alternatives", "alternates"},
    {"fallbacks", "alternates"},
    {"junit_paths", "junit"},
}};
constexpr std::array<std::string_view, 7> kDefaultsKeys = {
    "timeout", "env", "workdir", "recovery", "type", "criticality", "priority",
};
constexpr std::array<std::string_view, 3> kMetricsKeys = {"compute", "memory", "io"};
constexpr std::array<Alias, 3> kMetricsAliases = {{
    {"compute_intensity", "compute"},
    {"memory_intensity", "memory"},
    {"io_intensity", "io"},
}};
constexpr std::array<std::string_view, 4> kAlternateKeys = {"name", "run", "command", "requires"};
constexpr std::array<std::string_view, 2> kShardsKeys = {"auto", "max"};

constexpr std::uint32_t kMaxShards = 10000;

bool IsEnvName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Fields that tasks and defaults share. `env` merges over what `task` has.
void ParseCommonFields(const Fields& fields, Task& task) {
  if (auto c = fields.Get("timeout")) {
    if (auto v = c->Time()) task.timeout = *v;
  }
  if (auto c = fields.Get("env")) {
    if (auto v = c->StringMap(IsEnvName,
                              "an environment variable name is letters, digits and "
                              "'_', not starting with a digit")) {
      for (auto& [key, value] : *v) task.env[key] = std::move(value);
    }
  }
  if (auto c = fields.Get("workdir")) {
    if (auto v = c->String()) task.working_dir = std::move(*v);
  }
  if (auto c = fields.Get("recovery")) task.recovery = ParseRecovery(*c, task.recovery);
  if (auto c = fields.Get("type")) {
    if (auto v = c->Enum<WorkloadType>()) task.workload_type = *v;
  }
  if (auto c = fields.Get("criticality")) {
    if (auto v = c->Enum<Criticality>()) task.criticality = *v;
  }
  if (auto c = fields.Get("priority")) {
    if (auto v = c->Integer(std::numeric_limits<std::int32_t>::min(),
                            std::numeric_limits<std::int32_t>::max())) {
      task.priority = static_cast<std::int32_t>(*v);
    }
  }
}

WorkloadMetrics ParseMetrics(const Cursor& cursor) {
  WorkloadMetrics out;
  const std::optional<Fields> fields = cursor.Map(kMetricsKeys, kMetricsAliases);
  if (!fields) return out;
  if (auto c = fields->Get("compute")) {
    if (auto v = c->Share()) out.compute_intensity = *v;
  }
  if (auto c = fields->Get("memory")) {
    if (auto v = c->Share()) out.memory_intensity = *v;
  }
  if (auto c = fields->Get("io")) {
    if (auto v = c->Share()) out.io_intensity = *v;
  }
  return out;
}

// shards: 4 | auto | {auto: true, max: 8}
Sharding ParseSharding(const Cursor& cursor) {
  Sharding out;
  const std::string_view hint = "write shards: 4, shards: auto or shards: {auto: true, max: 8}";
  if (cursor.node().IsScalar()) {
    const std::string& text = cursor.node().Scalar();
    if (text == "auto") {
      out.mode = Sharding::Mode::kAuto;
      return out;
    }
    if (!text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-')) {
      if (auto v = cursor.Integer(1, kMaxShards)) {
        out.mode = Sharding::Mode::kCount;
        out.count = static_cast<std::uint32_t>(*v);
      }
      return out;
    }
    cursor.Report("expected a number of shards or 'auto', got " + cursor.Describe(),
                  std::string(hint));
    return out;
  }
  if (!cursor.node().IsMap()) {
    cursor.Report("expected a number of shards, 'auto' or a map, got " + cursor.Describe(),
                  std::string(hint));
    return out;
  }
  const std::optional<Fields> fields = cursor.Map(kShardsKeys);
  if (!fields) return out;
  out.mode = Sharding::Mode::kAuto;
  if (auto c = fields->Require("auto", "write shards: {auto: true, max: 8}")) {
    if (auto v = c->Bool(); v && !*v) {
      c->Report("shards.auto must be true", "for a fixed number of shards write shards: N");
    }
  }
  if (auto c = fields->Get("max")) {
    if (auto v = c->Integer(1, kMaxShards)) out.max_auto = static_cast<std::uint32_t>(*v);
  }
  return out;
}

std::vector<Alternate> ParseAlternates(const Cursor& cursor) {
  std::vector<Alternate> out;
  const std::optional<std::vector<Cursor>> items =
      cursor.List("write alternates: [{name: cpu, run: ..., requires: {class: cpu}}]");
  if (!items) return out;
  for (const Cursor& item : *items) {
    const std::optional<Fields> fields = item.Map(kAlternateKeys);
    if (!fields) continue;
    Alternate alternate;
    if (auto c = fields->Require("name", "give each alternate a name such as cpu-fallback")) {
      if (auto v = c->Identifier("alternate name")) {
        const bool repeated =
            std::any_of(out.begin(), out.end(), [&](const Alternate& a) { return a.name == *v; });
        if (repeated) {
          c->Report("duplicate alternate name '" + *v + "'",
                    "alternate names must be unique within a task");
        }
        alternate.name = std::move(*v);
      }
    }
    alternate.command = ParseCommand(*fields);
    if (auto c = fields->Get("requires")) alternate.requirements = ParseRequirements(*c);
    out.push_back(std::move(alternate));
  }
  return out;
}

void ParseDependsOn(const Cursor& cursor, Task& task, TaskMarks& marks) {
  const std::optional<std::vector<Cursor>> items = cursor.List("write depends_on: [build, test]");
  if (!items) return;
  for (std::size_t j = 0; j < items->size(); ++j) {
    const Cursor& item = (*items)[j];
    std::optional<std::string> id = item.Identifier("task id");
    if (!id) continue;
    if (std::find(task.depends_on.begin(), task.depends_on.end(), *id) != task.depends_on.end()) {
      item.Report("'" + *id + "' is listed twice", "list each dependency once");
      continue;
    }
    task.depends_on.push_back(std::move(*id));
    marks.depends_on.emplace_back(j, item.location());
  }
}

}  // namespace

Task ParseDefaults(const Cursor& cursor) {
  Task base;
  const std::optional<Fields> fields = cursor.Map(kDefaultsKeys);
  if (fields) ParseCommonFields(*fields, base);
  return base;
}

Task ParseTask(const Cursor& cursor, const Task& base, TaskMarks& marks) {
  Task task = base;
  marks.path = cursor.path();
  marks.location = cursor.location();
  const std::optional<Fields> fields = cursor.Map(kTaskKeys, kTaskAliases);
  if (!fields) return task;
  if (auto c = fields->Require("id", "give every task a unique id such as build")) {
    if (auto v = c->Identifier("task id")) {
      task.id = std::move(*v);
      marks.id = c->location();
    }
  }
  task.name = task.id;
  if (auto c = fields->Get("name")) {
    if (auto v = c->String()) task.name = std::move(*v);
  }
  task.command = ParseCommand(*fields);
  ParseCommonFields(*fields, task);
  if (auto c = fields->Get("requires")) task.requirements = ParseRequirements(*c);
  if (auto c = fields->Get("metrics")) task.metrics = ParseMetrics(*c);
  if (auto c = fields->Get("estimate")) {
    if (auto v = c->Time()) task.estimated_duration = *v;
  }
  if (auto c = fields->Get("depends_on")) ParseDependsOn(*c, task, marks);
  if (auto c = fields->Get("shards")) task.sharding = ParseSharding(*c);
  if (auto c = fields->Get("aggregate")) {
    if (auto v = c->Enum<Aggregation>()) task.aggregation = *v;
  }
  if (auto c = fields->Get("alternates")) task.alternates = ParseAlternates(*c);
  if (auto c = fields->Get("checkpoint")) {
    if (auto v = c->Bool()) task.checkpoint = *v;
  }
  if (auto c = fields->Get("junit")) {
    if (auto v = c->StringList(/*unique=*/true, "write junit: [out/results.xml]")) {
      task.junit_paths = std::move(*v);
    }
  }
  return task;
}

}  // namespace hawk::spec
