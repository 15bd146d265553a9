// Internal to the report module: the device and worker part of
// BuildReportData (utilization and temperature summaries, the per-worker
// utilization series, the thermal grid, attempts per device).
#pragma once

#include "report/report_data.h"

namespace hawk::report {

// Fills data.devices, data.workers, data.utilization_series and
// data.thermal. Expects data.attempts to be built already.
void BuildMetrics(const ReportSource& source, ReportData& data);

// True for a metric that is a utilization ratio ("utilization_ratio",
// "cpu_utilization_ratio", "gpu_utilization_ratio", ...).
bool IsUtilizationMetric(const std::string& metric);

}  // namespace hawk::report
