#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/rng.h"

namespace hawk {
namespace {

TEST(ManualClock, MovesOnlyWhenAdvanced) {
  ManualClock clock(FromUnixMillis(1'700'000'000'000));
  const TimePoint t0 = clock.Now();
  EXPECT_EQ(clock.Now(), t0);
  clock.Advance(std::chrono::seconds(90));
  EXPECT_EQ(clock.Now() - t0, std::chrono::seconds(90));
  EXPECT_EQ(FormatIso8601(t0), "2023-11-14T22:13:20.000Z");
}

TEST(Rng, SameSeedSameSequence) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.Next();
    EXPECT_EQ(x, b.Next());
    EXPECT_NE(x, c.Next());
  }
}

TEST(Rng, BoundedValuesStayInRangeAndCoverIt) {
  Rng rng(7);
  std::array<int, 6> counts{};
  for (int i = 0; i < 6000; ++i) {
    const auto v = rng.NextBelow(6);
    ASSERT_LT(v, 6u);
    ++counts[v];
  }
  for (int c : counts) EXPECT_GT(c, 800);
  for (int i = 0; i < 1000; ++i) {
    const double d = rng.NextDouble();
    ASSERT_GE(d, 0.0);
    ASSERT_LT(d, 1.0);
  }
}

TEST(Rng, ForksAreIndependentAndReproducible) {
  const Rng parent(1);
  Rng f1 = parent.Fork(1), f1again = parent.Fork(1), f2 = parent.Fork(2);
  EXPECT_EQ(f1.Next(), f1again.Next());
  EXPECT_NE(f1.Next(), f2.Next());
}

}  // namespace
}  // namespace hawk
