// The stderr text and exit status of simulated failures, per kind of device.
// Used by the failure injector; public so the driver and tests can name the
// texts. `variant` picks one of a few realistic texts (any value is valid).
#pragma once

#include <cstdint>
#include <optional>

#include "core/device.h"
#include "sim/failure_injector.h"

namespace hawk::sim {

// Fills exit_code/signal, stderr_text and reason of `failure` (whose kind and
// device_id are set) for a failure on `device` (nullptr: no device, e.g. a
// crash or disconnect). `need_bytes` is the task's memory per device, if known.
void DescribeFailure(PlannedFailure& failure, const DeviceProfile* device,
                     std::optional<Bytes> need_bytes, std::uint64_t variant);

}  // namespace hawk::sim
