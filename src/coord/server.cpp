#include "coord/server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "coord/api_views.h"
#include "protocol/codec.h"

namespace hawk::coord {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

constexpr std::string_view kWorkerPath = "/api/v1/workers/connect";
constexpr std::string_view kStreamPath = "/api/v1/stream";
constexpr std::size_t kRecentEvents = 20;

std::string_view PathOf(std::string_view target) {
  return target.substr(0, target.find('?'));
}

}  // namespace

class WsSession;
class SseSession;

struct Server::Impl {
  Impl(Coordinator& c, ServerOptions o)
      : coordinator(c), options(std::move(o)), acceptor(ioc), tick_timer(ioc), stream_timer(ioc) {}

  void Accept();
  void Deliver(Outbox& out);
  // After anything that may let the engine act: one tick, soon.
  void WantTick();
  void Tick();
  void ScheduleTicks();
  void ScheduleStream();
  std::string OverviewEvent();

  Coordinator& coordinator;
  ServerOptions options;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::steady_timer tick_timer;
  asio::steady_timer stream_timer;
  bool tick_posted = false;
  bool stopping = false;
  std::map<SessionId, std::shared_ptr<WsSession>> workers;
  std::set<std::shared_ptr<SseSession>> streams;
};

// One worker's WebSocket.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(Server::Impl& server, tcp::socket socket) : server_(server), ws_(std::move(socket)) {}

  void Accept(http::request<http::string_body> request) {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(server_.options.max_message_bytes * 2);
    ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->id_ = self->server_.coordinator.Connect();
      self->server_.workers[self->id_] = self;
      self->Read();
    });
  }

  void Send(std::string text) {
    outgoing_.push_back(std::move(text));
    if (outgoing_.size() == 1) Write();
  }

  void Close() {
    if (closing_) return;
    closing_ = true;
    if (!outgoing_.empty()) return;  // closed after the last write
    ws_.async_close(websocket::close_code::normal,
                    [self = shared_from_this()](beast::error_code) {});
  }

 private:
  void Read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
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
    ws_.async_write(asio::buffer(outgoing_.front()), [self = shared_from_this()](
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
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outgoing_;
  SessionId id_ = 0;
  bool closing_ = false;
};

// A dashboard's Server-Sent Events stream.
class SseSession : public std::enable_shared_from_this<SseSession> {
 public:
  SseSession(Server::Impl& server, tcp::socket socket)
      : server_(server), socket_(std::move(socket)) {}

  void Start() {
    Send(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        "Connection: close\r\n\r\n");
    Send(server_.OverviewEvent());
  }

  void Send(std::string text) {
    if (outgoing_.size() > 4) return;  // a slow reader skips updates
    outgoing_.push_back(std::move(text));
    if (outgoing_.size() == 1) Write();
  }

  void Close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

 private:
  void Write() {
    asio::async_write(socket_, asio::buffer(outgoing_.front()),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) {
                          self->server_.streams.erase(self);
                          return;
                        }
                        self->outgoing_.pop_front();
                        if (!self->outgoing_.empty()) self->Write();
                      });
  }

  Server::Impl& server_;
  tcp::socket socket_;
  std::deque<std::string> outgoing_;
};

// One HTTP connection: requests in turn, until it upgrades or closes.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(Server::Impl& server, tcp::socket socket)
      : server_(server), stream_(std::move(socket)) {}

  void Read() {
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(60));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

 private:
  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return Reply(
          ErrorResponse(413, "request body over " + std::to_string(server_.options.max_body_bytes) +
                                 " bytes"),
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
        ApiResponse r;
        r.status = 401;
        r.body =
            R"({"error":{"message":"no or wrong bearer token","where":"","hint":"send `Authorization: Bearer <)" +
            std::string(worker ? "worker" : "client") + R"( token>`"}})";
        r.headers["WWW-Authenticate"] = "Bearer realm=\"hawk\"";
        return Reply(r, false);
      }
      if (worker) {
        if (!websocket::is_upgrade(request)) {
          return Reply(ErrorResponse(426, "this route is a WebSocket"), false);
        }
        stream_.expires_never();
        std::make_shared<WsSession>(server_, stream_.release_socket())->Accept(std::move(request));
        return;
      }
      stream_.expires_never();
      auto sse = std::make_shared<SseSession>(server_, stream_.release_socket());
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
    server_.WantTick();
    Reply(response, request.keep_alive());
  }

  static ApiResponse ErrorResponse(int status, const std::string& message) {
    ApiResponse r;
    r.status = status;
    r.body = R"({"error":{"message":")" + message + R"(","where":"","hint":""}})";
    return r;
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
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                        if (ec || !response->keep_alive()) {
                          beast::error_code ignored;
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                          return;
                        }
                        self->Read();
                      });
  }

  Server::Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

