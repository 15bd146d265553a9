#include <gtest/gtest.h>

#include "notify/mail.h"
#include "notify_test_support.h"

namespace hawk::notify {
namespace {

using testing::ConfigOf;
using testing::NightlyFailed;

TEST(Mail, DateIsRfc5322InUtc) {
  EXPECT_EQ(FormatMailDate(FromUnixMillis(1795688047999)), "Thu, 26 Nov 2026 10:14:07 +0000");
  EXPECT_EQ(FormatMailDate(FromUnixMillis(0)), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(FormatMailDate(FromUnixMillis(951782400000)), "Tue, 29 Feb 2000 00:00:00 +0000");
}

TEST(Mail, HeaderTextStaysOnOneLine) {
  EXPECT_EQ(EncodeHeaderText("plain ascii"), "plain ascii");
  EXPECT_EQ(EncodeHeaderText("evil\r\nBcc: x@example.com"), "evil  Bcc: x@example.com");
}

TEST(Mail, NonAsciiHeaderTextIsEncodedWords) {
  EXPECT_EQ(EncodeHeaderText("caf\xc3\xa9"), "=?UTF-8?B?Y2Fmw6k=?=");
  // 30 two-byte characters: 60 bytes, split on a character boundary.
  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += "\xc3\xa9";
  const std::string encoded = EncodeHeaderText(long_text);
  const std::size_t fold = encoded.find("\r\n ");
  ASSERT_NE(fold, std::string::npos) << encoded;
  EXPECT_LE(fold, 75u);
  EXPECT_EQ(encoded.substr(0, 10), "=?UTF-8?B?");
  // 44 bytes (22 characters) in the first word, 16 in the second.
  EXPECT_EQ(encoded.substr(fold + 3), "=?UTF-8?B?w6nDqcOpw6nDqcOpw6nDqQ==?=");
}

TEST(Mail, MessageHasHeadersAndCrLfBody) {
  const NotifyConfig config = ConfigOf(R"(
channels:
  - type: smtp
    url: smtp://mail.example.com:587
    from: hawk <hawk@example.com>
    to: [oncall@example.com, Dev Team <dev@example.com>]
    template: "{summary}\n.hidden line\nreport: {report_url}"
)");
  const Channel& channel = config.channels.at(0);
  const std::string message =
      BuildMailMessage(channel, std::get<SmtpChannel>(channel.settings), NightlyFailed());
  EXPECT_EQ(message,
            "Date: Thu, 26 Nov 2026 10:14:07 +0000\r\n"
            "From: hawk <hawk@example.com>\r\n"
            "To: oncall@example.com, Dev Team <dev@example.com>\r\n"
            "Subject: [hawk] workload nightly failed: 12 passed, 1 failed, 0 skipped; gpu0 ran "
            "out of memory\r\n"
            "Message-ID: <hawk.1795688047000.166e025f52a362fa@example.com>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n"
            "X-Hawk-Event: workload_failed\r\n"
            "\r\n"
            "workload nightly failed: 12 passed, 1 failed, 0 skipped; gpu0 ran out of memory\r\n"
            ".hidden line\r\n"
            "report: https://ci.example.com/r/1\r\n");
}

TEST(Mail, LongRecipientListsAreFolded) {
  std::string to;
  for (int i = 0; i < 12; ++i)
    to += std::string(to.empty() ? "" : ", ") + "person" + std::to_string(i) + "@example.com";
  const NotifyConfig config = ConfigOf(
      "channels:\n  - {type: smtp, url: 'smtp://m', from: h@example.com, to: [" + to + "]}\n");
  const Channel& channel = config.channels.at(0);
  const std::string message =
      BuildMailMessage(channel, std::get<SmtpChannel>(channel.settings), NightlyFailed());
  const std::size_t begin = message.find("To: ");
  const std::size_t end = message.find("\r\nSubject: ");
  ASSERT_LT(begin, end);
  const std::string header = message.substr(begin, end - begin);
  EXPECT_NE(header.find(",\r\n "), std::string::npos) << header;
  for (std::size_t start = 0; start < header.size();) {
    std::size_t line_end = header.find("\r\n", start);
    if (line_end == std::string::npos) line_end = header.size();
    EXPECT_LE(line_end - start, 78u) << header.substr(start, line_end - start);
    start = line_end + 2;
  }
  EXPECT_NE(message.find("person11@example.com"), std::string::npos);
}

}  // namespace
}  // namespace hawk::notify
