// The client side of the coordinator's REST API (coord/api.h): requests with
// the client token, and replies checked and turned into JSON or errors.
// Not thread-safe; one per command.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cli/client_config.h"
#include "cli/http_client.h"
#include "core/result.h"

namespace hawk::cli {

using Json = nlohmann::ordered_json;

class CoordinatorClient {
 public:
  explicit CoordinatorClient(ClientConfig config,
                             std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // GET `target` ("/api/v1/tasks?workload=w1"). A reply outside 2xx is the
  // error it carries (ErrorFromReply); a 2xx reply is returned whole.
  Result<HttpReply> Get(const std::string& target) const;
  // The 2xx reply's body as JSON; a body that is not JSON is kCorrupt.
  Result<Json> GetJson(const std::string& target) const;
  // POST `body` to `target`; a reply outside 2xx is its error.
  Result<HttpReply> Post(const std::string& target, std::string body,
                         const std::string& content_type) const;
  // The same without checking the status (for callers that read a 400's body).
  Result<HttpReply> PostRaw(const std::string& target, std::string body,
                            const std::string& content_type) const;

  [[nodiscard]] const ClientConfig& config() const { return config_; }

 private:
  Result<HttpReply> Checked(const std::string& method, const std::string& target,
                            Result<HttpReply> reply) const;

  ClientConfig config_;
  std::chrono::milliseconds timeout_;
};

// The error a reply outside 2xx stands for. The coordinator's
// {"error":{"message","where","hint"}} is kept as it is; any other body is
// quoted (first 200 characters). 4xx is kInvalidArgument (exit code 2),
// anything else kUnavailable; 401 gets a hint about the token when the
// coordinator gave none. `request` ("GET /api/v1/workers") names the call.
Error ErrorFromReply(const HttpReply& reply, std::string_view request);

// `text` percent-encoded for a path segment or query value (RFC 3986
// unreserved characters kept).
std::string UrlEncode(std::string_view text);

// Parses a reply body as JSON; kCorrupt naming `request` when it is not.
Result<Json> ParseJsonBody(const std::string& body, std::string_view request);

}  // namespace hawk::cli
