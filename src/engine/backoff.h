// Exponential backoff with jitter (hawk::Backoff from core/workload.h).
// Pure functions; the only randomness is the caller's seeded Rng, so the same
// seed gives the same delays.
//
//   nominal(n) = min(cap, base * 2^n)          n = 0 for the first retry
//   delay(n)   = nominal(n) + u,  u uniform in [-j, +j],  j = nominal(n) * jitter
//   then clamped to [0, cap].
//
// Never negative, never above cap, saturating (no overflow for any n). A
// negative base or cap counts as zero. Delays are whole milliseconds.
#pragma once

#include <cstdint>

#include "core/rng.h"
#include "core/units.h"
#include "core/workload.h"

namespace hawk::engine {

// The delay before retry `retry_index` without jitter.
Duration NominalBackoffDelay(const Backoff& policy, std::uint32_t retry_index);

// The delay with jitter. Draws exactly one value from `rng` on every call
// (also when the jitter is zero), so the draws a decision makes are stable.
Duration BackoffDelay(const Backoff& policy, std::uint32_t retry_index, Rng& rng);

}  // namespace hawk::engine
