// Failure classification: what an attempt's outcome (exit code, signal, the
// flags a worker reports, the tail of its log) says about why it failed.
// Pure functions, no I/O; thread-safe (no shared state).
//
// Precedence, highest first (the first rule that fires decides the kind):
//   1. worker_lost       the worker disconnected or stopped heartbeating; the
//                        process's own fate is unknown, so nothing else counts.
//   2. timed_out         hawk's timeout fired and it killed the process; the
//                        kill signal it sent is a consequence, not a cause.
//   3. oom_killed        the kernel / cgroup OOM killer reported the process.
//   4. device_error      a structured device fault reported by the worker
//                        (e.g. an NVML Xid event), stronger than any log text.
//   5. log patterns      in this order: out of memory > CUDA error > other GPU
//                        device fault > browser / WebGPU context lost >
//                        connection error. A signal or an exit code says that
//                        the process died; the log says why, so the log wins.
//                        "CUDA error: out of memory" is therefore oom, and a
//                        SIGKILL whose log says "Killed" is oom (the shell's
//                        message for the OOM killer's SIGKILL).
//   6. signal            the process died of a signal.
//   7. exit code         a non-zero exit code.
// An outcome with exit code 0, no signal and none of the flags succeeded
// (kind none), whatever its log says. An outcome with no exit code, no signal
// and no flag is unknown.
//
// Log patterns match whole words, case-insensitively: the text is split into
// words at every non-alphanumeric character and at camelCase boundaries
// ("OOMKilled" -> "OOM" "Killed", "cudaErrorIllegalAddress" -> "cuda" "Error"
// "Illegal" "Address", "std::bad_alloc" -> "std" "bad" "alloc"), and a pattern
// is a sequence of consecutive words. So "room", "bloom" and "zoom" never match
// "oom", while "OOMKilled" and "oom-killer" do.
//
// Signal numbers are read with their Linux values (SIGKILL = 9, SIGSEGV = 11).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/enum_names.h"

// clang-format off
#define HAWK_FAILURE_KINDS(X) \
  X(kNone, "none") \
  X(kExitCode, "exit_code") \
  X(kSignal, "signal") \
  X(kOom, "oom") \
  X(kTimeout, "timeout") \
  X(kWorkerLost, "worker_lost") \
  X(kDeviceError, "device_error") \
  X(kCudaError, "cuda_error") \
  X(kBrowserContextLost, "browser_context_lost") \
  X(kConnectionError, "connection_error") \
  X(kUnknown, "unknown")
// clang-format on

// What a failure says about its cause, for choosing a recovery.
//   transient      likely to pass on a retry (connection errors, a lost
//                  worker, a process killed from outside).
//   deterministic  likely to fail again the same way (a non-zero exit, a
//                  crash signal): a bug in the task or its input.
//   device         the device misbehaved (CUDA error, device fault, browser
//                  GPU context lost): counts against the device.
//   resource       the task ran out of memory: needs less memory or more.
//   unknown        no telling (timeouts, unknown outcomes).
// clang-format off
#define HAWK_FAILURE_NATURES(X) \
  X(kNone, "none") \
  X(kTransient, "transient") \
  X(kDeterministic, "deterministic") \
  X(kDevice, "device") \
  X(kResource, "resource") \
  X(kUnknown, "unknown")
// clang-format on

namespace hawk::engine {

enum class FailureKind : unsigned char { HAWK_FAILURE_KINDS(HAWK_ENUM_MEMBER_) };
enum class FailureNature : unsigned char { HAWK_FAILURE_NATURES(HAWK_ENUM_MEMBER_) };

}  // namespace hawk::engine

namespace hawk {
template <>
struct EnumTraits<engine::FailureKind> {
  static constexpr std::string_view kKind = "failure kind";
  static constexpr std::array kNames = {HAWK_FAILURE_KINDS(HAWK_ENUM_NAME_)};
};
template <>
struct EnumTraits<engine::FailureNature> {
  static constexpr std::string_view kKind = "failure nature";
  static constexpr std::array kNames = {HAWK_FAILURE_NATURES(HAWK_ENUM_NAME_)};
};
}  // namespace hawk

namespace hawk::engine {

// What a worker reported about one finished attempt.
struct AttemptOutcome {
  std::optional<int> exit_code;             // absent when killed by a signal
  std::optional<int> signal;                // terminating signal (Linux numbering)
  bool oom_killed = false;                  // kernel / cgroup OOM killer
  bool timed_out = false;                   // hawk's timeout fired
  bool worker_lost = false;                 // worker disconnected mid-attempt
  std::optional<std::string> device_error;  // structured device fault report
  std::string log_tail;                     // last part of stderr / the log
};

struct Classification {
  FailureKind kind = FailureKind::kUnknown;
  FailureNature nature = FailureNature::kUnknown;
  // One line for people: "oom: log says 'CUDA out of memory. Tried to ...'".
  std::string reason;
  std::optional<int> exit_code;  // copied from the outcome
  std::optional<int> signal;     // copied from the outcome
  // True when the out-of-memory condition was on an accelerator (the log
  // names CUDA / HIP / a device) rather than in host memory. Only with kOom.
  bool device_memory = false;

  [[nodiscard]] bool failed() const { return kind != FailureKind::kNone; }
  friend bool operator==(const Classification&, const Classification&) = default;
};

Classification ClassifyOutcome(const AttemptOutcome& outcome);

// The nature a kind has by itself. kSignal depends on the signal, so
// ClassifyOutcome refines it: crash signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
// SIGABRT) are deterministic, SIGKILL / SIGTERM / SIGINT / SIGHUP transient.
FailureNature NatureOf(FailureKind kind);

// True for kinds that count against the device: cuda_error, device_error,
// browser_context_lost.
bool IsDeviceRelated(FailureKind kind);

// "SIGKILL" for 9; "signal 42" for numbers without a name here.
std::string SignalName(int signal);

// Whole-word, case-insensitive search (the rules above). `phrase` is split the
// same way as the text, so "bad_alloc" and "out of memory" work as written.
// Returns the byte offset in `text` of the last match, if any.
std::optional<std::size_t> FindWords(std::string_view text, std::string_view phrase);

}  // namespace hawk::engine
