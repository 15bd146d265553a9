// Fleet files: a simulated fleet described in YAML.
//
//   fleet:
//     - template: xeon-a100x4          # a built-in machine (sim/fleet.h)
//       count: 2                       # workers of this kind (default 1)
//       name: rack-a                   # worker ids rack-a-0, rack-a-1 (default: the template)
//       labels: {zone: a}
//       thermal: {ambient_celsius: 30} # overrides for every device
//       failures: {crash_per_hour: 0.1, device_error_per_hour: 0.5}
//       device_failures:               # per device id, over `failures`
//         gpu2: {device_error_per_attempt: 0.5}
//     - name: custom-box               # a custom machine: name and devices
//       os: linux
//       cpu_slots: 4
//       devices:
//         - {catalog: xeon-8480}
//         - {catalog: h100-80gb, count: 2, thermal: {resistance_celsius_per_watt: 0.09}}
//
// Keys: template | name+devices, count, name, labels, os (linux, macos,
// windows, browser), cpu_slots, thermal, failures, device_failures. thermal:
// ambient_celsius, idle_watts, tdp_watts, resistance_celsius_per_watt,
// time_constant_seconds, throttle_celsius, critical_celsius,
// hysteresis_celsius, min_clock_factor. failures: crash_per_hour,
// crash_per_attempt, disconnect_per_hour, device_error_per_hour,
// device_error_per_attempt, oom_per_attempt (per-attempt rates in 0..1);
// a device's `failures` takes the device keys only.
//
// A name with count 1 is the worker id itself; otherwise ids are
// "<name>-<k>", k counting that name's workers from 0 across the file.
//
// Validation is strict: unknown keys, wrong types, unknown templates or
// catalogue devices, out-of-range numbers and duplicate worker ids are errors
// whose `where` is "<source>:<line>: <path>", e.g.
//   "fleet.yaml:7: fleet[2].template: unknown template 'xyz' (valid: ...)".
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"
#include "sim/fleet.h"

namespace hawk::sim {

// `source` names the text in errors (a file path, or "<fleet>").
Result<SimFleet> ParseFleetYaml(std::string_view text, std::string_view source = "<fleet>");
// Reads and parses a fleet file; an unreadable file is an I/O error.
Result<SimFleet> LoadFleetFile(const std::filesystem::path& path);

}  // namespace hawk::sim
