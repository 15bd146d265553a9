#include "notify/notifier.h"

namespace hawk::notify {

std::size_t NotifyReport::failures() const {
  std::size_t n = 0;
  for (const ChannelOutcome& o : outcomes) n += o.result ? 0 : 1;
  return n;
}

NotifyReport Notify(const NotifyConfig& config, const NotifyEvent& event, Transport& transport,
                    const EnvLookup& env) {
  NotifyReport report;
  for (const Channel& channel : config.channels) {
    if (!channel.events.Contains(event.kind)) {
      report.not_subscribed.push_back(channel.name);
      continue;
    }
    ChannelOutcome outcome{channel.name, channel.type, Delivery{}};
    auto message = BuildMessage(channel, event, env);
    if (message) {
      outcome.result = transport.Send(*message);
    } else {
      outcome.result = tl::unexpected(message.error());
    }
    report.outcomes.push_back(std::move(outcome));
  }
  return report;
}

}  // namespace hawk::notify
