// Test support: an SMTP sink on 127.0.0.1 speaking enough SMTP (RFC 5321)
// for libcurl: 220 greeting, EHLO/HELO, AUTH PLAIN (when offered), MAIL FROM,
// RCPT TO, DATA, RSET, NOOP, QUIT. It offers no STARTTLS. It records each
// session's envelope and message on its own thread; Join() waits for them.
#pragma once

#include <string>
#include <thread>
#include <vector>

#include "loopback_server.h"

namespace hawk::notify::testing {

struct SmtpSession {
  std::vector<std::string> commands;  // every line the client sent outside DATA
  std::string auth_user;              // from AUTH PLAIN
  std::string auth_password;
  std::string mail_from;             // inside MAIL FROM:<...>
  std::vector<std::string> rcpt_to;  // inside RCPT TO:<...>
  std::string data;                  // the message, dot-unstuffed, CRLF line ends
  bool quit = false;                 // the client said QUIT
};

class SmtpSink {
 public:
  struct Options {
    std::size_t sessions = 1;
    bool offer_auth = false;  // advertise AUTH PLAIN
  };

  SmtpSink() : SmtpSink(Options{}) {}
  explicit SmtpSink(Options options);
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  ~SmtpSink();

  // "smtp://127.0.0.1:PORT"
  [[nodiscard]] std::string Url() const;
  // Waits for the sessions to end; them in arrival order.
  std::vector<SmtpSession> Join();

 private:
  void Serve();
  static SmtpSession Session(Connection& connection, bool offer_auth);

  Options options_;
  LoopbackListener listener_;
  std::vector<SmtpSession> sessions_;
  std::thread thread_;
};

}  // namespace hawk::notify::testing