void Server::Impl::Accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (stopping) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<HttpSession>(*this, std::move(socket))->Read();
    }
    Accept();
  });
}

void Server::Impl::Deliver(Outbox& out) {
  for (Outbox::Item& item : out.messages) {
    const auto it = workers.find(item.session);
    if (it != workers.end()) it->second->Send(protocol::Encode(item.message));
  }
  for (SessionId id : out.close) {
    const auto it = workers.find(id);
    if (it != workers.end()) it->second->Close();
  }
  out.messages.clear();
  out.close.clear();
}

void Server::Impl::WantTick() {
  if (tick_posted || stopping || !coordinator.tick_wanted()) return;
  tick_posted = true;
  asio::post(ioc, [this] {
    tick_posted = false;
    Tick();
  });
}

void Server::Impl::Tick() {
  if (stopping) return;
  Outbox out;
  coordinator.Tick(out);
  Deliver(out);
}

void Server::Impl::ScheduleTicks() {
  tick_timer.expires_after(options.tick_interval);
  tick_timer.async_wait([this](beast::error_code ec) {
    if (ec || stopping) return;
    Tick();
    ScheduleTicks();
  });
}

std::string Server::Impl::OverviewEvent() {
  nlohmann::ordered_json overview = OverviewJson(coordinator);
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  const std::int64_t last = coordinator.store().LastEventSeq();
  const std::int64_t after =
      std::max<std::int64_t>(0, last - static_cast<std::int64_t>(kRecentEvents));
  if (auto rows = coordinator.store().LoadEvents(after, kRecentEvents)) {
    for (const EventRecord& e : *rows) events.push_back(EventJson(e));
  }
  overview["events"] = std::move(events);
  return "data: " + overview.dump() + "\n\n";
}

void Server::Impl::ScheduleStream() {
  stream_timer.expires_after(options.stream_interval);
  stream_timer.async_wait([this](beast::error_code ec) {
    if (ec || stopping) return;
    if (!streams.empty()) {
      const std::string event = OverviewEvent();
      for (const auto& s : std::set<std::shared_ptr<SseSession>>(streams)) s->Send(event);
    }
    ScheduleStream();
  });
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Start(Coordinator& coordinator, ServerOptions options) {
  if (options.tokens.client.empty() || options.tokens.worker.empty()) {
    return InvalidArgument("the client and worker tokens must not be empty", "coordinator",
                           "give --client-token-file and --worker-token-file, or let "
                           "`hawk coordinator` create them in its state folder");
  }
  auto impl = std::make_unique<Impl>(coordinator, std::move(options));
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(impl->options.host, ec);
  if (ec) {
    return InvalidArgument("'" + impl->options.host + "' is not an IP address", "--listen",
                           "use e.g. 127.0.0.1:7700 or 0.0.0.0:7700");
  }
  const tcp::endpoint endpoint(address, impl->options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot listen on " + impl->options.host + ":" +
                         std::to_string(impl->options.port) + ": " + ec.message(),
                     "--listen", "pick another port, or stop what uses this one");
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::uint16_t Server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void Server::Run() {
  impl_->Accept();
  impl_->ScheduleTicks();
  impl_->ScheduleStream();
  impl_->coordinator.tick_wanted() ? impl_->WantTick() : void();
  impl_->ioc.run();
}

void Server::Stop() {
  asio::post(impl_->ioc, [impl = impl_.get()] {
    impl->stopping = true;
    beast::error_code ec;
    impl->acceptor.close(ec);
    impl->tick_timer.cancel();
    impl->stream_timer.cancel();
    for (const auto& [id, session] : std::map(impl->workers)) session->Close();
    for (const auto& s : std::set(impl->streams)) s->Close();
    impl->streams.clear();
    impl->ioc.stop();
  });
}

}  // namespace hawk::coord
