// Shared fixtures for the notify tests: a fixed event and a configuration
// parsed from YAML text.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "notify/config.h"
#include "notify/event.h"
#include "notify/message.h"

namespace hawk::notify::testing {

// workload_failed for "nightly" at 2026-11-26T10:14:07Z.
inline NotifyEvent NightlyFailed() {
  NotifyEvent e;
  e.kind = EventKind::kWorkloadFailed;
  e.at = FromUnixMillis(1795688047000);
  e.workload = "nightly";
  e.status = "failed";
  e.passed = 12;
  e.failed = 1;
  e.skipped = 0;
  e.message = "gpu0 ran out of memory";
  e.report_url = "https://ci.example.com/r/1";
  e.commit = "0123456789abcdef0123456789abcdef01234567";
  return e;
}

// Parses `yaml`, failing the test on an error.
inline NotifyConfig ConfigOf(const std::string& yaml) {
  auto config = ParseNotifyConfig(yaml, "test.yaml");
  EXPECT_TRUE(config) << config.error().ToString();
  return config ? *config : NotifyConfig{};
}

// An environment holding exactly `vars`.
inline EnvLookup EnvOf(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace hawk::notify::testing
