#include "notify/config.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include "notify/address.h"
#include "notify/yaml_fields.h"

namespace hawk::notify {
namespace {

using std::string_view_literals::operator""sv;

constexpr std::array kRootKeys = {"timeout"sv, "channels"sv};
constexpr std::array kWebhookKeys = {"name"sv, "type"sv,    "events"sv,   "template"sv,
                                     "url"sv,  "url_env"sv, "token_env"sv};
constexpr std::array kSlackKeys = {"name"sv,     "type"sv, "events"sv,
                                   "template"sv, "url"sv,  "url_env"sv};
constexpr std::array kGithubKeys = {"name"sv, "type"sv,      "events"sv,  "template"sv, "repo"sv,
                                    "sha"sv,  "token_env"sv, "api_url"sv, "context"sv};
constexpr std::array kSmtpKeys = {"name"sv,         "type"sv,     "events"sv, "template"sv,
                                  "url"sv,          "from"sv,     "to"sv,     "username_env"sv,
                                  "password_env"sv, "starttls"sv, "subject"sv};

constexpr Duration kMinTimeout{1};
constexpr Duration kMaxTimeout{10 * 60 * 1000};

YamlFields::Keys KeysOf(ChannelType type) {
  switch (type) {
    case ChannelType::kWebhook: return kWebhookKeys;
    case ChannelType::kSlack: return kSlackKeys;
    case ChannelType::kGithub: return kGithubKeys;
    case ChannelType::kSmtp: return kSmtpKeys;
  }
  return kWebhookKeys;
}

class ConfigParser {
 public:
  explicit ConfigParser(std::string_view source) : fields_(source) {}

  Result<NotifyConfig> Parse(const YAML::Node& root) {
    if (!root.IsDefined() || root.IsNull()) {
      return fields_.Fail(root, "", "the file is empty", "list the channels under channels:");
    }
    if (auto s = fields_.CheckMap(root, "", kRootKeys, "a notifications file"); !s) {
      return tl::unexpected(s.error());
    }
    NotifyConfig config;
    if (const YAML::Node t = root["timeout"]; t) {
      auto text = fields_.String(t, "timeout");
      if (!text) return tl::unexpected(text.error());
      auto timeout = ParseDuration(*text);
      if (!timeout) {
        return fields_.Fail(t, "timeout", timeout.error().message, timeout.error().hint);
      }
      if (*timeout < kMinTimeout || *timeout > kMaxTimeout) {
        return fields_.Fail(t, "timeout", "'" + *text + "' is outside 1ms..10m");
      }
      config.timeout = *timeout;
    }
    const YAML::Node channels = root["channels"];
    if (!channels) {
      return fields_.Fail(root, "channels", "missing", "list at least one channel under channels:");
    }
    if (!channels.IsSequence() || channels.size() == 0) {
      return fields_.Fail(channels, "channels", "expected a non-empty list of channels");
    }
    for (std::size_t i = 0; i < channels.size(); ++i) {
      auto channel = ParseChannel(channels[i], YamlFields::Item("channels", i));
      if (!channel) return tl::unexpected(channel.error());
      config.channels.push_back(std::move(*channel));
    }
    if (auto s = NameChannels(channels, config.channels); !s) return tl::unexpected(s.error());
    return config;
  }

 private:
  // Fills in default names ("slack", "slack-2") and refuses duplicates.
  Status NameChannels(const YAML::Node& nodes, std::vector<Channel>& channels) const {
    std::array<std::size_t, EnumCount<ChannelType>()> seen{};
    std::set<std::string> names;
    for (std::size_t i = 0; i < channels.size(); ++i) {
      Channel& c = channels[i];
      const std::size_t n = ++seen[static_cast<std::size_t>(c.type)];
      if (c.name.empty()) {
        c.name = std::string(ToString(c.type));
        if (n > 1) c.name.append("-").append(std::to_string(n));
      }
      if (!names.insert(c.name).second) {
        const std::string path = YamlFields::Item("channels", i);
        return fields_.Fail(nodes[i], YamlFields::Child(path, "name"),
                            "another channel is already named '" + c.name + "'",
                            "give each channel its own name");
      }
    }
    return Ok();
  }

