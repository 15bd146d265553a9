// The only translation unit of the agent that includes Boost.Beast.
#include "agent/worker_connection.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <exception>
#include <memory>
#include <random>
#include <utility>
#include <variant>

#include "protocol/codec.h"

namespace hawk::agent {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using beast::error_code;

using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

// One connection attempt and, once upgraded, its session. Every handler
// holds a shared_ptr to it, so it outlives the last of them; `dead` makes
// the late ones do nothing.
struct Link {
  explicit Link(asio::io_context& ioc) : resolver(ioc) {}

  beast::tcp_stream& Tcp() { return plain ? plain->next_layer() : beast::get_lowest_layer(*tls); }
  template <typename F>
  void WithWs(F&& f) {
    if (plain) {
      f(*plain);
    } else {
      f(*tls);
    }
  }

  std::unique_ptr<PlainWs> plain;
  std::unique_ptr<TlsWs> tls;
  tcp::resolver resolver;
  beast::flat_buffer buffer;
  websocket::response_type response;
  std::deque<std::string> writes;
  bool writing = false;
  bool upgraded = false;
  bool close_sent = false;
  bool dead = false;
};

class Driver {
 public:
  Driver(asio::io_context& ioc, const WorkerConnectionOptions& options, CoordinatorAddress address,
         ssl::context* tls, WorkerCore& core, const std::atomic<bool>* drain_requested, Rng& rng)
      : ioc_(ioc),
        options_(options),
        address_(std::move(address)),
        tls_(tls),
        core_(core),
        drain_requested_(drain_requested),
        backoff_(options.backoff, rng),
        tick_(ioc),
        retry_(ioc),
        child_exits_(ioc) {
    // A duplicate, so the descriptor object may close it; the core keeps its own.
    if (core.ExitsFd() >= 0) {
      if (const int fd = ::fcntl(core.ExitsFd(), F_DUPFD_CLOEXEC, 0); fd >= 0)
        child_exits_.assign(fd);
    }
  }

  Status Run() {
    Connect();
    ScheduleTick();
    WatchChildExits();
    ioc_.run();
    return result_;
  }

 private:
  void Notice(const std::string& line) const {
    if (options_.on_notice) options_.on_notice(line);
  }

  std::string HostHeader() const {
    const bool v6 = address_.host.find(':') != std::string::npos;
    return (v6 ? "[" + address_.host + "]" : address_.host) + ":" + std::to_string(address_.port);
  }

  void Connect() {
    auto link = std::make_shared<Link>(ioc_);
    if (tls_ != nullptr) {
      link->tls = std::make_unique<TlsWs>(ioc_, *tls_);
    } else {
      link->plain = std::make_unique<PlainWs>(ioc_);
    }
    link_ = link;
    link->resolver.async_resolve(
        address_.host, std::to_string(address_.port),
        [this, link](error_code ec, const tcp::resolver::results_type& results) {
          if (link->dead) return;
          if (ec) return Fail(link, "cannot resolve " + address_.host, ec);
          link->Tcp().expires_after(options_.connect_timeout);
          link->Tcp().async_connect(results, [this, link](error_code e, const tcp::endpoint&) {
            OnTcpConnected(link, e);
          });
        });
  }

  void OnTcpConnected(const std::shared_ptr<Link>& link, error_code ec) {
    if (link->dead) return;
    if (ec) return Fail(link, "cannot connect to " + HostHeader(), ec);
    // Messages are small and each one matters at once: without this, a
    // result written right after a "started" waits for the coordinator's
    // delayed ACK (Nagle), up to 200 ms per task.
    error_code ignored;
    link->Tcp().socket().set_option(tcp::no_delay(true), ignored);
    if (!link->tls) return Upgrade(link);
    auto& stream = link->tls->next_layer();
    const std::string& server_name = options_.tls_server_name.value_or(address_.host);
    // SNI, so a server with several names picks the right certificate.
    if (SSL_set_tlsext_host_name(stream.native_handle(), server_name.c_str()) != 1) {
      return Fail(link, "TLS",
                  error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()));
    }
    if (!options_.insecure) stream.set_verify_callback(ssl::host_name_verification(server_name));
    link->Tcp().expires_after(options_.connect_timeout);
    stream.async_handshake(ssl::stream_base::client, [this, link](error_code e) {
      if (link->dead) return;
      if (e) return Fail(link, "TLS handshake with " + HostHeader(), e);
      Upgrade(link);
    });
  }

