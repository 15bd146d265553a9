#include "sim/runtime_model.h"

#include <algorithm>
#include <cmath>

namespace hawk::sim {
namespace {

constexpr double kMinClockFactor = 1e-3;
// Work left below this (in reference-seconds) counts as done, so that stepping
// by TimeToFinish() finishes a run despite rounding.
constexpr double kDoneEpsilonSeconds = 1e-9;

double Seconds(Duration d) {
  return std::chrono::duration<double>(d).count();
}

Duration CeilMillis(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0) return Duration::zero();
  return Duration(static_cast<Duration::rep>(std::ceil(seconds * 1000.0)));
}

bool Meets(const SimDevice& device, const ResourceRequirements& r) {
  const DeviceProfile& p = device.profile;
  if (p.hardware_class != r.device_class) return false;
  if (r.vendor && p.vendor != *r.vendor) return false;
  if (r.architecture && p.architecture != *r.architecture) return false;
  return p.backends.ContainsAll(r.backends) && p.precisions.ContainsAll(r.precisions) &&
         p.features.ContainsAll(r.features);
}

// Peak throughput at the best precision the task needs; fp32 when it names
// none; the fp32 (else highest) figure when the device has none of them; 0
// when the device has no figures at all.
double PeakTflops(const DeviceProfile& p, const PrecisionSet& wanted) {
  const PrecisionSet asked = wanted.Empty() ? PrecisionSet{Precision::kFp32} : wanted;
  double best = 0;
  for (Precision precision : asked.Values()) {
    if (auto it = p.peak_tflops.find(precision); it != p.peak_tflops.end()) {
      best = std::max(best, it->second);
    }
  }
  if (best > 0) return best;
  if (auto it = p.peak_tflops.find(Precision::kFp32); it != p.peak_tflops.end()) return it->second;
  for (const auto& [precision, tflops] : p.peak_tflops) best = std::max(best, tflops);
  return best;
}

double Ratio(double reference, double device) {
  return reference > 0 && device > 0 ? reference / device : 1.0;
}

}  // namespace

TaskDemand TaskDemand::FromTask(const Task& task) {
  return TaskDemand{task.estimated_duration, task.requirements, task.metrics};
}

// ---- TaskRun ----

TaskRun::TaskRun(double work_seconds, double compute_cost, double memory_cost, double io_cost)
    : work_seconds_(std::max(work_seconds, 0.0)),
      compute_cost_(compute_cost),
      memory_cost_(memory_cost),
      io_cost_(io_cost) {
  if (work_seconds_ <= 0) finished_after_ = Duration::zero();
}

double TaskRun::Speed(double clock_factor) const {
  const double clock =
      std::clamp(std::isfinite(clock_factor) ? clock_factor : 1.0, kMinClockFactor, 1.0);
  const double cost = compute_cost_ / clock + memory_cost_ + io_cost_;
  return cost > 0 ? 1.0 / cost : 1.0;
}

void TaskRun::Advance(Duration dt, double clock_factor) {
  if (dt <= Duration::zero()) return;
  if (!finished()) {
    const double speed = Speed(clock_factor);
    const double left = work_seconds_ - done_seconds_;
    const double step = Seconds(dt) * speed;
    if (step >= left - kDoneEpsilonSeconds) {
      finished_after_ = elapsed_ + std::min(dt, CeilMillis(left / speed));
      done_seconds_ = work_seconds_;
    } else {
      done_seconds_ += step;
    }
  }
  elapsed_ += dt;
}

double TaskRun::progress() const {
  return work_seconds_ > 0 ? std::min(1.0, done_seconds_ / work_seconds_) : 1.0;
}

Duration TaskRun::TimeToFinish(double clock_factor) const {
  if (finished()) return Duration::zero();
  return CeilMillis((work_seconds_ - done_seconds_) / Speed(clock_factor));
}

// ---- RuntimeModel ----

RuntimeModel::RuntimeModel(RuntimeModelOptions options) : options_(options) {}

const SimDevice& RuntimeModel::ReferenceDevice(const TaskDemand& demand) const {
  const std::vector<SimDevice>& catalog = DeviceCatalog();
  for (const SimDevice& d : catalog) {
    if (Meets(d, demand.requirements)) return d;
  }
  for (const SimDevice& d : catalog) {
    if (d.profile.hardware_class == demand.requirements.device_class) return d;
  }
  return catalog.front();
}

double RuntimeModel::WorkSeconds(const TaskDemand& demand) const {
  if (demand.estimated_duration) return Seconds(*demand.estimated_duration);
  const double scale = (0.5 + demand.metrics.compute_intensity.ToDouble() +
                        demand.metrics.memory_intensity.ToDouble()) /
                       1.5;
  return Seconds(options_.default_reference_duration) * scale;
}

TaskRun RuntimeModel::Plan(const TaskDemand& demand, const SimDevice& device,
                           double work_seconds) const {
  const SimDevice& reference = ReferenceDevice(demand);
  const PrecisionSet& wanted = demand.requirements.precisions;
  const double compute_ratio =
      Ratio(PeakTflops(reference.profile, wanted), PeakTflops(device.profile, wanted));
  const double memory_ratio = Ratio(reference.memory_bandwidth_gbps, device.memory_bandwidth_gbps);
  double c = demand.metrics.compute_intensity.ToDouble();
  double m = demand.metrics.memory_intensity.ToDouble();
  double io = demand.metrics.io_intensity.ToDouble();
  double sum = c + m + io;
  if (sum <= 0) {
    c = 1;
    sum = 1;
  }
  return TaskRun(work_seconds, c / sum * compute_ratio, m / sum * memory_ratio, io / sum);
}

double RuntimeModel::RelativeSpeed(const TaskDemand& demand, const SimDevice& device,
                                   double clock_factor) const {
  return Plan(demand, device, 1.0).Speed(clock_factor);
}

Duration RuntimeModel::NominalDuration(const TaskDemand& demand, const SimDevice& device) const {
  return Plan(demand, device, WorkSeconds(demand)).TimeToFinish(1.0);
}

TaskRun RuntimeModel::Start(const TaskDemand& demand, const SimDevice& device, Rng& rng) const {
  const double noise = 1.0 + options_.noise * (2.0 * rng.NextDouble() - 1.0);
  return Plan(demand, device, WorkSeconds(demand) * noise);
}

}  // namespace hawk::sim
