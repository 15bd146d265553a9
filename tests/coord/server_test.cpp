// The server on a real loopback socket: the worker WebSocket's auth, bad
// and oversized messages answered without dropping the connection; the same
// routes over TLS (HTTPS, wss://, the event stream), what a port that speaks
// TLS does with plain or silent connections, TLS set-up errors, and the
// client commands' HTTP client trusting the server through a CA file.
#include "coord/server.h"

#include <gtest/gtest.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/http_client.h"
#include "coord_test_support.h"
#include "protocol/codec.h"
#include "test_certificate.h"

namespace hawk::coord {
namespace {

using namespace ::hawk::coord::test_support;  // NOLINT(google-build-using-namespace)
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

std::string ErrorCodeOf(const protocol::Message& m) {
  const auto* e = std::get_if<protocol::Error>(&m);
  return e == nullptr ? std::string("not an error") : e->code;
}

// A WebSocket to the worker route over `stream` (plain or TLS); throws on a
// refused upgrade.
template <typename Stream>
std::unique_ptr<websocket::stream<Stream>> Connect(Stream stream, const std::string& token) {
  auto ws = std::make_unique<websocket::stream<Stream>>(std::move(stream));
  ws->set_option(websocket::stream_base::decorator([token](websocket::request_type& r) {
    if (!token.empty()) r.set(http::field::authorization, "Bearer " + token);
  }));
  ws->handshake("127.0.0.1", "/api/v1/workers/connect");
  return ws;
}

// What refused the upgrade to the worker route; none when it was accepted.
template <typename Stream>
beast::error_code UpgradeError(Stream stream, const std::string& token) {
  try {
    Connect(std::move(stream), token);
  } catch (const beast::system_error& e) {
    return e.code();
  }
  return {};
}

template <typename Ws>
void Write(Ws& ws, const std::string& text) {
  ws.text(true);
  ws.write(asio::buffer(text));
}

template <typename Ws>
protocol::Message Exchange(Ws& ws, const std::string& text) {
  Write(ws, text);
  beast::flat_buffer buffer;
  ws.read(buffer);
  auto m = protocol::Decode(beast::buffers_to_string(buffer.data()));
  EXPECT_TRUE(m);
  return m ? *m : protocol::Message{protocol::Error{}};
}

http::request<http::empty_body> GetRequest(const std::string& target, const std::string& token) {
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, "127.0.0.1");
  if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
  return request;
}

// One GET on a kept-alive connection (plain or TLS).
template <typename Stream>
http::response<http::string_body> Get(Stream& stream, const std::string& target,
                                      const std::string& token) {
  http::write(stream, GetRequest(target, token));
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return response;
}

class ServerTest : public CoordTest {
 protected:
  void SetUp() override {
    CoordTest::SetUp();
    ServerOptions options = PlainOptions();
    Configure(options);
    if (HasFatalFailure()) return;
    auto server = Server::Start(*coordinator_, options);
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (thread_.joinable()) {
      server_->Stop();
      thread_.join();
    }
    CoordTest::TearDown();
  }
  // What a fixture changes in the options before the server starts.
  virtual void Configure(ServerOptions& /*options*/) {}

  static ServerOptions PlainOptions() {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.tokens = ApiTokens{"client-t", "worker-t"};
    options.max_message_bytes = 4096;
    return options;
  }

  beast::tcp_stream Tcp() {
    beast::tcp_stream stream(ioc_);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
    return stream;
  }