  void Upgrade(const std::shared_ptr<Link>& link) {
    link->Tcp().expires_never();  // the WebSocket's own timeouts from here on
    link->WithWs([&](auto& ws) {
      websocket::stream_base::timeout timeout{};
      timeout.handshake_timeout = options_.connect_timeout;
      timeout.idle_timeout = options_.idle_timeout;
      timeout.keep_alive_pings = true;
      ws.set_option(timeout);
      ws.set_option(websocket::stream_base::decorator(
          [token = options_.token, agent = options_.user_agent](websocket::request_type& req) {
            req.set(http::field::user_agent, agent);
            if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
          }));
      ws.read_message_max(options_.max_message_bytes);
      ws.text(true);
      ws.async_handshake(link->response, HostHeader(), address_.target,
                         [this, link](error_code ec) { OnUpgraded(link, ec); });
    });
  }

  void OnUpgraded(const std::shared_ptr<Link>& link, error_code ec) {
    if (link->dead) return;
    if (ec) {
      const auto status = link->response.result();
      if (status == http::status::unauthorized || status == http::status::forbidden) {
        return Stop(InvalidArgument("the coordinator refused the worker token (HTTP " +
                                        std::to_string(static_cast<unsigned>(status)) + ")",
                                    address_.ToString(), "check --token or HAWK_WORKER_TOKEN"));
      }
      std::string what = "WebSocket upgrade at " + address_.ToString();
      if (ec == websocket::error::upgrade_declined) {
        what += " (HTTP " + std::to_string(static_cast<unsigned>(status)) + ")";
      }
      return Fail(link, what, ec);
    }
    link->upgraded = true;
    Notice("connected to " + address_.ToString());
    for (const protocol::Message& m : core_.OnConnected()) Queue(link, protocol::Encode(m));
    Read(link);
  }

  void Read(const std::shared_ptr<Link>& link) {
    link->WithWs([&](auto& ws) {
      ws.async_read(link->buffer, [this, link](error_code ec, std::size_t) { OnRead(link, ec); });
    });
  }

  void OnRead(const std::shared_ptr<Link>& link, error_code ec) {
    if (link->dead) return;
    if (ec) {
      if (closing_) return Stop(Ok());
      return Fail(link, "connection to " + address_.ToString(), ec);
    }
    const std::string text = beast::buffers_to_string(link->buffer.data());
    link->buffer.consume(link->buffer.size());
    auto decoded = protocol::Decode(text);
    if (!decoded) {
      Notice("refused a message from the coordinator: " + decoded.error().code + ": " +
             decoded.error().message);
      Queue(link, protocol::Encode(decoded.error()));
    } else {
      const auto* error = std::get_if<protocol::Error>(&*decoded);
      if (error != nullptr && error->code == "version") {
        return Stop(MakeError(ErrorCode::kUnavailable,
                              "the coordinator speaks another protocol version: " + error->message,
                              address_.ToString()));
      }
      const bool welcome = std::holds_alternative<protocol::Welcome>(*decoded);
      core_.OnMessage(*decoded);
      if (welcome) {
        backoff_.Reset();
        Notice("registered with " + address_.ToString());
      }
      Flush();
    }
    if (!link->dead) Read(link);
  }

  // Sends what the core queued, on the current session.
  void Flush() {
    std::vector<protocol::Message> messages = core_.TakeOutgoing();
    if (!link_ || !link_->upgraded || link_->dead) return;
    for (const protocol::Message& m : messages) Queue(link_, protocol::Encode(m));
  }

  void Queue(const std::shared_ptr<Link>& link, std::string text) {
    link->writes.push_back(std::move(text));
    if (!link->writing) WriteNext(link);
  }

  void WriteNext(const std::shared_ptr<Link>& link) {
    if (link->dead) return;
    if (link->writes.empty()) {
      link->writing = false;
      if (closing_) Close(link);
      return;
    }
    link->writing = true;
    link->WithWs([&](auto& ws) {
      ws.async_write(asio::buffer(link->writes.front()), [this, link](error_code ec, std::size_t) {
        if (link->dead) return;
        if (ec) return Fail(link, "sending to " + address_.ToString(), ec);
        link->writes.pop_front();
        WriteNext(link);
      });
    });
  }

  void Close(const std::shared_ptr<Link>& link) {
    if (link->close_sent) return;
    link->close_sent = true;
    link->WithWs([&](auto& ws) {
      ws.async_close(websocket::close_code::normal, [this, link](error_code) { Stop(Ok()); });
    });
  }

  void Fail(const std::shared_ptr<Link>& link, const std::string& what, error_code ec) {
    if (link->dead || stopped_) return;
    Drop(*link);
    if (link_ == link) link_.reset();
    if (closing_) return Stop(Ok());  // the core had finished; nothing to send any more
    const std::chrono::milliseconds delay = backoff_.Next();
    Notice(what + ": " + ec.message() + "; connecting again in " + FormatDuration(delay));
    retry_.expires_after(delay);
    retry_.async_wait([this](error_code e) {
      if (e || stopped_ || closing_) return;
      Connect();
    });
  }

