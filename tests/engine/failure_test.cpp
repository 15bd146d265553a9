#include "engine/failure.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hawk::engine {
namespace {

AttemptOutcome Exit(int code, std::string log = {}) {
  AttemptOutcome o;
  o.exit_code = code;
  o.log_tail = std::move(log);
  return o;
}

AttemptOutcome Signal(int sig, std::string log = {}) {
  AttemptOutcome o;
  o.signal = sig;
  o.log_tail = std::move(log);
  return o;
}

struct LogCase {
  std::string log;
  FailureKind expected;
};

TEST(ClassifyOutcome, LogPatternTable) {
  const std::vector<LogCase> cases = {
      // Out of memory, words not substrings.
      {"RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB", FailureKind::kOom},
      {"CUDA error: out of memory", FailureKind::kOom},
      {"fatal: Cannot allocate memory", FailureKind::kOom},
      {"terminate called after throwing an instance of 'std::bad_alloc'", FailureKind::kOom},
      {"Reason: OOMKilled", FailureKind::kOom},
      {"task invoked oom-killer: gfp_mask=0x100cca", FailureKind::kOom},
      {"OOM while loading weights", FailureKind::kOom},
      {"cudaErrorMemoryAllocation", FailureKind::kOom},
      {"meeting room 4 is booked", FailureKind::kExitCode},
      {"bloom filter rebuilt", FailureKind::kExitCode},
      {"zoom level 3", FailureKind::kExitCode},
      {"ZOOM BLOOM ROOM", FailureKind::kExitCode},
      // CUDA.
      {"CUDA error: an illegal memory access was encountered", FailureKind::kCudaError},
      {"cudaErrorIllegalAddress at kernel.cu:42", FailureKind::kCudaError},
      {"NCCL error in: ProcessGroupNCCL.cpp:1191, unhandled system error", FailureKind::kCudaError},
      {"NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus", FailureKind::kCudaError},
      {"CUBLAS_STATUS_EXECUTION_FAILED when calling cublasSgemm", FailureKind::kCudaError},
      // Other device faults.
      {"hipErrorLaunchFailure: unspecified", FailureKind::kDeviceError},
      {"amdgpu: ring gfx timeout, signaled seq=1", FailureKind::kDeviceError},
      {"ZE_RESULT_ERROR_DEVICE_LOST", FailureKind::kDeviceError},
      // Browser / WebGPU.
      {"Uncaught (in promise) GPUDevice was lost: reason unknown",
       FailureKind::kBrowserContextLost},
      {"WebGL: CONTEXT_LOST_WEBGL: loseContext: context lost", FailureKind::kBrowserContextLost},
      {"WebGL context lost", FailureKind::kBrowserContextLost},
      {"device lost while mapping buffer", FailureKind::kBrowserContextLost},
      // Connections.
      {"curl: (7) Failed to connect: Connection refused", FailureKind::kConnectionError},
      {"read ECONNRESET", FailureKind::kConnectionError},
      {"write: Broken pipe", FailureKind::kConnectionError},
      {"ssh: connect to host db port 22: Connection timed out", FailureKind::kConnectionError},
      {"Test TimedOutRetries timed out after 30s", FailureKind::kExitCode},
      // Nothing recognised.
      {"assertion failed: x == 3", FailureKind::kExitCode},
      {"", FailureKind::kExitCode},
  };
  for (const LogCase& c : cases) {
    const Classification got = ClassifyOutcome(Exit(1, c.log));
    EXPECT_EQ(got.kind, c.expected)
        << "log: '" << c.log << "' got " << hawk::ToString(got.kind) << " (" << got.reason << ")";
  }
}

TEST(FindWords, MatchesWholeWordsCaseInsensitively) {
  EXPECT_FALSE(FindWords("room", "oom"));
  EXPECT_FALSE(FindWords("bloom", "OOM"));
  EXPECT_FALSE(FindWords("Zoom", "oom"));
  EXPECT_TRUE(FindWords("OOMKilled", "oom"));
  EXPECT_TRUE(FindWords("pod was oom_killed", "OOM"));
  EXPECT_EQ(FindWords("a connection reset; then connection reset", "Connection Reset"),
            std::optional<std::size_t>(25));
  EXPECT_FALSE(FindWords("connection was reset", "connection reset"));
  EXPECT_FALSE(FindWords("anything", ""));
}

TEST(ClassifyOutcome, OomOnDeviceIsMarkedAsDeviceMemory) {
  EXPECT_TRUE(ClassifyOutcome(Exit(1, "CUDA out of memory")).device_memory);
  EXPECT_TRUE(ClassifyOutcome(Exit(1, "hipErrorOutOfMemory")).device_memory);
  EXPECT_FALSE(ClassifyOutcome(Exit(1, "std::bad_alloc")).device_memory);
}

TEST(ClassifyOutcome, ReasonQuotesTheMatchingLine) {
  const Classification c = ClassifyOutcome(
      Exit(1, "loading model\n  torch.cuda.OutOfMemoryError: CUDA out of memory.  \nbye\n"));
  EXPECT_EQ(c.kind, FailureKind::kOom);
  EXPECT_EQ(c.nature, FailureNature::kResource);
  EXPECT_EQ(c.reason, "oom: log says 'torch.cuda.OutOfMemoryError: CUDA out of memory.'");
  EXPECT_EQ(c.exit_code, 1);

  const std::string long_line = "CUDA error: " + std::string(300, 'x');
  const Classification shortened = ClassifyOutcome(Exit(1, long_line));
  EXPECT_LT(shortened.reason.size(), 160u);
  EXPECT_NE(shortened.reason.find("...'"), std::string::npos);
}

TEST(ClassifyOutcome, PrecedenceIsWorkerLostTimeoutOomFlagDeviceErrorLogSignalExit) {
  AttemptOutcome all = Signal(11, "CUDA error: illegal memory access");
  all.exit_code = 1;
  all.oom_killed = true;
  all.timed_out = true;
  all.worker_lost = true;
  all.device_error = "Xid 79";
  EXPECT_EQ(ClassifyOutcome(all).kind, FailureKind::kWorkerLost);
  all.worker_lost = false;
  EXPECT_EQ(ClassifyOutcome(all).kind, FailureKind::kTimeout);
  all.timed_out = false;
  EXPECT_EQ(ClassifyOutcome(all).kind, FailureKind::kOom);
  all.oom_killed = false;
  EXPECT_EQ(ClassifyOutcome(all).kind, FailureKind::kDeviceError);
  all.device_error.reset();
  EXPECT_EQ(ClassifyOutcome(all).kind, FailureKind::kCudaError);
  all.log_tail = "segfault";
  EXPECT_EQ(ClassifyOutcome(all).kind, FailureKind::kSignal);
  all.signal.reset();
  EXPECT_EQ(ClassifyOutcome(all).kind, FailureKind::kExitCode);
}

TEST(ClassifyOutcome, SuccessIgnoresTheLog) {
  const Classification c = ClassifyOutcome(Exit(0, "warning: connection reset, retrying"));
  EXPECT_EQ(c.kind, FailureKind::kNone);
  EXPECT_EQ(c.nature, FailureNature::kNone);
  EXPECT_FALSE(c.failed());
  EXPECT_EQ(c.reason, "succeeded");
}

TEST(ClassifyOutcome, ExitZeroWithAFlagStillFails) {
  AttemptOutcome o = Exit(0);
  o.timed_out = true;
  EXPECT_EQ(ClassifyOutcome(o).kind, FailureKind::kTimeout);
}

TEST(ClassifyOutcome, SigkillWithKilledInLogIsOom) {
  EXPECT_EQ(ClassifyOutcome(Signal(9, "Killed")).kind, FailureKind::kOom);
  EXPECT_EQ(ClassifyOutcome(Exit(137, "./train.sh: line 3: 812 Killed  python train.py")).kind,
            FailureKind::kOom);
  // A SIGKILL without that mark is just a signal, from outside: transient.
  const Classification plain = ClassifyOutcome(Signal(9));
  EXPECT_EQ(plain.kind, FailureKind::kSignal);
  EXPECT_EQ(plain.nature, FailureNature::kTransient);
  EXPECT_EQ(plain.reason, "signal: killed by SIGKILL");
  // "Killed" with another signal is not the OOM killer.
  EXPECT_EQ(ClassifyOutcome(Signal(15, "Killed")).kind, FailureKind::kSignal);
}

TEST(ClassifyOutcome, NaturesOfSignalsAndExitCodes) {
  EXPECT_EQ(ClassifyOutcome(Signal(11)).nature, FailureNature::kDeterministic);
  EXPECT_EQ(ClassifyOutcome(Signal(6)).nature, FailureNature::kDeterministic);
  EXPECT_EQ(ClassifyOutcome(Signal(15)).nature, FailureNature::kTransient);
  EXPECT_EQ(ClassifyOutcome(Signal(10)).nature, FailureNature::kUnknown);
  EXPECT_EQ(ClassifyOutcome(Signal(42)).reason, "signal: killed by signal 42");

  const Classification exit3 = ClassifyOutcome(Exit(3));
  EXPECT_EQ(exit3.nature, FailureNature::kDeterministic);
  EXPECT_EQ(exit3.reason, "exit_code: exited with code 3");
  const Classification exit143 = ClassifyOutcome(Exit(143));
  EXPECT_EQ(exit143.nature, FailureNature::kTransient);
  EXPECT_EQ(exit143.reason,
            "exit_code: exited with code 143 (128 + SIGTERM, killed under a shell)");
}

TEST(ClassifyOutcome, FlagsAndNatures) {
  AttemptOutcome lost;
  lost.worker_lost = true;
  EXPECT_EQ(ClassifyOutcome(lost).nature, FailureNature::kTransient);

  AttemptOutcome device;
  device.signal = 6;
  device.device_error = "Xid 48: double bit ECC error";
  const Classification d = ClassifyOutcome(device);
  EXPECT_EQ(d.kind, FailureKind::kDeviceError);
  EXPECT_EQ(d.nature, FailureNature::kDevice);
  EXPECT_EQ(d.reason, "device_error: device reported 'Xid 48: double bit ECC error'");
  EXPECT_EQ(d.signal, 6);

  EXPECT_EQ(ClassifyOutcome(AttemptOutcome{}).kind, FailureKind::kUnknown);
  EXPECT_EQ(ClassifyOutcome(Exit(1, "ECONNREFUSED")).nature, FailureNature::kTransient);
}

TEST(FailureKind, DeviceRelatedKindsAndNames) {
  EXPECT_TRUE(IsDeviceRelated(FailureKind::kCudaError));
  EXPECT_TRUE(IsDeviceRelated(FailureKind::kDeviceError));
  EXPECT_TRUE(IsDeviceRelated(FailureKind::kBrowserContextLost));
  EXPECT_FALSE(IsDeviceRelated(FailureKind::kOom));
  EXPECT_FALSE(IsDeviceRelated(FailureKind::kExitCode));
  EXPECT_FALSE(IsDeviceRelated(FailureKind::kWorkerLost));

  EXPECT_EQ(hawk::ToString(FailureKind::kBrowserContextLost), "browser_context_lost");
  EXPECT_EQ(hawk::Parse<FailureKind>("cuda_error").value(), FailureKind::kCudaError);
  const auto bad = hawk::Parse<FailureKind>("gremlins");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().hint.find("connection_error"), std::string::npos);
}

}  // namespace
}  // namespace hawk::engine
