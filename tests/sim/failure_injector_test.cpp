#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "sim/failure_injector.h"
#include "sim/fleet.h"

namespace hawk::sim {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::HasSubstr;

SimDevice Device(std::string_view key, std::string id, DeviceFailureRates rates = {}) {
  SimDevice d = **FindCatalogDevice(key);
  d.profile.id = std::move(id);
  d.failures = rates;
  return d;
}

AttemptInput Input(const SimDevice& device) {
  AttemptInput input;
  input.devices = {&device};
  input.expected_duration = minutes(30);
  input.horizon = minutes(30);
  return input;
}

constexpr DeviceFailureRates kAlwaysDeviceError{
    .device_error_per_hour = 0, .device_error_per_attempt = 1, .oom_per_attempt = 0};

TEST(FailureInjector, NoRatesNoFailures) {
  const FailureInjector injector;
  const SimDevice gpu = Device("a100-80gb", "gpu0");
  Rng rng(1);
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(injector.PlanAttempt(Input(gpu), rng));
}

TEST(FailureInjector, OutOfMemoryAlwaysWhenTheTaskExceedsTheDevice) {
  const FailureInjector injector(FailureInjectorOptions{.rate_multiplier = 0.0});
  const SimDevice gpu = Device("rtx-4090", "gpu1");
  AttemptInput input = Input(gpu);
  input.memory_per_device_bytes = 40 * kGiB;
  Rng rng(3);
  for (int i = 0; i < 200; ++i) {
    const auto failure = injector.PlanAttempt(input, rng);
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->kind, FailureKind::kOom);
    EXPECT_EQ(failure->device_id, "gpu1");
    EXPECT_LE(failure->at, input.expected_duration / 20);  // while loading
    EXPECT_EQ(failure->exit_code, 1);
    EXPECT_FALSE(failure->signal);
    EXPECT_THAT(failure->stderr_text, HasSubstr("torch.OutOfMemoryError: CUDA out of memory."));
    EXPECT_THAT(failure->stderr_text, HasSubstr("GPU 1 has a total capacity of 24GiB"));
    EXPECT_EQ(failure->reason, "out of memory on gpu1: needs 40GiB, has 24GiB");
  }
  input.memory_per_device_bytes = 20 * kGiB;  // fits: no failure
  EXPECT_FALSE(injector.PlanAttempt(input, rng));
}

TEST(FailureInjector, ACpuOutOfMemoryIsTheKernelsKill) {
  const FailureInjector injector;
  const SimDevice cpu = Device("imx8m-cpu", "cpu0");
  AttemptInput input = Input(cpu);
  input.memory_per_device_bytes = 8 * kGiB;
  Rng rng(1);
  const auto failure = injector.PlanAttempt(input, rng);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->kind, FailureKind::kOom);
  EXPECT_EQ(failure->signal, 9);
  EXPECT_FALSE(failure->exit_code);
  EXPECT_EQ(failure->stderr_text, "Killed\n");
}

TEST(FailureInjector, SameSeedSamePlans) {
  const FailureInjector injector;
  const SimDevice gpu = Device(
      "h100-80gb", "gpu0",
      {.device_error_per_hour = 0.5, .device_error_per_attempt = 0.05, .oom_per_attempt = 0.05});
  AttemptInput input = Input(gpu);
  input.worker_rates = {
      .crash_per_hour = 0.5, .crash_per_attempt = 0.1, .disconnect_per_hour = 0.2};
  Rng a(11), b(11);
  int failures = 0;
  for (int i = 0; i < 500; ++i) {
    const auto fa = injector.PlanAttempt(input, a);
    const auto fb = injector.PlanAttempt(input, b);
    ASSERT_EQ(fa.has_value(), fb.has_value());
    if (!fa) continue;
    ++failures;
    EXPECT_EQ(fa->kind, fb->kind);
    EXPECT_EQ(fa->at, fb->at);
    EXPECT_EQ(fa->stderr_text, fb->stderr_text);
    EXPECT_EQ(fa->exit_code, fb->exit_code);
    EXPECT_EQ(fa->signal, fb->signal);
  }
  EXPECT_GT(failures, 50);
}

