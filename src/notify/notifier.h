// Sends one event to every channel that subscribed to its kind. A channel
// that fails (a missing secret, a refused connection, an HTTP 500) does not
// stop the others; the report says what happened on each.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "notify/config.h"
#include "notify/event.h"
#include "notify/message.h"
#include "notify/transport.h"

namespace hawk::notify {

struct ChannelOutcome {
  std::string channel;  // its name
  ChannelType type = ChannelType::kWebhook;
  Result<Delivery> result;  // the error names the channel in `where`
};

struct NotifyReport {
  std::vector<ChannelOutcome> outcomes;     // subscribed channels, in file order
  std::vector<std::string> not_subscribed;  // names of the channels left out
  [[nodiscard]] std::size_t failures() const;
  [[nodiscard]] bool all_delivered() const { return failures() == 0; }
};

// Builds each subscribed channel's message (secrets through `env`) and sends
// it through `transport`, one channel after another, in file order.
NotifyReport Notify(const NotifyConfig& config, const NotifyEvent& event, Transport& transport,
                    const EnvLookup& env);

}  // namespace hawk::notify
