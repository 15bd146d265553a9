// UtilizationSeries: the `utilization_series` dimension of a DuckDbStore at
// schema v3 and later. Each distinct (worker_id, device_id, metric) is one
// series with a BIGINT id; a sample is stored as (ts, series_id, value) in
// `utilization_points`, three fixed-width columns, which DuckDB appends and
// compresses far faster than three text columns per row. The
// `resource_utilization` view joins the two back into the long format.
//
// The registry keeps every series of the database in memory (loaded at open;
// a fleet has thousands of series, not millions) and hands out ids for new
// ones, whose rows it appends to `utilization_series`. Internal to the store.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/duckdb_api.h"
#include "store/records.h"

namespace hawk::duck {

class UtilizationSeries {
 public:
  // Loads the existing series of `conn`'s database and opens an appender for
  // new ones.
  static Result<std::unique_ptr<UtilizationSeries>> Load(Connection& conn);

  // The series id of every sample, in order, registering the series not seen
  // before. All or nothing: a sample with text that is not valid UTF-8 is an
  // error (kInvalidArgument naming `samples[i].field`) and registers nothing.
  Status Resolve(std::span<const UtilizationSample> samples, std::vector<std::int64_t>& ids);

  // Writes the rows of series registered since the last flush. Call before
  // flushing the points that use them.
  Status Flush() { return appender_->Flush(); }

  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  // The series of one worker, keyed by (device_id, metric) with borrowed text
  // for lookups. Samples arrive grouped by worker, so the worker's map is
  // found once per run of samples and stays in cache.
  struct KeyView {
    std::optional<std::string_view> device_id;
    std::string_view metric;
    friend bool operator==(const KeyView&, const KeyView&) = default;
  };
  struct Key {
    std::optional<std::string> device_id;
    std::string metric;
    [[nodiscard]] KeyView view() const {
      return {device_id ? std::optional<std::string_view>(*device_id) : std::nullopt, metric};
    }
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(const KeyView& key) const noexcept;
    std::size_t operator()(const Key& key) const noexcept { return (*this)(key.view()); }
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  struct Equal {
    using is_transparent = void;
    bool operator()(const KeyView& a, const KeyView& b) const noexcept { return a == b; }
    bool operator()(const Key& a, const KeyView& b) const noexcept { return a.view() == b; }
    bool operator()(const KeyView& a, const Key& b) const noexcept { return a == b.view(); }
    bool operator()(const Key& a, const Key& b) const noexcept { return a.view() == b.view(); }
    bool operator()(std::string_view a, std::string_view b) const noexcept { return a == b; }
  };
  using WorkerSeries = std::unordered_map<Key, std::int64_t, Hash, Equal>;
  // The worker map found for the previous sample; `name` views the map's own
  // key, which stays put while the map lives.
  struct WorkerCache {
    std::string_view name;
    WorkerSeries* series = nullptr;
  };

  explicit UtilizationSeries(std::unique_ptr<Appender> appender) : appender_(std::move(appender)) {}
  // The known id of `sample`'s series; `worker` carries the worker's map
  // from one sample to the next.
  std::optional<std::int64_t> Find(const UtilizationSample& sample, WorkerCache& worker);
  Status Register(const UtilizationSample& sample, std::int64_t id);

  std::unique_ptr<Appender> appender_;  // rows of `utilization_series`
  std::unordered_map<std::string, WorkerSeries, Hash, Equal> workers_;
  std::size_t size_ = 0;
  std::int64_t next_id_ = 1;
};

}  // namespace hawk::duck