TEST(FailureInjector, DrawsExactlyOneNumberFromTheCaller) {
  const FailureInjector injector;
  const SimDevice gpu = Device("a100-80gb", "gpu0", kAlwaysDeviceError);
  Rng used(5), reference(5);
  (void)injector.PlanAttempt(Input(gpu), used);
  reference.Next();
  EXPECT_EQ(used.Next(), reference.Next());
}

TEST(FailureInjector, PerAttemptRateReproduces) {
  const FailureInjector injector;
  const SimDevice gpu =
      Device("a100-80gb", "gpu0",
             {.device_error_per_hour = 0, .device_error_per_attempt = 0.2, .oom_per_attempt = 0});
  Rng rng(21);
  int errors = 0;
  for (int i = 0; i < 5000; ++i) {
    const auto f = injector.PlanAttempt(Input(gpu), rng);
    if (f) {
      EXPECT_EQ(f->kind, FailureKind::kDeviceError);
      EXPECT_LT(f->at, minutes(30));
      ++errors;
    }
  }
  EXPECT_NEAR(errors, 1000, 120);  // 4 sigma of a binomial(5000, 0.2)
}

TEST(FailureInjector, PerHourRateReproduces) {
  const FailureInjector injector;
  const SimDevice cpu = Device("xeon-8480", "cpu0");
  AttemptInput input = Input(cpu);
  input.worker_rates.crash_per_hour = 2.0;  // 30 min: P(crash) = 1 - e^-1
  Rng rng(33);
  int crashes = 0;
  for (int i = 0; i < 4000; ++i) {
    if (auto f = injector.PlanAttempt(input, rng)) {
      EXPECT_EQ(f->kind, FailureKind::kCrash);
      ++crashes;
    }
  }
  EXPECT_NEAR(crashes, 4000 * (1 - std::exp(-1.0)), 125);
  // Twice the multiplier: P = 1 - e^-2.
  const FailureInjector doubled(FailureInjectorOptions{.rate_multiplier = 2.0});
  crashes = 0;
  for (int i = 0; i < 4000; ++i) crashes += doubled.PlanAttempt(input, rng).has_value();
  EXPECT_NEAR(crashes, 4000 * (1 - std::exp(-2.0)), 110);
}

TEST(FailureInjector, EventsAfterTheHorizonAreNotReported) {
  const FailureInjector injector;
  const SimDevice cpu = Device("xeon-8480", "cpu0");
  AttemptInput input = Input(cpu);
  input.worker_rates.crash_per_hour = 0.01;
  input.horizon = std::chrono::seconds(1);
  Rng rng(4);
  int crashes = 0;
  for (int i = 0; i < 1000; ++i) crashes += injector.PlanAttempt(input, rng).has_value();
  EXPECT_EQ(crashes, 0);
}

// The device error each kind of device reports.
PlannedFailure DeviceErrorOn(std::string_view key, std::string id, std::uint64_t seed = 1) {
  const FailureInjector injector;
  const SimDevice device = Device(key, std::move(id), kAlwaysDeviceError);
  Rng rng(seed);
  return *injector.PlanAttempt(Input(device), rng);
}

