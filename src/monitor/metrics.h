// Flattens a snapshot (and the rates to it) into named values, one per
// (device, metric): the rows of `resource_utilization`, the series of the
// report and the input of summaries. Names carry units
// ("cpu_utilization_ratio", "memory_used_bytes", "temperature_celsius").
// Device ids: none for the host, "cpu:N" for a logical CPU, "disk:sda",
// "net:eth0", "gpu0", "sensor:hwmon0/temp1", "zone:thermal_zone0",
// "rapl:intel-rapl:0". Missing values give no row.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "monitor/host_snapshot.h"
#include "monitor/rates.h"

namespace hawk::monitor {

struct MetricValue {
  std::optional<std::string> device_id;
  std::string metric;
  double value = 0;
};

std::vector<MetricValue> FlattenMetrics(const HostSnapshot& snapshot, const HostRates* rates);

}  // namespace hawk::monitor
