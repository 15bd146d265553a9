#include "smtp_sink.h"

#include <algorithm>
#include <cctype>

namespace hawk::notify::testing {
namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// Decodes standard base64; stops at the first character outside the alphabet.
std::string DecodeBase64(std::string_view text) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    const std::size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) break;
    bits = (bits << 6U) | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> static_cast<unsigned>(count)) & 0xFFU);
    }
  }
  return out;
}

// "<a@b> SIZE=10" -> "a@b"
std::string Angle(const std::string& text) {
  const std::size_t open = text.find('<');
  const std::size_t close = text.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return text;
  return text.substr(open + 1, close - open - 1);
}

void RecordAuth(SmtpSession& session, const std::string& base64) {
  // "authzid\0user\0password"
  const std::string plain = DecodeBase64(base64);
  const std::size_t first = plain.find('\0');
  const std::size_t second = plain.find('\0', first + 1);
  if (first == std::string::npos || second == std::string::npos) return;
  session.auth_user = plain.substr(first + 1, second - first - 1);
  session.auth_password = plain.substr(second + 1);
}

}  // namespace

SmtpSink::SmtpSink(Options options) : options_(options), thread_([this] { Serve(); }) {}

SmtpSink::~SmtpSink() {
  if (thread_.joinable()) {
    listener_.Stop();
    thread_.join();
  }
}

std::string SmtpSink::Url() const {
  return "smtp://127.0.0.1:" + std::to_string(listener_.port());
}

std::vector<SmtpSession> SmtpSink::Join() {
  if (thread_.joinable()) thread_.join();
  return sessions_;
}

void SmtpSink::Serve() {
  for (std::size_t i = 0; i < options_.sessions; ++i) {
    auto connection = listener_.Accept();
    if (!connection) return;
    sessions_.push_back(Session(*connection, options_.offer_auth));
  }
}

SmtpSession SmtpSink::Session(Connection& c, bool offer_auth) {
  SmtpSession session;
  if (!c.Write("220 sink.test ESMTP ready\r\n")) return session;
  while (auto line = c.ReadLine()) {
    session.commands.push_back(*line);
    const std::string verb = Upper(line->substr(0, line->find(' ')));
    const std::string argument =
        line->find(' ') == std::string::npos ? std::string() : line->substr(line->find(' ') + 1);
    if (verb == "EHLO") {
      c.Write(std::string("250-sink.test\r\n250-8BITMIME\r\n") +
              (offer_auth ? "250-AUTH PLAIN\r\n" : "") + "250 SIZE 1048576\r\n");
    } else if (verb == "HELO" || verb == "RSET" || verb == "NOOP") {
      c.Write("250 OK\r\n");
    } else if (verb == "AUTH" && offer_auth) {
      std::string initial = argument.size() > 6 ? argument.substr(6) : std::string();
      if (initial.empty()) {
        c.Write("334 \r\n");
        auto response = c.ReadLine();
        if (!response) break;
        initial = *response;
      }
      RecordAuth(session, initial);
      c.Write("235 2.7.0 Authentication successful\r\n");
    } else if (verb == "MAIL") {
      session.mail_from = Angle(argument);
      c.Write("250 OK\r\n");
    } else if (verb == "RCPT") {
      session.rcpt_to.push_back(Angle(argument));
      c.Write("250 OK\r\n");
    } else if (verb == "DATA") {
      c.Write("354 End data with <CR><LF>.<CR><LF>\r\n");
      while (auto data_line = c.ReadLine()) {
        if (*data_line == ".") break;
        if (!data_line->empty() && data_line->front() == '.') data_line->erase(0, 1);
        session.data += *data_line + "\r\n";
      }
      c.Write("250 OK queued\r\n");
    } else if (verb == "QUIT") {
      session.quit = true;
      c.Write("221 Bye\r\n");
      break;
    } else {
      c.Write("502 Command not implemented\r\n");
    }
  }
  return session;
}

}  // namespace hawk::notify::testing
