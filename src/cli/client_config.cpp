#include "cli/client_config.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hawk::cli {
namespace {

constexpr const char* kConfigKeys = "url, token, token_file, ca_file";

std::optional<std::string> NonEmpty(const EnvLookup& env, const char* name) {
  std::optional<std::string> value = env(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path, const std::string& where,
                                  const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return InvalidArgument(what + " " + path.string() + " does not exist or is not a file", where);
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    return InvalidArgument("cannot read " + what + " " + path.string(), where,
                           "check its permissions");
  }
  return text.str();
}

Result<std::string> CheckToken(std::string token, const std::string& where) {
  for (const char c : token) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) {
      return InvalidArgument("the token has spaces or control characters", where,
                             "a client token is one word, as `hawk coordinator` printed it");
    }
  }
  return token;
}

// The token in a file: its text without surrounding whitespace.
Result<std::string> ReadTokenFile(const std::filesystem::path& path, const std::string& where) {
  auto text = ReadWholeFile(path, where, "token file");
  if (!text) return tl::unexpected(text.error());
  std::size_t begin = 0;
  std::size_t end = text->size();
  while (begin < end && std::isspace(static_cast<unsigned char>((*text)[begin])) != 0) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>((*text)[end - 1])) != 0) --end;
  if (begin == end) {
    return InvalidArgument("token file " + path.string() + " is empty", where,
                           "write the client token into it");
  }
  return CheckToken(text->substr(begin, end - begin), where);
}

// A CA file for https://: readable, and PEM certificates.
Result<std::string> CheckCaFile(const std::filesystem::path& path, const std::string& where) {
  auto text = ReadWholeFile(path, where, "CA file");
  if (!text) return tl::unexpected(text.error());
  if (text->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    return InvalidArgument("CA file " + path.string() + " holds no PEM certificate", where,
                           "give the coordinator's certificate (or its CA's), in PEM");
  }
  return path.string();
}

struct FileValue {
  std::string value;
  std::string where;  // FILE:LINE:COL
};

struct ConfigFile {
  std::string path;
  std::optional<FileValue> url;
  std::optional<FileValue> token;
  std::optional<FileValue> token_file;
  std::optional<FileValue> ca_file;
};

// A path the config file names: relative ones are relative to its folder.
std::filesystem::path RelativeToConfig(const ConfigFile& file, const std::string& value) {
  std::filesystem::path p(value);
  if (p.is_relative()) p = std::filesystem::path(file.path).parent_path() / p;
  return p;
}

std::string MarkOf(const std::string& path, const YAML::Mark& mark) {
  if (mark.line < 0) return path;
  return path + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

Result<ConfigFile> ParseConfigFile(const std::string& path, const std::string& text) {
  ConfigFile file;
  file.path = path;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return InvalidArgument("not valid YAML: " + e.msg, MarkOf(path, e.mark));
  }
  if (root.IsNull()) return file;  // an empty file
  if (!root.IsMap()) {
    return InvalidArgument(std::string("expected a mapping of ") + kConfigKeys,
                           MarkOf(path, root.Mark()),
                           "write lines such as `url: http://host:7700`");
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    const std::string key_at = MarkOf(path, it->first.Mark());
    std::optional<FileValue>* slot = nullptr;
    if (key == "url") slot = &file.url;
    if (key == "token") slot = &file.token;
    if (key == "token_file") slot = &file.token_file;
    if (key == "ca_file") slot = &file.ca_file;
    if (slot == nullptr) {
      return InvalidArgument("unknown key '" + key + "'", key_at,
                             std::string("valid keys: ") + kConfigKeys);
    }
    const std::string value_at = MarkOf(path, it->second.Mark());
    if (!it->second.IsScalar() || it->second.Scalar().empty()) {
      return InvalidArgument(key + " must be a non-empty string", value_at);
    }
    *slot = FileValue{it->second.Scalar(), value_at};
  }
  if (file.token && file.token_file) {
    return InvalidArgument("both token and token_file are set", file.token_file->where,
                           "keep one of them");
  }
  return file;
}

// The config file to read, and whether it must exist.
std::optional<std::pair<std::string, bool>> ConfigPath(const ClientFlags& flags,
                                                       const EnvLookup& env) {
  if (flags.config_path) return std::pair{*flags.config_path, true};
  if (auto p = NonEmpty(env, "HAWK_CONFIG")) return std::pair{*p, true};
  if (auto xdg = NonEmpty(env, "XDG_CONFIG_HOME")) {
    return std::pair{(std::filesystem::path(*xdg) / "hawk" / "client.yaml").string(), false};
  }
  if (auto home = NonEmpty(env, "HOME")) {
    return std::pair{(std::filesystem::path(*home) / ".config" / "hawk" / "client.yaml").string(),
                     false};
  }
  return std::nullopt;
}