  // hello, register and a heartbeat over `ws`; then the REST API, over
  // `rest`, shows the worker connected with the heartbeat's load.
  template <typename Stream>
  void ExpectAWorkerJoinsAndBeats(websocket::stream<Stream>& ws, Stream& rest) {
    const protocol::Message welcome =
        Exchange(ws, protocol::Encode(protocol::Hello{"w1", protocol::kVersion, "test"}));
    ASSERT_TRUE(std::holds_alternative<protocol::Welcome>(welcome));
    protocol::Register join;
    join.profile = CpuWorker("w1");
    Write(ws, protocol::Encode(join));
    Write(ws, protocol::Encode(Beat()));
    // Messages are handled in turn: the answer to a bad one comes after the
    // register and the heartbeat are in.
    EXPECT_EQ(ErrorCodeOf(Exchange(ws, "{not json")), "bad_json");
    const auto response = Get(rest, "/api/v1/workers/w1", "client-t");
    ASSERT_EQ(response.result_int(), 200) << response.body();
    const nlohmann::json worker = nlohmann::json::parse(response.body());
    EXPECT_EQ(worker["connected"], true);
    EXPECT_DOUBLE_EQ(worker["cpu_utilization"].get<double>(), 0.25);
    EXPECT_DOUBLE_EQ(worker["memory_utilization"].get<double>(), 0.5);
    ws.close(websocket::close_code::normal);
  }

  asio::io_context ioc_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// The same server with TLS on, and a client context that trusts only its
// test certificate.
class TlsServerTest : public ServerTest {
 protected:
  void Configure(ServerOptions& options) override {
    cert_ = MakeSelfSignedCertificate(dir_ / "tls", "server");
    ASSERT_FALSE(cert_.cert_file.empty());
    options.tls = TlsFiles{cert_.cert_file, cert_.key_file};
    client_tls_.load_verify_file(cert_.cert_file.string());
  }

  // A TLS connection that checks the certificate names 127.0.0.1.
  TlsStream Tls() {
    TlsStream stream(Tcp(), client_tls_);
    stream.set_verify_mode(ssl::verify_peer);
    stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    stream.handshake(ssl::stream_base::client);
    return stream;
  }

  // Server::Start with these TLS files; its error, which the test expects.
  Error StartError(const std::filesystem::path& cert, const std::filesystem::path& key) {
    ServerOptions options = PlainOptions();
    options.tls = TlsFiles{cert, key};
    auto server = Server::Start(*coordinator_, options);
    EXPECT_FALSE(server) << "started with " << cert << " and " << key;
    return server ? Error{} : server.error();
  }

  TestCertificate cert_;
  ssl::context client_tls_{ssl::context::tls_client};
};

// A TLS server that gives up on a handshake soon.
class TlsHandshakeTimeoutTest : public TlsServerTest {
 protected:
  void Configure(ServerOptions& options) override {
    TlsServerTest::Configure(options);
    options.tls_handshake_timeout = std::chrono::milliseconds(300);
  }
};

// A server whose group commit never comes by itself: only a reservation of
// attempt ids, or Stop(), commits.
class NoCommitWindowServerTest : public ServerTest {
 protected:
  void Configure(ServerOptions& options) override { options.commit_window = std::chrono::hours(1); }

  // One POST on a kept-alive connection; the answer is read separately.
  static void WritePost(beast::tcp_stream& stream, const std::string& target,
                        const std::string& body) {
    http::request<http::string_body> request(http::verb::post, target, 11);
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::authorization, "Bearer client-t");
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request);
  }
  static http::response<http::string_body> ReadAnswer(beast::tcp_stream& stream) {
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return response;
  }
};

