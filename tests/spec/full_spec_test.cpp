// A document that uses every field, and where each one lands in the core
// structs; defaults and their merge rules; JSON input.
#include <gtest/gtest.h>

#include "spec/workload_spec.h"

namespace hawk::spec {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kFull = R"(version: 1
name: full.workload-1
description: Every field once.
labels: {team: infra, tier: gold}
defaults:
  timeout: 10m
  env: {K: V, SHARED: from-defaults}
  workdir: /srv
  type: nlp
  criticality: high
  priority: 3
  recovery:
    max_retries: 4
    backoff: {base: 2s, cap: 1m, jitter: 10%}
    strategies: [retry, escalate]
tasks:
  - id: prep
    command: [python3, prep.py, ""]
  - id: main
    name: Main job
    run: "make -j2"
    env: {CC: gcc, SHARED: from-task}
    workdir: ./src
    type: inference
    requires:
      class: gpu
      count: 2
      memory: 16GiB
      backends: [cuda, tensorrt]
      precisions: [fp16, int8]
      features: [tensor_cores]
      vendor: nvidia
      arch: cuda
      prefer: {vendors: [nvidia, amd], archs: [cuda]}
      compute_capability: "8.6"
      labels: {zone: a}
    metrics: {compute: 0.8, memory: 0.5, io: 0.1}
    priority: -7
    criticality: critical
    estimate: 2m
    timeout: 1h30m
    depends_on: [prep]
    shards: 4
    aggregate: average
    recovery:
      max_retries: 3
      backoff: {base: 1s, cap: 30s, jitter: 0.2}
      strategies: [retry, reassign, alternate, checkpoint, skip, escalate]
    alternates:
      - name: cpu-fallback
        command: [make, cpu]
        requires: {class: cpu, memory: 1.5GiB}
      - name: npu
        run: make npu
        requires: {class: npu, backends: [openvino]}
    checkpoint: true
    junit: [out/results.xml, out/more.xml]
)";

TEST(FullSpec, EveryFieldLandsInItsStructMember) {
  const SpecResult result = ParseWorkload(kFull, "full.yaml");
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  const Workload& w = result.workload();
  EXPECT_EQ(w.name, "full.workload-1");
  EXPECT_EQ(w.description, "Every field once.");
  EXPECT_EQ(w.labels, (std::map<std::string, std::string>{{"team", "infra"}, {"tier", "gold"}}));
  ASSERT_EQ(w.tasks.size(), 2U);

  const Task& t = w.tasks[1];
  EXPECT_EQ(t.id, "main");
  EXPECT_EQ(t.name, "Main job");
  EXPECT_EQ(t.command.shell, "make -j2");
  EXPECT_TRUE(t.command.argv.empty());
  EXPECT_EQ(t.env, (std::map<std::string, std::string>{
                       {"CC", "gcc"}, {"K", "V"}, {"SHARED", "from-task"}}));
  EXPECT_EQ(t.working_dir, "./src");
  EXPECT_EQ(t.workload_type, WorkloadType::kInference);

  const ResourceRequirements& r = t.requirements;
  EXPECT_EQ(r.device_class, HardwareClass::kGpu);
  EXPECT_EQ(r.device_count, 2U);
  EXPECT_EQ(r.memory_per_device_bytes, 16 * kGiB);
  EXPECT_EQ(r.backends, (BackendSet{Backend::kCuda, Backend::kTensorrt}));
  EXPECT_EQ(r.precisions, (PrecisionSet{Precision::kFp16, Precision::kInt8}));
  EXPECT_EQ(r.features, (FeatureSet{Feature::kTensorCores}));
  EXPECT_EQ(r.vendor, Vendor::kNvidia);
  EXPECT_EQ(r.architecture, Architecture::kCuda);
  EXPECT_EQ(r.preferred_vendors, (VendorSet{Vendor::kNvidia, Vendor::kAmd}));
  EXPECT_EQ(r.preferred_architectures, (ArchitectureSet{Architecture::kCuda}));
  ASSERT_TRUE(r.min_compute_capability.has_value());
  EXPECT_EQ(*r.min_compute_capability, (ComputeCapability{8, 6}));
  EXPECT_EQ(r.worker_labels, (std::map<std::string, std::string>{{"zone", "a"}}));

  EXPECT_EQ(t.metrics.compute_intensity, Fraction::FromPartsPer10k(8000));
  EXPECT_EQ(t.metrics.memory_intensity, Fraction::FromPartsPer10k(5000));
  EXPECT_EQ(t.metrics.io_intensity, Fraction::FromPartsPer10k(1000));
  EXPECT_EQ(t.priority, -7);
  EXPECT_EQ(t.criticality, Criticality::kCritical);
  EXPECT_EQ(t.estimated_duration, Duration(minutes(2)));
  EXPECT_EQ(t.timeout, Duration(minutes(90)));
  EXPECT_EQ(t.depends_on, (std::vector<std::string>{"prep"}));
  EXPECT_EQ(t.sharding.mode, Sharding::Mode::kCount);
  EXPECT_EQ(t.sharding.count, 4U);
  EXPECT_EQ(t.aggregation, Aggregation::kAverage);
  EXPECT_EQ(t.recovery.max_retries, 3U);
  EXPECT_EQ(t.recovery.backoff.base, Duration(seconds(1)));
  EXPECT_EQ(t.recovery.backoff.cap, Duration(seconds(30)));
  EXPECT_EQ(t.recovery.backoff.jitter, Fraction::FromPartsPer10k(2000));
  EXPECT_EQ(t.recovery.strategies, (std::vector<RecoveryStrategy>{
                                       RecoveryStrategy::kRetry, RecoveryStrategy::kReassign,
                                       RecoveryStrategy::kAlternate, RecoveryStrategy::kCheckpoint,
                                       RecoveryStrategy::kSkip, RecoveryStrategy::kEscalate}));
  ASSERT_EQ(t.alternates.size(), 2U);
  EXPECT_EQ(t.alternates[0].name, "cpu-fallback");
  EXPECT_EQ(t.alternates[0].command.argv, (std::vector<std::string>{"make", "cpu"}));
  EXPECT_EQ(t.alternates[0].requirements.device_class, HardwareClass::kCpu);
  EXPECT_EQ(t.alternates[0].requirements.memory_per_device_bytes, 3 * kGiB / 2);
  EXPECT_EQ(t.alternates[1].command.shell, "make npu");
  EXPECT_EQ(t.alternates[1].requirements.backends, (BackendSet{Backend::kOpenvino}));
  EXPECT_TRUE(t.checkpoint);
  EXPECT_EQ(t.junit_paths, (std::vector<std::string>{"out/results.xml", "out/more.xml"}));
}

