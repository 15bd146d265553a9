// The notifications file (docs/notifications.md): which channels exist, the
// events each one wants, and how its messages read. Loading is strict:
// unknown keys, wrong types, missing required fields and bad templates are
// errors naming the file, line and YAML path
// ("notify.yaml:4:5: channels[1].url: missing (give the webhook URL ...)").
// Secrets never appear in the file: tokens, passwords and (optionally) URLs
// are named by environment variable and read when a message is sent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/enum_names.h"
#include "core/enum_set.h"
#include "core/result.h"
#include "core/units.h"
#include "notify/event.h"
#include "notify/template.h"

namespace hawk::notify {

#define HAWK_NOTIFY_CHANNEL_TYPES(X) \
  X(kWebhook, "webhook") X(kSlack, "slack") X(kGithub, "github") X(kSmtp, "smtp")
HAWK_ENUM(ChannelType, "channel type", HAWK_NOTIFY_CHANNEL_TYPES);

// SMTP transport security for smtp:// URLs: `required` upgrades with
// STARTTLS or fails, `try` upgrades when the server offers it, `off` sends in
// plain text. smtps:// URLs are TLS from the first byte whatever this says.
#define HAWK_NOTIFY_STARTTLS_MODES(X) X(kRequired, "required") X(kTry, "try") X(kOff, "off")
HAWK_ENUM(StartTls, "starttls mode", HAWK_NOTIFY_STARTTLS_MODES);

// A URL given in the file (`url:`) or read from the environment when sending
// (`url_env:`), for URLs that carry a secret such as a Slack webhook.
struct UrlSource {
  std::string url;      // set when given in the file
  std::string env_var;  // set when read from the environment
};

// type: webhook — POST {"text": <template>, "event": ..., <fields>} as JSON.
struct WebhookChannel {
  UrlSource url;
  std::string token_env;  // optional: sent as "Authorization: Bearer <token>"
};

// type: slack — POST {"text": <template>} to an incoming-webhook URL.
struct SlackChannel {
  UrlSource url;
};

// type: github — POST {api_url}/repos/{repo}/statuses/{sha}.
struct GithubChannel {
  std::string repo;  // "owner/name"
  Template sha;      // default "{commit}"
  std::string token_env = "GITHUB_TOKEN";
  std::string api_url = "https://api.github.com";  // no trailing slash
  std::string context = "hawk";
};

// type: smtp — one e-mail to every address in `to`.
struct SmtpChannel {
  std::string url;              // smtp://host:587 or smtps://host:465
  std::string from;             // "hawk <hawk@example.com>" or "hawk@example.com"
  std::vector<std::string> to;  // addresses, at least one
  std::string username_env;     // optional; set together with password_env
  std::string password_env;
  StartTls starttls = StartTls::kRequired;
  Template subject;  // default "[hawk] {summary}"
};

struct Channel {
  std::string name;  // unique; default the type ("slack"), "slack-2" for a second one
  ChannelType type = ChannelType::kWebhook;
  EnumSet<EventKind> events;  // default: every kind
  Template text;              // the message text (e-mail body, GitHub description)
  std::variant<WebhookChannel, SlackChannel, GithubChannel, SmtpChannel> settings;
};

struct NotifyConfig {
  Duration timeout{10000};  // per delivery, connection included
  std::vector<Channel> channels;
};

// The text template a channel of `type` uses without `template:`.
std::string_view DefaultTemplate(ChannelType type);

// Parses the YAML text of a notifications file; `source` names it in errors.
Result<NotifyConfig> ParseNotifyConfig(std::string_view yaml,
                                       std::string_view source = "notify.yaml");

// Reads and parses a file. A missing or unreadable file is kInvalidArgument.
Result<NotifyConfig> LoadNotifyConfig(const std::string& path);

}  // namespace hawk::notify