TEST_F(NoCommitWindowServerTest, AnAnswerWaitsForTheCommitOfWhatItChanged) {
  constexpr const char* kOneTask = "version: 1\nname: one\ntasks:\n  - id: t\n    run: \"true\"\n";
  auto ws = Connect(Tcp(), "worker-t");
  ws->next_layer().expires_after(std::chrono::seconds(30));  // a hang fails, not stalls
  ASSERT_TRUE(std::holds_alternative<protocol::Welcome>(
      Exchange(*ws, protocol::Encode(protocol::Hello{"w1", protocol::kVersion, "test"}))));
  Write(*ws, protocol::Encode(protocol::Register{CpuWorker("w1"), {}, false, {}}));
  beast::tcp_stream rest = Tcp();
  rest.expires_after(std::chrono::seconds(30));

  // The first dispatch waits for its block of attempt ids to be committed,
  // and that commit answers the submit.
  WritePost(rest, "/api/v1/workloads", kOneTask);
  EXPECT_EQ(ReadAnswer(rest).result_int(), 201);
  beast::flat_buffer frame;
  ws->read(frame);
  ASSERT_TRUE(std::holds_alternative<protocol::Dispatch>(
      *protocol::Decode(beast::buffers_to_string(frame.data()))));
  // Nothing waits for a commit now: a read is answered at once.
  EXPECT_EQ(Get(rest, "/api/v1/workloads", "client-t").result_int(), 200);

  // The second dispatch leaves at once; the submit's answer waits for the
  // commit, which this server leaves for an hour.
  WritePost(rest, "/api/v1/workloads", kOneTask);
  frame.clear();
  ws->read(frame);
  const auto second = protocol::Decode(beast::buffers_to_string(frame.data()));
  ASSERT_TRUE(second && std::holds_alternative<protocol::Dispatch>(*second));
  // The server handles this message after the submit's handler returned:
  // an answer sent by that handler would be here by now.
  EXPECT_EQ(ErrorCodeOf(Exchange(*ws, "{not json")), "bad_json");
  EXPECT_EQ(rest.socket().available(), 0u) << "answered before the commit";

  // Stopping commits, and answers what waited for it.
  server_->Stop();
  const auto answer = ReadAnswer(rest);
  thread_.join();
  ASSERT_EQ(answer.result_int(), 201) << answer.body();
  const std::string id = nlohmann::json::parse(answer.body())["workload_id"];
  const engine::WorkloadRun* workload = coordinator_->engine().FindWorkload(id);
  ASSERT_NE(workload, nullptr) << id;
  auto events = store_->LoadEvents(0, 1000);
  ASSERT_TRUE(events);
  EXPECT_TRUE(std::any_of(events->begin(), events->end(), [&](const EventRecord& e) {
    return e.type == "workload_submitted" && e.workload_id == id;
  })) << "the answered submit is not in the store";
}

constexpr std::size_t kSmallBodyLimit = std::size_t{64} * 1024;

// Sends the headers of a POST with an 8 MiB body over `stream` (plain or
// TLS), reads the 413 that comes before the body, then sends the whole body
// the way a client that reads only after sending does (curl): the server
// reads the rest and drops it, so the sending is not reset, and closes once
// the client has.
template <typename Stream>
void ExpectARefusedBodyIsAnsweredAndDrained(Stream& stream) {
  constexpr std::size_t kBodyBytes = std::size_t{8} << 20;
  const std::string head =
      "POST /api/v1/workloads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
      "client-t\r\nContent-Length: " +
      std::to_string(kBodyBytes) + "\r\n\r\n";
  asio::write(stream, asio::buffer(head));
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  EXPECT_EQ(response.result_int(), 413) << response.body();
  EXPECT_FALSE(response.keep_alive());
  const nlohmann::json error = nlohmann::json::parse(response.body())["error"];
  EXPECT_EQ(error["message"], "request body over 65536 bytes");
  EXPECT_NE(error["hint"].get<std::string>().find("--max-body-bytes"), std::string::npos);

  const std::string chunk(kSmallBodyLimit, 'x');
  beast::error_code ec;
  for (std::size_t sent = 0; sent < kBodyBytes && !ec; sent += chunk.size()) {
    asio::write(stream, asio::buffer(chunk), ec);
  }
  EXPECT_FALSE(ec) << ec.message();
  auto& socket = beast::get_lowest_layer(stream).socket();
  socket.shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 4096> rest{};
  do {
    socket.read_some(asio::buffer(rest), ec);  // TLS: the server's close_notify
  } while (!ec);
  EXPECT_EQ(ec, asio::error::eof) << ec.message();
}

class SmallBodyServerTest : public ServerTest {
 protected:
  void Configure(ServerOptions& options) override { options.max_body_bytes = kSmallBodyLimit; }
};

