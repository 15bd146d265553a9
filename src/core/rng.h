// The only source of randomness in hawk's decisions (DESIGN.md §3.3): a small,
// fast, seeded generator (xoshiro256**, seeded through splitmix64). Same seed,
// same sequence, on every platform — which std::uniform_*_distribution does
// not promise, so the helpers below do their own mapping.
#pragma once

#include <array>
#include <cstdint>

namespace hawk {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t Next();
  // Uniform in [0, 1).
  double NextDouble() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, bound); bound > 0. Lemire's multiply-shift, unbiased.
  std::uint64_t NextBelow(std::uint64_t bound);
  // True with probability p.
  bool Bernoulli(double p) { return NextDouble() < p; }

  // A child generator with its own stream, for giving each simulated worker
  // an independent sequence without consuming the parent's.
  [[nodiscard]] Rng Fork(std::uint64_t stream) const;

 private:
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace hawk