  Result<Channel> ParseChannel(const YAML::Node& node, const std::string& path) {
    if (!node.IsMap()) return fields_.Fail(node, path, "expected a mapping (a channel)");
    Channel channel;
    const YAML::Node type_node = node["type"];
    if (!type_node) {
      return fields_.Fail(node, YamlFields::Child(path, "type"), "missing",
                          "valid types: " + EnumNameList<ChannelType>());
    }
    auto type_text = fields_.String(type_node, YamlFields::Child(path, "type"));
    if (!type_text) return tl::unexpected(type_text.error());
    auto type = hawk::Parse<ChannelType>(*type_text);
    if (!type) {
      return fields_.Fail(type_node, YamlFields::Child(path, "type"), type.error().message,
                          type.error().hint);
    }
    channel.type = *type;
    const std::string what = "a " + std::string(ToString(*type)) + " channel";
    if (auto s = fields_.CheckMap(node, path, KeysOf(*type), what); !s) {
      return tl::unexpected(s.error());
    }
    if (const YAML::Node n = node["name"]; n) {
      auto name = fields_.String(n, YamlFields::Child(path, "name"));
      if (!name) return tl::unexpected(name.error());
      channel.name = std::move(*name);
    }
    if (auto events = Events(node["events"], YamlFields::Child(path, "events")); events) {
      channel.events = *events;
    } else {
      return tl::unexpected(events.error());
    }
    auto text =
        TemplateAt(node["template"], YamlFields::Child(path, "template"), DefaultTemplate(*type));
    if (!text) return tl::unexpected(text.error());
    channel.text = std::move(*text);

    Status settings = Ok();
    switch (*type) {
      case ChannelType::kWebhook: settings = Webhook(node, path, channel); break;
      case ChannelType::kSlack: settings = Slack(node, path, channel); break;
      case ChannelType::kGithub: settings = Github(node, path, channel); break;
      case ChannelType::kSmtp: settings = Smtp(node, path, channel); break;
    }
    if (!settings) return tl::unexpected(settings.error());
    return channel;
  }

  Result<EnumSet<EventKind>> Events(const YAML::Node& node, const std::string& path) const {
    EnumSet<EventKind> out;
    if (!node) {
      for (EventKind kind : AllValues<EventKind>()) out.Insert(kind);
      return out;
    }
    auto names = fields_.StringList(node, path);
    if (!names) return tl::unexpected(names.error());
    if (names->empty()) {
      return fields_.Fail(node, path, "no events", "leave events: out to receive every event");
    }
    for (std::size_t i = 0; i < names->size(); ++i) {
      auto kind = hawk::Parse<EventKind>((*names)[i]);
      if (!kind) {
        return fields_.Fail(node[i], YamlFields::Item(path, i), kind.error().message,
                            kind.error().hint);
      }
      out.Insert(*kind);
    }
    return out;
  }

  Result<Template> TemplateAt(const YAML::Node& node, const std::string& path,
                              std::string_view fallback) const {
    std::string text(fallback);
    if (node) {
      auto given = fields_.String(node, path);
      if (!given) return tl::unexpected(given.error());
      text = std::move(*given);
    }
    auto parsed = Template::Parse(text);
    if (!parsed) return fields_.Fail(node, path, parsed.error().message, parsed.error().hint);
    return parsed;
  }

