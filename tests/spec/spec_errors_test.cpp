// Bad documents and the exact diagnostics they produce, rendered as
// FILE:LINE:COL: PATH: MESSAGE (HINT).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "spec/workload_spec.h"

namespace hawk::spec {
namespace {

// Three lines of valid header; the first task starts on line 4.
std::string WithTasks(const std::string& tasks) {
  return "version: 1\nname: w\ntasks:\n" + tasks;
}

struct BadDocument {
  const char* name;
  std::string text;
  std::string expected;  // every diagnostic, one per line
};

const std::vector<BadDocument>& BadDocuments() {
  static const std::vector<BadDocument> kRows = {
      {"UnknownTaskKeySuggestsTheClosest", WithTasks("  - id: a\n    run: x\n    dependson: [b]\n"),
       "w.yaml:6:5: tasks[0].dependson: unknown key 'dependson' (did you mean 'depends_on'?)\n"},
      {"UnknownKeyKnownFromOtherToolsSuggestsOurs",
       WithTasks("  - id: a\n    run: x\n    needs: [b]\n"),
       "w.yaml:6:5: tasks[0].needs: unknown key 'needs' (did you mean 'depends_on'?)\n"},
      {"UnknownTopLevelKey", "version: 1\nname: w\ntsaks: []\ntasks: [{id: a, run: x}]\n",
       "w.yaml:3:1: tsaks: unknown key 'tsaks' (did you mean 'tasks'?)\n"},
      {"UnknownKeyWithoutACloseOneListsTheValidKeys",
       WithTasks("  - id: a\n    run: x\n    metrics: {gpu: 0.5}\n"),
       "w.yaml:6:15: tasks[0].metrics.gpu: unknown key 'gpu' (valid keys: compute, memory, io)\n"},
      {"ListWhereAMapIsNeeded", WithTasks("  - id: a\n    run: x\n    requires: [gpu]\n"),
       "w.yaml:6:15: tasks[0].requires: expected a map, got a list (valid keys: class, count, "
       "memory, backends, precisions, features, vendor, arch, prefer, labels, "
       "compute_capability)\n"},
      {"StringWhereANumberIsNeeded", WithTasks("  - id: a\n    run: x\n    priority: high\n"),
       "w.yaml:6:15: tasks[0].priority: expected a whole number, got 'high' (use a whole number "
       "from -2147483648 to 2147483647)\n"},
      {"QuotedNumber", WithTasks("  - id: a\n    run: x\n    requires: {count: \"2\"}\n"),
       "w.yaml:6:23: tasks[0].requires.count: expected a whole number, got the string \"2\" "
       "(remove the quotes)\n"},
      {"UnknownEnumValueListsTheValidOnes",
       WithTasks("  - id: a\n    run: x\n    criticality: urgent\n"),
       "w.yaml:6:18: tasks[0].criticality: unknown criticality 'urgent' (valid values: low, "
       "normal, high, critical)\n"},
      {"UnknownEnumValueSuggestsTheClosest",
       WithTasks("  - id: a\n    run: x\n    requires: {class: GPU, backends: [cuda, rocn]}\n"),
       "w.yaml:6:23: tasks[0].requires.class: unknown hardware class 'GPU' (did you mean 'gpu'? "
       "valid values: cpu, gpu, tpu, npu, dsp, fpga, asic, browser, hybrid)\n"
       "w.yaml:6:45: tasks[0].requires.backends[1]: unknown backend 'rocn' (did you mean "
       "'rocm'? valid values: cuda, rocm, hip, oneapi, sycl, metal, vulkan, opencl, webgpu, "
       "webnn, wasm, pytorch, tensorflow, jax, onnxruntime, tensorrt, openvino, directml, qnn, "
       "coreml, tflite, xla, neuron, synapse, openmp)\n"},
      {"NegativeSize", WithTasks("  - id: a\n    run: x\n    requires: {memory: -16GiB}\n"),
       "w.yaml:6:24: tasks[0].requires.memory: negative size '-16GiB' (write a size such as "
       "16GiB, 512MB, 1.5GiB or 1024)\n"},
      {"MalformedSize", WithTasks("  - id: a\n    run: x\n    requires: {memory: 16 gigs}\n"),
       "w.yaml:6:24: tasks[0].requires.memory: unknown size unit 'gigs' in '16 gigs' (write a "
       "size such as 16GiB, 512MB, 1.5GiB or 1024)\n"},
      {"DurationWithoutUnit", WithTasks("  - id: a\n    run: x\n    timeout: 10\n"),
       "w.yaml:6:14: tasks[0].timeout: duration '10' needs a unit (write a duration such as "
       "250ms, 90s, 5m, 1h30m or 2d)\n"},
      {"NegativeDuration", WithTasks("  - id: a\n    run: x\n    estimate: -5s\n"),
       "w.yaml:6:15: tasks[0].estimate: negative duration '-5s' (write a duration such as "
       "250ms, 90s, 5m, 1h30m or 2d)\n"},
      {"ZeroTimeout", WithTasks("  - id: a\n    run: x\n    timeout: 0s\n"),
       "w.yaml:6:14: tasks[0].timeout: duration '0s' must be longer than zero (write a "
       "duration such as 250ms, 90s, 5m, 1h30m or 2d)\n"},
      {"DeviceCountBelowOne", WithTasks("  - id: a\n    run: x\n    requires:\n      count: 0\n"),
       "w.yaml:7:14: tasks[0].requires.count: must be at least 1, got 0 (use a whole number "
       "from 1 to 1024)\n"},
      {"FractionOutOfRange", WithTasks("  - id: a\n    run: x\n    metrics: {compute: 1.5}\n"),
       "w.yaml:6:24: tasks[0].metrics.compute: fraction '1.5' is outside 0..1 (write a number "
       "from 0 to 1 such as 0.25, or a percentage such as 25%)\n"},
      {"BooleanMustBeTrueOrFalse", WithTasks("  - id: a\n    run: x\n    checkpoint: yes\n"),
       "w.yaml:6:17: tasks[0].checkpoint: expected true or false, got 'yes' (write true or "
       "false)\n"},
      {"MissingRunAndCommand", WithTasks("  - id: a\n    name: A\n"),
       "w.yaml:4:5: tasks[0]: missing 'run' or 'command' (give a shell string with run: or an "
       "argv list with command:)\n"},
      {"BothRunAndCommand", WithTasks("  - id: a\n    run: make\n    command: [make]\n"),
       "w.yaml:6:14: tasks[0].command: give either 'run' or 'command', not both (run: is a "
       "shell string, command: an argv list)\n"},
      {"CommandGivenAsAString", WithTasks("  - id: a\n    command: make -j2\n"),
       "w.yaml:5:14: tasks[0].command: expected a list, got 'make -j2' (command: is an argv "
       "list such as [make, -j2]; use run: for a shell string)\n"},
      {"EmptyRun", WithTasks("  - id: a\n    run:\n"),
       "w.yaml:5:5: tasks[0].run: expected a string, got null\n"},
      {"EmptyCommand", WithTasks("  - id: a\n    command: []\n"),
       "w.yaml:5:14: tasks[0].command: command must not be empty (write command: [program, "
       "args...])\n"},
      {"MissingId", WithTasks("  - run: x\n"),
       "w.yaml:4:5: tasks[0]: missing required key 'id' (give every task a unique id such as "
       "build)\n"},
      {"InvalidId", WithTasks("  - id: build all\n    run: x\n"),
       "w.yaml:4:9: tasks[0].id: invalid task id 'build all' (use only letters, digits, '_', "
       "'.' and '-')\n"},
      {"DuplicateIds", WithTasks("  - id: a\n    run: x\n  - id: a\n    run: y\n"),
       "w.yaml:6:9: tasks[1].id: duplicate task id 'a' (tasks[0] already uses it; task ids "
       "must be unique)\n"},
      {"UnknownDependencySuggestsATaskId",
       WithTasks("  - id: build\n    run: x\n  - id: test\n    run: y\n    depends_on: [biuld]\n"),
       "w.yaml:8:18: tasks[1].depends_on[0]: task 'test' depends on unknown task 'biuld' (did "
       "you mean 'build'?)\n"},
      {"UnknownDependency", WithTasks("  - id: a\n    run: x\n    depends_on: [zzz]\n"),
       "w.yaml:6:18: tasks[0].depends_on[0]: task 'a' depends on unknown task 'zzz' (depend "
       "only on ids of tasks in this workload)\n"},
      {"SelfDependency", WithTasks("  - id: a\n    run: x\n    depends_on: [a]\n"),
       "w.yaml:6:18: tasks[0].depends_on[0]: task 'a' depends on itself (remove it from its "
       "own depends_on)\n"},
      {"DependencyListedTwice",
       WithTasks("  - {id: a, run: x}\n  - {id: b, run: x, depends_on: [a, a]}\n"),
       "w.yaml:5:37: tasks[1].depends_on[1]: 'a' is listed twice (list each dependency once)\n"},
      {"CycleIsReportedAtTheEdgeThatClosesIt",
       WithTasks("  - id: a\n    run: x\n    depends_on: [c]\n"
                 "  - id: b\n    run: x\n    depends_on: [a]\n"
                 "  - id: c\n    run: x\n    depends_on: [b]\n"),
       "w.yaml:6:18: tasks[0].depends_on[0]: dependency cycle: a -> b -> c -> a (remove one "
       "depends_on edge of the cycle)\n"},
      {"EveryCycleIsReported",
       WithTasks("  - {id: a, run: x, depends_on: [b]}\n  - {id: b, run: x, depends_on: [a]}\n"
                 "  - {id: c, run: x, depends_on: [d]}\n  - {id: d, run: x, depends_on: [c]}\n"),
       "w.yaml:4:34: tasks[0].depends_on[0]: dependency cycle: a -> b -> a (remove one "
       "depends_on edge of the cycle)\n"
       "w.yaml:6:34: tasks[2].depends_on[0]: dependency cycle: c -> d -> c (remove one "
       "depends_on edge of the cycle)\n"},
      {"EmptyTaskList", "version: 1\nname: w\ntasks: []\n",
       "w.yaml:3:8: tasks: the workload has no tasks (add at least one entry under tasks:)\n"},
      {"MissingTasks", "version: 1\nname: w\n",
       "w.yaml:1:1: missing required key 'tasks' (list the tasks under tasks:, each with an id "
       "and run:)\n"},
      {"MissingVersion", "name: w\ntasks: [{id: a, run: x}]\n",
       "w.yaml:1:1: missing required key 'version' (start the file with version: 1)\n"},
      {"UnsupportedVersion", "version: 2\nname: w\ntasks: [{id: a, run: x}]\n",
       "w.yaml:1:10: version: unsupported version 2 (this hawk reads version: 1)\n"},
      {"InvalidWorkloadName", "version: 1\nname: my workload\ntasks: [{id: a, run: x}]\n",
       "w.yaml:2:7: name: invalid workload name 'my workload' (use only letters, digits, '_', "
       "'.' and '-')\n"},
      {"SyntaxErrorUnclosedFlowList", WithTasks("  - id: a\n    run: [x\n"),
       "w.yaml:6:1: YAML syntax error: end of sequence flow not found (close the '[' with "
       "']')\n"},
      {"SyntaxErrorColonInPlainValue", WithTasks("  - id: a\n    run: echo a: b\n"),
       "w.yaml:5:16: YAML syntax error: illegal map value (quote a value that contains ': ', "
       "and indent nested keys under their parent)\n"},
      {"SyntaxErrorMessageQuotesOnlyPrintableText", "version: 1\nname: \"\\\xc3\xa9\"\ntasks: []\n",
       "w.yaml:2:10: YAML syntax error: unknown escape character: ? (write a backslash in a "
       "double-quoted string as \\\\)\n"},
      {"DocumentIsNotAMap", "- a\n- b\n",
       "w.yaml:1:1: expected a map, got a list (valid keys: version, name, description, labels, "
       "defaults, tasks)\n"},
      {"EmptyDocument", "# nothing here\n",
       "w.yaml:1:1: the file is empty (a workload needs at least version: 1, a name and "
       "tasks)\n"},
      {"TwoDocuments", WithTasks("  - {id: a, run: x}\n---\nversion: 1\n"),
       "w.yaml:6:1: found a second YAML document; a workload file holds one (remove the '---' "
       "line and what follows it)\n"},
      {"EmptySecondDocumentIsHarmless", WithTasks("  - {id: a}\n---\n# end\n"),
       "w.yaml:4:5: tasks[0]: missing 'run' or 'command' (give a shell string with run: or an "
       "argv list with command:)\n"},
      {"StrayCommaIsNotAWorkload", ",\n",
       "w.yaml:1:1: expected a map, got null (valid keys: version, name, description, labels, "
       "defaults, tasks)\n"},
      {"DuplicateKey", WithTasks("  - id: a\n    run: x\n    run: y\n"),
       "w.yaml:6:5: tasks[0].run: duplicate key 'run' (each key may appear once in a map)\n"},
      {"ShardsZeroAndNonsense",
       WithTasks("  - {id: a, run: x, shards: 0}\n  - {id: b, run: x, shards: many}\n"),
       "w.yaml:4:29: tasks[0].shards: must be at least 1, got 0 (use a whole number from 1 to "
       "10000)\n"
       "w.yaml:5:29: tasks[1].shards: expected a number of shards or 'auto', got 'many' (write "
       "shards: 4, shards: auto or shards: {auto: true, max: 8})\n"},
      {"BadEnvironmentVariableName", WithTasks("  - id: a\n    run: x\n    env: {1X: y}\n"),
       "w.yaml:6:11: tasks[0].env.1X: invalid key '1X' (an environment variable name is "
       "letters, digits and '_', not starting with a digit)\n"},
      {"RecoveryStrategies",
       WithTasks("  - id: a\n    run: x\n    recovery: {strategies: [retry, retry, pray]}\n"),
       "w.yaml:6:36: tasks[0].recovery.strategies[1]: 'retry' is listed twice (list each "
       "strategy once, in the order to try them)\n"
       "w.yaml:6:43: tasks[0].recovery.strategies[2]: unknown recovery strategy 'pray' (valid "
       "values: retry, reassign, skip, alternate, checkpoint, escalate)\n"},
      {"BackoffBaseLongerThanCap",
       WithTasks("  - id: a\n    run: x\n    recovery: {backoff: {base: 1m, cap: 10s}}\n"),
       "w.yaml:6:25: tasks[0].recovery.backoff: backoff base 1m is longer than its cap 10s "
       "(make cap at least as long as base)\n"},
      {"AlternateWithoutNameOrCommand",
       WithTasks("  - id: a\n    run: x\n    alternates:\n      - requires: {class: cpu}\n"),
       "w.yaml:7:9: tasks[0].alternates[0]: missing required key 'name' (give each alternate a "
       "name such as cpu-fallback)\n"
       "w.yaml:7:9: tasks[0].alternates[0]: missing 'run' or 'command' (give a shell string "
       "with run: or an argv list with command:)\n"},
      {"BadComputeCapability",
       WithTasks("  - id: a\n    run: x\n    requires: {compute_capability: eight}\n"),
       "w.yaml:6:36: tasks[0].requires.compute_capability: not a compute capability: 'eight' "
       "(write major.minor, such as 8.0 or 9.0)\n"},
      {"KeyNotAllowedInDefaults",
       "version: 1\nname: w\ndefaults: {requires: {class: gpu}}\n"
       "tasks: [{id: a, run: x}]\n",
       "w.yaml:3:12: defaults.requires: unknown key 'requires' (valid keys: timeout, env, "
       "workdir, recovery, type, criticality, priority)\n"},
      {"MergeKeysAreNotSupported",
       "version: 1\nname: w\nbase: &b {run: x}\ntasks:\n  - <<: *b\n    id: a\n",
       "w.yaml:3:1: base: unknown key 'base' (valid keys: version, name, description, labels, "
       "defaults, tasks)\n"
       "w.yaml:5:5: tasks[0].<<: unknown key '<<' (YAML merge keys are not supported; repeat "
       "the keys or use defaults)\n"
       "w.yaml:5:5: tasks[0]: missing 'run' or 'command' (give a shell string with run: or an "
       "argv list with command:)\n"},
      {"NotUtf8", "version: 1\nname: w\ntasks: [{id: a, run: \"caf\xe9\"}]\n",
       "w.yaml:3:26: the file is not valid UTF-8 (save it as UTF-8)\n"},
      {"NotUtf8AfterAMultibyteCharacterColumnsCountBytes",
       "version: 1\nname: w\ndescription: \"caf\xc3\xa9 \xff\"\ntasks: []\n",
       "w.yaml:3:21: the file is not valid UTF-8 (save it as UTF-8)\n"},
      {"ControlCharacter", "version: 1\nname: w\x01\ntasks: []\n",
       "w.yaml:2:8: control character U+0001 is not allowed in a YAML file (remove it, or write "
       "it as an escape in a double-quoted string)\n"},
      {"NulEscapeInAString", WithTasks("  - {id: a, run: \"a\\0b\"}\n"),
       "w.yaml:4:18: tasks[0].run: text contains a NUL character (remove the \\0 escape)\n"},
  };
  return kRows;
}

class BadDocumentTest : public testing::TestWithParam<BadDocument> {};

TEST_P(BadDocumentTest, ReportsExactlyTheseDiagnostics) {
  const SpecResult result = ParseWorkload(GetParam().text, "w.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.FormatDiagnostics(), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Spec, BadDocumentTest, testing::ValuesIn(BadDocuments()),
                         [](const testing::TestParamInfo<BadDocument>& row) {
                           return std::string(row.param.name);
                         });

TEST(SpecErrors, FindsEveryProblemInOnePassInSourceOrder) {
  const std::string text = WithTasks(
      "  - id: a\n"                                             // 4
      "    run: x\n"                                            // 5
      "    depends_on: [c, zz]\n"                               // 6
      "    requires: {class: gpux, count: 0, memory: -1GiB}\n"  // 7
      "  - id: a\n"                                             // 8
      "    command: make\n"                                     // 9
      "    timeout: 10\n"                                       // 10
      "  - id: c\n"                                             // 11
      "    run: y\n"                                            // 12
      "    depends_on: [a]\n");                                 // 13
  const SpecResult result = ParseWorkload(text, "w.yaml");
  ASSERT_FALSE(result.ok());
  std::vector<std::string> paths;
  for (const Diagnostic& d : result.diagnostics()) paths.push_back(d.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"tasks[0].depends_on[0]",  // the cycle a -> c -> a
                                             "tasks[0].depends_on[1]",  // unknown task zz
                                             "tasks[0].requires.class", "tasks[0].requires.count",
                                             "tasks[0].requires.memory", "tasks[1].id",
                                             "tasks[1].command", "tasks[1].timeout"}))
      << result.FormatDiagnostics();
  const Diagnostic& first = result.diagnostics().front();
  EXPECT_EQ(first.source, "w.yaml");
  EXPECT_EQ(first.location, (Location{6, 18}));
  EXPECT_EQ(first.message, "dependency cycle: a -> c -> a");
}

TEST(SpecErrors, StopsAfterTheDiagnosticLimitAndSaysSo) {
  std::string tasks;
  for (int i = 0; i < 150; ++i) tasks += "  - {id: t" + std::to_string(i) + ", run: x, bogus: 1}\n";
  const SpecResult result = ParseWorkload(WithTasks(tasks), "w.yaml");
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics().size(), kMaxDiagnostics + 1);
  EXPECT_EQ(result.diagnostics().back().ToString(),
            "w.yaml: too many problems; only the first 100 are shown (fix these and run again)");
}

TEST(SpecErrors, DiagnosticPartsRenderOnlyWhenKnown) {
  Diagnostic d{"f.yaml", "tasks[0].id", Location{3, 7}, "bad", "fix it"};
  EXPECT_EQ(d.ToString(), "f.yaml:3:7: tasks[0].id: bad (fix it)");
  d.location.reset();
  d.hint.clear();
  EXPECT_EQ(d.ToString(), "f.yaml: tasks[0].id: bad");
  d.path.clear();
  EXPECT_EQ(d.ToString(), "f.yaml: bad");
  EXPECT_EQ(d.ToError().code, ErrorCode::kInvalidArgument);
}

TEST(SpecErrors, AliasedTasksAreCheckedLikeAnyOther) {
  const SpecResult result = ParseWorkload(WithTasks("  - &t {id: a, run: x}\n  - *t\n"), "w.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.diagnostics().size(), 1U);
  EXPECT_EQ(result.diagnostics()[0].message, "duplicate task id 'a'");
}

}  // namespace
}  // namespace hawk::spec