TEST(FailureInjector, DeviceErrorsSpeakTheDevicesLanguage) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const PlannedFailure nvidia = DeviceErrorOn("a100-80gb", "gpu2", seed);
    EXPECT_EQ(nvidia.kind, FailureKind::kDeviceError);
    EXPECT_EQ(nvidia.device_id, "gpu2");
    EXPECT_EQ(nvidia.reason, "device error on gpu2");
    EXPECT_EQ(nvidia.exit_code, 1);
    EXPECT_THAT(nvidia.stderr_text, HasSubstr("RuntimeError: CUDA error: "));
    const PlannedFailure browser = DeviceErrorOn("chrome-webgpu", "browser0", seed);
    EXPECT_THAT(browser.stderr_text, HasSubstr("GPUDevice was lost"));
    const PlannedFailure amd = DeviceErrorOn("mi250x", "gpu1", seed);
    EXPECT_TRUE(amd.stderr_text.find("Memory access fault by GPU node-1") != std::string::npos ||
                amd.stderr_text.find("HIP error: an illegal memory access") != std::string::npos)
        << amd.stderr_text;
  }
  EXPECT_THAT(DeviceErrorOn("tpu-v4", "tpu3").stderr_text,
              HasSubstr("XlaRuntimeError: INTERNAL: Core halted unexpectedly: TPU chip 3"));
  EXPECT_EQ(DeviceErrorOn("coral-edge-tpu", "tpu0").stderr_text,
            "RuntimeError: Error in device opening (/dev/apex_0)!\n");
  EXPECT_THAT(DeviceErrorOn("hexagon-npu", "npu0").stderr_text,
              HasSubstr("QNN_COMMON_ERROR_SYSTEM_COMMUNICATION"));
  EXPECT_THAT(DeviceErrorOn("m2-max-gpu", "gpu0").stderr_text,
              HasSubstr("command buffer exited with error status"));
  const PlannedFailure cpu = DeviceErrorOn("epyc-9654", "cpu0");
  EXPECT_EQ(cpu.signal, 7);
  EXPECT_FALSE(cpu.exit_code);
  EXPECT_EQ(cpu.stderr_text, "Bus error (core dumped)\n");
}

TEST(FailureInjector, TheCudaIllegalAccessTextAppears) {
  bool seen = false;
  for (std::uint64_t seed = 1; seed <= 16 && !seen; ++seed) {
    seen = DeviceErrorOn("h100-80gb", "gpu0", seed)
               .stderr_text.starts_with(
                   "RuntimeError: CUDA error: an illegal memory access was encountered\n");
  }
  EXPECT_TRUE(seen);
}

TEST(FailureInjector, CrashesExitOrDieBySignalAndDisconnectsHaveNoStatus) {
  const FailureInjector injector;
  const SimDevice cpu = Device("xeon-8480", "cpu0");
  AttemptInput input = Input(cpu);
  input.worker_rates.crash_per_attempt = 1.0;
  Rng rng(9);
  int exits = 0, signals = 0;
  for (int i = 0; i < 100; ++i) {
    const auto f = injector.PlanAttempt(input, rng);
    ASSERT_TRUE(f);
    ASSERT_EQ(f->kind, FailureKind::kCrash);
    EXPECT_NE(f->exit_code.has_value(), f->signal.has_value());
    EXPECT_FALSE(f->device_id);
    EXPECT_FALSE(f->stderr_text.empty());
    if (f->exit_code) {
      EXPECT_EQ(*f->exit_code, 1);
      EXPECT_EQ(f->reason, "crashed with exit code 1");
      ++exits;
    } else {
      EXPECT_TRUE(*f->signal == 6 || *f->signal == 11);
      ++signals;
    }
  }
  EXPECT_GT(exits, 0);
  EXPECT_GT(signals, 0);

  input.worker_rates = {.crash_per_hour = 0, .crash_per_attempt = 0, .disconnect_per_hour = 1e6};
  const auto lost = injector.PlanAttempt(input, rng);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->kind, FailureKind::kDisconnect);
  EXPECT_FALSE(lost->exit_code);
  EXPECT_FALSE(lost->signal);
  EXPECT_TRUE(lost->stderr_text.empty());
  EXPECT_EQ(lost->reason, "worker disconnected");
  EXPECT_EQ(ToString(FailureKind::kDeviceError), "device_error");
}

TEST(FailureInjector, TheEarliestEventWins) {
  const FailureInjector injector;
  const SimDevice gpu = Device("a100-80gb", "gpu0", kAlwaysDeviceError);
  AttemptInput input = Input(gpu);
  input.memory_per_device_bytes = 100 * kGiB;  // OOM while loading, before anything else
  input.worker_rates.crash_per_attempt = 1.0;
  Rng rng(2);
  int ooms = 0;
  for (int i = 0; i < 100; ++i) {
    const auto f = injector.PlanAttempt(input, rng);
    ASSERT_TRUE(f);
    ooms += f->kind == FailureKind::kOom;
  }
  // A crash or device error drawn in the first 1-5 % of the run may come first.
  EXPECT_GT(ooms, 80);
}

}  // namespace
}  // namespace hawk::sim
