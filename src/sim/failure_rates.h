// How often simulated things go wrong. Rates are either per hour of running
// (a Poisson hazard: the time to the event is exponential) or per attempt (a
// probability that an attempt hits the event somewhere in its run). All zero by
// default: a fleet fails only where it is told to.
#pragma once

namespace hawk::sim {

// Process- and machine-level events: the task's process crashes, or the whole
// worker drops off the network.
struct WorkerFailureRates {
  double crash_per_hour = 0.0;
  double crash_per_attempt = 0.0;  // probability in [0, 1]
  double disconnect_per_hour = 0.0;
  friend bool operator==(const WorkerFailureRates&, const WorkerFailureRates&) = default;
};

// Events that belong to one device: a device error (the kind that gets a device
// quarantined) and an out-of-memory that is not explained by the task's size
// (fragmentation, a peak). A task that needs more memory than the device has
// always runs out of memory, whatever these say.
struct DeviceFailureRates {
  double device_error_per_hour = 0.0;
  double device_error_per_attempt = 0.0;  // probability in [0, 1]
  double oom_per_attempt = 0.0;           // probability in [0, 1]
  friend bool operator==(const DeviceFailureRates&, const DeviceFailureRates&) = default;
};

}  // namespace hawk::sim
