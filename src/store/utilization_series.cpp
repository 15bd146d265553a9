#include "store/utilization_series.h"

#include <algorithm>
#include <utility>

#include "store/duckdb_rows.h"
#include "store/utf8.h"

namespace hawk::duck {
namespace {

const char* BadTextField(const UtilizationSample& s) {
  if (!IsValidUtf8(s.worker_id)) return "worker_id";
  if (s.device_id && !IsValidUtf8(*s.device_id)) return "device_id";
  if (!IsValidUtf8(s.metric)) return "metric";
  return nullptr;
}

}  // namespace

std::size_t UtilizationSeries::Hash::operator()(const KeyView& key) const noexcept {
  const std::hash<std::string_view> text;
  const std::size_t device = key.device_id ? text(*key.device_id) : 0x51ed27U;
  const std::size_t metric = text(key.metric);
  return device ^ (metric + 0x9e3779b97f4a7c15ULL + (device << 6U) + (device >> 2U));
}

Result<std::unique_ptr<UtilizationSeries>> UtilizationSeries::Load(Connection& conn) {
  auto appender = Appender::Create(conn, "utilization_series",
                                   {"series_id", "worker_id", "device_id", "metric"});
  if (!appender) return tl::unexpected(appender.error());
  std::unique_ptr<UtilizationSeries> series(new UtilizationSeries(std::move(*appender)));
  auto result = conn.Query("SELECT series_id, worker_id, device_id, metric FROM utilization_series",
                           "read utilization_series");
  if (!result) return tl::unexpected(result.error());
  auto status = ForEachRow(*result, [&](const Row& row) -> Status {
    const std::int64_t id = row.Int(0).value_or(0);
    series->workers_[row.Text(1).value_or("")].emplace(Key{row.Text(2), row.Text(3).value_or("")},
                                                       id);
    ++series->size_;
    series->next_id_ = std::max(series->next_id_, id + 1);
    return Ok();
  });
  if (!status) return tl::unexpected(status.error());
  return series;
}

std::optional<std::int64_t> UtilizationSeries::Find(const UtilizationSample& sample,
                                                    WorkerCache& worker) {
  if (worker.series == nullptr || worker.name != sample.worker_id) {
    auto it = workers_.find(std::string_view(sample.worker_id));
    if (it == workers_.end()) {
      worker = {};
      return std::nullopt;
    }
    worker = {it->first, &it->second};
  }
  const KeyView key{
      sample.device_id ? std::optional<std::string_view>(*sample.device_id) : std::nullopt,
      sample.metric};
  auto it = worker.series->find(key);
  if (it == worker.series->end()) return std::nullopt;
  return it->second;
}

Status UtilizationSeries::Register(const UtilizationSample& sample, std::int64_t id) {
  if (auto ok = appender_->Row(id, sample.worker_id, sample.device_id, sample.metric); !ok) {
    return ok;
  }
  workers_[sample.worker_id].emplace(Key{sample.device_id, sample.metric}, id);
  ++size_;
  return Ok();
}

Status UtilizationSeries::Resolve(std::span<const UtilizationSample> samples,
                                  std::vector<std::int64_t>& ids) {
  // First pass: known series get their id; a new one is checked but not yet
  // registered, so that a bad sample leaves the registry as it was.
  constexpr std::int64_t kNew = 0;
  ids.assign(samples.size(), kNew);
  bool any_new = false;
  WorkerCache worker;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (auto id = Find(samples[i], worker)) {
      ids[i] = *id;
      continue;
    }
    if (const char* bad = BadTextField(samples[i]); bad != nullptr) {
      return InvalidArgument("samples[" + std::to_string(i) + "]." + bad + " is not valid UTF-8",
                             "resource_utilization", "text stored by hawk must be UTF-8");
    }
    any_new = true;
  }
  if (!any_new) return Ok();
  worker = {};
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (ids[i] != kNew) continue;
    if (auto id = Find(samples[i], worker)) {  // new earlier in this batch
      ids[i] = *id;
      continue;
    }
    if (auto ok = Register(samples[i], next_id_); !ok) return ok;
    ids[i] = next_id_++;
  }
  return Ok();
}

}  // namespace hawk::duck
