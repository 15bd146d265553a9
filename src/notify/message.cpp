#include "notify/message.h"

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "notify/address.h"
#include "notify/mail.h"
#include "notify/text.h"

namespace hawk::notify {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kGithubDescriptionChars = 140;

std::string Dump(const Json& json) {
  // Invalid UTF-8 in a field becomes U+FFFD rather than an exception.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string SlackEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

Result<std::string> FromEnv(const EnvLookup& env, const std::string& name, const Channel& channel,
                            std::string_view purpose) {
  std::optional<std::string> value = env ? env(name) : std::nullopt;
  if (!value || value->empty()) {
    return InvalidArgument("environment variable " + name + " is not set", channel.name,
                           "set it to " + std::string(purpose));
  }
  return std::move(*value);
}

// The parts of a URL that may carry a secret: user info and, with
// `with_path`, everything after the host
// ("https://u:p@h/services/T/B/X?k" -> "u:p", "/services/T/B/X?k").
void AddUrlSecrets(std::string_view url, bool with_path, std::vector<std::string>& secrets) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return;
  const std::size_t host = scheme + 3;
  const std::size_t path = url.find_first_of("/?#", host);
  const std::string_view authority =
      url.substr(host, path == std::string_view::npos ? url.npos : path - host);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    secrets.emplace_back(authority.substr(0, at));
  }
  if (with_path && path != std::string_view::npos && path + 1 < url.size()) {
    secrets.emplace_back(url.substr(path));
  }
}

Result<std::string> ResolveUrl(const UrlSource& source, const Channel& channel,
                               const EnvLookup& env) {
  if (source.env_var.empty()) return source.url;
  auto url = FromEnv(env, source.env_var, channel, "the channel's URL");
  if (!url) return url;
  if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0) {
    return InvalidArgument("environment variable " + source.env_var + " is not an http(s) URL",
                           channel.name, "set it to the webhook URL, https://...");
  }
  return url;
}

HttpRequest JsonPost(std::string url, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.url = std::move(url);
  request.headers = {{"Content-Type", "application/json"}, {"User-Agent", std::string(kUserAgent)}};
  request.body = std::move(body);
  return request;
}

// The event's known fields as JSON: strings, counts as numbers.
Json EventJson(const NotifyEvent& event) {
  Json json;
  for (const EventField field : AllValues<EventField>()) {
    if (field == EventField::kDetails) continue;
    const std::string value = FieldValue(event, field);
    if (value.empty()) continue;
    const std::string name(ToString(field));
    if (field == EventField::kPassed)
      json[name] = *event.passed;
    else if (field == EventField::kFailed)
      json[name] = *event.failed;
    else if (field == EventField::kSkipped)
      json[name] = *event.skipped;
    else
      json[name] = value;
  }
  return json;
}

Result<OutgoingMessage> Webhook(const Channel& channel, const WebhookChannel& webhook,
                                const NotifyEvent& event, const EnvLookup& env) {
  OutgoingMessage out;
  auto url = ResolveUrl(webhook.url, channel, env);
  if (!url) return tl::unexpected(url.error());
  AddUrlSecrets(*url, !webhook.url.env_var.empty(), out.secrets);
  Json body;
  body["text"] = channel.text.Render(event);
  const Json fields = EventJson(event);
  for (const auto& [key, value] : fields.items()) body[key] = value;
  HttpRequest request = JsonPost(*url, Dump(body));
  if (!webhook.token_env.empty()) {
    auto token = FromEnv(env, webhook.token_env, channel, "the webhook's bearer token");
    if (!token) return tl::unexpected(token.error());
    request.headers.emplace_back("Authorization", "Bearer " + *token);
    out.secrets.push_back(std::move(*token));
  }
  out.request = std::move(request);
  return out;
}

Result<OutgoingMessage> Slack(const Channel& channel, const SlackChannel& slack,
                              const NotifyEvent& event, const EnvLookup& env) {
  OutgoingMessage out;
  auto url = ResolveUrl(slack.url, channel, env);
  if (!url) return tl::unexpected(url.error());
  // A Slack webhook URL is itself the credential, wherever it came from.
  AddUrlSecrets(*url, true, out.secrets);
  Json body;
  body["text"] = channel.text.Render(event, SlackEscape);
  out.request = JsonPost(*url, Dump(body));
  return out;
}

std::string_view GithubState(EventKind kind) {
  switch (kind) {
    case EventKind::kWorkloadFinished: return "success";
    case EventKind::kWorkloadFailed: return "failure";
    case EventKind::kCriticalAlert:
    case EventKind::kWorkerLost:
    case EventKind::kDeviceQuarantined: return "error";
  }
  return "error";
}

