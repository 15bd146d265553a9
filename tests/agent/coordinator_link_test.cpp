#include "agent/coordinator_link.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace hawk::agent {
namespace {

using std::chrono::milliseconds;

TEST(ParseCoordinatorUrl, WebSocketAndHttpSchemes) {
  auto a = ParseCoordinatorUrl("ws://coord.example:8080");
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->host, "coord.example");
  EXPECT_EQ(a->port, 8080);
  EXPECT_FALSE(a->tls);
  EXPECT_EQ(a->target, "/api/v1/workers/connect");
  EXPECT_EQ(a->ToString(), "ws://coord.example:8080/api/v1/workers/connect");

  a = ParseCoordinatorUrl("https://10.0.0.7/");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "10.0.0.7");
  EXPECT_EQ(a->port, 443);
  EXPECT_TRUE(a->tls);

  a = ParseCoordinatorUrl("http://coord");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port, 80);
  EXPECT_FALSE(a->tls);

  a = ParseCoordinatorUrl("wss://coord:9443/api/v1/workers/connect");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port, 9443);
  EXPECT_TRUE(a->tls);
}

TEST(ParseCoordinatorUrl, Ipv6InBrackets) {
  auto a = ParseCoordinatorUrl("ws://[::1]:7000");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 7000);
  EXPECT_EQ(a->ToString(), "ws://[::1]:7000/api/v1/workers/connect");
  a = ParseCoordinatorUrl("wss://[fe80::2]");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port, 443);
}

TEST(ParseCoordinatorUrl, BadUrlsAreClearUserErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"coord:8080", "no scheme"},
      {"ftp://coord", "unknown scheme \"ftp\""},
      {"ws://", "no host"},
      {"ws://:80", "no host"},
      {"ws://coord:", "empty port"},
      {"ws://coord:http", "port \"http\" is not a number in 1..65535"},
      {"ws://coord:0", "port \"0\" is not a number in 1..65535"},
      {"ws://coord:65536", "port \"65536\" is not a number in 1..65535"},
      {"ws://coord:80/other", "unexpected path \"/other\""},
      {"ws://user:pw@coord", "credentials do not go in the URL"},
      {"ws://::1:80", "an IPv6 address needs brackets"},
      {"ws://[::1", "unclosed '['"},
  };
  for (const auto& [url, message] : cases) {
    const auto a = ParseCoordinatorUrl(url);
    ASSERT_FALSE(a) << url;
    EXPECT_EQ(a.error().code, ErrorCode::kInvalidArgument) << url;
    EXPECT_NE(a.error().message.find(message), std::string::npos)
        << url << ": " << a.error().message;
    EXPECT_EQ(a.error().where, std::string("coordinator URL ") + url);
    EXPECT_NE(a.error().hint.find("ws://HOST:PORT"), std::string::npos);
  }
}

TEST(ReconnectBackoff, DoublesUpToTheMaximumWithinTheJitter) {
  Rng rng(7);
  ReconnectBackoff backoff(BackoffOptions{}, rng);
  const double bases[] = {200, 400, 800, 1600, 3200, 6400, 10'000, 10'000, 10'000};
  for (double base : bases) {
    const auto delay = static_cast<double>(backoff.Next().count());
    EXPECT_GE(delay, base * 0.8 - 1) << base;
    EXPECT_LE(delay, base * 1.2 + 1) << base;
  }
  backoff.Reset();
  const auto delay = static_cast<double>(backoff.Next().count());
  EXPECT_GE(delay, 160 - 1);
  EXPECT_LE(delay, 240 + 1);
}

TEST(ReconnectBackoff, TheSameSeedGivesTheSameDelaysAndTheJitterVaries) {
  Rng a(42);
  Rng b(42);
  BackoffOptions options;
  options.initial = milliseconds(1000);
  options.max = milliseconds(1000);
  ReconnectBackoff first(options, a);
  ReconnectBackoff second(options, b);
  std::vector<std::int64_t> delays;
  for (int i = 0; i < 20; ++i) {
    const auto d = first.Next();
    EXPECT_EQ(d, second.Next());
    delays.push_back(d.count());
  }
  std::sort(delays.begin(), delays.end());
  EXPECT_LT(delays.front(), delays.back()) << "the jitter spreads the delays";
  EXPECT_GE(delays.front(), 800);
  EXPECT_LE(delays.back(), 1200);
}

TEST(ReconnectBackoff, NoJitterGivesExactDelays) {
  Rng rng(1);
  BackoffOptions options;
  options.jitter = 0;
  options.max = milliseconds(500);
  ReconnectBackoff backoff(options, rng);
  EXPECT_EQ(backoff.Next(), milliseconds(200));
  EXPECT_EQ(backoff.Next(), milliseconds(400));
  EXPECT_EQ(backoff.Next(), milliseconds(500));
  EXPECT_EQ(backoff.Next(), milliseconds(500));
}

}  // namespace
}  // namespace hawk::agent