TEST(FullSpec, DefaultsFillWhatATaskLeavesOut) {
  const SpecResult result = ParseWorkload(kFull, "full.yaml");
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  const Task& prep = result.workload().tasks[0];
  EXPECT_EQ(prep.name, "prep");  // the name defaults to the id
  EXPECT_EQ(prep.command.argv, (std::vector<std::string>{"python3", "prep.py", ""}));
  EXPECT_FALSE(prep.command.shell.has_value());
  EXPECT_EQ(prep.timeout, Duration(minutes(10)));
  EXPECT_EQ(prep.env,
            (std::map<std::string, std::string>{{"K", "V"}, {"SHARED", "from-defaults"}}));
  EXPECT_EQ(prep.working_dir, "/srv");
  EXPECT_EQ(prep.workload_type, WorkloadType::kNlp);
  EXPECT_EQ(prep.criticality, Criticality::kHigh);
  EXPECT_EQ(prep.priority, 3);
  EXPECT_EQ(prep.recovery.max_retries, 4U);
  EXPECT_EQ(prep.recovery.backoff.base, Duration(seconds(2)));
  EXPECT_EQ(prep.recovery.backoff.jitter, Fraction::FromPartsPer10k(1000));
  EXPECT_EQ(prep.recovery.strategies,
            (std::vector<RecoveryStrategy>{RecoveryStrategy::kRetry, RecoveryStrategy::kEscalate}));
  // Not in defaults: the built-in values.
  EXPECT_EQ(prep.requirements, ResourceRequirements{});
  EXPECT_EQ(prep.metrics, WorkloadMetrics{});
  EXPECT_EQ(prep.sharding, Sharding{});
  EXPECT_FALSE(prep.estimated_duration.has_value());
}

TEST(FullSpec, RecoveryMergesFieldByFieldOverDefaults) {
  const SpecResult result = ParseWorkload(R"(version: 1
name: w
defaults:
  recovery: {max_retries: 5, backoff: {base: 3s, cap: 9s}}
tasks:
  - id: a
    run: "true"
    recovery: {backoff: {cap: 1m}}
)",
                                          "w.yaml");
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  const RecoveryPolicy& r = result.workload().tasks[0].recovery;
  EXPECT_EQ(r.max_retries, 5U);
  EXPECT_EQ(r.backoff.base, Duration(seconds(3)));
  EXPECT_EQ(r.backoff.cap, Duration(minutes(1)));
  EXPECT_EQ(r.backoff.jitter, Backoff{}.jitter);
  EXPECT_EQ(r.strategies, RecoveryPolicy{}.strategies);
}

