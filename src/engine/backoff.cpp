#include "engine/backoff.h"

#include <algorithm>

namespace hawk::engine {

Duration NominalBackoffDelay(const Backoff& policy, std::uint32_t retry_index) {
  const std::int64_t cap = std::max<std::int64_t>(0, policy.cap.count());
  const std::int64_t base = std::clamp<std::int64_t>(policy.base.count(), 0, cap);
  if (base == 0) return Duration(0);
  // base * 2^n saturates at cap: stop doubling once past half the cap.
  std::int64_t delay = base;
  for (std::uint32_t i = 0; i < retry_index && delay < cap; ++i) {
    delay = delay > cap / 2 ? cap : delay * 2;
  }
  return Duration(std::min(delay, cap));
}

Duration BackoffDelay(const Backoff& policy, std::uint32_t retry_index, Rng& rng) {
  const std::int64_t nominal = NominalBackoffDelay(policy, retry_index).count();
  const std::int64_t cap = std::max<std::int64_t>(0, policy.cap.count());
  const std::int64_t parts =
      std::clamp<std::int64_t>(policy.jitter.parts_per_10k(), 0, Fraction::kOne);
  // nominal * parts / 10000 without overflowing int64.
  const std::int64_t spread =
      nominal / Fraction::kOne * parts + nominal % Fraction::kOne * parts / Fraction::kOne;
  // Uniform in [nominal - spread, nominal + spread], computed unsigned:
  // both ends fit in uint64_t because 0 <= spread <= nominal.
  const std::uint64_t low = static_cast<std::uint64_t>(nominal - spread);
  const std::uint64_t delay = low + rng.NextBelow(static_cast<std::uint64_t>(spread) * 2 + 1);
  return Duration(static_cast<std::int64_t>(std::min(delay, static_cast<std::uint64_t>(cap))));
}

}  // namespace hawk::engine
