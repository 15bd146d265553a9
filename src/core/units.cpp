#include "core/units.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <utility>

namespace hawk {
namespace {

constexpr std::string_view kBytesHint = "write a size such as 16GiB, 512MB, 1.5GiB or 1024";
constexpr std::string_view kDurationHint = "write a duration such as 250ms, 90s, 5m, 1h30m or 2d";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits "12.5GiB" into the number "12.5" and the unit "GiB".
std::pair<std::string_view, std::string_view> SplitNumber(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' ||
                          s[i] == '-' || s[i] == '+')) {
    ++i;
  }
  return {s.substr(0, i), Trim(s.substr(i))};
}

std::optional<double> ParseDouble(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

Fraction Fraction::FromDouble(double value) {
  return Fraction(static_cast<std::int32_t>(std::lround(value * kOne)));
}

std::string Fraction::ToString() const {
  std::string out = std::to_string(parts_ / kOne);
  std::int32_t rest = parts_ % kOne;
  if (rest == 0) return out;
  std::string digits = std::to_string(rest);
  digits.insert(0, 4 - digits.size(), '0');
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return out + "." + digits;
}

Result<Bytes> ParseBytes(std::string_view text) {
  const std::string_view s = Trim(text);
  const std::string quoted = "'" + std::string(text) + "'";
  const auto [number, unit] = SplitNumber(s);
  const std::optional<double> value = ParseDouble(number);
  if (!value) return InvalidArgument("not a size: " + quoted, {}, std::string(kBytesHint));
  if (*value < 0) return InvalidArgument("negative size " + quoted, {}, std::string(kBytesHint));

  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"", 1},      {"b", 1},      {"k", 1e3},   {"kb", 1e3},   {"m", 1e6},   {"mb", 1e6},
      {"g", 1e9},   {"gb", 1e9},   {"t", 1e12},  {"tb", 1e12},  {"ki", kKiB}, {"kib", kKiB},
      {"mi", kMiB}, {"mib", kMiB}, {"gi", kGiB}, {"gib", kGiB}, {"ti", kTiB}, {"tib", kTiB},
  };
  const std::string u = Lower(unit);
  double multiplier = 0;
  for (const auto& [name, mult] : kUnits) {
    if (u == name) multiplier = mult;
  }
  if (multiplier == 0) {
    return InvalidArgument("unknown size unit '" + std::string(unit) + "' in " + quoted, {},
                           std::string(kBytesHint));
  }
  const double bytes = *value * multiplier;
  if (bytes >= 18446744073709549568.0) {
    return InvalidArgument("size " + quoted + " is too large", {}, std::string(kBytesHint));
  }
  if (bytes != std::floor(bytes)) {
    return InvalidArgument("size " + quoted + " is not a whole number of bytes", {},
                           std::string(kBytesHint));
  }
  return static_cast<Bytes>(bytes);
}

std::string FormatBytes(Bytes bytes) {
  static constexpr std::array<std::pair<Bytes, std::string_view>, 4> kUnits = {{
      {kTiB, "TiB"},
      {kGiB, "GiB"},
      {kMiB, "MiB"},
      {kKiB, "KiB"},
  }};
  for (const auto& [size, name] : kUnits) {
    if (bytes >= size) {
      if (bytes % size == 0) return std::to_string(bytes / size) + std::string(name);
      const double value = double(bytes) / double(size);
      char buf[32];
      const int n = std::snprintf(buf, sizeof buf, "%.1f", value);
      return std::string(buf, static_cast<std::size_t>(n)) + std::string(name);
    }
  }
  return std::to_string(bytes) + "B";
}

Result<Duration> ParseDuration(std::string_view text) {
  std::string_view s = Trim(text);
  const std::string quoted = "'" + std::string(text) + "'";
  if (s.empty()) return InvalidArgument("empty duration", {}, std::string(kDurationHint));
  if (s.front() == '-') {
    return InvalidArgument("negative duration " + quoted, {}, std::string(kDurationHint));
  }
  double total_ms = 0;
  while (!s.empty()) {
    std::size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    const std::optional<double> value = ParseDouble(s.substr(0, i));
    std::size_t unit_start = i;
    while (unit_start < s.size() && s[unit_start] == ' ') ++unit_start;
    std::size_t j = unit_start;
    while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
    const std::string unit = Lower(s.substr(unit_start, j - unit_start));
    if (!value) return InvalidArgument("not a duration: " + quoted, {}, std::string(kDurationHint));
    double ms_per_unit = 0;
    if (unit == "ms")
      ms_per_unit = 1;
    else if (unit == "s")
      ms_per_unit = 1e3;
    else if (unit == "m")
      ms_per_unit = 60e3;
    else if (unit == "h")
      ms_per_unit = 3600e3;
    else if (unit == "d")
      ms_per_unit = 86400e3;
    if (ms_per_unit == 0) {
      std::string message;
      if (unit.empty()) {
        message = "duration " + quoted;
        message += " needs a unit";
      } else {
        message = "unknown duration unit '" + unit;
        message += "' in ";
        message += quoted;
      }
      return InvalidArgument(std::move(message), {}, std::string(kDurationHint));
    }
    total_ms += *value * ms_per_unit;
    s = Trim(s.substr(j));
  }
  if (total_ms > 1e15)
    return InvalidArgument("duration " + quoted + " is too long", {}, std::string(kDurationHint));
  return Duration(static_cast<Duration::rep>(std::llround(total_ms)));
}

std::string FormatDuration(Duration d) {
  std::int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  if (ms < 1000) return out + std::to_string(ms) + "ms";
  static constexpr std::array<std::pair<std::int64_t, std::string_view>, 4> kUnits = {{
      {86400000, "d"},
      {3600000, "h"},
      {60000, "m"},
      {1000, "s"},
  }};
  for (const auto& [size, name] : kUnits) {
    if (ms >= size) {
      out += std::to_string(ms / size) + std::string(name);
      ms %= size;
    }
  }
  if (ms > 0) out += std::to_string(ms) + "ms";
  return out;
}

Result<Fraction> ParseFraction(std::string_view text) {
  std::string_view s = Trim(text);
  const std::string quoted = "'" + std::string(text) + "'";
  const std::string_view hint =
      "write a number from 0 to 1 such as 0.25, or a percentage such as 25%";
  double scale = 1;
  if (!s.empty() && s.back() == '%') {
    s.remove_suffix(1);
    scale = 0.01;
  }
  const std::optional<double> value = ParseDouble(Trim(s));
  if (!value) return InvalidArgument("not a fraction: " + quoted, {}, std::string(hint));
  const double v = *value * scale;
  if (v < 0 || v > 1)
    return InvalidArgument("fraction " + quoted + " is outside 0..1", {}, std::string(hint));
  return Fraction::FromDouble(v);
}

}  // namespace hawk
