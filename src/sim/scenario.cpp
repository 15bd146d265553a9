#include "sim/scenario.h"

#include <array>

namespace hawk::sim {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

Task MakeTask(std::string id, WorkloadType type, HardwareClass device_class, Duration estimate) {
  Task t;
  t.id = std::move(id);
  t.name = t.id;
  t.workload_type = type;
  t.requirements.device_class = device_class;
  t.estimated_duration = estimate;
  t.command.shell = "run " + t.id;
  return t;
}

Alternate CpuFallback() {
  Alternate a;
  a.name = "cpu-fallback";
  a.command.shell = "run --device cpu";
  a.requirements.device_class = HardwareClass::kCpu;
  return a;
}

RecoveryPolicy Policy(bool fault_tolerance) {
  RecoveryPolicy p;
  p.max_retries = 3;
  p.backoff = Backoff{seconds(2), seconds(30), Fraction::FromPartsPer10k(2000)};
  if (fault_tolerance) {
    p.strategies = {RecoveryStrategy::kRetry,     RecoveryStrategy::kReassign,
                    RecoveryStrategy::kAlternate, RecoveryStrategy::kCheckpoint,
                    RecoveryStrategy::kSkip,      RecoveryStrategy::kEscalate};
  } else {
    p.strategies = {RecoveryStrategy::kRetry, RecoveryStrategy::kEscalate};
  }
  return p;
}

// One task of the mix; `kind` cycles through the shapes the fleet offers.
Task MixTask(std::uint32_t i, std::uint32_t kind, Rng& rng) {
  const auto jitter = [&](int base_s) {
    return seconds(base_s + static_cast<int>(rng.NextBelow(base_s / 2 + 1)));
  };
  Task t;
  switch (kind) {
    case 0:  // vision inference on any GPU with fp16
      t = MakeTask("vision-" + std::to_string(i), WorkloadType::kVision, HardwareClass::kGpu,
                   jitter(40));
      t.requirements.precisions = {Precision::kFp16};
      t.metrics.compute_intensity = Fraction::FromDouble(0.8);
      break;
    case 1:  // LLM inference: CUDA with tensor cores and 24 GiB
      t = MakeTask("llm-" + std::to_string(i), WorkloadType::kNlp, HardwareClass::kGpu, jitter(90));
      t.requirements.backends = {Backend::kCuda};
      t.requirements.features = {Feature::kTensorCores};
      t.requirements.memory_per_device_bytes = 24 * kGiB;
      t.metrics.memory_intensity = Fraction::FromDouble(0.9);
      t.alternates.push_back(CpuFallback());
      break;
    case 2:  // speech on an NPU (int8), CPU fallback
      t = MakeTask("audio-" + std::to_string(i), WorkloadType::kAudio, HardwareClass::kNpu,
                   jitter(30));
      t.requirements.precisions = {Precision::kInt8};
      t.alternates.push_back(CpuFallback());
      break;
    case 3:  // embeddings in a browser tab (WebGPU)
      t = MakeTask("embed-" + std::to_string(i), WorkloadType::kEmbedding, HardwareClass::kBrowser,
                   jitter(20));
      t.requirements.backends = {Backend::kWebgpu};
      t.alternates.push_back(CpuFallback());
      break;
    case 4:  // unit tests on CPUs
      t = MakeTask("tests-" + std::to_string(i), WorkloadType::kTest, HardwareClass::kCpu,
                   jitter(15));
      t.criticality = Criticality::kLow;
      break;
    case 5:  // training step on two bf16 GPUs, checkpointed
      t = MakeTask("train-" + std::to_string(i), WorkloadType::kTraining, HardwareClass::kGpu,
                   jitter(120));
      t.requirements.device_count = 2;
      t.requirements.precisions = {Precision::kBf16};
      t.requirements.memory_per_device_bytes = 40 * kGiB;
      t.checkpoint = true;
      t.metrics.compute_intensity = Fraction::FromDouble(0.95);
      break;
    default:  // JAX on a TPU
      t = MakeTask("jax-" + std::to_string(i), WorkloadType::kTraining, HardwareClass::kTpu,
                   jitter(60));
      t.requirements.backends = {Backend::kXla};
      t.requirements.precisions = {Precision::kBf16};
      t.alternates.push_back(Alternate{"gpu-fallback", Command{{}, "run --device gpu"}, [] {
                                         ResourceRequirements r;
                                         r.device_class = HardwareClass::kGpu;
                                         r.precisions = {Precision::kBf16};
                                         return r;
                                       }()});
      break;
  }
  t.priority = static_cast<std::int32_t>(rng.NextBelow(3));
  return t;
}

}  // namespace

