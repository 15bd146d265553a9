// The server on a real loopback socket: the worker WebSocket's auth, bad
// and oversized messages answered without dropping the connection.
#include "coord/server.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <thread>

#include "coord_test_support.h"
#include "protocol/codec.h"

namespace hawk::coord {
namespace {

using namespace ::hawk::coord::test_support;  // NOLINT(google-build-using-namespace)
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

class ServerTest : public CoordTest {
 protected:
  void SetUp() override {
    CoordTest::SetUp();
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.tokens = ApiTokens{"client-t", "worker-t"};
    options.max_message_bytes = 4096;
    auto server = Server::Start(*coordinator_, options);
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
    CoordTest::TearDown();
  }

  // A WebSocket to the worker route; throws on a refused upgrade.
  std::unique_ptr<websocket::stream<tcp::socket>> Connect(const std::string& token) {
    auto ws = std::make_unique<websocket::stream<tcp::socket>>(ioc_);
    tcp::resolver resolver(ioc_);
    asio::connect(ws->next_layer(), resolver.resolve("127.0.0.1", std::to_string(server_->port())));
    ws->set_option(websocket::stream_base::decorator([token](websocket::request_type& r) {
      if (!token.empty()) r.set(beast::http::field::authorization, "Bearer " + token);
    }));
    ws->handshake("127.0.0.1", "/api/v1/workers/connect");
    return ws;
  }
  static protocol::Message Exchange(websocket::stream<tcp::socket>& ws, const std::string& text) {
    ws.text(true);
    ws.write(asio::buffer(text));
    beast::flat_buffer buffer;
    ws.read(buffer);
    auto m = protocol::Decode(beast::buffers_to_string(buffer.data()));
    EXPECT_TRUE(m);
    return m ? *m : protocol::Message{protocol::Error{}};
  }

  asio::io_context ioc_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(ServerTest, TheWorkerRouteWantsTheWorkerToken) {
  for (const std::string& token : {std::string(), std::string("client-t"), std::string("nope")}) {
    beast::error_code ec;
    try {
      Connect(token);
    } catch (const beast::system_error& e) {
      ec = e.code();
    }
    EXPECT_EQ(ec, websocket::error::upgrade_declined) << "token '" << token << "'";
  }
}

TEST_F(ServerTest, BadMessagesAreAnsweredAndCountedAndTheSessionGoesOn) {
  auto ws = Connect("worker-t");
  const auto error_code = [](const protocol::Message& m) {
    const auto* e = std::get_if<protocol::Error>(&m);
    return e == nullptr ? std::string("not an error") : e->code;
  };
  EXPECT_EQ(error_code(Exchange(*ws, "{not json")), "bad_json");
  EXPECT_EQ(error_code(Exchange(*ws, R"({"v":1,"type":"teleport"})")), "unknown_type");
  EXPECT_EQ(error_code(Exchange(*ws, R"({"v":9,"type":"hello","worker_id":"w","version":9})")),
            "version");
  EXPECT_EQ(error_code(Exchange(*ws, std::string(5000, ' '))), "too_large");
  EXPECT_EQ(error_code(Exchange(*ws, protocol::Encode(Beat()))), "bad_state");
  // Still connected: a proper hello is welcomed.
  const protocol::Message welcome =
      Exchange(*ws, protocol::Encode(protocol::Hello{"w1", protocol::kVersion, "test"}));
  ASSERT_TRUE(std::holds_alternative<protocol::Welcome>(welcome));
  EXPECT_EQ(std::get<protocol::Welcome>(welcome).worker_id, "w1");
  ws->close(websocket::close_code::normal);
  EXPECT_EQ(coordinator_->counters().messages_refused, 5u);
}

}  // namespace
}  // namespace hawk::coord
