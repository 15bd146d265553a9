#include "coord/server.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <map>
#include <set>
#include <utility>

#include "coord/api_views.h"
#include "coord/server_internal.h"
#include "protocol/codec.h"

namespace hawk::coord {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

constexpr std::size_t kRecentEvents = 20;

}  // namespace

void Server::Impl::Accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (stopping) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      StartSession(*this, std::move(socket));
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
  coordinator.Schedule(out);
  Deliver(out);  // on their way before their rows are committed
  if (coordinator.dispatches_held()) {
    CommitNow(true);  // they wait for their id reservation's commit
  } else {
    CommitSoon();
  }
}

void Server::Impl::CommitNow(bool store_reports) {
  if (stopping) return;
  Outbox out;
  coordinator.Commit(out);
  Deliver(out);
  for (const auto& answer : std::exchange(answers_after_commit, {})) answer();
  if (store_reports) coordinator.StoreReportRows();
}

void Server::Impl::AnswerAfterCommit(std::function<void()> answer) {
  if (!coordinator.commit_pending()) {
    answer();
    StoreSoon();
    return;
  }
  answers_after_commit.push_back(std::move(answer));
  CommitSoon();
}

void Server::Impl::CommitSoon() {
  if (options.commit_window.count() <= 0) return CommitNow(true);
  if (commit_armed) return;
  commit_armed = true;
  commit_timer.expires_after(options.commit_window);
  commit_timer.async_wait([this](beast::error_code ec) {
    commit_armed = false;
    if (!ec) CommitNow(true);
  });
}

void Server::Impl::StoreSoon() {
  if (store_posted || stopping) return;
  store_posted = true;
  asio::post(ioc, [this] {
    store_posted = false;
    if (!stopping) coordinator.StoreReportRows();
  });
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
      for (const auto& s : std::set<std::shared_ptr<Outlet>>(streams)) s->Send(event);
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
  if (impl->options.tls) {
    auto tls = MakeTlsContext(*impl->options.tls);
    if (!tls) return tl::unexpected(std::move(tls.error()));
    impl->tls = std::move(*tls);
  }
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
    impl->CommitNow(/*store_reports=*/false);  // and answers the requests that waited for it
    impl->stopping = true;
    beast::error_code ec;
    impl->acceptor.close(ec);
    impl->tick_timer.cancel();
    impl->commit_timer.cancel();
    impl->stream_timer.cancel();
    for (const auto& [id, session] : std::map(impl->workers)) session->Close();
    for (const auto& s : std::set(impl->streams)) s->Close();
    impl->streams.clear();
    impl->ioc.stop();
  });
}

}  // namespace hawk::coord
