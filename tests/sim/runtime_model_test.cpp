#include <gtest/gtest.h>

#include "sim/runtime_model.h"
#include "sim/thermal_model.h"

namespace hawk::sim {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const SimDevice& Catalog(std::string_view key) {
  return **FindCatalogDevice(key);
}

TaskDemand GpuTask(Duration estimate, PrecisionSet precisions = {Precision::kFp16}) {
  TaskDemand demand;
  demand.estimated_duration = estimate;
  demand.requirements.device_class = HardwareClass::kGpu;
  demand.requirements.precisions = precisions;
  return demand;
}

double Seconds(Duration d) {
  return std::chrono::duration<double>(d).count();
}

TEST(RuntimeModel, TheReferenceDeviceRunsAtTheEstimate) {
  const RuntimeModel model;
  const TaskDemand demand = GpuTask(minutes(10));
  EXPECT_EQ(model.ReferenceDevice(demand).catalog_key, "a100-80gb");
  EXPECT_EQ(model.NominalDuration(demand, Catalog("a100-80gb")), minutes(10));
  EXPECT_DOUBLE_EQ(model.RelativeSpeed(demand, Catalog("a100-80gb")), 1.0);
}

TEST(RuntimeModel, ReferenceIsTheTypicalDeviceThatCanRunTheTask) {
  const RuntimeModel model;
  TaskDemand cpu;
  EXPECT_EQ(model.ReferenceDevice(cpu).catalog_key, "xeon-8480");
  TaskDemand edge;
  edge.requirements.device_class = HardwareClass::kTpu;
  edge.requirements.backends = {Backend::kTflite};
  EXPECT_EQ(model.ReferenceDevice(edge).catalog_key, "coral-edge-tpu");
  TaskDemand rocm = GpuTask(minutes(1));
  rocm.requirements.architecture = Architecture::kRocm;
  EXPECT_EQ(model.ReferenceDevice(rocm).catalog_key, "mi250x");
  TaskDemand browser;
  browser.requirements.device_class = HardwareClass::kBrowser;
  EXPECT_EQ(model.ReferenceDevice(browser).catalog_key, "chrome-webgpu");
}

TEST(RuntimeModel, FasterDeviceFinishesSooner) {
  const RuntimeModel model;
  const TaskDemand demand = GpuTask(minutes(10));
  const Duration h100 = model.NominalDuration(demand, Catalog("h100-80gb"));
  const Duration a100 = model.NominalDuration(demand, Catalog("a100-80gb"));
  const Duration rtx = model.NominalDuration(demand, Catalog("rtx-4090"));
  const Duration m3 = model.NominalDuration(demand, Catalog("m3-gpu"));
  EXPECT_LT(h100, a100);
  EXPECT_LT(a100, rtx);
  EXPECT_LT(rtx, m3);
  // Half compute (312 -> 990 TFLOPS), half memory (2039 -> 3350 GB/s), io 0.1.
  const double w = 1.0 / 1.1;
  const double expected = 600.0 * (0.5 * w * 312.0 / 990.0 + 0.5 * w * 2039.0 / 3350.0 + 0.1 / 1.1);
  EXPECT_NEAR(Seconds(h100), expected, 1e-3);
}

TEST(RuntimeModel, UsesThePeakOfTheBestPrecisionTheTaskNeeds) {
  const RuntimeModel model;
  TaskDemand fp8 = GpuTask(minutes(10), {Precision::kFp8});
  fp8.metrics.compute_intensity = Fraction::One();
  fp8.metrics.memory_intensity = Fraction::Zero();
  fp8.metrics.io_intensity = Fraction::Zero();
  // The A100 has no fp8: the reference is the first GPU with it, the H100.
  EXPECT_EQ(model.ReferenceDevice(fp8).catalog_key, "h100-80gb");
  EXPECT_NEAR(model.RelativeSpeed(fp8, Catalog("rtx-4090")), 330.3 / 1979.0, 1e-12);
  TaskDemand fp32 = fp8;
  fp32.requirements.precisions = {};
  EXPECT_NEAR(model.RelativeSpeed(fp32, Catalog("h100-80gb")), 67.0 / 19.5, 1e-12);
}

TEST(RuntimeModel, WorkWithoutAnEstimateComesFromTheIntensities) {
  const RuntimeModel model;
  TaskDemand demand;
  EXPECT_DOUBLE_EQ(model.WorkSeconds(demand), 60.0);
  demand.metrics.compute_intensity = Fraction::One();
  demand.metrics.memory_intensity = Fraction::One();
  EXPECT_DOUBLE_EQ(model.WorkSeconds(demand), 100.0);
}

TEST(TaskRun, IntegratesProgressOverSteps) {
  TaskRun run(100.0, 1.0, 0.0, 0.0);
  run.Advance(seconds(50), 1.0);
  EXPECT_DOUBLE_EQ(run.progress(), 0.5);
  run.Advance(seconds(50), 0.5);  // half the clock: half the progress
  EXPECT_DOUBLE_EQ(run.progress(), 0.75);
  EXPECT_FALSE(run.finished());
  EXPECT_EQ(run.TimeToFinish(1.0), seconds(25));
  EXPECT_EQ(run.TimeToFinish(0.5), seconds(50));
  run.Advance(seconds(30), 1.0);
  EXPECT_TRUE(run.finished());
  EXPECT_EQ(run.finished_after(), seconds(125));
  EXPECT_EQ(run.elapsed(), seconds(130));
  EXPECT_EQ(run.TimeToFinish(1.0), Duration::zero());
}

TEST(TaskRun, SteppingByTimeToFinishFinishes) {
  TaskRun run(1.0 / 3.0, 0.7, 0.2, 0.1);
  const Duration left = run.TimeToFinish(0.8);
  run.Advance(left, 0.8);
  EXPECT_TRUE(run.finished());
  EXPECT_EQ(run.finished_after(), left);
}

TEST(TaskRun, MemoryBoundWorkIgnoresTheClock) {
  const TaskRun run(10.0, 0.0, 2.0, 0.0);
  EXPECT_DOUBLE_EQ(run.Speed(0.5), run.Speed(1.0));
  const TaskRun compute(10.0, 2.0, 0.0, 0.0);
  EXPECT_DOUBLE_EQ(compute.Speed(0.5), compute.Speed(1.0) / 2);
}

// Runs a full-load task on a device whose thermal model is stepped alongside.
Duration RunWithThermal(const TaskDemand& demand, const SimDevice& device, double ambient) {
  const RuntimeModel model(RuntimeModelOptions{.noise = 0.0});
  Rng rng(1);
  TaskRun run = model.Start(demand, device, rng);
  ThermalParams params = device.thermal;
  params.ambient_celsius = ambient;
  ThermalModel thermal(params);
  while (!run.finished()) {
    run.Advance(seconds(1), thermal.clock_factor());
    thermal.Step(1.0, seconds(1));
  }
  return *run.finished_after();
}

TEST(RuntimeModel, AThrottlingDeviceSlowsTheTask) {
  TaskDemand demand = GpuTask(std::chrono::hours(1));
  demand.metrics.compute_intensity = Fraction::FromDouble(0.9);
  demand.metrics.memory_intensity = Fraction::FromDouble(0.1);
  const SimDevice& a100 = Catalog("a100-80gb");
  const Duration cool = RunWithThermal(demand, a100, 25.0);
  const Duration hot = RunWithThermal(demand, a100, 40.0);
  EXPECT_NEAR(Seconds(cool), 3600.0, 1.0);  // never throttles at 25 °C
  // Throttled, the device draws less power and settles just under its
  // throttle point at a reduced clock: the hour of work takes minutes longer.
  EXPECT_GT(hot, cool + minutes(5));
  EXPECT_LT(hot, cool + minutes(30));
}

TEST(RuntimeModel, SameSeedSameRuns) {
  const RuntimeModel model;
  const TaskDemand demand = GpuTask(minutes(10));
  Rng a(7), b(7), c(8);
  for (int i = 0; i < 20; ++i) {
    const TaskRun ra = model.Start(demand, Catalog("rtx-4090"), a);
    const TaskRun rb = model.Start(demand, Catalog("rtx-4090"), b);
    const TaskRun rc = model.Start(demand, Catalog("rtx-4090"), c);
    EXPECT_EQ(ra.work_seconds(), rb.work_seconds());
    EXPECT_NE(ra.work_seconds(), rc.work_seconds());
    EXPECT_NEAR(ra.work_seconds(), 600.0, 600.0 * 0.03);
  }
}

}  // namespace
}  // namespace hawk::sim
