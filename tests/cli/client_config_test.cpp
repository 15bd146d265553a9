// Where the client commands find the coordinator and the token: flag over
// environment over config file over default; token files; config file errors
// with FILE:LINE:COL; bad URLs; the CA file for https://.
#include "cli/client_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace hawk::cli {
namespace {

class ClientConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("hawk-client-config-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    env_["HOME"] = (dir_ / "home").string();  // no ~/.config/hawk/client.yaml there
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }

  Result<ClientConfig> Resolve(const ClientFlags& flags = {}) {
    return ResolveClientConfig(flags, [this](const char* name) -> std::optional<std::string> {
      const auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    });
  }

  std::filesystem::path dir_;
  std::map<std::string, std::string> env_;
};

TEST_F(ClientConfigTest, NothingSetGivesTheDefaultUrlAndNoToken) {
  auto config = Resolve();
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->url, "http://127.0.0.1:7700");
  EXPECT_EQ(config->url_from, "default");
  EXPECT_EQ(config->token, "");
  EXPECT_EQ(config->config_path, "");
}

TEST_F(ClientConfigTest, FlagBeatsEnvironmentBeatsConfigFile) {
  const std::string file = Write("client.yaml", "url: http://file:1\ntoken: file-token\n");
  env_["HAWK_CONFIG"] = file;

  auto from_file = Resolve();
  ASSERT_TRUE(from_file.has_value()) << from_file.error().ToString();
  EXPECT_EQ(from_file->url, "http://file:1");
  EXPECT_EQ(from_file->token, "file-token");
  EXPECT_EQ(from_file->url_from, file + ":1:6");
  EXPECT_EQ(from_file->config_path, file);

  env_["HAWK_URL"] = "http://env:2";
  env_["HAWK_TOKEN"] = "env-token";
  auto from_env = Resolve();
  ASSERT_TRUE(from_env.has_value()) << from_env.error().ToString();
  EXPECT_EQ(from_env->url, "http://env:2");
  EXPECT_EQ(from_env->token, "env-token");
  EXPECT_EQ(from_env->token_from, "HAWK_TOKEN");

  ClientFlags flags;
  flags.url = "https://flag:3/";
  flags.token = "flag-token";
  auto from_flags = Resolve(flags);
  ASSERT_TRUE(from_flags.has_value()) << from_flags.error().ToString();
  EXPECT_EQ(from_flags->url, "https://flag:3");  // trailing slash dropped
  EXPECT_EQ(from_flags->token, "flag-token");
  EXPECT_EQ(from_flags->url_from, "--url");
}

TEST_F(ClientConfigTest, AnEmptyVariableCountsAsUnset) {
  env_["HAWK_URL"] = "";
  env_["HAWK_TOKEN"] = "";
  auto config = Resolve();
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->url, "http://127.0.0.1:7700");
  EXPECT_EQ(config->token, "");
}

TEST_F(ClientConfigTest, ConfigFlagBeatsHawkConfigVariable) {
  env_["HAWK_CONFIG"] = Write("env.yaml", "url: http://from-env-file:1\n");
  ClientFlags flags;
  flags.config_path = Write("flag.yaml", "url: http://from-flag-file:1\n");
  auto config = Resolve(flags);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->url, "http://from-flag-file:1");
}

TEST_F(ClientConfigTest, DefaultConfigFileIsReadFromXdgConfigHome) {
  Write("xdg/hawk/client.yaml", "url: http://xdg:9\n");
  env_["XDG_CONFIG_HOME"] = (dir_ / "xdg").string();
  auto config = Resolve();
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->url, "http://xdg:9");
}

TEST_F(ClientConfigTest, DefaultConfigFileIsReadFromHomeConfig) {
  Write("home/.config/hawk/client.yaml", "url: http://home:9\n");
  auto config = Resolve();
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->url, "http://home:9");
}

