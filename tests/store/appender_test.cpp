// The chunk-fed Appender: bad rows are refused without harm, and a failed
// flush (DuckDB invalidates the appender) is reported and recovered from.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "store/duckdb_api.h"
#include "store/duckdb_rows.h"

namespace hawk::duck {
namespace {

std::int64_t Count(Connection& conn) {
  auto result = conn.Query("SELECT count(*) FROM samples", "count");
  EXPECT_TRUE(result);
  std::int64_t n = -1;
  EXPECT_TRUE(ForEachRow(*result, [&](const Row& row) -> Status {
    n = row.Int(0).value_or(-1);
    return Ok();
  }));
  return n;
}

TEST(Appender, RecoversAfterAFailedFlush) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db);
  auto conn = Connection::Connect(*db);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->Exec("CREATE TABLE samples (id BIGINT PRIMARY KEY, name VARCHAR)", "create"));
  auto created = Appender::Create(*conn, "samples", {"id", "name"});
  ASSERT_TRUE(created) << created.error().ToString();
  Appender& app = **created;

  ASSERT_TRUE(app.Row(std::int64_t{1}, "one"));
  ASSERT_TRUE(app.Flush());
  ASSERT_TRUE(app.Row(std::int64_t{1}, "duplicate"));
  ASSERT_TRUE(app.Row(std::int64_t{2}, "lost with the bad row"));
  auto failed = app.Flush();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kInvalidArgument);  // a constraint violation
  EXPECT_NE(failed.error().message.find("flush (samples) failed"), std::string::npos)
      << failed.error().message;
  EXPECT_EQ(failed.error().hint, "rows appended since the last successful flush were discarded");

  ASSERT_TRUE(app.Row(std::int64_t{3}, "three"));
  ASSERT_TRUE(app.Flush());
  EXPECT_EQ(Count(*conn), 2);
}

TEST(Appender, RefusesABadRowAndKeepsTheOthers) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db);
  auto conn = Connection::Connect(*db);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->Exec("CREATE TABLE samples (id BIGINT PRIMARY KEY, name VARCHAR)", "create"));
  auto created = Appender::Create(*conn, "samples", {"id", "name"});
  ASSERT_TRUE(created) << created.error().ToString();
  Appender& app = **created;

  ASSERT_TRUE(app.Row(std::int64_t{1}, "one"));
  auto not_utf8 = app.Row(std::int64_t{2}, std::string("caf\xC3", 4));
  ASSERT_FALSE(not_utf8);
  EXPECT_EQ(not_utf8.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(not_utf8.error().message, "column name of samples: text is not valid UTF-8");
  auto wrong_type = app.Row(2.5, "two and a half");
  ASSERT_FALSE(wrong_type);
  EXPECT_EQ(wrong_type.error().message, "column id of samples got a value of another type");
  EXPECT_EQ(app.Row(std::int64_t{9}).error().code, ErrorCode::kInternal);  // too few values
  ASSERT_TRUE(app.Row(std::int64_t{3}, std::nullopt));
  ASSERT_TRUE(app.Flush());
  EXPECT_EQ(Count(*conn), 2);
}

TEST(Appender, WritesMoreRowsThanOneChunkHolds) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db);
  auto conn = Connection::Connect(*db);
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->Exec("CREATE TABLE samples (id BIGINT, name VARCHAR)", "create"));
  auto created = Appender::Create(*conn, "samples", {"id", "name"});
  ASSERT_TRUE(created);
  const std::int64_t rows = static_cast<std::int64_t>(duckdb_vector_size()) * 3 + 7;
  for (std::int64_t i = 0; i < rows; ++i) {
    ASSERT_TRUE((*created)->Row(
        i, i % 2 == 0 ? std::optional<std::string>("a long enough text") : std::nullopt));
  }
  ASSERT_TRUE((*created)->Flush());
  EXPECT_EQ(Count(*conn), rows);
}

TEST(Appender, UnknownTableIsAnError) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db);
  auto conn = Connection::Connect(*db);
  ASSERT_TRUE(conn);
  auto app = Appender::Create(*conn, "nope", {"x"});
  ASSERT_FALSE(app);
  EXPECT_NE(app.error().message.find("create appender (nope) failed"), std::string::npos)
      << app.error().message;
}

}  // namespace
}  // namespace hawk::duck
