// Combining the results of a sharded task's subtasks (seed: "result
// aggregation"). A shard's result is the text it reported (the last line of
// its stdout, or the file it wrote to $HAWK_RESULT_FILE).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/workload.h"

namespace hawk::engine {

struct AggregatedResult {
  Aggregation method = Aggregation::kNone;
  std::size_t count = 0;            // shards that reported a result
  std::vector<std::string> values;  // in shard order
  std::optional<std::string> text;  // concat: values joined by '\n'
  std::optional<double> number;     // sum or average
};

// `shard_results[i]` is shard i's result, nullopt when it reported none (or
// was skipped). Sum and average need every reported value to be a number; a
// value that is not is an error naming the shard.
Result<AggregatedResult> Aggregate(Aggregation method,
                                   const std::vector<std::optional<std::string>>& shard_results);

}  // namespace hawk::engine
