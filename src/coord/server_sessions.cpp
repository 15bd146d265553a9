// One connection of the server, over plain TCP or TLS: the HTTP requests,
// then, for the routes that keep the connection, a worker's WebSocket or a
// dashboard's event stream. Each session is written once as a template over
// its stream (beast::tcp_stream or beast::ssl_stream of one).
#include <array>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <optional>
#include <type_traits>

#include "coord/api.h"
#include "coord/server_internal.h"
#include "protocol/codec.h"

namespace hawk::coord {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <typename Stream>
constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

constexpr std::string_view kWorkerPath = "/api/v1/workers/connect";
constexpr std::string_view kStreamPath = "/api/v1/stream";
constexpr std::chrono::seconds kRequestTimeout{60};
// How long a closing connection keeps reading what the client still sends
// (the rest of a refused body) so that closing does not reset it.
constexpr std::chrono::seconds kLingerTimeout{5};

std::string_view PathOf(std::string_view target) {
  return target.substr(0, target.find('?'));
}

// One worker's WebSocket.
template <typename Stream>
class WsSession : public Outlet, public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Server::Impl& server, Stream stream) : server_(server), ws_(std::move(stream)) {}

  void Accept(http::request<http::string_body> request) {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(server_.options.max_message_bytes * 2);
    ws_.async_accept(request, [self = this->shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->id_ = self->server_.coordinator.Connect();
      self->server_.workers[self->id_] = self;
      self->Read();
    });
  }

  void Send(std::string text) override {
    outgoing_.push_back(std::move(text));
    if (outgoing_.size() == 1) Write();
  }

  void Close() override {
    if (closing_) return;
    closing_ = true;
    if (!outgoing_.empty()) return;  // closed after the last write
    ws_.async_close(websocket::close_code::normal,
                    [self = this->shared_from_this()](beast::error_code) {});
  }

 private:
  void Read() {
    ws_.async_read(buffer_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->OnRead(ec);
    });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Gone();
    const std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    Outbox out;
    protocol::DecodeLimits limits;
    limits.max_message_bytes = server_.options.max_message_bytes;
    auto message = protocol::Decode(text, limits);
    if (message) {
      server_.coordinator.OnMessage(id_, *message, out);
    } else {
      server_.coordinator.OnBadMessage(id_, std::move(message.error()), out);
    }
    server_.Deliver(out);
    server_.WantTick();
    Read();
  }

  void Write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(outgoing_.front()), [self = this->shared_from_this()](
                                                         beast::error_code ec, std::size_t) {
      if (ec) return self->Gone();
      self->outgoing_.pop_front();
      if (!self->outgoing_.empty()) return self->Write();
      if (self->closing_) {
        self->ws_.async_close(websocket::close_code::normal, [self](beast::error_code) {});
      }
    });
  }

  void Gone() {
    if (id_ == 0) return;
    server_.coordinator.OnDisconnect(id_);
    server_.workers.erase(id_);
    id_ = 0;
    server_.WantTick();
  }

  Server::Impl& server_;
  websocket::stream<Stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outgoing_;
  SessionId id_ = 0;
  bool closing_ = false;
};

// A dashboard's Server-Sent Events stream.
template <typename Stream>
class SseSession : public Outlet, public std::enable_shared_from_this<SseSession<Stream>> {
 public:
  SseSession(Server::Impl& server, Stream stream) : server_(server), stream_(std::move(stream)) {}

  void Start() {
    Send(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        "Connection: close\r\n\r\n");
    Send(server_.OverviewEvent());
  }

  void Send(std::string text) override {
    if (outgoing_.size() > 4) return;  // a slow reader skips updates
    outgoing_.push_back(std::move(text));
    if (outgoing_.size() == 1) Write();
  }

  void Close() override {
    beast::error_code ec;
    tcp::socket& socket = beast::get_lowest_layer(stream_).socket();
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }

 private:
  void Write() {
    asio::async_write(stream_, asio::buffer(outgoing_.front()),
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) {
                          self->server_.streams.erase(self);
                          return;
                        }
                        self->outgoing_.pop_front();
                        if (!self->outgoing_.empty()) self->Write();
                      });
  }

  Server::Impl& server_;
  Stream stream_;
  std::deque<std::string> outgoing_;
};