TEST_F(ClientConfigTest, AMissingExplicitConfigFileIsAnError) {
  ClientFlags flags;
  flags.config_path = (dir_ / "absent.yaml").string();
  auto config = Resolve(flags);
  ASSERT_FALSE(config.has_value());
  EXPECT_TRUE(config.error().IsUserError());
  EXPECT_EQ(config.error().where, "--config");
  EXPECT_NE(config.error().message.find("absent.yaml"), std::string::npos);

  env_["HAWK_CONFIG"] = (dir_ / "absent.yaml").string();
  auto from_env = Resolve();
  ASSERT_FALSE(from_env.has_value());
  EXPECT_EQ(from_env.error().where, "HAWK_CONFIG");
}

TEST_F(ClientConfigTest, TokenFileFromEnvironmentIsTrimmed) {
  env_["HAWK_TOKEN_FILE"] = Write("token", "  abc123\n\n");
  auto config = Resolve();
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->token, "abc123");
  EXPECT_EQ(config->token_from, "HAWK_TOKEN_FILE");

  env_["HAWK_TOKEN"] = "direct";  // HAWK_TOKEN comes before HAWK_TOKEN_FILE
  auto direct = Resolve();
  ASSERT_TRUE(direct.has_value()) << direct.error().ToString();
  EXPECT_EQ(direct->token, "direct");
}

TEST_F(ClientConfigTest, TokenFileInConfigIsRelativeToTheConfigFile) {
  Write("conf/secret", "from-file\n");
  ClientFlags flags;
  flags.config_path = Write("conf/client.yaml", "token_file: secret\n");
  auto config = Resolve(flags);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->token, "from-file");
}

TEST_F(ClientConfigTest, MissingOrEmptyTokenFileIsAnError) {
  env_["HAWK_TOKEN_FILE"] = (dir_ / "nope").string();
  auto missing = Resolve();
  ASSERT_FALSE(missing.has_value());
  EXPECT_TRUE(missing.error().IsUserError());
  EXPECT_EQ(missing.error().where, "HAWK_TOKEN_FILE");

  env_["HAWK_TOKEN_FILE"] = Write("empty", "\n");
  auto empty = Resolve();
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.error().message.find("is empty"), std::string::npos);
}

TEST_F(ClientConfigTest, ATokenWithSpacesIsRefused) {
  ClientFlags flags;
  flags.token = "two words";
  auto config = Resolve(flags);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().where, "--token");
}

constexpr const char* kPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

TEST_F(ClientConfigTest, CaFileFlagBeatsEnvironmentBeatsConfigFileRelativeToItsFolder) {
  const std::string in_config = Write("conf/certs/ca.pem", kPem);
  env_["HAWK_CONFIG"] = Write("conf/client.yaml", "ca_file: certs/ca.pem\n");
  auto from_file = Resolve();
  ASSERT_TRUE(from_file.has_value()) << from_file.error().ToString();
  EXPECT_EQ(std::filesystem::path(from_file->ca_file), std::filesystem::path(in_config));
  EXPECT_EQ(from_file->ca_file_from, env_["HAWK_CONFIG"] + ":1:10");

  env_["HAWK_CA_FILE"] = Write("env.pem", kPem);
  auto from_env = Resolve();
  ASSERT_TRUE(from_env.has_value()) << from_env.error().ToString();
  EXPECT_EQ(from_env->ca_file, env_["HAWK_CA_FILE"]);
  EXPECT_EQ(from_env->ca_file_from, "HAWK_CA_FILE");

  ClientFlags flags;
  flags.ca_file = Write("flag.pem", kPem);
  auto from_flag = Resolve(flags);
  ASSERT_TRUE(from_flag.has_value()) << from_flag.error().ToString();
  EXPECT_EQ(from_flag->ca_file, *flags.ca_file);
  EXPECT_EQ(from_flag->ca_file_from, "--ca-file");
}

TEST_F(ClientConfigTest, NoCaFileMeansTheSystemStore) {
  auto config = Resolve();
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->ca_file, "");
  EXPECT_EQ(config->ca_file_from, "");
}

