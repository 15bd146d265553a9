#include "notify/transport.h"

namespace hawk::notify {

Result<Delivery> DryRunTransport::Send(const OutgoingMessage& message) {
  out_ << DescribeMessage(message);
  return Delivery{"dry run", std::nullopt};
}

}  // namespace hawk::notify