  // Ends a link: its pending operations complete with an error and do nothing.
  void Drop(Link& link) {
    link.dead = true;
    link.resolver.cancel();
    error_code ignored;
    link.Tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    link.Tcp().socket().close(ignored);
    if (link.upgraded) core_.OnDisconnected();
  }

  void ScheduleTick() {
    tick_.expires_after(options_.tick);
    tick_.async_wait([this](error_code ec) {
      if (ec || stopped_ || closing_) return;
      if (drain_requested_ != nullptr && drain_requested_->load() && !core_.draining()) {
        Notice("draining: finishing the running tasks, accepting no new ones");
        core_.BeginDrain();
      }
      core_.Poll(std::chrono::milliseconds(0));
      Flush();
      if (core_.draining() && core_.Finished()) return Finish();
      core_.PrepareFolders();
      ScheduleTick();
    });
  }

  // A task's process ended: its result goes out now rather than at the next
  // tick, so the coordinator can give the slot to the next task at once.
  // Without the core's exits descriptor, the tick notices ends.
  void WatchChildExits() {
    if (!child_exits_.is_open()) return;
    child_exits_.async_wait(asio::posix::stream_descriptor::wait_read, [this](error_code ec) {
      if (ec || stopped_ || closing_) return;
      core_.Poll(std::chrono::milliseconds(0));
      Flush();
      if (core_.draining() && core_.Finished()) return Finish();
      WatchChildExits();
    });
  }

  // The core is done: the last messages go out, then the WebSocket closes.
  void Finish() {
    closing_ = true;
    retry_.cancel();
    if (!link_ || !link_->upgraded || link_->dead) return Stop(Ok());
    Flush();
    if (!link_->writing) Close(link_);
  }

  void Stop(Status status) {
    if (stopped_) return;
    stopped_ = true;
    result_ = std::move(status);
    tick_.cancel();
    retry_.cancel();
    error_code ignored;
    child_exits_.cancel(ignored);
    if (link_ && !link_->dead) Drop(*link_);
    link_.reset();
    ioc_.stop();
  }

  asio::io_context& ioc_;
  const WorkerConnectionOptions& options_;
  CoordinatorAddress address_;
  ssl::context* tls_;
  WorkerCore& core_;
  const std::atomic<bool>* drain_requested_;
  ReconnectBackoff backoff_;
  asio::steady_timer tick_;
  asio::steady_timer retry_;
  asio::posix::stream_descriptor child_exits_;  // the core's ExitsFd, duplicated
  std::shared_ptr<Link> link_;
  bool closing_ = false;
  bool stopped_ = false;
  Status result_ = Ok();
};

Result<std::unique_ptr<ssl::context>> MakeTlsContext(const WorkerConnectionOptions& options) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  if (options.insecure) {
    context->set_verify_mode(ssl::verify_none);
    return context;
  }
  context->set_verify_mode(ssl::verify_peer);
  error_code ec;
  if (options.ca_file) {
    context->load_verify_file(*options.ca_file, ec);
    if (ec) {
      return InvalidArgument("cannot load the CA file: " + ec.message(),
                             "--ca-file " + *options.ca_file);
    }
  } else {
    context->set_default_verify_paths(ec);
    if (ec) {
      return MakeError(ErrorCode::kUnavailable,
                       "cannot load the system's certificate authorities: " + ec.message(), "",
                       "give --ca-file");
    }
  }
  return context;
}

}  // namespace

Status RunWorker(const WorkerConnectionOptions& options, WorkerCore& core,
                 const std::atomic<bool>* drain_requested) {
  auto address = ParseCoordinatorUrl(options.coordinator_url);
  if (!address) return tl::unexpected(address.error());
  try {
    std::unique_ptr<ssl::context> tls;
    if (address->tls) {
      auto made = MakeTlsContext(options);
      if (!made) return tl::unexpected(made.error());
      tls = std::move(*made);
    }
    std::optional<Rng> own_rng;
    Rng* rng = options.rng;
    if (rng == nullptr) {
      std::random_device device;
      own_rng.emplace((std::uint64_t{device()} << 32) ^ device());
      rng = &*own_rng;
    }
    asio::io_context ioc(1);
    Driver driver(ioc, options, *address, tls.get(), core, drain_requested, *rng);
    return driver.Run();
  } catch (const std::exception& e) {
    // Asio and OpenSSL report some failures (out of memory, a broken TLS
    // library) by throwing; they end the worker with that message.
    return MakeError(ErrorCode::kInternal, std::string("worker connection: ") + e.what(),
                     options.coordinator_url);
  }
}

}  // namespace hawk::agent
