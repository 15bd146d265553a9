#include "engine/backoff.h"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <set>

namespace hawk::engine {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Backoff Policy(Duration base, Duration cap, std::int32_t jitter_parts) {
  Backoff b;
  b.base = base;
  b.cap = cap;
  b.jitter = Fraction::FromPartsPer10k(jitter_parts);
  return b;
}

TEST(Backoff, NominalDoublesUntilTheCap) {
  const Backoff b = Policy(seconds(1), seconds(10), 0);
  EXPECT_EQ(NominalBackoffDelay(b, 0), seconds(1));
  EXPECT_EQ(NominalBackoffDelay(b, 1), seconds(2));
  EXPECT_EQ(NominalBackoffDelay(b, 2), seconds(4));
  EXPECT_EQ(NominalBackoffDelay(b, 3), seconds(8));
  EXPECT_EQ(NominalBackoffDelay(b, 4), seconds(10));
  EXPECT_EQ(NominalBackoffDelay(b, 1000), seconds(10));
  EXPECT_EQ(NominalBackoffDelay(b, std::numeric_limits<std::uint32_t>::max()), seconds(10));
}

TEST(Backoff, SaturatesWithoutOverflow) {
  const Backoff b = Policy(milliseconds(std::numeric_limits<std::int64_t>::max() / 3),
                           milliseconds(std::numeric_limits<std::int64_t>::max()), 10000);
  Rng rng(1);
  for (std::uint32_t n : {0u, 1u, 2u, 3u, 64u, 200u}) {
    const Duration d = BackoffDelay(b, n, rng);
    EXPECT_GE(d.count(), 0);
    EXPECT_LE(d, b.cap);
  }
  EXPECT_EQ(NominalBackoffDelay(b, 5), b.cap);
}

TEST(Backoff, WithoutJitterTheDelayIsTheNominal) {
  const Backoff b = Policy(milliseconds(250), seconds(60), 0);
  Rng rng(5);
  for (std::uint32_t n = 0; n < 12; ++n) {
    EXPECT_EQ(BackoffDelay(b, n, rng), NominalBackoffDelay(b, n)) << n;
  }
}

TEST(Backoff, JitterStaysWithinItsShareAndUnderTheCap) {
  const Backoff b = Policy(seconds(1), seconds(30), 2000);  // ±20%
  Rng rng(99);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::uint32_t n = static_cast<std::uint32_t>(i % 8);
    const std::int64_t nominal = NominalBackoffDelay(b, n).count();
    const std::int64_t d = BackoffDelay(b, n, rng).count();
    ASSERT_GE(d, nominal - nominal / 5) << n;
    ASSERT_LE(d, std::min<std::int64_t>(nominal + nominal / 5, 30000)) << n;
    if (n == 0) seen.insert(d);
  }
  EXPECT_GT(seen.size(), 50u);  // it does spread
}

TEST(Backoff, SameSeedSameDelays) {
  const Backoff b = Policy(seconds(2), seconds(60), 5000);
  Rng a(1234), c(1234), other(4321);
  bool any_difference = false;
  for (std::uint32_t n = 0; n < 20; ++n) {
    const Duration x = BackoffDelay(b, n, a);
    EXPECT_EQ(x, BackoffDelay(b, n, c));
    any_difference |= x != BackoffDelay(b, n, other);
  }
  EXPECT_TRUE(any_difference);
}

TEST(Backoff, OneDrawPerCallEvenWithoutJitter) {
  Rng used(7), reference(7);
  (void)BackoffDelay(Policy(seconds(1), seconds(5), 0), 0, used);
  (void)reference.Next();
  EXPECT_EQ(used.Next(), reference.Next());
}

TEST(Backoff, NegativeOrInvertedSettingsNeverGoBelowZeroOrAboveCap) {
  Rng rng(3);
  EXPECT_EQ(BackoffDelay(Policy(seconds(-5), seconds(10), 2000), 3, rng), milliseconds(0));
  EXPECT_EQ(BackoffDelay(Policy(seconds(5), seconds(-1), 2000), 0, rng), milliseconds(0));
  EXPECT_EQ(NominalBackoffDelay(Policy(seconds(20), seconds(10), 0), 0), seconds(10));
  for (int i = 0; i < 200; ++i) {
    EXPECT_LE(BackoffDelay(Policy(seconds(20), seconds(10), 10000), 0, rng), seconds(10));
  }
}

}  // namespace
}  // namespace hawk::engine
