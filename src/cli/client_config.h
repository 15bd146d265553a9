// Where the client commands (`hawk submit`, `hawk status`, ...) find the
// coordinator and the client token. Each value comes from the first of:
//   url:   --url, $HAWK_URL, the config file's `url:`, http://127.0.0.1:7700
//   token: --token, $HAWK_TOKEN, the file named by $HAWK_TOKEN_FILE, the config
//          file's `token:` or `token_file:` (relative to the config file's folder);
//          none is an empty token (the coordinator then answers 401).
//   CA:    --ca-file, $HAWK_CA_FILE, the config file's `ca_file:` (relative to
//          its folder): PEM certificates trusted for https://; none means the
//          system's store.
// The config file is --config FILE, else $HAWK_CONFIG (both must exist), else
// $XDG_CONFIG_HOME/hawk/client.yaml or ~/.config/hawk/client.yaml when
// present. It is YAML with the keys url, token, token_file and ca_file; any other key
// is an error naming FILE:LINE:COLUMN. Empty variables count as unset.
//
// ResolveClientConfig is a function of its inputs: the environment comes
// through `env`, and only the config and token files are read.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hawk::cli {

inline constexpr std::string_view kDefaultCoordinatorUrl = "http://127.0.0.1:7700";

// The value of an environment variable, nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// The process environment (std::getenv).
EnvLookup ProcessEnvironment();

struct ClientFlags {
  std::optional<std::string> url;          // --url
  std::optional<std::string> token;        // --token
  std::optional<std::string> config_path;  // --config
  std::optional<std::string> ca_file;      // --ca-file
};

struct ClientConfig {
  std::string url;      // validated, without a trailing '/': "http://127.0.0.1:7700"
  std::string token;    // may be empty
  std::string ca_file;  // PEM file trusted for https://; empty: the system's store
  // Where each came from, for messages: "--url", "HAWK_URL", "FILE:LINE:COL",
  // "default"; "" for no token.
  std::string url_from;
  std::string token_from;
  std::string ca_file_from;  // "" for none
  // The config file that was read; empty when none.
  std::string config_path;
};

// Errors (all kInvalidArgument, `where` naming the flag, variable or
// FILE:LINE:COL): a bad URL; an explicit config file that is missing; a
// config file that is not YAML, not a mapping, has an unknown key, a
// non-string value, or both token and token_file; a token file that cannot
// be read or is empty; a token with spaces or control characters; a CA file
// that cannot be read or holds no PEM certificate.
Result<ClientConfig> ResolveClientConfig(const ClientFlags& flags, const EnvLookup& env);

// `url` checked as a coordinator address: http:// or https://, a host, an
// optional port (1-65535) and path; no query, fragment or spaces. Returned
// without trailing slashes. `where` names its source in the error.
Result<std::string> CheckCoordinatorUrl(std::string_view url, const std::string& where);

}  // namespace hawk::cli
