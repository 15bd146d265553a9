// Failure injection: decides, when an attempt starts, whether it will fail,
// when (virtual time into the attempt) and how: a crash (non-zero exit or a
// fatal signal), running out of device memory, a device error (the kind a
// device is quarantined for), or the worker dropping off the network. Each
// failure comes with the stderr text and exit status the real thing produces
// on that kind of device ("CUDA error: an illegal memory access was
// encountered" on NVIDIA, "GPUDevice was lost" in a browser, the kernel's
// OOM killer on a CPU).
//
// Rates come from the fleet (sim/failure_rates.h): per-hour rates are Poisson
// hazards (exponential time to the event), per-attempt rates are a
// probability of the event at a uniform time within the expected run. A task
// that needs more memory per device than a device has always runs out of
// memory, early in the run. The earliest event wins.
//
// Deterministic: PlanAttempt draws exactly one number from the caller's Rng
// and derives everything else from it, so the same seed gives the same plan
// and a change of rates does not shift the caller's later draws.
// Stateless apart from its options; safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rng.h"
#include "core/units.h"
#include "sim/device_catalog.h"
#include "sim/failure_rates.h"

namespace hawk::sim {

enum class FailureKind : unsigned char { kCrash, kOom, kDeviceError, kDisconnect };
// "crash", "oom", "device_error", "disconnect".
std::string_view ToString(FailureKind kind);

struct PlannedFailure {
  FailureKind kind = FailureKind::kCrash;
  Duration at{0};                        // time into the attempt
  std::optional<std::string> device_id;  // the device at fault (oom, device error)
  std::optional<int> exit_code;          // the process exited with this status ...
  std::optional<int> signal;             // ... or was killed by this signal
  std::string stderr_text;               // what the task wrote last; empty on a disconnect
  std::string reason;                    // one line for people: "device error on gpu2"
};

struct AttemptInput {
  // The devices given to the attempt (not owned; must outlive the call). A
  // CPU task is given its worker's CPU device.
  std::vector<const SimDevice*> devices;
  WorkerFailureRates worker_rates;
  std::optional<Bytes> memory_per_device_bytes;
  // How long the attempt should run (the runtime model's nominal duration);
  // per-attempt events happen at a uniform time within it.
  Duration expected_duration{0};
  // Events later than this are not reported (the attempt is over by then);
  // pass the attempt's timeout or a generous multiple of expected_duration.
  Duration horizon{0};
};

struct FailureInjectorOptions {
  // Scales every rate; 0 turns injection off except the out-of-memory that a
  // too-large task always meets.
  double rate_multiplier = 1.0;
};

class FailureInjector {
 public:
  explicit FailureInjector(FailureInjectorOptions options = {});

  // The failure this attempt will meet, or nullopt if it runs clean until
  // `horizon`.
  [[nodiscard]] std::optional<PlannedFailure> PlanAttempt(const AttemptInput& input,
                                                          Rng& rng) const;

 private:
  FailureInjectorOptions options_;
};

}  // namespace hawk::sim
