// Notifications for `hawk run --notify FILE`: what the run reports to the
// channels of a notifications file (notify/, docs/notifications.md) — each
// worker the engine lost and each device it quarantined, in the order they
// happened, then the workload finished or failed with its unit counts.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/run_loop.h"
#include "notify/config.h"
#include "notify/event.h"
#include "notify/message.h"
#include "notify/transport.h"

namespace hawk::cli {

// The run's events, in order.
std::vector<notify::NotifyEvent> RunNotifyEvents(const LocalRun& run);

// Sends every event through `transport` to the channels that subscribe to
// it. Each delivery is a line on `out` ("sent workload_failed to ops
// (webhook)", or "would send" for a dry run), each failure a line on `err`;
// a failure does not stop the rest. Returns how many deliveries failed.
std::size_t SendRunNotifications(const notify::NotifyConfig& config,
                                 const std::vector<notify::NotifyEvent>& events,
                                 notify::Transport& transport, const notify::EnvLookup& env,
                                 bool dry_run, std::ostream& out, std::ostream& err);

}  // namespace hawk::cli