TEST_F(ClientConfigTest, AMissingOrNonPemCaFileIsAnErrorNamingItsSource) {
  ClientFlags flags;
  flags.ca_file = (dir_ / "nowhere.pem").string();
  auto missing = Resolve(flags);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(missing.error().where, "--ca-file");
  EXPECT_NE(missing.error().message.find("nowhere.pem"), std::string::npos);

  env_["HAWK_CA_FILE"] = Write("key.pem", "-----BEGIN PRIVATE KEY-----\nMIIB\n");
  auto not_a_certificate = Resolve();
  ASSERT_FALSE(not_a_certificate.has_value());
  EXPECT_EQ(not_a_certificate.error().where, "HAWK_CA_FILE");
  EXPECT_NE(not_a_certificate.error().message.find("holds no PEM certificate"), std::string::npos)
      << not_a_certificate.error().message;
}

TEST_F(ClientConfigTest, UnknownKeyNamesFileLineAndColumn) {
  ClientFlags flags;
  flags.config_path = Write("client.yaml", "url: http://h:1\n\n  # note\nurll: http://h:2\n");
  auto config = Resolve(flags);
  ASSERT_FALSE(config.has_value());
  EXPECT_TRUE(config.error().IsUserError());
  EXPECT_EQ(config.error().where, *flags.config_path + ":4:1");
  EXPECT_EQ(config.error().message, "unknown key 'urll'");
  EXPECT_EQ(config.error().hint, "valid keys: url, token, token_file, ca_file");
}

TEST_F(ClientConfigTest, ConfigFileShapeErrors) {
  ClientFlags flags;
  flags.config_path = Write("list.yaml", "- url\n");
  auto not_map = Resolve(flags);
  ASSERT_FALSE(not_map.has_value());
  EXPECT_EQ(not_map.error().where, *flags.config_path + ":1:1");

  flags.config_path = Write("nested.yaml", "url:\n  host: h\n");
  auto nested = Resolve(flags);
  ASSERT_FALSE(nested.has_value());
  EXPECT_EQ(nested.error().message, "url must be a non-empty string");
  EXPECT_EQ(nested.error().where, *flags.config_path + ":2:3");

  flags.config_path = Write("both.yaml", "token: a\ntoken_file: b\n");
  auto both = Resolve(flags);
  ASSERT_FALSE(both.has_value());
  EXPECT_EQ(both.error().message, "both token and token_file are set");

  flags.config_path = Write("broken.yaml", "url: [http://h:1\n");
  auto broken = Resolve(flags);
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().message.rfind("not valid YAML", 0), 0U);
  EXPECT_EQ(broken.error().where.rfind(*flags.config_path + ":", 0), 0U);

  flags.config_path = Write("empty.yaml", "");
  auto empty = Resolve(flags);
  ASSERT_TRUE(empty.has_value()) << empty.error().ToString();
  EXPECT_EQ(empty->url, "http://127.0.0.1:7700");
}

TEST_F(ClientConfigTest, BadUrlsAreUserErrorsNamingTheirSource) {
  env_["HAWK_URL"] = "127.0.0.1:7700";
  auto no_scheme = Resolve();
  ASSERT_FALSE(no_scheme.has_value());
  EXPECT_TRUE(no_scheme.error().IsUserError());
  EXPECT_EQ(no_scheme.error().where, "HAWK_URL");
  EXPECT_NE(no_scheme.error().message.find("http:// or https://"), std::string::npos);

  for (const char* bad :
       {"http://", "http://:7700", "http://h:0", "http://h:70000", "http://h:port",
        "http://h:1/?x=1", "http://user:pw@h:1", "http://h 1:2", "http://[::1"}) {
    EXPECT_FALSE(CheckCoordinatorUrl(bad, "--url").has_value()) << bad;
  }
  for (const char* good : {"http://h", "https://h.example.com:443/hawk", "http://[::1]:7700",
                           "http://10.0.0.1:7700"}) {
    EXPECT_TRUE(CheckCoordinatorUrl(good, "--url").has_value()) << good;
  }
}

}  // namespace
}  // namespace hawk::cli