  Result<UrlSource> HttpUrl(const YAML::Node& node, const std::string& path,
                            std::string_view what) const {
    const YAML::Node url = node["url"];
    const YAML::Node env = node["url_env"];
    if (url && env) {
      return fields_.Fail(env, YamlFields::Child(path, "url_env"),
                          "give either url or url_env, not both");
    }
    UrlSource out;
    if (env) {
      auto name = fields_.EnvName(env, YamlFields::Child(path, "url_env"));
      if (!name) return tl::unexpected(name.error());
      out.env_var = std::move(*name);
      return out;
    }
    if (!url) {
      return fields_.Fail(node, YamlFields::Child(path, "url"), "missing",
                          "give the " + std::string(what) +
                              " URL with url:, or the environment variable holding it with "
                              "url_env:");
    }
    auto text = fields_.Url(url, YamlFields::Child(path, "url"), {"http://", "https://"});
    if (!text) return tl::unexpected(text.error());
    out.url = std::move(*text);
    return out;
  }

  // Sets `out` from an optional environment-variable-name key.
  Status OptionalEnv(const YAML::Node& node, const std::string& path, std::string_view key,
                     std::string& out) const {
    if (const YAML::Node n = node[std::string(key)]; n) {
      auto name = fields_.EnvName(n, YamlFields::Child(path, key));
      if (!name) return tl::unexpected(name.error());
      out = std::move(*name);
    }
    return Ok();
  }

  Status Webhook(const YAML::Node& node, const std::string& path, Channel& channel) const {
    WebhookChannel webhook;
    auto url = HttpUrl(node, path, "webhook");
    if (!url) return tl::unexpected(url.error());
    webhook.url = std::move(*url);
    if (auto s = OptionalEnv(node, path, "token_env", webhook.token_env); !s) return s;
    channel.settings = std::move(webhook);
    return Ok();
  }

  Status Slack(const YAML::Node& node, const std::string& path, Channel& channel) const {
    auto url = HttpUrl(node, path, "Slack incoming-webhook");
    if (!url) return tl::unexpected(url.error());
    channel.settings = SlackChannel{std::move(*url)};
    return Ok();
  }

  Status Github(const YAML::Node& node, const std::string& path, Channel& channel) const {
    GithubChannel github;
    const YAML::Node repo = node["repo"];
    if (!repo) {
      return fields_.Fail(node, YamlFields::Child(path, "repo"), "missing",
                          "give the repository as owner/name");
    }
    auto name = fields_.String(repo, YamlFields::Child(path, "repo"));
    if (!name) return tl::unexpected(name.error());
    const std::size_t slash = name->find('/');
    const std::string owner = name->substr(0, slash);
    const std::string repo_name = slash == std::string::npos ? "" : name->substr(slash + 1);
    bool valid = std::count(name->begin(), name->end(), '/') == 1;
    for (const std::string& part : {owner, repo_name}) {
      valid = valid && !part.empty() && part != "." && part != "..";
    }
    for (const char c : *name) {
      valid = valid && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/');
    }
    if (!valid) {
      return fields_.Fail(repo, YamlFields::Child(path, "repo"),
                          "'" + *name + "' is not a repository name", "write owner/name");
    }
    github.repo = std::move(*name);
    auto sha = TemplateAt(node["sha"], YamlFields::Child(path, "sha"), "{commit}");
    if (!sha) return tl::unexpected(sha.error());
    github.sha = std::move(*sha);
    if (auto s = OptionalEnv(node, path, "token_env", github.token_env); !s) return s;
    if (const YAML::Node api = node["api_url"]; api) {
      auto url = fields_.Url(api, YamlFields::Child(path, "api_url"), {"http://", "https://"});
      if (!url) return tl::unexpected(url.error());
      while (!url->empty() && url->back() == '/') url->pop_back();
      github.api_url = std::move(*url);
    }
    if (const YAML::Node context = node["context"]; context) {
      auto text = fields_.String(context, YamlFields::Child(path, "context"));
      if (!text) return tl::unexpected(text.error());
      github.context = std::move(*text);
    }
    channel.settings = std::move(github);
    return Ok();
  }

