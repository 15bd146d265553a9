// Helpers for the worker tests: a telemetry source that returns what the
// test says, dispatches of shell commands, and a pump that polls a
// WorkerCore (blocking on its processes, never sleeping) until the messages
// it sent satisfy a condition.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "agent/telemetry.h"
#include "agent/worker_core.h"
#include "agent_test_support.h"
#include "protocol/messages.h"

namespace hawk::agent::testing {

class FakeTelemetry final : public TelemetrySource {
 public:
  protocol::Heartbeat Sample(TimePoint at) override {
    ++samples;
    protocol::Heartbeat hb = next;
    hb.at = at;
    return hb;
  }
  std::vector<protocol::AlertReport> OpenAlerts() const override { return open; }
  protocol::Heartbeat next;
  std::vector<protocol::AlertReport> open;
  int samples = 0;
};

inline protocol::Dispatch ShellDispatch(const std::string& attempt_id, const std::string& script,
                                        const std::string& unit_id = "unit") {
  protocol::Dispatch d;
  d.attempt_id = attempt_id;
  d.workload_id = "wl";
  d.unit_id = unit_id;
  d.task_id = unit_id;
  d.command.shell = script;
  return d;
}

template <typename T>
std::vector<T> Of(const std::vector<protocol::Message>& messages) {
  std::vector<T> out;
  for (const protocol::Message& m : messages) {
    if (const T* t = std::get_if<T>(&m)) out.push_back(*t);
  }
  return out;
}

// The final (succeeded or failed) task updates among `messages`.
inline std::vector<protocol::TaskUpdate> Finals(const std::vector<protocol::Message>& messages) {
  std::vector<protocol::TaskUpdate> out;
  for (const protocol::TaskUpdate& u : Of<protocol::TaskUpdate>(messages)) {
    if (u.state != protocol::TaskState::kStarted) out.push_back(u);
  }
  return out;
}

// Polls `core` and collects what it sends until `done(sent)` holds or the
// deadline passes; returns everything sent.
inline std::vector<protocol::Message> PumpUntil(
    WorkerCore& core, const std::function<bool(const std::vector<protocol::Message>&)>& done) {
  std::vector<protocol::Message> sent;
  const auto deadline = std::chrono::steady_clock::now() + kTestDeadline;
  while (!done(sent) && std::chrono::steady_clock::now() < deadline) {
    core.Poll(std::chrono::milliseconds(200));
    for (protocol::Message& m : core.TakeOutgoing()) sent.push_back(std::move(m));
  }
  return sent;
}

// Until `count` final task updates were sent.
inline std::vector<protocol::Message> PumpUntilFinals(WorkerCore& core, std::size_t count) {
  return PumpUntil(core, [count](const auto& sent) { return Finals(sent).size() >= count; });
}

// Until `count` final updates are kept (e.g. while disconnected, when
// nothing is sent).
inline void PumpUntilKept(WorkerCore& core, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + kTestDeadline;
  while (core.UnacknowledgedAttempts().size() < count &&
         std::chrono::steady_clock::now() < deadline) {
    core.Poll(std::chrono::milliseconds(200));
    EXPECT_TRUE(core.TakeOutgoing().empty());
  }
}

}  // namespace hawk::agent::testing
