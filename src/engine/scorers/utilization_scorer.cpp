// Utilization (seed: CPU > 70 % and memory > 70 % penalised, GPU > 60 %
// penalised more aggressively). A mild preference for lower load everywhere,
// plus a penalty that grows from each threshold to 100 %:
//   load    = accelerator: 0.5 device + 0.2 device memory + 0.15 cpu + 0.15 memory
//             cpu device:  0.6 cpu + 0.4 memory (host)
//   penalty = over(cpu) + over(memory) + 2 * over(device)   [accelerators]
//             over(x) = (x - threshold) / (1 - threshold) when above, else 0
// raw = clamp(1 - 0.5 * load - 0.25 * penalty).
#include <algorithm>

#include "engine/scorers/scorer.h"

namespace hawk::engine {
namespace {

double Over(Fraction value, Fraction threshold) {
  if (value <= threshold || threshold >= Fraction::One()) return 0.0;
  return (value.ToDouble() - threshold.ToDouble()) / (1.0 - threshold.ToDouble());
}

class UtilizationScorer final : public Scorer {
 public:
  std::string_view name() const override { return "utilization"; }
  Scope scope() const override { return Scope::kDevice; }
  ScorerSetting Setting(const PlacementConfig& config) const override {
    return config.scorers.utilization;
  }

  double ScoreDevice(const ScoringContext& context, const LiveWorker& worker,
                     const LiveDevice& device, const DeviceProfile& shape,
                     const ShapeFacts&) const override {
    const PlacementConfig& config = context.config;
    const double cpu = worker.cpu_utilization.ToDouble();
    const double memory = worker.memory_utilization.ToDouble();
    double penalty = Over(worker.cpu_utilization, config.cpu_penalty_threshold) +
                     Over(worker.memory_utilization, config.memory_penalty_threshold);
    double load = 0.6 * cpu + 0.4 * memory;
    if (shape.hardware_class != HardwareClass::kCpu) {
      load = 0.5 * device.utilization.ToDouble() + 0.2 * device.memory_utilization.ToDouble() +
             0.15 * cpu + 0.15 * memory;
      penalty += 2.0 * Over(device.utilization, config.accelerator_penalty_threshold);
    }
    return Clamp01(1.0 - 0.5 * load - 0.25 * penalty);
  }
};

}  // namespace

std::unique_ptr<Scorer> MakeUtilizationScorer() {
  return std::make_unique<UtilizationScorer>();
}

}  // namespace hawk::engine
