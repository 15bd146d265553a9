// Pure functions from (channel, event) to the exact request a channel sends:
// method, URL, headers and body for HTTP channels; envelope and RFC 5322
// message for e-mail. Nothing here touches the network or the clock; secrets
// come in through an EnvLookup, so tests give a map.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"
#include "notify/config.h"
#include "notify/event.h"

namespace hawk::notify {

inline constexpr std::string_view kUserAgent = "hawk/0.1.0";

struct HttpRequest {
  std::string method;  // "POST"
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // in sending order
  std::string body;
  friend bool operator==(const HttpRequest&, const HttpRequest&) = default;
};

struct SmtpMail {
  std::string url;  // smtp://host:port or smtps://host:port
  StartTls starttls = StartTls::kRequired;
  std::string mail_from;             // envelope sender, address only
  std::vector<std::string> rcpt_to;  // envelope recipients, addresses only
  std::string username;              // empty: no login
  std::string password;
  std::string message;  // RFC 5322 headers and body, CRLF line ends
  friend bool operator==(const SmtpMail&, const SmtpMail&) = default;
};

// One message for one channel. `secrets` lists text (tokens, passwords, the
// secret part of webhook URLs) that must never be printed: DescribeMessage
// and every error a transport returns pass through Redact.
struct OutgoingMessage {
  std::string channel;  // the channel's name
  ChannelType type = ChannelType::kWebhook;
  std::variant<HttpRequest, SmtpMail> request;
  std::vector<std::string> secrets;
};

// Looks up an environment variable; absent when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
// The process environment (getenv).
EnvLookup ProcessEnvironment();

// The request `channel` sends for `event`. Errors (kInvalidArgument, `where`
// the channel's name): an environment variable the channel needs (url_env,
// token_env, username_env, password_env) not set or empty; a GitHub sha that
// renders empty or is not hexadecimal.
Result<OutgoingMessage> BuildMessage(const Channel& channel, const NotifyEvent& event,
                                     const EnvLookup& env);

// `text` with every occurrence of every non-empty secret replaced by "***"
// ("/***" for a secret that is a URL path, "/services/T/B/X").
std::string Redact(std::string_view text, const std::vector<std::string>& secrets);

// What would be sent, as text for a person (secrets redacted):
//   "--- slack (slack): POST https://hooks.slack.com/***\n<headers>\n\n<body>\n"
std::string DescribeMessage(const OutgoingMessage& message);

}  // namespace hawk::notify