Result<OutgoingMessage> Github(const Channel& channel, const GithubChannel& github,
                               const NotifyEvent& event, const EnvLookup& env) {
  const std::string sha = github.sha.Render(event);
  if (sha.empty()) {
    return InvalidArgument("no commit sha to report on", channel.name,
                           "pass the commit (hawk notify --commit SHA) or set sha: in the channel");
  }
  if (!std::all_of(sha.begin(), sha.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      })) {
    return InvalidArgument("'" + sha + "' is not a commit sha", channel.name,
                           "give the hexadecimal commit id");
  }
  auto token =
      FromEnv(env, github.token_env, channel, "a GitHub token allowed to write commit statuses");
  if (!token) return tl::unexpected(token.error());
  OutgoingMessage out;
  Json body;
  body["state"] = GithubState(event.kind);
  if (!event.report_url.empty()) body["target_url"] = event.report_url;
  body["description"] =
      TruncateUtf8(OneLine(channel.text.Render(event)), kGithubDescriptionChars, "\u2026");
  body["context"] = github.context;
  HttpRequest request;
  request.method = "POST";
  request.url = github.api_url + "/repos/" + github.repo + "/statuses/" + sha;
  request.headers = {{"Accept", "application/vnd.github+json"},
                     {"Authorization", "Bearer " + *token},
                     {"Content-Type", "application/json"},
                     {"User-Agent", std::string(kUserAgent)},
                     {"X-GitHub-Api-Version", "2022-11-28"}};
  request.body = Dump(body);
  out.request = std::move(request);
  out.secrets.push_back(std::move(*token));
  return out;
}

Result<OutgoingMessage> Smtp(const Channel& channel, const SmtpChannel& smtp,
                             const NotifyEvent& event, const EnvLookup& env) {
  OutgoingMessage out;
  SmtpMail mail;
  mail.url = smtp.url;
  AddUrlSecrets(smtp.url, false, out.secrets);
  mail.starttls = smtp.starttls;
  // Addresses were checked when the file was loaded.
  mail.mail_from = MailAddress(smtp.from).value_or(smtp.from);
  for (const std::string& r : smtp.to) mail.rcpt_to.push_back(MailAddress(r).value_or(r));
  if (!smtp.username_env.empty()) {
    auto user = FromEnv(env, smtp.username_env, channel, "the mail server login");
    if (!user) return tl::unexpected(user.error());
    auto password = FromEnv(env, smtp.password_env, channel, "the mail server password");
    if (!password) return tl::unexpected(password.error());
    mail.username = std::move(*user);
    mail.password = std::move(*password);
    out.secrets.push_back(mail.password);
  }
  mail.message = BuildMailMessage(channel, smtp, event);
  out.request = std::move(mail);
  return out;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe)
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<OutgoingMessage> BuildMessage(const Channel& channel, const NotifyEvent& event,
                                     const EnvLookup& env) {
  Result<OutgoingMessage> out = std::visit(
      [&](const auto& settings) -> Result<OutgoingMessage> {
        using T = std::decay_t<decltype(settings)>;
        if constexpr (std::is_same_v<T, WebhookChannel>) {
          return Webhook(channel, settings, event, env);
        } else if constexpr (std::is_same_v<T, SlackChannel>) {
          return Slack(channel, settings, event, env);
        } else if constexpr (std::is_same_v<T, GithubChannel>) {
          return Github(channel, settings, event, env);
        } else {
          return Smtp(channel, settings, event, env);
        }
      },
      channel.settings);
  if (out) {
    out->channel = channel.name;
    out->type = channel.type;
  }
  return out;
}

std::string Redact(std::string_view text, const std::vector<std::string>& secrets) {
  std::vector<std::string_view> sorted(secrets.begin(), secrets.end());
  // Longest first, so a secret that contains another is hidden whole.
  std::sort(sorted.begin(), sorted.end(),
            [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  std::string out(text);
  for (std::string_view secret : sorted) {
    if (secret.empty()) continue;
    // A URL path keeps its slash: "https://host/***".
    const std::string_view mask = secret.size() > 1 && secret[0] == '/' ? "/***" : "***";
    for (std::size_t at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + mask.size())) {
      out.replace(at, secret.size(), mask);
    }
  }
  return out;
}

std::string DescribeMessage(const OutgoingMessage& message) {
  std::string out = "--- " + message.channel + " (" + std::string(ToString(message.type)) + "): ";
  if (const auto* http = std::get_if<HttpRequest>(&message.request)) {
    out += http->method + " " + http->url + "\n";
    for (const auto& [name, value] : http->headers) {
      out += name;
      out += ": ";
      out += value;
      out += '\n';
    }
    out += "\n" + http->body + "\n";
  } else {
    const auto& mail = std::get<SmtpMail>(message.request);
    out += "SMTP " + mail.url + ", starttls " + std::string(ToString(mail.starttls));
    if (!mail.username.empty()) out += ", login as " + mail.username;
    out += "\nMAIL FROM:<" + mail.mail_from + ">\n";
    for (const std::string& r : mail.rcpt_to) out += "RCPT TO:<" + r + ">\n";
    out += "\n";
    for (std::size_t at = 0; at < mail.message.size();) {
      std::size_t end = mail.message.find("\r\n", at);
      if (end == std::string::npos) end = mail.message.size();
      out.append(mail.message, at, end - at);
      out += "\n";
      at = end + 2;
    }
  }
  return Redact(out, message.secrets);
}

}  // namespace hawk::notify