Workload BuildMixedWorkload(const std::string& name, std::uint32_t count, bool fault_tolerance,
                            Rng& rng) {
  static constexpr std::array<std::uint32_t, 10> kMix = {0, 1, 2, 3, 4, 0, 4, 5, 6, 1};
  Workload w;
  w.name = name;
  w.description = "independent AI and test tasks with mixed hardware needs";
  w.tasks.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    Task t = MixTask(i, kMix[i % kMix.size()], rng);
    t.recovery = Policy(fault_tolerance);
    w.tasks.push_back(std::move(t));
  }
  return w;
}

std::vector<std::pair<std::string, Workload>> BuildScenario(const ScenarioOptions& options,
                                                            Rng& rng) {
  std::vector<std::pair<std::string, Workload>> out;
  out.emplace_back("inference-mix", BuildMixedWorkload("inference-mix", options.tasks,
                                                       options.fault_tolerance, rng));
  if (!options.multi_device) return out;

  Workload w;
  w.name = "multimodal-pipeline";
  w.description = "preprocess on CPU, sharded inference across GPUs, training with checkpoints";
  Task prep = MakeTask("preprocess", WorkloadType::kMultimodal, HardwareClass::kCpu, seconds(30));
  Task infer = MakeTask("infer", WorkloadType::kInference, HardwareClass::kGpu, minutes(2));
  infer.depends_on = {"preprocess"};
  infer.requirements.precisions = {Precision::kFp16};
  infer.requirements.memory_per_device_bytes = 20 * kGiB;  // the model's weights
  infer.sharding.mode = Sharding::Mode::kAuto;
  infer.sharding.max_auto = 8;
  infer.aggregation = Aggregation::kSum;
  Task npu = MakeTask("keyword-spotting", WorkloadType::kAudio, HardwareClass::kNpu, seconds(45));
  npu.depends_on = {"preprocess"};
  npu.requirements.precisions = {Precision::kInt4};
  npu.alternates.push_back(CpuFallback());
  Task train = MakeTask("finetune", WorkloadType::kTraining, HardwareClass::kGpu, minutes(5));
  train.depends_on = {"infer"};
  train.requirements.device_count = 4;
  train.requirements.backends = {Backend::kCuda};
  train.requirements.memory_per_device_bytes = 80 * kGiB;
  train.checkpoint = true;
  train.criticality = Criticality::kCritical;
  Task huge = MakeTask("giant-model", WorkloadType::kTraining, HardwareClass::kGpu, minutes(3));
  huge.depends_on = {"preprocess"};
  huge.requirements.device_count = 16;  // no machine has 16 GPUs: never fits
  huge.criticality = Criticality::kLow;
  Task eval = MakeTask("evaluate", WorkloadType::kInference, HardwareClass::kBrowser, minutes(1));
  eval.depends_on = {"finetune", "keyword-spotting"};
  eval.requirements.backends = {Backend::kWebgpu};
  eval.alternates.push_back(CpuFallback());
  Task report = MakeTask("report", WorkloadType::kGeneric, HardwareClass::kCpu, seconds(10));
  report.depends_on = {"evaluate", "giant-model"};
  for (Task* t : {&prep, &infer, &npu, &train, &huge, &eval, &report}) {
    t->recovery = Policy(options.fault_tolerance);
    if (t == &huge) t->recovery.strategies.push_back(RecoveryStrategy::kSkip);
    w.tasks.push_back(*t);
  }
  out.emplace_back("multimodal-pipeline", std::move(w));
  return out;
}

}  // namespace hawk::sim
