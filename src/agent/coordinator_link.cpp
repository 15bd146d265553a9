#include "agent/coordinator_link.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace hawk::agent {
namespace {

constexpr std::string_view kUrlHint =
    "use ws://HOST:PORT or wss://HOST:PORT (http:// and https:// mean the same)";

tl::unexpected<Error> BadUrl(std::string message, std::string_view url) {
  return InvalidArgument(std::move(message), "coordinator URL " + std::string(url),
                         std::string(kUrlHint));
}

}  // namespace

std::string CoordinatorAddress::ToString() const {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(tls ? "wss://" : "ws://") + (v6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port) + target;
}

Result<CoordinatorAddress> ParseCoordinatorUrl(std::string_view url) {
  CoordinatorAddress address;
  address.target = std::string(kWorkerConnectPath);
  std::string_view rest = url;
  const std::size_t scheme_end = rest.find("://");
  if (scheme_end == std::string_view::npos) return BadUrl("no scheme", url);
  const std::string_view scheme = rest.substr(0, scheme_end);
  if (scheme == "ws" || scheme == "http") {
    address.tls = false;
  } else if (scheme == "wss" || scheme == "https") {
    address.tls = true;
  } else {
    return BadUrl("unknown scheme \"" + std::string(scheme) + "\"", url);
  }
  rest.remove_prefix(scheme_end + 3);

  const std::size_t path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) {
    const std::string_view path = rest.substr(path_start);
    if (path != "/" && path != kWorkerConnectPath) {
      return BadUrl("unexpected path \"" + std::string(path) + "\" (the worker path is " +
                        std::string(kWorkerConnectPath) + ")",
                    url);
    }
  }
  if (authority.find('@') != std::string_view::npos) {
    return BadUrl("credentials do not go in the URL (use --token)", url);
  }
  std::string_view port_text;
  if (authority.starts_with("[")) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return BadUrl("unclosed '[' in the host", url);
    address.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(":")) return BadUrl("unexpected text after the host", url);
      port_text = after.substr(1);
      if (port_text.empty()) return BadUrl("empty port", url);
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    address.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return BadUrl("empty port", url);
      if (address.host.find(':') != std::string::npos) {
        return BadUrl("an IPv6 address needs brackets ([::1]:8080)", url);
      }
    }
  }
  if (address.host.empty()) return BadUrl("no host", url);
  if (port_text.empty()) {
    address.port = address.tls ? 443 : 80;
  } else {
    unsigned value = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      return BadUrl("port \"" + std::string(port_text) + "\" is not a number in 1..65535", url);
    }
    address.port = static_cast<std::uint16_t>(value);
  }
  return address;
}

std::chrono::milliseconds ReconnectBackoff::Next() {
  const double initial = static_cast<double>(options_.initial.count());
  const double max = static_cast<double>(std::max(options_.max, options_.initial).count());
  const double base = std::min(max, initial * std::pow(options_.multiplier, attempt_));
  if (base < max) ++attempt_;
  const double jitter = std::clamp(options_.jitter, 0.0, 1.0);
  const double factor = 1.0 - jitter + 2.0 * jitter * rng_.NextDouble();
  return std::chrono::milliseconds(std::llround(base * factor));
}

}  // namespace hawk::agent
