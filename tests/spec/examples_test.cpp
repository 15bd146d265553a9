// Every file in examples/ must validate, and the examples must say what they
// claim to (the quickstart's two shards, the AI workload's GPU needs).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/workload_graph.h"
#include "spec/workload_spec.h"

namespace hawk::spec {
namespace {

namespace fs = std::filesystem;

const fs::path kExamples = fs::path(HAWK_SOURCE_DIR) / "examples";

std::vector<fs::path> ExampleFiles() {
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(kExamples)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

const Task* FindTask(const Workload& workload, const std::string& id) {
  for (const Task& task : workload.tasks) {
    if (task.id == id) return &task;
  }
  return nullptr;
}

TEST(Examples, EveryExampleFileValidatesWithoutDiagnostics) {
  const std::vector<fs::path> files = ExampleFiles();
  ASSERT_GE(files.size(), 3U) << "expected the example workloads in " << kExamples;
  for (const fs::path& file : files) {
    const SpecResult result = LoadWorkloadFile(file);
    EXPECT_TRUE(result.ok()) << result.FormatDiagnostics();
    EXPECT_TRUE(result.diagnostics().empty()) << file;
  }
}

TEST(Examples, QuickstartIsADagWithATwoShardTestSuite) {
  const SpecResult result = LoadWorkloadFile(kExamples / "quickstart.yaml");
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  const Workload& w = result.workload();
  EXPECT_EQ(w.name, "quickstart");
  const Task* tests = FindTask(w, "self-test");
  ASSERT_NE(tests, nullptr);
  EXPECT_EQ(tests->sharding.mode, Sharding::Mode::kCount);
  EXPECT_EQ(tests->sharding.count, 2U);
  EXPECT_EQ(tests->workload_type, WorkloadType::kTest);
  const Task* report = FindTask(w, "report");
  ASSERT_NE(report, nullptr);
  EXPECT_EQ(report->depends_on, (std::vector<std::string>{"checksum", "sum", "self-test"}));
  // The defaults reach every task.
  for (const Task& task : w.tasks) {
    EXPECT_EQ(task.env.at("QS_DIR"), "/tmp/hawk-quickstart") << task.id;
    EXPECT_EQ(task.timeout, Duration(std::chrono::minutes(1))) << task.id;
  }
  const Result<WorkloadGraph> graph = BuildWorkloadGraph(w);
  ASSERT_TRUE(graph);
  EXPECT_EQ(w.tasks[graph->topological_order.back()].id, "report");
}

TEST(Examples, ShardedTestsUseAutoShardsAndRetries) {
  const SpecResult result = LoadWorkloadFile(kExamples / "sharded-tests.yaml");
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  const Task* core = FindTask(result.workload(), "core-tests");
  const Task* spec = FindTask(result.workload(), "spec-tests");
  ASSERT_TRUE(core && spec);
  EXPECT_EQ(core->sharding.mode, Sharding::Mode::kAuto);
  EXPECT_EQ(spec->sharding.max_auto, 8U);
  EXPECT_EQ(core->recovery.max_retries, 2U);
  EXPECT_EQ(spec->recovery.max_retries, 3U);
  // spec-tests overrides only max_retries; backoff and strategies stay.
  EXPECT_EQ(spec->recovery.backoff.cap, Duration(std::chrono::seconds(30)));
  EXPECT_EQ(spec->recovery.strategies,
            (std::vector<RecoveryStrategy>{RecoveryStrategy::kRetry, RecoveryStrategy::kReassign}));
}

TEST(Examples, MultiDeviceAiNeedsGpusNpusAndABrowser) {
  const SpecResult result = LoadWorkloadFile(kExamples / "multi-device-ai.yaml");
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  const Task* infer = FindTask(result.workload(), "infer");
  ASSERT_NE(infer, nullptr);
  const ResourceRequirements& r = infer->requirements;
  EXPECT_EQ(r.device_class, HardwareClass::kGpu);
  EXPECT_EQ(r.memory_per_device_bytes, 24 * kGiB);
  EXPECT_TRUE(r.backends.Contains(Backend::kCuda));
  EXPECT_TRUE(r.precisions.Contains(Precision::kFp16));
  EXPECT_TRUE(r.features.Contains(Feature::kTensorCores));
  EXPECT_EQ(infer->criticality, Criticality::kCritical);
  ASSERT_EQ(infer->alternates.size(), 2U);
  EXPECT_EQ(infer->alternates[0].requirements.device_class, HardwareClass::kNpu);
  EXPECT_EQ(infer->alternates[1].requirements.device_class, HardwareClass::kCpu);
  const Task* browser = FindTask(result.workload(), "browser-check");
  ASSERT_NE(browser, nullptr);
  EXPECT_EQ(browser->requirements.device_class, HardwareClass::kBrowser);
  EXPECT_TRUE(browser->requirements.backends.Contains(Backend::kWebgpu));
  const Task* finetune = FindTask(result.workload(), "finetune");
  ASSERT_NE(finetune, nullptr);
  EXPECT_TRUE(finetune->checkpoint);
  EXPECT_EQ(finetune->recovery.strategies.front(), RecoveryStrategy::kCheckpoint);
}

}  // namespace
}  // namespace hawk::spec

namespace hawk::spec {
namespace {

namespace fs = std::filesystem;

template <typename E>
void ExpectEveryNameDocumented(const std::string& doc) {
  for (std::string_view name : EnumTraits<E>::kNames) {
    EXPECT_NE(doc.find("`" + std::string(name) + "`"), std::string::npos)
        << EnumTraits<E>::kKind << " '" << name << "' is missing from docs/workload-spec.md";
  }
}

TEST(Docs, SpecReferenceListsEveryEnumName) {
  std::ifstream in(fs::path(HAWK_SOURCE_DIR) / "docs" / "workload-spec.md");
  ASSERT_TRUE(in) << "docs/workload-spec.md not found";
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ExpectEveryNameDocumented<HardwareClass>(doc);
  ExpectEveryNameDocumented<Vendor>(doc);
  ExpectEveryNameDocumented<Architecture>(doc);
  ExpectEveryNameDocumented<Backend>(doc);
  ExpectEveryNameDocumented<Precision>(doc);
  ExpectEveryNameDocumented<Feature>(doc);
  ExpectEveryNameDocumented<WorkloadType>(doc);
  ExpectEveryNameDocumented<Criticality>(doc);
  ExpectEveryNameDocumented<RecoveryStrategy>(doc);
  ExpectEveryNameDocumented<Aggregation>(doc);
}

}  // namespace
}  // namespace hawk::spec
