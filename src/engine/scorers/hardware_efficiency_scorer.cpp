// Hardware efficiency: how well the device suits the work.
//   affinity  workload type x device class (table below): vision, nlp and
//             training belong on GPUs/TPUs; audio and embedding run well on
//             NPUs; browsers (WebGPU/WebNN) suit light inference.
//   capacity  compute and memory against the task's intensities: compute is
//             peak TFLOPS (best required precision, else any) against
//             config.reference_peak_tflops when known, else compute units
//             against config.reference_compute_units; memory is total bytes
//             against config.reference_memory_bytes.
// raw = 0.5 * affinity + 0.5 * capacity.
#include <algorithm>
#include <array>

#include "engine/scorers/scorer.h"

namespace hawk::engine {
namespace {

constexpr std::size_t kClasses = EnumCount<HardwareClass>();
static_assert(kClasses == 9 && EnumCount<WorkloadType>() == 12,
              "extend the affinity table with the taxonomy");
// Columns: cpu, gpu, tpu, npu, dsp, fpga, asic, browser, hybrid.
using Row = std::array<double, kClasses>;
constexpr std::array<Row, EnumCount<WorkloadType>()> kAffinity = {{
    /* vision         */ {0.3, 1.0, 0.9, 0.7, 0.4, 0.5, 0.6, 0.5, 0.7},
    /* nlp            */ {0.3, 1.0, 0.9, 0.6, 0.2, 0.4, 0.6, 0.4, 0.7},
    /* audio          */ {0.5, 0.9, 0.7, 0.9, 0.8, 0.5, 0.6, 0.5, 0.7},
    /* multimodal     */ {0.2, 1.0, 0.8, 0.5, 0.2, 0.4, 0.5, 0.4, 0.7},
    /* training       */ {0.1, 1.0, 1.0, 0.3, 0.1, 0.3, 0.5, 0.1, 0.6},
    /* inference      */ {0.5, 0.9, 0.8, 0.9, 0.6, 0.6, 0.8, 0.6, 0.7},
    /* embedding      */ {0.5, 0.9, 0.8, 0.9, 0.5, 0.5, 0.7, 0.6, 0.7},
    /* conversational */ {0.3, 1.0, 0.8, 0.6, 0.2, 0.4, 0.6, 0.5, 0.7},
    /* mixed          */ {0.6, 0.8, 0.7, 0.6, 0.4, 0.5, 0.5, 0.5, 0.8},
    /* test           */ {1.0, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.6},
    /* benchmark      */ {0.7, 0.8, 0.7, 0.7, 0.6, 0.6, 0.6, 0.6, 0.7},
    /* generic        */ {0.8, 0.6, 0.5, 0.5, 0.4, 0.4, 0.4, 0.5, 0.6},
}};

double ComputeCapacity(const ScoringContext& context, const DeviceProfile& shape) {
  if (!shape.peak_tflops.empty()) {
    double best = 0.0;
    const PrecisionSet& wanted = context.request.requirements.precisions;
    for (const auto& [precision, tflops] : shape.peak_tflops) {
      if (wanted.Empty() || wanted.Contains(precision)) best = std::max(best, tflops);
    }
    return Clamp01(best / context.config.reference_peak_tflops);
  }
  return Clamp01(static_cast<double>(shape.compute_units) /
                 static_cast<double>(context.config.reference_compute_units));
}

class HardwareEfficiencyScorer final : public Scorer {
 public:
  std::string_view name() const override { return "hardware_efficiency"; }
  Scope scope() const override { return Scope::kDeviceShape; }
  ScorerSetting Setting(const PlacementConfig& config) const override {
    return config.scorers.hardware_efficiency;
  }

  double ScoreShape(const ScoringContext& context, const DeviceProfile& shape,
                    const ShapeFacts&) const override {
    const double affinity = kAffinity[static_cast<std::size_t>(context.request.workload_type)]
                                     [static_cast<std::size_t>(shape.hardware_class)];
    const double ci = context.request.metrics.compute_intensity.ToDouble();
    const double mi = context.request.metrics.memory_intensity.ToDouble();
    const double memory = Clamp01(static_cast<double>(shape.memory_total_bytes) /
                                  static_cast<double>(context.config.reference_memory_bytes));
    const double capacity =
        ci + mi > 0.0 ? (ci * ComputeCapacity(context, shape) + mi * memory) / (ci + mi) : 0.5;
    return 0.5 * affinity + 0.5 * capacity;
  }
};

}  // namespace

std::unique_ptr<Scorer> MakeHardwareEfficiencyScorer() {
  return std::make_unique<HardwareEfficiencyScorer>();
}

}  // namespace hawk::engine