  Status Smtp(const YAML::Node& node, const std::string& path, Channel& channel) const {
    SmtpChannel smtp;
    const YAML::Node url = node["url"];
    if (!url) {
      return fields_.Fail(node, YamlFields::Child(path, "url"), "missing",
                          "give the mail server as smtp://host:587 or smtps://host:465");
    }
    auto server = fields_.Url(url, YamlFields::Child(path, "url"), {"smtp://", "smtps://"});
    if (!server) return tl::unexpected(server.error());
    smtp.url = std::move(*server);

    const YAML::Node from = node["from"];
    if (!from) {
      return fields_.Fail(node, YamlFields::Child(path, "from"), "missing",
                          "give the sender, e.g. hawk <hawk@example.com>");
    }
    auto sender = fields_.String(from, YamlFields::Child(path, "from"));
    if (!sender) return tl::unexpected(sender.error());
    if (auto a = MailAddress(*sender); !a) {
      return fields_.Fail(from, YamlFields::Child(path, "from"), a.error().message, a.error().hint);
    }
    smtp.from = std::move(*sender);

    const YAML::Node to = node["to"];
    if (!to) {
      return fields_.Fail(node, YamlFields::Child(path, "to"), "missing",
                          "list the recipients, e.g. to: [ops@example.com]");
    }
    auto recipients = fields_.StringList(to, YamlFields::Child(path, "to"));
    if (!recipients) return tl::unexpected(recipients.error());
    if (recipients->empty()) {
      return fields_.Fail(to, YamlFields::Child(path, "to"), "no recipients");
    }
    for (std::size_t i = 0; i < recipients->size(); ++i) {
      if (auto a = MailAddress((*recipients)[i]); !a) {
        return fields_.Fail(to[i], YamlFields::Item(YamlFields::Child(path, "to"), i),
                            a.error().message, a.error().hint);
      }
    }
    smtp.to = std::move(*recipients);

    if (auto s = OptionalEnv(node, path, "username_env", smtp.username_env); !s) return s;
    if (auto s = OptionalEnv(node, path, "password_env", smtp.password_env); !s) return s;
    if (smtp.username_env.empty() != smtp.password_env.empty()) {
      const char* missing = smtp.username_env.empty() ? "username_env" : "password_env";
      return fields_.Fail(node, YamlFields::Child(path, missing), "missing",
                          "give both username_env and password_env, or neither");
    }
    if (const YAML::Node tls = node["starttls"]; tls) {
      const std::string tls_path = YamlFields::Child(path, "starttls");
      // YAML reads a bare `off` as a string here (yaml-cpp keeps scalars as text).
      auto text = fields_.String(tls, tls_path);
      if (!text) return tl::unexpected(text.error());
      auto mode = hawk::Parse<StartTls>(*text);
      if (!mode) return fields_.Fail(tls, tls_path, mode.error().message, mode.error().hint);
      smtp.starttls = *mode;
    }
    auto subject =
        TemplateAt(node["subject"], YamlFields::Child(path, "subject"), "[hawk] {summary}");
    if (!subject) return tl::unexpected(subject.error());
    smtp.subject = std::move(*subject);
    channel.settings = std::move(smtp);
    return Ok();
  }

  YamlFields fields_;
};

}  // namespace

std::string_view DefaultTemplate(ChannelType type) {
  switch (type) {
    case ChannelType::kWebhook: return "{summary}";
    case ChannelType::kSlack: return "*hawk*: {summary}\n{details}";
    case ChannelType::kGithub: return "{summary}";
    case ChannelType::kSmtp: return "{summary}\n\n{details}\n";
  }
  return "{summary}";
}

Result<NotifyConfig> ParseNotifyConfig(std::string_view yaml, std::string_view source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    std::string where(source);
    if (e.mark.line >= 0) {
      where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    }
    return InvalidArgument("invalid YAML: " + e.msg, where);
  }
  return ConfigParser(source).Parse(root);
}

Result<NotifyConfig> LoadNotifyConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return InvalidArgument("cannot read the notifications file", path,
                           "check the path given to --config and its permissions");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseNotifyConfig(text.str(), path);
}

}  // namespace hawk::notify
