#include "sim/failure_injector.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/failure_texts.h"

namespace hawk::sim {
namespace {

struct Candidate {
  FailureKind kind;
  double at_seconds;
  const SimDevice* device;  // nullptr for worker-level events
};

// Every hazard draws two numbers whether it is on or not, so turning one rate
// up does not move the others.
class Draws {
 public:
  explicit Draws(Rng rng) : rng_(rng) {}
  double Next() { return rng_.NextDouble(); }

  // Poisson hazard of `per_hour`: time to the event in seconds, or +inf.
  double PerHour(double per_hour) {
    const double u = Next();
    Next();
    if (!(per_hour > 0)) return std::numeric_limits<double>::infinity();
    return -std::log1p(-u) * 3600.0 / per_hour;
  }
  // Probability `p` of the event, at a uniform time in [0, expected_seconds).
  double PerAttempt(double p, double expected_seconds) {
    const double u = Next();
    const double when = Next() * expected_seconds;
    return u < p ? when : std::numeric_limits<double>::infinity();
  }

 private:
  Rng rng_;
};

}  // namespace

std::string_view ToString(FailureKind kind) {
  switch (kind) {
    case FailureKind::kCrash: return "crash";
    case FailureKind::kOom: return "oom";
    case FailureKind::kDeviceError: return "device_error";
    case FailureKind::kDisconnect: return "disconnect";
  }
  return "?";
}

FailureInjector::FailureInjector(FailureInjectorOptions options) : options_(options) {}

std::optional<PlannedFailure> FailureInjector::PlanAttempt(const AttemptInput& input,
                                                           Rng& rng) const {
  Draws draws(Rng(rng.Next()));
  const double scale = std::max(options_.rate_multiplier, 0.0);
  const double expected = std::chrono::duration<double>(input.expected_duration).count();
  const auto prob = [scale](double p) { return std::clamp(p * scale, 0.0, 1.0); };

  std::vector<Candidate> candidates;
  const auto add = [&candidates](FailureKind kind, double at, const SimDevice* device) {
    if (std::isfinite(at)) candidates.push_back({kind, at, device});
  };
  const WorkerFailureRates& w = input.worker_rates;
  add(FailureKind::kCrash, draws.PerHour(w.crash_per_hour * scale), nullptr);
  add(FailureKind::kCrash, draws.PerAttempt(prob(w.crash_per_attempt), expected), nullptr);
  add(FailureKind::kDisconnect, draws.PerHour(w.disconnect_per_hour * scale), nullptr);
  for (const SimDevice* device : input.devices) {
    const DeviceFailureRates& d = device->failures;
    add(FailureKind::kDeviceError, draws.PerHour(d.device_error_per_hour * scale), device);
    add(FailureKind::kDeviceError, draws.PerAttempt(prob(d.device_error_per_attempt), expected),
        device);
    const bool too_big = input.memory_per_device_bytes &&
                         *input.memory_per_device_bytes > device->profile.memory_total_bytes;
    // Too large: allocation fails while loading, in the first 5 % of the run.
    const double load_time = (0.01 + 0.04 * draws.Next()) * expected;
    const double random_oom = draws.PerAttempt(prob(d.oom_per_attempt), expected);
    add(FailureKind::kOom, too_big ? load_time : random_oom, device);
  }
  const std::uint64_t variant = static_cast<std::uint64_t>(draws.Next() * 1024.0);

  // Earliest wins; ties go to the first listed.
  const auto first = std::min_element(
      candidates.begin(), candidates.end(),
      [](const Candidate& a, const Candidate& b) { return a.at_seconds < b.at_seconds; });
  if (first == candidates.end()) return std::nullopt;
  const double at_ms = std::floor(first->at_seconds * 1000.0);
  if (at_ms > static_cast<double>(input.horizon.count())) return std::nullopt;

  PlannedFailure failure;
  failure.kind = first->kind;
  failure.at = Duration(static_cast<Duration::rep>(at_ms));
  if (first->device != nullptr) failure.device_id = first->device->profile.id;
  DescribeFailure(failure, first->device != nullptr ? &first->device->profile : nullptr,
                  input.memory_per_device_bytes, variant);
  return failure;
}

}  // namespace hawk::sim
