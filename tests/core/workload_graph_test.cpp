#include <gtest/gtest.h>

#include "core/workload_graph.h"

namespace hawk {
namespace {

Workload MakeWorkload(std::vector<std::pair<std::string, std::vector<std::string>>> tasks) {
  Workload w;
  w.name = "w";
  for (auto& [id, deps] : tasks) {
    Task t;
    t.id = id;
    t.depends_on = deps;
    w.tasks.push_back(t);
  }
  return w;
}

TEST(WorkloadGraph, OrdersParentsBeforeChildrenDeterministically) {
  const auto graph =
      BuildWorkloadGraph(MakeWorkload({{"d", {"b", "c"}}, {"b", {"a"}}, {"c", {"a"}}, {"a", {}}}));
  ASSERT_TRUE(graph) << graph.error().ToString();
  EXPECT_EQ(graph->topological_order, (std::vector<std::uint32_t>{3, 1, 2, 0}));
  EXPECT_EQ(graph->children[3], (std::vector<std::uint32_t>{1, 2}));
}

TEST(WorkloadGraph, NamesTheCycle) {
  const auto graph =
      BuildWorkloadGraph(MakeWorkload({{"a", {"c"}}, {"b", {"a"}}, {"c", {"b"}}, {"d", {}}}));
  ASSERT_FALSE(graph);
  EXPECT_EQ(graph.error().message, "dependency cycle: a -> b -> c -> a");
  EXPECT_EQ(graph.error().where, "tasks");
}

TEST(WorkloadGraph, RejectsUnknownSelfAndDuplicate) {
  EXPECT_EQ(BuildWorkloadGraph(MakeWorkload({{"a", {"zz"}}})).error().where,
            "tasks[0].depends_on[0]");
  EXPECT_EQ(BuildWorkloadGraph(MakeWorkload({{"a", {"a"}}})).error().message,
            "task 'a' depends on itself");
  EXPECT_EQ(BuildWorkloadGraph(MakeWorkload({{"a", {}}, {"a", {}}})).error().message,
            "duplicate task id 'a'");
}

}  // namespace
}  // namespace hawk
