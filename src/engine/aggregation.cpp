#include "engine/aggregation.h"

#include <charconv>
#include <cmath>

namespace hawk::engine {
namespace {

std::optional<double> ParseNumber(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

Result<AggregatedResult> Aggregate(Aggregation method,
                                   const std::vector<std::optional<std::string>>& shard_results) {
  AggregatedResult out;
  out.method = method;
  for (const auto& r : shard_results) {
    if (r) out.values.push_back(*r);
  }
  out.count = out.values.size();
  switch (method) {
    case Aggregation::kNone: break;
    case Aggregation::kConcat: {
      std::string joined;
      for (std::size_t i = 0; i < out.values.size(); ++i) {
        if (i > 0) joined += '\n';
        joined += out.values[i];
      }
      out.text = std::move(joined);
      break;
    }
    case Aggregation::kSum:
    case Aggregation::kAverage: {
      double total = 0;
      for (std::size_t shard = 0; shard < shard_results.size(); ++shard) {
        if (!shard_results[shard]) continue;
        const std::optional<double> v = ParseNumber(*shard_results[shard]);
        if (!v) {
          return InvalidArgument("shard " + std::to_string(shard) + " reported '" +
                                     *shard_results[shard] + "', not a number",
                                 "aggregate: " + std::string(ToString(method)),
                                 "make each shard print one number as its result, or use "
                                 "aggregate: concat");
        }
        total += *v;
      }
      if (method == Aggregation::kSum) {
        out.number = total;
      } else if (out.count > 0) {
        out.number = total / static_cast<double>(out.count);
      }
      break;
    }
  }
  return out;
}

}  // namespace hawk::engine