TEST(FullSpec, MinimalDocumentGetsBuiltInDefaults) {
  const SpecResult result =
      ParseWorkload("version: 1\nname: w\ntasks:\n  - {id: a, run: ls}\n", "w");
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  Task expected;
  expected.id = "a";
  expected.name = "a";
  expected.command.shell = "ls";
  EXPECT_EQ(result.workload().tasks[0], expected);
  EXPECT_EQ(result.workload().description, "");
  EXPECT_TRUE(result.workload().labels.empty());
}

TEST(FullSpec, ShardsAcceptCountAutoAndAutoWithMax) {
  const SpecResult result = ParseWorkload(R"(version: 1
name: w
tasks:
  - {id: a, run: x, shards: 3}
  - {id: b, run: x, shards: auto}
  - {id: c, run: x, shards: {auto: true, max: 6}}
)",
                                          "w");
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  const auto& tasks = result.workload().tasks;
  EXPECT_EQ(tasks[0].sharding, (Sharding{Sharding::Mode::kCount, 3, 16}));
  EXPECT_EQ(tasks[1].sharding, (Sharding{Sharding::Mode::kAuto, 1, 16}));
  EXPECT_EQ(tasks[2].sharding, (Sharding{Sharding::Mode::kAuto, 1, 6}));
}

TEST(FullSpec, BlockScalarsAndUnicodeSurvive) {
  const SpecResult result = ParseWorkload(
      "version: 1\nname: w\ntasks:\n  - id: a\n    name: \"Caf\\u00e9 \xe2\x9c\x93\"\n"
      "    run: |\n      echo one\n      echo two\n",
      "w");
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  EXPECT_EQ(result.workload().tasks[0].name, "Caf\xc3\xa9 \xe2\x9c\x93");
  EXPECT_EQ(result.workload().tasks[0].command.shell, "echo one\necho two\n");
}

TEST(FullSpec, JsonInputGivesTheSameWorkloadAsYaml) {
  constexpr std::string_view kYaml = R"(version: 1
name: j
labels: {a: b}
tasks:
  - id: x
    command: [echo, hi]
    requires: {class: gpu, count: 2, memory: 1GiB, backends: [cuda]}
    shards: {auto: true, max: 4}
    checkpoint: true
  - id: y
    run: echo y
    depends_on: [x]
    metrics: {compute: 25%}
)";
  constexpr std::string_view kJson = R"({
  "version": 1,
  "name": "j",
  "labels": {"a": "b"},
  "tasks": [
    {"id": "x", "command": ["echo", "hi"],
     "requires": {"class": "gpu", "count": 2, "memory": "1GiB", "backends": ["cuda"]},
     "shards": {"auto": true, "max": 4}, "checkpoint": true},
    {"id": "y", "run": "echo y", "depends_on": ["x"], "metrics": {"compute": "25%"}}
  ]
})";
  const SpecResult yaml = ParseWorkload(kYaml, "w.yaml");
  const SpecResult json = ParseWorkload(kJson, "w.json");
  ASSERT_TRUE(yaml.ok()) << yaml.FormatDiagnostics();
  ASSERT_TRUE(json.ok()) << json.FormatDiagnostics();
  EXPECT_EQ(yaml.workload(), json.workload());
}

TEST(FullSpec, JsonErrorsHaveLinesAndColumnsToo) {
  const SpecResult result = ParseWorkload(
      "{\n  \"version\": 1,\n  \"name\": \"j\",\n  \"tasks\": [{\"id\": \"x\", \"run\": \"a\", "
      "\"count\": 2}]\n}\n",
      "w.json");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.FormatDiagnostics(),
            "w.json:4:37: tasks[0].count: unknown key 'count' (valid keys: id, name, run, "
            "command, env, workdir, type, requires, metrics, priority, criticality, estimate, "
            "timeout, depends_on, shards, aggregate, recovery, alternates, checkpoint, junit)\n");
}

TEST(FullSpec, ToResultGivesTheWorkloadOrTheFirstProblem) {
  Result<Workload> good =
      ParseWorkload("version: 1\nname: w\ntasks: [{id: a, run: x}]", "w").ToResult();
  ASSERT_TRUE(good);
  EXPECT_EQ(good->name, "w");
  Result<Workload> bad =
      ParseWorkload("version: 1\nname: w\ntasks: [{id: a}, {id: b}]", "w").ToResult();
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().IsUserError());
  EXPECT_EQ(bad.error().ToString(),
            "w:3:9: tasks[0]: missing 'run' or 'command' (and 1 more problem) (give a shell "
            "string with run: or an argv list with command:)");
}

}  // namespace
}  // namespace hawk::spec
