#include "report/report_metrics.h"

#include <algorithm>
#include <map>
#include <utility>

namespace hawk::report {
namespace {

constexpr const char* kTemperature = "temperature_celsius";

using DeviceKey = std::pair<std::string, std::string>;  // worker_id, device_id ("" = host)

class StatsBuilder {
 public:
  void Add(double value) {
    sum_ += value;
    peak_ = count_ == 0 ? value : std::max(peak_, value);
    ++count_;
  }
  [[nodiscard]] std::optional<SampleStats> Get() const {
    if (count_ == 0) return std::nullopt;
    return SampleStats{count_, sum_ / static_cast<double>(count_), peak_};
  }

 private:
  std::size_t count_ = 0;
  double sum_ = 0.0;
  double peak_ = 0.0;
};

DeviceRow& Device(std::map<DeviceKey, DeviceRow>& devices, const std::string& worker,
                  const std::string& device) {
  DeviceRow& row = devices[{worker, device}];
  row.worker_id = worker;
  row.device_id = device;
  return row;
}

// Averages a series into at most kMaxSeriesPoints equal time buckets; each
// point is stamped with the first sample time in its bucket.
std::vector<SeriesPoint> Downsample(const std::vector<SeriesPoint>& points) {
  if (points.size() <= kMaxSeriesPoints) return points;
  const std::int64_t start = ToUnixMillis(points.front().ts);
  const std::int64_t span = ToUnixMillis(points.back().ts) - start + 1;
  const std::int64_t bucket_ms = (span + static_cast<std::int64_t>(kMaxSeriesPoints) - 1) /
                                 static_cast<std::int64_t>(kMaxSeriesPoints);
  std::vector<SeriesPoint> out;
  std::int64_t current = -1;
  double sum = 0;
  std::size_t count = 0;
  for (const SeriesPoint& p : points) {
    const std::int64_t bucket = (ToUnixMillis(p.ts) - start) / bucket_ms;
    if (bucket != current) {
      if (count > 0) out.back().value = sum / static_cast<double>(count);
      out.push_back(p);
      current = bucket;
      sum = 0;
      count = 0;
    }
    sum += p.value;
    ++count;
  }
  if (count > 0) out.back().value = sum / static_cast<double>(count);
  return out;
}

ThermalGrid BuildThermal(const std::vector<UtilizationSample>& samples) {
  ThermalGrid grid;
  std::optional<std::int64_t> first;
  std::optional<std::int64_t> last;
  for (const UtilizationSample& s : samples) {
    if (s.metric != kTemperature) continue;
    const std::int64_t t = ToUnixMillis(s.ts);
    first = std::min(first.value_or(t), t);
    last = std::max(last.value_or(t), t);
  }
  if (!first) return grid;
  const std::int64_t span = *last - *first + 1;
  const auto buckets_wanted = static_cast<std::int64_t>(kThermalBuckets);
  grid.start = FromUnixMillis(*first);
  grid.bucket_ms = std::max<std::int64_t>(1, (span + buckets_wanted - 1) / buckets_wanted);
  const auto buckets = static_cast<std::size_t>((span + grid.bucket_ms - 1) / grid.bucket_ms);
  std::map<DeviceKey, ThermalRow> rows;
  for (const UtilizationSample& s : samples) {
    if (s.metric != kTemperature) continue;
    const std::string device = s.device_id.value_or("");
    ThermalRow& row = rows[{s.worker_id, device}];
    if (row.max_celsius.empty()) {
      row.worker_id = s.worker_id;
      row.device_id = device;
      row.max_celsius.resize(buckets);
    }
    const auto bucket = static_cast<std::size_t>((ToUnixMillis(s.ts) - *first) / grid.bucket_ms);
    auto& cell = row.max_celsius[bucket];
    cell = std::max(cell.value_or(s.value), s.value);
  }
  for (auto& [key, row] : rows) grid.rows.push_back(std::move(row));
  return grid;
}

}  // namespace

bool IsUtilizationMetric(const std::string& metric) {
  return metric.ends_with("utilization_ratio");
}

void BuildMetrics(const ReportSource& source, ReportData& data) {
  std::map<DeviceKey, DeviceRow> devices;
  for (const HardwareCapabilityRecord& c : source.devices) {
    DeviceRow& row = Device(devices, c.worker_id, c.device_id);
    row.model = c.model;
    row.hardware_class = c.hardware_class;
  }
  std::map<DeviceKey, StatsBuilder> utilization;
  std::map<DeviceKey, StatsBuilder> temperature;
  // worker -> ts -> (sum, count) of its utilization samples at that time.
  std::map<std::string, std::map<TimePoint, std::pair<double, std::size_t>>> worker_samples;
  for (const UtilizationSample& s : source.utilization) {
    const DeviceKey key{s.worker_id, s.device_id.value_or("")};
    if (IsUtilizationMetric(s.metric)) {
      Device(devices, key.first, key.second);
      utilization[key].Add(s.value);
      auto& [sum, count] = worker_samples[s.worker_id][s.ts];
      sum += s.value;
      ++count;
    } else if (s.metric == kTemperature) {
      Device(devices, key.first, key.second);
      temperature[key].Add(s.value);
    }
  }
  for (const AttemptRow& a : data.attempts) {
    if (!a.record.worker_id) continue;
    for (const std::string& device : a.record.devices) {
      DeviceRow& row = Device(devices, *a.record.worker_id, device);
      ++row.attempts;
      row.busy_ms += a.run_ms.value_or(0);
      row.throttled_ms += a.record.throttled_ms.value_or(0);
    }
  }

  std::map<std::string, WorkerRow> workers;
  for (const WorkerHardwareRecord& w : source.workers) {
    WorkerRow& row = workers[w.worker_id];
    row.worker_id = w.worker_id;
    row.hostname = w.hostname;
    row.os = w.os;
  }
  for (auto& [key, row] : devices) {
    row.utilization_ratio = utilization[key].Get();
    row.temperature_celsius = temperature[key].Get();
    WorkerRow& worker = workers[key.first];
    worker.worker_id = key.first;
    worker.devices += key.second.empty() ? 0 : 1;
    data.devices.push_back(row);
  }
  for (const AttemptRow& a : data.attempts) {
    if (!a.record.worker_id) continue;
    WorkerRow& worker = workers[*a.record.worker_id];
    worker.worker_id = *a.record.worker_id;
    ++worker.attempts;
    worker.failed_attempts += a.record.status == "failed" ? 1 : 0;
  }
  for (auto& [id, row] : workers) {
    auto samples = worker_samples.find(id);
    if (samples != worker_samples.end()) {
      StatsBuilder stats;
      WorkerSeries series{id, {}};
      for (const auto& [ts, sum_count] : samples->second) {
        const double mean = sum_count.first / static_cast<double>(sum_count.second);
        stats.Add(mean);
        series.utilization_ratio.push_back(SeriesPoint{ts, mean});
      }
      row.utilization_ratio = stats.Get();
      series.utilization_ratio = Downsample(series.utilization_ratio);
      data.utilization_series.push_back(std::move(series));
    }
    data.workers.push_back(row);
  }
  data.thermal = BuildThermal(source.utilization);
}

}  // namespace hawk::report
