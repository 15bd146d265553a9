// Injected time (DESIGN.md §3.4, after Envoy's TimeSource). Everything that
// needs "now" takes a Clock&; tests and the simulator use ManualClock and
// advance it, so no test ever sleeps to wait for a timeout.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace hawk {

// Wall-clock time, UTC, millisecond resolution; what is stored and reported.
using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual TimePoint Now() const = 0;
};

// The real clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  [[nodiscard]] TimePoint Now() const override;
};

// A clock that only moves when told to. Thread-safe (atomic), so a test may
// advance it while another thread reads it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{}) : now_ms_(start.time_since_epoch().count()) {}
  [[nodiscard]] TimePoint Now() const override {
    return TimePoint(std::chrono::milliseconds(now_ms_.load(std::memory_order_acquire)));
  }
  void Advance(std::chrono::milliseconds by) {
    now_ms_.fetch_add(by.count(), std::memory_order_acq_rel);
  }
  void Set(TimePoint t) { now_ms_.store(t.time_since_epoch().count(), std::memory_order_release); }

 private:
  std::atomic<std::int64_t> now_ms_;
};

// "2026-11-26T10:14:07.123Z"
std::string FormatIso8601(TimePoint t);
std::int64_t ToUnixMillis(TimePoint t);
TimePoint FromUnixMillis(std::int64_t ms);

}  // namespace hawk
