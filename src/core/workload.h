// The workload model: a Workload is a DAG of Tasks. Built by the spec module
// from YAML/JSON, consumed by the engine, stored by the store. Plain data; the
// invariants (unique ids, known dependencies, no cycles) are checked by
// ValidateWorkload (core/workload_graph.h) and by the spec parser.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/device.h"
#include "core/taxonomy.h"
#include "core/units.h"

namespace hawk {

// clang-format off
#define HAWK_CRITICALITIES(X)                                                   \
  X(kLow, "low") X(kNormal, "normal") X(kHigh, "high") X(kCritical, "critical")
// clang-format on
HAWK_ENUM(Criticality, "criticality", HAWK_CRITICALITIES);

// clang-format off
#define HAWK_RECOVERY_STRATEGIES(X)                                                       \
  X(kRetry, "retry") X(kReassign, "reassign") X(kSkip, "skip") X(kAlternate, "alternate") \
  X(kCheckpoint, "checkpoint") X(kEscalate, "escalate")
// clang-format on
HAWK_ENUM(RecoveryStrategy, "recovery strategy", HAWK_RECOVERY_STRATEGIES);

// clang-format off
#define HAWK_AGGREGATIONS(X)                                                  \
  X(kNone, "none") X(kConcat, "concat") X(kSum, "sum") X(kAverage, "average")
// clang-format on
HAWK_ENUM(Aggregation, "aggregation", HAWK_AGGREGATIONS);

// What to run: an argv (exec'd directly) or a shell string (run by /bin/sh -c).
struct Command {
  std::vector<std::string> argv;
  std::optional<std::string> shell;
  [[nodiscard]] bool empty() const { return argv.empty() && !shell; }
  // For display: the shell string, or the argv joined with spaces.
  [[nodiscard]] std::string Display() const;
  friend bool operator==(const Command&, const Command&) = default;
};

// Hard requirements (filters) and soft preferences (scorers) for placement.
struct ResourceRequirements {
  HardwareClass device_class = HardwareClass::kCpu;
  std::uint32_t device_count = 1;
  std::optional<Bytes> memory_per_device_bytes;
  BackendSet backends;                       // all required
  PrecisionSet precisions;                   // all required
  FeatureSet features;                       // all required
  std::optional<Vendor> vendor;              // required vendor
  std::optional<Architecture> architecture;  // required architecture
  VendorSet preferred_vendors;
  ArchitectureSet preferred_architectures;
  std::optional<ComputeCapability> min_compute_capability;
  std::map<std::string, std::string> worker_labels;  // all must match
  friend bool operator==(const ResourceRequirements&, const ResourceRequirements&) = default;
};

// How demanding the task is, each in [0, 1] (seed: "compute intensity").
struct WorkloadMetrics {
  Fraction compute_intensity = Fraction::FromPartsPer10k(5000);
  Fraction memory_intensity = Fraction::FromPartsPer10k(5000);
  Fraction io_intensity = Fraction::FromPartsPer10k(1000);
  friend bool operator==(const WorkloadMetrics&, const WorkloadMetrics&) = default;
};

struct Sharding {
  enum class Mode : unsigned char { kNone, kCount, kAuto };
  Mode mode = Mode::kNone;
  std::uint32_t count = 1;      // with kCount
  std::uint32_t max_auto = 16;  // cap with kAuto
  friend bool operator==(const Sharding&, const Sharding&) = default;
};

struct Backoff {
  Duration base = std::chrono::seconds(1);
  Duration cap = std::chrono::seconds(60);
  Fraction jitter = Fraction::FromPartsPer10k(2000);  // ± this share of the delay
  friend bool operator==(const Backoff&, const Backoff&) = default;
};

struct RecoveryPolicy {
  std::uint32_t max_retries = 2;
  Backoff backoff;
  std::vector<RecoveryStrategy> strategies = {RecoveryStrategy::kRetry,
                                              RecoveryStrategy::kReassign};
  friend bool operator==(const RecoveryPolicy&, const RecoveryPolicy&) = default;
};

// Another way to do the same work, e.g. a CPU fallback or a lower precision.
struct Alternate {
  std::string name;
  Command command;
  ResourceRequirements requirements;
  friend bool operator==(const Alternate&, const Alternate&) = default;
};

struct Task {
  std::string id;    // unique within the workload: [A-Za-z0-9_.-]+
  std::string name;  // for people; defaults to the id
  Command command;
  std::map<std::string, std::string> env;
  std::optional<std::string> working_dir;
  WorkloadType workload_type = WorkloadType::kGeneric;
  ResourceRequirements requirements;
  WorkloadMetrics metrics;
  std::int32_t priority = 0;  // higher runs first
  Criticality criticality = Criticality::kNormal;
  std::optional<Duration> estimated_duration;
  std::optional<Duration> timeout;
  std::vector<std::string> depends_on;
  Sharding sharding;
  RecoveryPolicy recovery;
  std::vector<Alternate> alternates;
  Aggregation aggregation = Aggregation::kNone;
  bool checkpoint = false;               // task writes to HAWK_CHECKPOINT_DIR
  std::vector<std::string> junit_paths;  // JUnit XML files the task writes
  friend bool operator==(const Task&, const Task&) = default;
};

struct Workload {
  std::string name;  // [A-Za-z0-9_.-]+
  std::string description;
  std::map<std::string, std::string> labels;
  std::vector<Task> tasks;
  friend bool operator==(const Workload&, const Workload&) = default;
};

}  // namespace hawk
