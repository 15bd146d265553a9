#include <gtest/gtest.h>

#include "spec/workload_json.h"
#include "spec/workload_spec.h"

namespace hawk::spec {
namespace {

TEST(WorkloadJson, NormalizedFormHasUnitsInKeysAndSortedKeys) {
  const SpecResult result = ParseWorkload(R"(version: 1
name: j
description: d
labels: {team: x}
tasks:
  - id: a
    command: [echo, hi]
    timeout: 1m30s
    requires:
      class: gpu
      count: 2
      memory: 16GiB
      backends: [cuda]
      vendor: nvidia
      prefer: {archs: [cuda]}
      compute_capability: "8.0"
    metrics: {compute: 0.8}
    shards: auto
    alternates:
      - {name: cpu, run: echo cpu}
)",
                                          "j.yaml");
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics();
  const std::string expected = R"({
  "description": "d",
  "labels": {
    "team": "x"
  },
  "name": "j",
  "tasks": [
    {
      "aggregation": "none",
      "alternates": [
        {
          "command": {
            "argv": [],
            "shell": "echo cpu"
          },
          "name": "cpu",
          "requirements": {
            "architecture": null,
            "backends": [],
            "device_class": "cpu",
            "device_count": 1,
            "features": [],
            "memory_per_device_bytes": null,
            "min_compute_capability": null,
            "precisions": [],
            "preferred_architectures": [],
            "preferred_vendors": [],
            "vendor": null,
            "worker_labels": {}
          }
        }
      ],
      "checkpoint": false,
      "command": {
        "argv": [
          "echo",
          "hi"
        ],
        "shell": null
      },
      "criticality": "normal",
      "depends_on": [],
      "env": {},
      "estimated_duration_ms": null,
      "id": "a",
      "junit_paths": [],
      "metrics": {
        "compute_intensity": 0.8,
        "io_intensity": 0.1,
        "memory_intensity": 0.5
      },
      "name": "a",
      "priority": 0,
      "recovery": {
        "backoff": {
          "base_ms": 1000,
          "cap_ms": 60000,
          "jitter": 0.2
        },
        "max_retries": 2,
        "strategies": [
          "retry",
          "reassign"
        ]
      },
      "requirements": {
        "architecture": null,
        "backends": [
          "cuda"
        ],
        "device_class": "gpu",
        "device_count": 2,
        "features": [],
        "memory_per_device_bytes": 17179869184,
        "min_compute_capability": "8.0",
        "precisions": [],
        "preferred_architectures": [
          "cuda"
        ],
        "preferred_vendors": [],
        "vendor": "nvidia",
        "worker_labels": {}
      },
      "sharding": {
        "count": 1,
        "max_auto": 16,
        "mode": "auto"
      },
      "timeout_ms": 90000,
      "working_dir": null,
      "workload_type": "generic"
    }
  ]
})";
  EXPECT_EQ(WorkloadToJson(result.workload()).dump(2), expected);
}

TEST(WorkloadJson, SameWorkloadSameBytes) {
  const std::string text = "version: 1\nname: w\ntasks: [{id: b, run: x}, {id: a, run: y}]\n";
  const SpecResult one = ParseWorkload(text, "w");
  const SpecResult two = ParseWorkload(text, "w");
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(WorkloadToJson(one.workload()).dump(), WorkloadToJson(two.workload()).dump());
  // Task order is the file's order, not sorted.
  EXPECT_EQ(WorkloadToJson(one.workload())["tasks"][0]["id"], "b");
}

}  // namespace
}  // namespace hawk::spec
