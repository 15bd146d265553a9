// What the server's files share, private to the coord module: the state of
// one Server (server.cpp: the listener, the timers, Start/Run/Stop), the
// connections (server_sessions.cpp: HTTP, worker WebSocket, event stream,
// each over plain TCP or TLS) and the TLS set-up (server_tls.cpp).
//
// Threading: everything here runs on the server's one thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "coord/server.h"
#include "core/result.h"

namespace hawk::coord {

// A connection the server pushes text to: a worker's WebSocket or a
// dashboard's event stream, whatever carries it.
class Outlet {
 public:
  virtual ~Outlet() = default;
  virtual void Send(std::string text) = 0;
  virtual void Close() = 0;
};

struct Server::Impl {
  Impl(Coordinator& c, ServerOptions o)
      : coordinator(c),
        options(std::move(o)),
        acceptor(ioc),
        tick_timer(ioc),
        commit_timer(ioc),
        stream_timer(ioc) {}

  void Accept();
  void Deliver(Outbox& out);
  // After anything that may let the engine act: one tick, soon.
  void WantTick();
  // Runs the coordinator's Schedule() and sends what it released; the
  // commit follows within options.commit_window (CommitSoon).
  void Tick();
  // Commits, sends what waited for it, and then, when `store_reports`, the
  // ended workloads' report rows (a caller with an answer to send first
  // leaves them to StoreSoon).
  void CommitNow(bool store_reports);
  void CommitSoon();
  // Sends a request's answer once everything it may show is committed: at
  // once when nothing waits, else right after the next (group) commit. So a
  // request does not force a commit of its own, and a submit's commit
  // comes after the dispatches it allowed have started, not beside them.
  void AnswerAfterCommit(std::function<void()> answer);
  // The ended workloads' report rows, once the handlers queued now ran.
  void StoreSoon();
  void ScheduleTicks();
  void ScheduleStream();
  std::string OverviewEvent();

  Coordinator& coordinator;
  ServerOptions options;
  // Set when options.tls is; declared before ioc so that it outlives every
  // stream made with it.
  std::unique_ptr<boost::asio::ssl::context> tls;
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor;
  boost::asio::steady_timer tick_timer;
  boost::asio::steady_timer commit_timer;
  boost::asio::steady_timer stream_timer;
  bool tick_posted = false;
  bool commit_armed = false;
  bool store_posted = false;
  bool stopping = false;
  std::vector<std::function<void()>> answers_after_commit;
  std::map<SessionId, std::shared_ptr<Outlet>> workers;
  std::set<std::shared_ptr<Outlet>> streams;
};

// Takes over an accepted connection: the TLS handshake first when
// server.tls is set, then HTTP requests until it upgrades or closes.
void StartSession(Server::Impl& server, boost::asio::ip::tcp::socket socket);

// A TLS 1.2+ server context holding the certificate chain and key of
// `files`. Errors: kInvalidArgument naming the file at fault (missing,
// unreadable, not PEM, encrypted key, key not of this certificate).
Result<std::unique_ptr<boost::asio::ssl::context>> MakeTlsContext(const TlsFiles& files);

}  // namespace hawk::coord
