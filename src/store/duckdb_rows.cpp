#include "store/duckdb_rows.h"

#include <limits>
#include <utility>

namespace hawk::duck {

struct ChunkView {
  std::vector<duckdb_type> types;
  std::vector<std::string> names;
  std::vector<duckdb_vector> vectors;
  std::vector<void*> data;
  std::vector<std::uint64_t*> validity;
  std::string type_error;  // first accessor misuse, empty when none
};

namespace {

std::string ReadString(duckdb_string_t* s) {
  return std::string(duckdb_string_t_data(s), duckdb_string_t_length(*s));
}

template <typename T>
T At(const ChunkView& chunk, idx_t col, idx_t row) {
  return static_cast<const T*>(chunk.data[col])[row];
}

}  // namespace

bool Row::IsNull(idx_t col) const {
  std::uint64_t* validity = chunk_->validity[col];
  return validity != nullptr && !duckdb_validity_row_is_valid(validity, row_);
}

void Row::TypeError(idx_t col, const char* wanted) const {
  if (chunk_->type_error.empty()) {
    chunk_->type_error = "column '" + chunk_->names[col] + "' read as " + wanted;
  }
}

std::optional<std::int64_t> Row::Int(idx_t col) const {
  if (IsNull(col)) return std::nullopt;
  switch (chunk_->types[col]) {
    case DUCKDB_TYPE_TINYINT: return At<std::int8_t>(*chunk_, col, row_);
    case DUCKDB_TYPE_SMALLINT: return At<std::int16_t>(*chunk_, col, row_);
    case DUCKDB_TYPE_INTEGER: return At<std::int32_t>(*chunk_, col, row_);
    case DUCKDB_TYPE_BIGINT: return At<std::int64_t>(*chunk_, col, row_);
    case DUCKDB_TYPE_UTINYINT: return At<std::uint8_t>(*chunk_, col, row_);
    case DUCKDB_TYPE_USMALLINT: return At<std::uint16_t>(*chunk_, col, row_);
    case DUCKDB_TYPE_UINTEGER: return At<std::uint32_t>(*chunk_, col, row_);
    case DUCKDB_TYPE_UBIGINT: {
      const auto v = At<std::uint64_t>(*chunk_, col, row_);
      if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return static_cast<std::int64_t>(v);
      }
      TypeError(col, "a signed integer (value too large)");
      return std::nullopt;
    }
    default: TypeError(col, "an integer"); return std::nullopt;
  }
}

std::optional<std::uint64_t> Row::UInt(idx_t col) const {
  if (IsNull(col)) return std::nullopt;
  if (chunk_->types[col] == DUCKDB_TYPE_UBIGINT) return At<std::uint64_t>(*chunk_, col, row_);
  const auto v = Int(col);
  if (!v) return std::nullopt;
  if (*v < 0) {
    TypeError(col, "an unsigned integer (value negative)");
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(*v);
}

std::optional<double> Row::Double(idx_t col) const {
  if (IsNull(col)) return std::nullopt;
  switch (chunk_->types[col]) {
    case DUCKDB_TYPE_DOUBLE: return At<double>(*chunk_, col, row_);
    case DUCKDB_TYPE_FLOAT: return At<float>(*chunk_, col, row_);
    default: TypeError(col, "a floating-point number"); return std::nullopt;
  }
}

std::optional<bool> Row::Bool(idx_t col) const {
  if (IsNull(col)) return std::nullopt;
  if (chunk_->types[col] != DUCKDB_TYPE_BOOLEAN) {
    TypeError(col, "a boolean");
    return std::nullopt;
  }
  return At<bool>(*chunk_, col, row_);
}

std::optional<std::string> Row::Text(idx_t col) const {
  if (IsNull(col)) return std::nullopt;
  if (chunk_->types[col] != DUCKDB_TYPE_VARCHAR) {
    TypeError(col, "text");
    return std::nullopt;
  }
  return ReadString(&static_cast<duckdb_string_t*>(chunk_->data[col])[row_]);
}

std::optional<TimePoint> Row::Time(idx_t col) const {
  if (IsNull(col)) return std::nullopt;
  if (chunk_->types[col] != DUCKDB_TYPE_TIMESTAMP) {
    TypeError(col, "a timestamp");
    return std::nullopt;
  }
  return FromDuckTimestamp(At<duckdb_timestamp>(*chunk_, col, row_).micros);
}

std::vector<std::string> Row::TextList(idx_t col) const {
  std::vector<std::string> out;
  if (IsNull(col)) return out;
  if (chunk_->types[col] != DUCKDB_TYPE_LIST) {
    TypeError(col, "a list");
    return out;
  }
  const auto entry = At<duckdb_list_entry>(*chunk_, col, row_);
  duckdb_vector child = duckdb_list_vector_get_child(chunk_->vectors[col]);
  duckdb_logical_type child_type = duckdb_vector_get_column_type(child);
  const bool is_text = duckdb_get_type_id(child_type) == DUCKDB_TYPE_VARCHAR;
  duckdb_destroy_logical_type(&child_type);
  if (!is_text) {
    TypeError(col, "a list of text");
    return out;
  }
  auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(child));
  std::uint64_t* validity = duckdb_vector_get_validity(child);
  out.reserve(entry.length);
  for (idx_t i = entry.offset; i < entry.offset + entry.length; ++i) {
    if (validity != nullptr && !duckdb_validity_row_is_valid(validity, i)) continue;
    out.push_back(ReadString(&strings[i]));
  }
  return out;
}

Status ForEachRow(QueryResult& result, const std::function<Status(const Row&)>& fn) {
  ChunkView view;
  const idx_t columns = duckdb_column_count(result.raw());
  for (idx_t c = 0; c < columns; ++c) {
    view.types.push_back(duckdb_column_type(result.raw(), c));
    const char* name = duckdb_column_name(result.raw(), c);
    view.names.emplace_back(name != nullptr ? name : "?");
  }
  view.vectors.resize(columns);
  view.data.resize(columns);
  view.validity.resize(columns);
  while (true) {
    duckdb_data_chunk chunk = duckdb_fetch_chunk(*result.raw());
    if (chunk == nullptr) break;
    const idx_t size = duckdb_data_chunk_get_size(chunk);
    for (idx_t c = 0; c < columns; ++c) {
      view.vectors[c] = duckdb_data_chunk_get_vector(chunk, c);
      view.data[c] = duckdb_vector_get_data(view.vectors[c]);
      view.validity[c] = duckdb_vector_get_validity(view.vectors[c]);
    }
    Status status = Ok();
    for (idx_t r = 0; r < size && status; ++r) status = fn(Row(&view, r));
    duckdb_destroy_data_chunk(&chunk);
    if (!status) return status;
    if (!view.type_error.empty()) {
      return MakeError(ErrorCode::kInternal, "store query " + view.type_error);
    }
  }
  return Ok();
}

tl::unexpected<Error> UnknownStoredName(std::string_view name, std::string_view column) {
  return MakeError(ErrorCode::kCorrupt,
                   "unknown value '" + std::string(name) + "' in column " + std::string(column),
                   std::string(column), "the database may come from a newer hawk; upgrade hawk");
}

}  // namespace hawk::duck
