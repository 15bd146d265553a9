// Spread or bin-pack (config.packing_mode), on the worker's share of the
// requested class already reserved (devices of the class taken, or CPU slots
// used for class cpu):
//   spread    raw = 1 - used share: the emptiest worker wins;
//   bin_pack  raw = used share: the fullest worker that still fits wins,
//             keeping whole workers free for large tasks.
#include "engine/scorers/scorer.h"

namespace hawk::engine {
namespace {

double UsedShare(const ScoringContext& context, const LiveWorker& worker,
                 const WorkerUsage* usage) {
  if (!usage) return 0.0;
  const WorkerShape& shape = context.index.worker_shapes()[worker.shape];
  if (context.request.UsesCpuSlots()) {
    if (shape.cpu_slots == 0) return 1.0;
    return Clamp01(static_cast<double>(usage->cpu_slots_used) / shape.cpu_slots);
  }
  std::uint32_t total = 0;
  std::uint32_t taken = 0;
  for (std::size_t d = 0; d < shape.device_shapes.size(); ++d) {
    if (context.index.device_shape(shape.device_shapes[d]).hardware_class !=
        context.request.requirements.device_class) {
      continue;
    }
    ++total;
    if (usage->IsTaken(d)) ++taken;
  }
  return total == 0 ? 0.0 : static_cast<double>(taken) / total;
}

class PackingScorer final : public Scorer {
 public:
  std::string_view name() const override { return "packing"; }
  Scope scope() const override { return Scope::kWorker; }
  ScorerSetting Setting(const PlacementConfig& config) const override {
    return config.scorers.packing;
  }

  double ScoreWorker(const ScoringContext& context, std::size_t, const LiveWorker& worker,
                     const WorkerUsage* usage) const override {
    const double used = UsedShare(context, worker, usage);
    return context.config.packing_mode == PackingMode::kBinPack ? used : 1.0 - used;
  }
};

}  // namespace

std::unique_ptr<Scorer> MakePackingScorer() {
  return std::make_unique<PackingScorer>();
}

}  // namespace hawk::engine
