// Integer units (DESIGN.md §3.8): bytes as uint64_t, time as std::chrono,
// fractions as fixed point. Parsers for the human forms used in workload
// files and on the command line ("16GiB", "512MB", "90s", "5m", "0.25").
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hawk {

using Bytes = std::uint64_t;
using Duration = std::chrono::milliseconds;

constexpr Bytes kKiB = 1024;
constexpr Bytes kMiB = 1024 * kKiB;
constexpr Bytes kGiB = 1024 * kMiB;
constexpr Bytes kTiB = 1024 * kGiB;

// A fraction in [0, 1] (or a share of a device) held as an integer number of
// parts per ten thousand, so sums and comparisons are exact.
class Fraction {
 public:
  static constexpr std::int32_t kOne = 10000;

  constexpr Fraction() = default;
  static constexpr Fraction FromPartsPer10k(std::int32_t parts) { return Fraction(parts); }
  static Fraction FromDouble(double value);
  static constexpr Fraction One() { return Fraction(kOne); }
  static constexpr Fraction Zero() { return Fraction(0); }

  [[nodiscard]] constexpr std::int32_t parts_per_10k() const { return parts_; }
  [[nodiscard]] constexpr double ToDouble() const { return parts_ / double(kOne); }
  [[nodiscard]] std::string ToString() const;  // "0.25"

  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted <=>
  friend constexpr auto operator<=>(Fraction, Fraction) = default;

 private:
  constexpr explicit Fraction(std::int32_t parts) : parts_(parts) {}
  std::int32_t parts_ = 0;
};

// "16GiB", "512MB", "1.5 GiB", "1024" (bytes). Decimal (kB, MB, GB, TB) and
// binary (KiB, MiB, GiB, TiB) suffixes; case of the B/b is ignored for
// convenience ("16gb" = 16 GB). Negative, fractional bytes and overflow are
// errors whose hint shows the accepted forms.
Result<Bytes> ParseBytes(std::string_view text);
// 17179869184 -> "16GiB"; exact binary units when possible, else "1.5GiB".
std::string FormatBytes(Bytes bytes);

// "90s", "5m", "1h30m", "250ms", "2d". Plain numbers are rejected: a
// duration needs its unit.
Result<Duration> ParseDuration(std::string_view text);
// 5400000ms -> "1h30m"; 250ms -> "250ms".
std::string FormatDuration(Duration d);

// "0.25", "25%", "1". Out of [0, 1] is an error.
Result<Fraction> ParseFraction(std::string_view text);

}  // namespace hawk
