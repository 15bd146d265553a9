#include <gtest/gtest.h>

#include "engine/critical_path.h"

namespace hawk::engine {
namespace {

using std::chrono::seconds;

struct Graph {
  Workload workload;
  WorkloadGraph graph;
};

Graph Make(std::vector<std::pair<std::string, std::vector<std::string>>> tasks) {
  Graph g;
  for (auto& [id, deps] : tasks) {
    Task t;
    t.id = id;
    t.depends_on = deps;
    g.workload.tasks.push_back(t);
  }
  g.graph = *BuildWorkloadGraph(g.workload);
  return g;
}

std::vector<std::string> Ids(const Graph& g, const std::vector<std::uint32_t>& path) {
  std::vector<std::string> out;
  for (auto i : path) out.push_back(g.workload.tasks[i].id);
  return out;
}

TEST(CriticalPath, FollowsTheLongestChainNotTheMostTasks) {
  //   a(1) -> b(1) -> c(1) -> e(1)
  //   a(1) -> d(10) -------> e(1)
  const Graph g = Make({{"a", {}}, {"b", {"a"}}, {"c", {"b"}}, {"d", {"a"}}, {"e", {"c", "d"}}});
  const std::vector<Duration> d = {seconds(1), seconds(1), seconds(1), seconds(10), seconds(1)};
  const auto cp = AnalyzeCriticalPath(g.graph, [&](std::uint32_t t) { return d[t]; });
  EXPECT_EQ(Ids(g, cp.path), (std::vector<std::string>{"a", "d", "e"}));
  EXPECT_EQ(cp.length, seconds(12));
  EXPECT_TRUE(cp.IsCritical(3));
  EXPECT_FALSE(cp.IsCritical(1));
  EXPECT_EQ(cp.slack[1], seconds(8));  // b and c may slip 8 s
  EXPECT_EQ(cp.slack[2], seconds(8));
  EXPECT_EQ(cp.earliest_start[4], seconds(11));
}

TEST(CriticalPath, IndependentTasksEndAtTheLongestOne) {
  const Graph g = Make({{"x", {}}, {"y", {}}, {"z", {}}});
  const std::vector<Duration> d = {seconds(3), seconds(7), seconds(7)};
  const auto cp = AnalyzeCriticalPath(g.graph, [&](std::uint32_t t) { return d[t]; });
  EXPECT_EQ(Ids(g, cp.path), (std::vector<std::string>{"y"}));  // lowest index on a tie
  EXPECT_EQ(cp.slack[0], seconds(4));
  EXPECT_TRUE(cp.IsCritical(2));  // z is as long as y: also zero slack
}

TEST(CriticalPath, EmptyWorkload) {
  const Graph g = Make({});
  const auto cp = AnalyzeCriticalPath(g.graph, [](std::uint32_t) { return seconds(1); });
  EXPECT_TRUE(cp.path.empty());
  EXPECT_EQ(cp.length, Duration(0));
}

TEST(CriticalPath, DiamondWithEqualBranchesIsDeterministic) {
  const Graph g = Make({{"s", {}}, {"l", {"s"}}, {"r", {"s"}}, {"t", {"l", "r"}}});
  const auto cp = AnalyzeCriticalPath(g.graph, [](std::uint32_t) { return seconds(2); });
  EXPECT_EQ(Ids(g, cp.path), (std::vector<std::string>{"s", "l", "t"}));
  EXPECT_EQ(cp.length, seconds(6));
}

}  // namespace
}  // namespace hawk::engine
