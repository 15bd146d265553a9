// A soft preference of placement (DESIGN.md §3.2): one scorer per file, each
// with a name, a weight from the config and a switch. A scorer returns a raw
// score in [0, 1] (1 best); the composite adds weight * raw.
//
// Scopes:
//   kDeviceShape  depends only on the device's static facts and the request
//                 (evaluated once per shape per decision);
//   kDevice       depends on the device's live state;
//   kWorker       depends on the worker and its reservations.
// A placement's device-level terms are the mean over the devices it takes, so
// choosing the best-scoring free devices on a worker maximises the total.
// Scorers are stateless and thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "core/device.h"
#include "core/units.h"
#include "engine/device_allocator.h"
#include "engine/fleet.h"
#include "engine/fleet_index.h"
#include "engine/placement_config.h"
#include "engine/placement_request.h"

namespace hawk::engine {

class PerformanceHistory;

// Per decision, per admitted device shape.
struct ShapeFacts {
  // History's runtime for this task kind on this device model.
  std::optional<Duration> predicted_runtime;
};

struct ScoringContext {
  const PlacementRequest& request;
  const PlacementConfig& config;
  const FleetSnapshot& snapshot;
  const FleetIndex& index;                  // snapshot.index()
  const PerformanceHistory* history;        // nullptr: no history
  std::optional<Duration> fastest_runtime;  // fastest known model for this kind
};

class Scorer {
 public:
  enum class Scope : unsigned char { kDeviceShape, kDevice, kWorker };

  virtual ~Scorer() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  [[nodiscard]] virtual Scope scope() const = 0;
  [[nodiscard]] virtual ScorerSetting Setting(const PlacementConfig& config) const = 0;

  [[nodiscard]] virtual double ScoreShape(const ScoringContext& /*context*/,
                                          const DeviceProfile& /*shape*/,
                                          const ShapeFacts& /*facts*/) const {
    return 0.0;
  }
  [[nodiscard]] virtual double ScoreDevice(const ScoringContext& /*context*/,
                                           const LiveWorker& /*worker*/,
                                           const LiveDevice& /*device*/,
                                           const DeviceProfile& /*shape*/,
                                           const ShapeFacts& /*facts*/) const {
    return 0.0;
  }
  // `worker_index`: into context.snapshot.workers(); `worker`: its live state.
  [[nodiscard]] virtual double ScoreWorker(const ScoringContext& /*context*/,
                                           std::size_t /*worker_index*/,
                                           const LiveWorker& /*worker*/,
                                           const WorkerUsage* /*usage*/) const {
    return 0.0;
  }
};

std::unique_ptr<Scorer> MakeHardwareEfficiencyScorer();
std::unique_ptr<Scorer> MakeUtilizationScorer();
std::unique_ptr<Scorer> MakeThermalHeadroomScorer();
std::unique_ptr<Scorer> MakePerformanceHistoryScorer();
std::unique_ptr<Scorer> MakePackingScorer();
std::unique_ptr<Scorer> MakePreviousFailureScorer();
std::unique_ptr<Scorer> MakePreferenceScorer();

inline double Clamp01(double x) {
  return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}

}  // namespace hawk::engine
