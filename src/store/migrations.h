// The store's schema as numbered migrations. Migration N takes a database at
// schema version N-1 to version N; a fresh database is version 0. The applied
// versions are recorded in table hawk_schema(version, applied_at), created by
// migration 1. Never edit a released migration: add the next one.
#pragma once

#include <span>
#include <string_view>

namespace hawk {

struct Migration {
  int version;                   // 1, 2, ...: the schema version it produces
  std::string_view description;  // for logs and errors
  std::string_view sql;          // one or more statements, run in one transaction
};

// All migrations, in version order; Migrations()[i].version == i + 1.
std::span<const Migration> Migrations();

// The newest schema version this binary knows.
int LatestSchemaVersion();

}  // namespace hawk