class SmallBodyTlsServerTest : public TlsServerTest {
 protected:
  void Configure(ServerOptions& options) override {
    TlsServerTest::Configure(options);
    options.max_body_bytes = kSmallBodyLimit;
  }
};

TEST_F(SmallBodyServerTest, ARefusedBodyIsAnsweredAndTheRestOfItIsReadNotReset) {
  beast::tcp_stream stream = Tcp();
  ExpectARefusedBodyIsAnsweredAndDrained(stream);
}

TEST_F(SmallBodyTlsServerTest, ARefusedBodyIsAnsweredAndTheRestOfItIsReadNotReset) {
  TlsStream stream = Tls();
  ExpectARefusedBodyIsAnsweredAndDrained(stream);
}

TEST_F(ServerTest, TheWorkerRouteWantsTheWorkerToken) {
  for (const std::string& token : {std::string(), std::string("client-t"), std::string("nope")}) {
    EXPECT_EQ(UpgradeError(Tcp(), token), websocket::error::upgrade_declined)
        << "token '" << token << "'";
  }
  EXPECT_FALSE(UpgradeError(Tcp(), "worker-t"));
}

TEST_F(ServerTest, TheWorkerAndStreamRoutesSayWhatTheyWantOverPlainHttp) {
  beast::tcp_stream worker_route = Tcp();
  const auto upgrade = Get(worker_route, "/api/v1/workers/connect", "worker-t");
  EXPECT_EQ(upgrade.result_int(), 426) << upgrade.body();
  EXPECT_EQ(nlohmann::json::parse(upgrade.body())["error"]["hint"],
            "connect with a WebSocket upgrade, as `hawk worker` does");

  beast::tcp_stream stream_route = Tcp();
  const auto refused = Get(stream_route, "/api/v1/stream", "worker-t");
  EXPECT_EQ(refused.result_int(), 401) << refused.body();
  EXPECT_EQ(refused[http::field::www_authenticate], "Bearer realm=\"hawk\"");
  const nlohmann::json error = nlohmann::json::parse(refused.body())["error"];
  EXPECT_EQ(error["message"], "no or wrong bearer token");
  EXPECT_EQ(error["hint"], "send `Authorization: Bearer <client token>`");
}

TEST_F(ServerTest, BadMessagesAreAnsweredAndCountedAndTheSessionGoesOn) {
  auto ws = Connect(Tcp(), "worker-t");
  EXPECT_EQ(ErrorCodeOf(Exchange(*ws, "{not json")), "bad_json");
  EXPECT_EQ(ErrorCodeOf(Exchange(*ws, R"({"v":1,"type":"teleport"})")), "unknown_type");
  EXPECT_EQ(ErrorCodeOf(Exchange(*ws, R"({"v":9,"type":"hello","worker_id":"w","version":9})")),
            "version");
  EXPECT_EQ(ErrorCodeOf(Exchange(*ws, std::string(5000, ' '))), "too_large");
  EXPECT_EQ(ErrorCodeOf(Exchange(*ws, protocol::Encode(Beat()))), "bad_state");
  // Still connected: a proper hello is welcomed.
  const protocol::Message welcome =
      Exchange(*ws, protocol::Encode(protocol::Hello{"w1", protocol::kVersion, "test"}));
  ASSERT_TRUE(std::holds_alternative<protocol::Welcome>(welcome));
  EXPECT_EQ(std::get<protocol::Welcome>(welcome).worker_id, "w1");
  ws->close(websocket::close_code::normal);
  EXPECT_EQ(coordinator_->counters().messages_refused, 5u);
}

TEST_F(ServerTest, AWorkerJoinsAndBeatsOverWs) {
  auto ws = Connect(Tcp(), "worker-t");
  beast::tcp_stream rest = Tcp();
  ExpectAWorkerJoinsAndBeats(*ws, rest);
}

TEST_F(TlsServerTest, AWorkerJoinsAndBeatsOverWss) {
  auto ws = Connect(Tls(), "worker-t");
  TlsStream rest = Tls();
  ExpectAWorkerJoinsAndBeats(*ws, rest);
}

