#include "notify/mail.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>

#include "notify/address.h"
#include "notify/text.h"

namespace hawk::notify {
namespace {

constexpr std::size_t kMaxSubjectChars = 200;
// 45 bytes encode to 60 base64 characters; with "=?UTF-8?B?" and "?=" that
// is 72, under RFC 2047's 75.
constexpr std::size_t kEncodedChunkBytes = 45;
constexpr std::size_t kFoldAt = 76;

bool IsPrintableAscii(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return false;
  }
  return true;
}

std::uint64_t Fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// Line ends as CRLF, ending with one.
std::string CrLf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32 + 2);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

// "Name <a@b>" with a non-ASCII name encoded; a bare address as it is.
std::string MailboxHeader(const std::string& mailbox) {
  const std::size_t open = mailbox.find('<');
  if (open == std::string::npos) return mailbox;
  std::string name = mailbox.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (name.empty()) return mailbox.substr(open);
  return EncodeHeaderText(name) + " " + mailbox.substr(open);
}

}  // namespace

std::string FormatMailDate(TimePoint t) {
  using namespace std::chrono;
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto secs = floor<seconds>(t);
  const sys_days day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{secs - day};
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[weekday{day}.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf.data();
}

std::string EncodeHeaderText(std::string_view text) {
  std::string line = OneLine(text);
  if (IsPrintableAscii(line)) return line;
  std::string out;
  std::size_t start = 0;
  while (start < line.size()) {
    std::size_t end = std::min(line.size(), start + kEncodedChunkBytes);
    // Never split a UTF-8 character across two encoded words.
    while (end < line.size() && end > start + 1 &&
           (static_cast<unsigned char>(line[end]) & 0xC0U) == 0x80U) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(std::string_view(line).substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string BuildMailMessage(const Channel& channel, const SmtpChannel& smtp,
                             const NotifyEvent& event) {
  const std::string subject =
      TruncateUtf8(OneLine(smtp.subject.Render(event)), kMaxSubjectChars, "...");
  const std::string body = CrLf(channel.text.Render(event));
  std::string to;
  std::size_t line_chars = 4;  // "To: "
  for (const std::string& r : smtp.to) {
    const std::string mailbox = MailboxHeader(r);
    if (!to.empty()) {
      // Fold long lists so no header line passes RFC 5322's 998 characters.
      const bool fold = line_chars + mailbox.size() > kFoldAt;
      to += fold ? ",\r\n " : ", ";
      line_chars = fold ? 1 : line_chars + 2;
    }
    to += mailbox;
    line_chars += mailbox.size();
  }
  const std::string from_address = MailAddress(smtp.from).value_or("hawk@localhost");
  const std::string domain = from_address.substr(from_address.rfind('@') + 1);
  std::array<char, 17> hash{};
  std::snprintf(
      hash.data(), hash.size(), "%016llx",
      static_cast<unsigned long long>(Fnv1a(channel.name + "\n" + subject + "\n" + body)));

  std::string out;
  out += "Date: " + FormatMailDate(event.at) + "\r\n";
  out += "From: " + MailboxHeader(smtp.from) + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + EncodeHeaderText(subject) + "\r\n";
  out += "Message-ID: <hawk." + std::to_string(ToUnixMillis(event.at)) + "." + hash.data() + "@" +
         domain + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: 8bit\r\n";
  out += "X-Hawk-Event: " + std::string(ToString(event.kind)) + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

}  // namespace hawk::notify