// One HTTP connection: the TLS handshake (if any), then requests in turn,
// until it upgrades or closes.
template <typename Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Server::Impl& server, Stream stream) : server_(server), stream_(std::move(stream)) {}

  void Start() {
    if constexpr (kIsTls<Stream>) {
      beast::get_lowest_layer(stream_).expires_after(server_.options.tls_handshake_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                // Not TLS (plain HTTP, a port scan) or too slow:
                                // dropping the session closes the connection.
                                if (!ec) self->Read();
                              });
    } else {
      Read();
    }
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    parser_->header_limit(64 * 1024);
    beast::get_lowest_layer(stream_).expires_after(kRequestTimeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return Reply(
          ErrorReply(
              413, "request body over " + std::to_string(server_.options.max_body_bytes) + " bytes",
              "",
              "send a smaller one, or start the coordinator with a larger "
              "--max-body-bytes"),
          false);
    }
    if (ec) return;
    http::request<http::string_body> request = parser_->release();
    const std::string target(request.target());
    const std::string authorization(request[http::field::authorization]);
    const std::string_view path = PathOf(target);

    if (path == kWorkerPath || path == kStreamPath) {
      const bool worker = path == kWorkerPath;
      const std::string& expected =
          worker ? server_.options.tokens.worker : server_.options.tokens.client;
      const std::string presented = PresentedToken(authorization, target);
      if (presented.empty() || !TokensEqual(presented, expected)) {
        ApiResponse r = ErrorReply(401, "no or wrong bearer token", "",
                                   std::string("send `Authorization: Bearer <") +
                                       (worker ? "worker" : "client") + " token>`");
        r.headers["WWW-Authenticate"] = "Bearer realm=\"hawk\"";
        return Reply(r, false);
      }
      if (worker && !websocket::is_upgrade(request)) {
        return Reply(ErrorReply(426, "this route is a WebSocket", "",
                                "connect with a WebSocket upgrade, as `hawk worker` does"),
                     false);
      }
      beast::get_lowest_layer(stream_).expires_never();
      if (worker) {
        std::make_shared<WsSession<Stream>>(server_, std::move(stream_))
            ->Accept(std::move(request));
        return;
      }
      auto sse = std::make_shared<SseSession<Stream>>(server_, std::move(stream_));
      server_.streams.insert(sse);
      sse->Start();
      return;
    }

    ApiRequest api;
    api.method = std::string(request.method_string());
    api.target = target;
    api.authorization = authorization;
    api.body = std::move(request.body());
    Outbox out;
    const ApiResponse response = HandleApi(server_.coordinator, server_.options.tokens, api, out);
    server_.Deliver(out);
    // The tick sends the dispatches the request allows; what it changed is
    // on disk before the answer says so.
    if (server_.coordinator.tick_wanted()) server_.Tick();
    server_.AnswerAfterCommit(
        [self = this->shared_from_this(), response, keep_alive = request.keep_alive()] {
          self->Reply(response, keep_alive);
        });
  }

  void Reply(const ApiResponse& r, bool keep_alive) {
    auto response = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), 11);
    response->set(http::field::server, "hawk");
    response->set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) response->set(name, value);
    response->body() = r.body;
    response->keep_alive(keep_alive);
    response->prepare_payload();
    http::async_write(
        stream_, *response,
        [self = this->shared_from_this(), response](beast::error_code ec, std::size_t) {
          if (ec) return;  // the client is gone: dropping the session closes
          if (!response->keep_alive()) return self->Finish();
          self->Read();
        });
  }

  // The last response is out: end the sending side (TLS says close_notify
  // first, bounded by the handshake timeout), then linger.
  void Finish() {
    if constexpr (kIsTls<Stream>) {
      beast::get_lowest_layer(stream_).expires_after(server_.options.tls_handshake_timeout);
      stream_.async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->Linger(); });
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      Linger();
    }
  }

  // Reads and drops what the client still sends until it closes, for at
  // most kLingerTimeout; then the session goes and the connection closes.
  // Closing a socket with unread bytes resets the connection, and a client
  // still sending a refused body (413 comes after the headers) would then
  // lose the answer it has not read yet.
  void Linger() {
    beast::get_lowest_layer(stream_).expires_after(kLingerTimeout);
    DropInput();
  }
  void DropInput() {
    beast::get_lowest_layer(stream_).async_read_some(
        asio::buffer(linger_buffer_),
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          if (!ec) self->DropInput();
        });
  }

  Server::Impl& server_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::array<char, 16 * 1024> linger_buffer_{};
};

}  // namespace

void StartSession(Server::Impl& server, tcp::socket socket) {
  if (server.tls) {
    std::make_shared<HttpSession<TlsStream>>(server, TlsStream(std::move(socket), *server.tls))
        ->Start();
  } else {
    std::make_shared<HttpSession<PlainStream>>(server, PlainStream(std::move(socket)))->Start();
  }
}

}  // namespace hawk::coord
