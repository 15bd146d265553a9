// Delivering an OutgoingMessage: the Transport interface, the libcurl
// implementation (HTTP(S) and SMTP with STARTTLS) and a dry run that prints
// what would be sent. Errors and printed text never show a message's secrets.
#pragma once

#include <optional>
#include <ostream>

#include "core/result.h"
#include "core/units.h"
#include "notify/message.h"

namespace hawk::notify {

// What the receiving server said.
struct Delivery {
  std::string summary;                // "HTTP 201", "SMTP 250", "dry run"
  std::optional<long> response_code;  // absent for a dry run
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one message. Errors name the channel (`where`) and say what failed:
  // a non-2xx HTTP status, a refused connection, a timeout, a mail server
  // without STARTTLS when it is required, a refused login or recipient.
  virtual Result<Delivery> Send(const OutgoingMessage& message) = 0;
};

// libcurl. Each Send uses its own connection, so Send may be called from
// several threads at once. Redirects are not followed; only http/https and
// smtp/smtps are spoken; server certificates are verified.
class CurlTransport final : public Transport {
 public:
  // `timeout` bounds each delivery, connecting included.
  explicit CurlTransport(Duration timeout);
  Result<Delivery> Send(const OutgoingMessage& message) override;

 private:
  Duration timeout_;
};

// Writes DescribeMessage(message) to `out` and reports success; sends
// nothing. Not thread-safe (shares `out`).
class DryRunTransport final : public Transport {
 public:
  explicit DryRunTransport(std::ostream& out) : out_(out) {}
  Result<Delivery> Send(const OutgoingMessage& message) override;

 private:
  std::ostream& out_;
};

}  // namespace hawk::notify