TEST_F(TlsServerTest, HealthzOverHttpsWantsTheClientToken) {
  TlsStream stream = Tls();
  const auto ok = Get(stream, "/healthz", "client-t");
  EXPECT_EQ(ok.result_int(), 200) << ok.body();
  EXPECT_NE(ok.body().find("\"ok\""), std::string::npos) << ok.body();
  const auto refused = Get(stream, "/healthz", "");
  EXPECT_EQ(refused.result_int(), 401) << refused.body();
  EXPECT_EQ(refused[http::field::www_authenticate], "Bearer realm=\"hawk\"");
}

// What `hawk status --ca-file` does: the client commands' libcurl client
// trusts the coordinator's own certificate; without it, the error says how.
TEST_F(TlsServerTest, TheClientCommandsTrustTheCoordinatorThroughACaFile) {
  cli::HttpRequest request;
  request.url = "https://127.0.0.1:" + std::to_string(server_->port()) + "/healthz";
  request.bearer_token = "client-t";
  request.ca_file = cert_.cert_file.string();
  auto trusted = cli::Send(request);
  ASSERT_TRUE(trusted) << trusted.error().ToString();
  EXPECT_EQ(trusted->status, 200) << trusted->body;

  request.ca_file.clear();  // the system's store does not hold a self-signed certificate
  auto untrusted = cli::Send(request);
  ASSERT_FALSE(untrusted);
  EXPECT_EQ(untrusted.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(untrusted.error().message.find("no secure connection"), std::string::npos)
      << untrusted.error().ToString();
  EXPECT_NE(untrusted.error().hint.find("--ca-file"), std::string::npos)
      << untrusted.error().ToString();
}

TEST_F(TlsServerTest, TheWorkerRouteOverTlsWantsTheWorkerToken) {
  EXPECT_EQ(UpgradeError(Tls(), "client-t"), websocket::error::upgrade_declined);
  EXPECT_FALSE(UpgradeError(Tls(), "worker-t"));
}

TEST_F(TlsServerTest, TheEventStreamRunsOverTls) {
  TlsStream stream = Tls();
  http::write(stream, GetRequest("/api/v1/stream", "client-t"));
  std::string text;
  const std::size_t head = asio::read_until(stream, asio::dynamic_buffer(text), "\r\n\r\n");
  EXPECT_EQ(text.substr(0, 15), "HTTP/1.1 200 OK");
  EXPECT_NE(text.substr(0, head).find("text/event-stream"), std::string::npos) << text;
  // The first overview follows at once: one `data:` line, then a blank one.
  asio::read_until(stream, asio::dynamic_buffer(text), "\n\n");
  EXPECT_EQ(text.substr(head, 7), "data: {") << text;
}

TEST_F(TlsServerTest, PlainHttpIsRefusedAndTlsIsServedAfterIt) {
  beast::tcp_stream plain = Tcp();
  beast::error_code ec;
  http::write(plain, GetRequest("/healthz", "client-t"), ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(plain, buffer, response, ec);
  EXPECT_TRUE(ec) << "plain HTTP got an answer";

  TlsStream tls = Tls();
  EXPECT_EQ(Get(tls, "/healthz", "client-t").result_int(), 200);
}

TEST_F(TlsHandshakeTimeoutTest, ASilentConnectionIsClosedAfterTheHandshakeTimeout) {
  beast::tcp_stream silent = Tcp();
  // The client's own limit, far above the server's: a server that never
  // closes fails the test with `timeout` rather than hanging it.
  silent.expires_after(std::chrono::seconds(30));
  beast::error_code ec;
  char byte = 0;
  silent.async_read_some(asio::buffer(&byte, 1),
                         [&ec](beast::error_code e, std::size_t) { ec = e; });
  ioc_.run();
  EXPECT_EQ(ec, asio::error::eof) << ec.message();
}

TEST_F(TlsServerTest, StartNamesAMissingCertificateOrKey) {
  const std::filesystem::path missing = dir_ / "tls" / "missing.pem";
  const Error cert = StartError(missing, cert_.key_file);
  EXPECT_EQ(cert.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(cert.ToString().find("--tls-cert " + missing.string()), std::string::npos)
      << cert.ToString();
  const Error key = StartError(cert_.cert_file, missing);
  EXPECT_EQ(key.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(key.ToString().find("--tls-key " + missing.string()), std::string::npos)
      << key.ToString();
}

TEST_F(TlsServerTest, StartRefusesAKeyOfAnotherCertificate) {
  const TestCertificate other = MakeSelfSignedCertificate(dir_ / "tls", "other");
  const Error e = StartError(cert_.cert_file, other.key_file);
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(e.ToString().find("--tls-key " + other.key_file.string()), std::string::npos)
      << e.ToString();
  EXPECT_NE(e.ToString().find("not the key of the certificate " + cert_.cert_file.string()),
            std::string::npos)
      << e.ToString();
}

TEST_F(TlsServerTest, StartRefusesFilesThatAreNotPem) {
  const std::filesystem::path junk = dir_ / "tls" / "junk.pem";
  std::ofstream(junk) << "not a certificate\n";
  const Error cert = StartError(junk, cert_.key_file);
  EXPECT_EQ(cert.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(cert.ToString().find("not a PEM certificate"), std::string::npos) << cert.ToString();
  const Error key = StartError(cert_.cert_file, junk);
  EXPECT_EQ(key.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(key.ToString().find("--tls-key " + junk.string()), std::string::npos) << key.ToString();
}

TEST_F(TlsServerTest, ACertificatesNamesAreItsAltNamesInOrderElseItsCommonName) {
  const auto own = ReadCertificateIdentity(cert_.cert_file);
  ASSERT_TRUE(own) << own.error().ToString();
  EXPECT_EQ(own->names, std::vector<std::string>{"127.0.0.1"});
  EXPECT_TRUE(own->self_signed);

  const TestCertificate named =
      MakeSelfSignedCertificate(dir_ / "tls", "named",
                                {.common_name = "coordinator",
                                 .alt_names = "DNS:coordinator.hawk.test,IP:10.0.0.7,IP:::1",
                                 .issuer_common_name = ""});
  EXPECT_EQ(ReadCertificateIdentity(named.cert_file)->names,
            (std::vector<std::string>{"coordinator.hawk.test", "10.0.0.7", "::1"}));

  const TestCertificate legacy = MakeSelfSignedCertificate(
      dir_ / "tls", "legacy",
      {.common_name = "legacy.hawk.test", .alt_names = "", .issuer_common_name = ""});
  EXPECT_EQ(ReadCertificateIdentity(legacy.cert_file)->names,
            std::vector<std::string>{"legacy.hawk.test"});
}

TEST_F(TlsServerTest, ACertificateIssuedByAnotherIsNotSelfSigned) {
  const TestCertificate issued = MakeSelfSignedCertificate(dir_ / "tls", "issued",
                                                           {.common_name = "127.0.0.1",
                                                            .alt_names = "IP:127.0.0.1",
                                                            .issuer_common_name = "hawk test CA"});
  const auto identity = ReadCertificateIdentity(issued.cert_file);
  ASSERT_TRUE(identity) << identity.error().ToString();
  EXPECT_FALSE(identity->self_signed);
}

TEST_F(TlsServerTest, ReadingTheIdentityNamesAFileThatIsNoCertificate) {
  const std::filesystem::path junk = dir_ / "tls" / "junk.pem";
  std::ofstream(junk) << "not a certificate\n";
  const auto identity = ReadCertificateIdentity(junk);
  ASSERT_FALSE(identity);
  EXPECT_EQ(identity.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(identity.error().where, "--tls-cert " + junk.string());
  EXPECT_EQ(ReadCertificateIdentity(dir_ / "tls" / "missing.pem").error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace hawk::coord
