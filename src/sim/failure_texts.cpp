#include "sim/failure_texts.h"

#include <cctype>
#include <string>

namespace hawk::sim {
namespace {

constexpr int kSigAbrt = 6;
constexpr int kSigBus = 7;
constexpr int kSigKill = 9;
constexpr int kSigSegv = 11;

// "gpu2" -> "2": the index a framework prints for the device.
std::string DeviceIndex(const std::optional<std::string>& id) {
  if (!id) return "0";
  std::size_t i = id->size();
  while (i > 0 && std::isdigit(static_cast<unsigned char>((*id)[i - 1]))) --i;
  return i == id->size() ? "0" : id->substr(i);
}

bool IsCoral(const DeviceProfile& d) {
  return d.backends.Contains(Backend::kTflite) && !d.backends.Contains(Backend::kXla);
}

void Crash(PlannedFailure& f, std::uint64_t variant) {
  switch (variant % 3) {
    case 0:
      f.exit_code = 1;
      f.stderr_text =
          "Traceback (most recent call last):\n"
          "  File \"run.py\", line 57, in <module>\n"
          "    main()\n"
          "  File \"run.py\", line 41, in main\n"
          "    result = step(batch)\n"
          "RuntimeError: step failed: tensor shapes do not match\n";
      f.reason = "crashed with exit code 1";
      return;
    case 1:
      f.signal = kSigSegv;
      f.stderr_text = "Segmentation fault (core dumped)\n";
      f.reason = "crashed with signal 11 (SIGSEGV)";
      return;
    default:
      f.signal = kSigAbrt;
      f.stderr_text =
          "terminate called after throwing an instance of 'std::runtime_error'\n"
          "  what():  unexpected end of input\n"
          "Aborted (core dumped)\n";
      f.reason = "crashed with signal 6 (SIGABRT)";
      return;
  }
}

void DeviceError(PlannedFailure& f, const DeviceProfile& d, std::uint64_t variant) {
  const std::string index = DeviceIndex(f.device_id);
  f.exit_code = 1;
  if (d.hardware_class == HardwareClass::kBrowser) {
    f.stderr_text =
        "Uncaught (in promise) OperationError: GPUDevice was lost (reason: unknown): "
        "GPU connection lost\n";
  } else if (d.architecture == Architecture::kCuda) {
    f.stderr_text = variant % 2 == 0
                        ? "RuntimeError: CUDA error: an illegal memory access was encountered\n"
                          "CUDA kernel errors might be asynchronously reported at some other API "
                          "call, so the stacktrace below might be incorrect.\n"
                          "For debugging consider passing CUDA_LAUNCH_BLOCKING=1\n"
                        : "RuntimeError: CUDA error: unspecified launch failure\n"
                          "Compile with `TORCH_USE_CUDA_DSA` to enable device-side assertions.\n";
  } else if (d.architecture == Architecture::kRocm) {
    if (variant % 2 == 0) {
      f.exit_code.reset();
      f.signal = kSigAbrt;
      f.stderr_text = "Memory access fault by GPU node-" + index +
                      " (Agent handle: 0x55d3a8c0e2a0) on address 0x7f3e1c000000. Reason: Page "
                      "not present or supervisor privilege.\n";
    } else {
      f.stderr_text = "RuntimeError: HIP error: an illegal memory access was encountered\n";
    }
  } else if (d.architecture == Architecture::kMetal) {
    f.stderr_text =
        "Error: command buffer exited with error status.\n"
        "\tThe Metal Performance Shaders operations encoded on it may not have completed.\n"
        "\tError: \n\t(null)\n\tInternal Error (0000000e:Internal Error)\n";
  } else if (d.hardware_class == HardwareClass::kTpu && IsCoral(d)) {
    f.stderr_text = "RuntimeError: Error in device opening (/dev/apex_" + index + ")!\n";
  } else if (d.hardware_class == HardwareClass::kTpu) {
    f.stderr_text =
        "jaxlib.xla_extension.XlaRuntimeError: INTERNAL: Core halted unexpectedly: TPU chip " +
        index + " failed its health check\n";
  } else if (d.architecture == Architecture::kHexagon) {
    f.stderr_text =
        "QnnDsp <E> Failed to execute graph: QNN_COMMON_ERROR_SYSTEM_COMMUNICATION (1008): "
        "DSP transport error\n";
  } else if (d.hardware_class == HardwareClass::kCpu) {
    f.exit_code.reset();
    f.signal = kSigBus;
    f.stderr_text = "Bus error (core dumped)\n";
  } else {
    f.stderr_text = "device error: " + d.model + " stopped responding\n";
  }
  f.reason = "device error on " + f.device_id.value_or("?");
}

void Oom(PlannedFailure& f, const DeviceProfile& d, std::optional<Bytes> need) {
  const Bytes total = d.memory_total_bytes;
  const bool too_big = need && *need > total;
  // What the failing allocation asked for, and what was left.
  const Bytes tried = too_big ? *need - total / 2 : (need ? *need / 4 : total / 8) + 1;
  const Bytes free_bytes = too_big ? total / 64 : tried / 2;
  const std::string index = DeviceIndex(f.device_id);
  f.exit_code = 1;
  if (d.hardware_class == HardwareClass::kCpu) {
    f.exit_code.reset();
    f.signal = kSigKill;
    f.stderr_text = "Killed\n";
  } else if (d.hardware_class == HardwareClass::kBrowser) {
    f.stderr_text = "GPUOutOfMemoryError: failed to allocate a buffer of " + FormatBytes(tried) +
                    " (adapter memory " + FormatBytes(total) + ")\n";
  } else if (d.architecture == Architecture::kCuda || d.architecture == Architecture::kRocm) {
    const char* api = d.architecture == Architecture::kCuda ? "CUDA" : "HIP";
    f.stderr_text = std::string("torch.OutOfMemoryError: ") + api +
                    " out of memory. Tried to allocate " + FormatBytes(tried) + ". GPU " + index +
                    " has a total capacity of " + FormatBytes(total) + " of which " +
                    FormatBytes(free_bytes) + " is free.\n";
  } else if (d.architecture == Architecture::kMetal) {
    f.stderr_text = "RuntimeError: MPS backend out of memory (MPS allocated: " +
                    FormatBytes(total - free_bytes) + ", max allowed: " + FormatBytes(total) +
                    "). Tried to allocate " + FormatBytes(tried) + " on private pool.\n";
  } else if (d.hardware_class == HardwareClass::kTpu && IsCoral(d)) {
    f.stderr_text = "RuntimeError: Failed to allocate tensors: Edge TPU needs " +
                    FormatBytes(tried) + " of on-chip memory, " + FormatBytes(free_bytes) +
                    " available\n";
  } else if (d.hardware_class == HardwareClass::kTpu) {
    f.stderr_text =
        "jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: Error allocating device "
        "buffer: Attempting to allocate " +
        FormatBytes(tried) + ". That was not possible. There are " + FormatBytes(free_bytes) +
        " free.\n";
  } else if (d.architecture == Architecture::kHexagon) {
    f.stderr_text = "QnnHtp <E> Failed to allocate " + FormatBytes(tried) +
                    " for graph execution: QNN_COMMON_ERROR_MEM_ALLOC\n";
  } else {
    f.stderr_text = "out of memory: failed to allocate " + FormatBytes(tried) + "\n";
  }
  f.reason = "out of memory on " + f.device_id.value_or("?");
  if (too_big) {
    f.reason += ": needs " + FormatBytes(*need) + ", has " + FormatBytes(total);
  }
}

}  // namespace

void DescribeFailure(PlannedFailure& failure, const DeviceProfile* device,
                     std::optional<Bytes> need_bytes, std::uint64_t variant) {
  failure.exit_code.reset();
  failure.signal.reset();
  failure.stderr_text.clear();
  switch (failure.kind) {
    case FailureKind::kCrash: Crash(failure, variant); return;
    case FailureKind::kDisconnect: failure.reason = "worker disconnected"; return;
    case FailureKind::kDeviceError:
      if (device != nullptr) {
        DeviceError(failure, *device, variant);
      } else {
        failure.exit_code = 1;
        failure.stderr_text = "device error\n";
        failure.reason = "device error";
      }
      return;
    case FailureKind::kOom:
      if (device != nullptr) {
        Oom(failure, *device, need_bytes);
      } else {
        failure.signal = kSigKill;
        failure.stderr_text = "Killed\n";
        failure.reason = "out of memory";
      }
      return;
  }
}

}  // namespace hawk::sim