Result<std::optional<ConfigFile>> LoadConfigFile(const ClientFlags& flags, const EnvLookup& env) {
  const auto chosen = ConfigPath(flags, env);
  if (!chosen) return std::optional<ConfigFile>();
  const auto& [path, required] = *chosen;
  std::error_code ec;
  if (!required && !std::filesystem::exists(path, ec)) return std::optional<ConfigFile>();
  const std::string where = flags.config_path ? "--config" : required ? "HAWK_CONFIG" : path;
  auto text = ReadWholeFile(path, where, "config file");
  if (!text) return tl::unexpected(text.error());
  auto parsed = ParseConfigFile(path, *text);
  if (!parsed) return tl::unexpected(parsed.error());
  return std::optional<ConfigFile>(std::move(*parsed));
}

bool ValidPort(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  unsigned value = 0;
  for (const char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value >= 1 && value <= 65535;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read-only use
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<std::string> CheckCoordinatorUrl(std::string_view url, const std::string& where) {
  const std::string hint =
      "write it as http://HOST:PORT, e.g. " + std::string(kDefaultCoordinatorUrl);
  const auto bad = [&](const std::string& why) {
    return InvalidArgument("bad coordinator URL '" + std::string(url) + "': " + why, where, hint);
  };
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return bad("it has spaces or control characters");
  }
  std::string_view rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
  } else {
    return bad("it must start with http:// or https://");
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return bad("it must not have a query or fragment");
  }
  const std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.find('@') != std::string_view::npos) {
    return bad("put the token in --token or HAWK_TOKEN, not in the URL");
  }
  std::string_view host = authority;
  std::optional<std::string_view> port;
  if (!authority.empty() && authority.front() == '[') {  // [::1]:7700
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("an IPv6 address needs a closing ]");
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("expected :PORT after the IPv6 address");
      port = after.substr(1);
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host == "[]") return bad("it has no host");
  if (port && !ValidPort(*port)) return bad("the port must be a number from 1 to 65535");
  std::string out(url);
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

Result<ClientConfig> ResolveClientConfig(const ClientFlags& flags, const EnvLookup& env) {
  auto file = LoadConfigFile(flags, env);
  if (!file) return tl::unexpected(file.error());
  ClientConfig config;
  if (*file) config.config_path = (*file)->path;

  std::string url(kDefaultCoordinatorUrl);
  config.url_from = "default";
  if (flags.url) {
    url = *flags.url;
    config.url_from = "--url";
  } else if (auto u = NonEmpty(env, "HAWK_URL")) {
    url = *u;
    config.url_from = "HAWK_URL";
  } else if (*file && (*file)->url) {
    url = (*file)->url->value;
    config.url_from = (*file)->url->where;
  }
  auto checked = CheckCoordinatorUrl(url, config.url_from);
  if (!checked) return tl::unexpected(checked.error());
  config.url = std::move(*checked);

  Result<std::string> token = std::string();
  if (flags.token) {
    config.token_from = "--token";
    token = CheckToken(*flags.token, config.token_from);
  } else if (auto t = NonEmpty(env, "HAWK_TOKEN")) {
    config.token_from = "HAWK_TOKEN";
    token = CheckToken(*t, config.token_from);
  } else if (auto f = NonEmpty(env, "HAWK_TOKEN_FILE")) {
    config.token_from = "HAWK_TOKEN_FILE";
    token = ReadTokenFile(*f, config.token_from);
  } else if (*file && (*file)->token) {
    config.token_from = (*file)->token->where;
    token = CheckToken((*file)->token->value, config.token_from);
  } else if (*file && (*file)->token_file) {
    config.token_from = (*file)->token_file->where;
    token = ReadTokenFile(RelativeToConfig(**file, (*file)->token_file->value), config.token_from);
  }
  if (!token) return tl::unexpected(token.error());
  config.token = std::move(*token);

  Result<std::string> ca_file = std::string();
  if (flags.ca_file) {
    config.ca_file_from = "--ca-file";
    ca_file = CheckCaFile(*flags.ca_file, config.ca_file_from);
  } else if (auto f = NonEmpty(env, "HAWK_CA_FILE")) {
    config.ca_file_from = "HAWK_CA_FILE";
    ca_file = CheckCaFile(*f, config.ca_file_from);
  } else if (*file && (*file)->ca_file) {
    config.ca_file_from = (*file)->ca_file->where;
    ca_file = CheckCaFile(RelativeToConfig(**file, (*file)->ca_file->value), config.ca_file_from);
  }
  if (!ca_file) return tl::unexpected(ca_file.error());
  config.ca_file = std::move(*ca_file);
  return config;
}

}  // namespace hawk::cli
