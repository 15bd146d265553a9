// Reading query results row by row through DuckDB's data-chunk API. Internal
// to the store module. A Row is valid only inside the ForEachRow callback.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/enum_names.h"
#include "core/enum_set.h"
#include "core/result.h"
#include "store/duckdb_api.h"

namespace hawk::duck {

struct ChunkView;

// One row of a result. Accessors return std::nullopt for SQL NULL. Asking for
// a type the column cannot give (text from a DOUBLE column) is a bug in the
// store's SQL: the accessor returns std::nullopt and ForEachRow reports
// kInternal naming the column.
class Row {
 public:
  Row(ChunkView* chunk, idx_t row) : chunk_(chunk), row_(row) {}

  [[nodiscard]] std::optional<std::int64_t> Int(idx_t col) const;    // any integer column
  [[nodiscard]] std::optional<std::uint64_t> UInt(idx_t col) const;  // non-negative integers
  [[nodiscard]] std::optional<double> Double(idx_t col) const;       // DOUBLE, FLOAT
  [[nodiscard]] std::optional<bool> Bool(idx_t col) const;           // BOOLEAN
  [[nodiscard]] std::optional<std::string> Text(idx_t col) const;    // VARCHAR
  [[nodiscard]] std::optional<TimePoint> Time(idx_t col) const;      // TIMESTAMP
  // VARCHAR[]; NULL gives an empty list, NULL items are skipped.
  [[nodiscard]] std::vector<std::string> TextList(idx_t col) const;

 private:
  [[nodiscard]] bool IsNull(idx_t col) const;
  void TypeError(idx_t col, const char* wanted) const;

  ChunkView* chunk_;
  idx_t row_;
};

// Calls `fn` for every row of `result` in order and stops at its first error.
Status ForEachRow(QueryResult& result, const std::function<Status(const Row&)>& fn);

// A stored enum name that this binary does not know is kCorrupt naming the
// column (a newer hawk may have written it).
tl::unexpected<Error> UnknownStoredName(std::string_view name, std::string_view column);

template <typename E>
Result<E> ParseStored(const std::optional<std::string>& name, std::string_view column) {
  auto parsed = Parse<E>(name.value_or(""));
  if (!parsed) return UnknownStoredName(name.value_or("NULL"), column);
  return *parsed;
}

template <typename E>
Result<EnumSet<E>> ParseStoredSet(const std::vector<std::string>& names, std::string_view column) {
  EnumSet<E> out;
  for (const std::string& name : names) {
    auto parsed = Parse<E>(name);
    if (!parsed) return UnknownStoredName(name, column);
    out.Insert(*parsed);
  }
  return out;
}

}  // namespace hawk::duck
