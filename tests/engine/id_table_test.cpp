#include "engine/id_table.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace hawk::engine {
namespace {

struct Named {
  std::string id;
};
struct NamedId {
  std::string_view operator()(const Named* n) const { return n->id; }
};
using Table = IdTable<Named, NamedId>;

TEST(IdTable, FindsWhatWasPutAndNothingElse) {
  Table table;
  EXPECT_EQ(table.Find("w1"), nullptr);
  Named a{"w1"};
  Named b{"a-worker-id-longer-than-the-inline-copy"};
  table.Put(&a);
  table.Put(&b);
  EXPECT_EQ(table.Find("w1"), &a);
  EXPECT_EQ(table.Find(b.id), &b);
  EXPECT_EQ(table.Find("w2"), nullptr);
  EXPECT_EQ(table.Find("a-worker-id-longer-than-the-inline-copx"), nullptr);
  EXPECT_EQ(table.size(), 2u);
}

TEST(IdTable, PuttingAnIdAgainRepointsIt) {
  Table table;
  Named old_entry{"w1"};
  Named new_entry{"w1"};
  table.Put(&old_entry);
  table.Put(&new_entry);
  EXPECT_EQ(table.Find("w1"), &new_entry);
  EXPECT_EQ(table.size(), 1u);
}

TEST(IdTable, KeepsEveryIdAcrossGrowth) {
  Table table;
  std::vector<std::unique_ptr<Named>> all;
  for (int i = 0; i < 5000; ++i) {
    all.push_back(std::make_unique<Named>(Named{"worker-" + std::to_string(i)}));
    table.Put(all.back().get());
  }
  for (const auto& n : all) ASSERT_EQ(table.Find(n->id), n.get()) << n->id;
  EXPECT_EQ(table.Find("worker-5000"), nullptr);
  EXPECT_EQ(table.size(), 5000u);
}

}  // namespace
}  // namespace hawk::engine
