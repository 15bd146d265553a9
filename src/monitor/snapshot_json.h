// JSON for snapshots and rates (`hawk monitor --json`). Keys carry units;
// counters keep the kernel's cumulative totals (cpu.seconds_total,
// disks[].read_bytes_total, network[].receive_bytes_total) so that two
// snapshots give rates. A value that is missing is null, never 0; a part the
// plan collects but could not read is null and listed under "missing"; a
// part the plan does not collect is absent.
#pragma once

#include <nlohmann/json.hpp>

#include "monitor/host_snapshot.h"
#include "monitor/rates.h"

namespace hawk::monitor {

nlohmann::json CpuTimesToJson(const CpuTimes& times);
nlohmann::json SnapshotToJson(const HostSnapshot& snapshot);
nlohmann::json RatesToJson(const HostRates& rates);

}  // namespace hawk::monitor
