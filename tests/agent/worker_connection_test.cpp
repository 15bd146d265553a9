// RunWorker against a small coordinator written here with Boost.Beast's
// blocking API, on 127.0.0.1 and a port the kernel picks, in a thread of
// its own. A watchdog ends a test that hangs: it shuts the coordinator's
// sockets down (its blocking calls then fail) and asks the worker to drain.
#include "agent/worker_connection.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <condition_variable>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "protocol/codec.h"
#include "worker_test_support.h"

namespace hawk::agent {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

using PlainWs = websocket::stream<tcp::socket>;
using TlsWs = websocket::stream<beast::ssl_stream<tcp::socket>>;

// The coordinator's side of the worker WebSocket, over TLS when given a
// server context.
class FakeCoordinator {
 public:
  explicit FakeCoordinator(ssl::context* tls = nullptr)
      : tls_(tls), acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    listen_fd_ = acceptor_.native_handle();
  }

  [[nodiscard]] std::string Url() const {
    return std::string(tls_ != nullptr ? "wss" : "ws") +
           "://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }

  // Accepts the next connection (and its TLS handshake) and reads its HTTP
  // upgrade request.
  http::request<http::string_body> AcceptRequest() {
    tcp::socket socket(ioc_);
    acceptor_.accept(socket);
    session_fd_ = socket.native_handle();
    http::request<http::string_body> request;
    beast::flat_buffer buffer;
    if (tls_ != nullptr) {
      ws_.reset();
      wss_ = std::make_unique<TlsWs>(std::move(socket), *tls_);
      wss_->next_layer().handshake(ssl::stream_base::server);
      http::read(wss_->next_layer(), buffer, request);
    } else {
      wss_.reset();
      ws_ = std::make_unique<PlainWs>(std::move(socket));
      http::read(ws_->next_layer(), buffer, request);
    }
    return request;
  }
  // Completes the upgrade, welcomes and registers the worker, asks it to
  // drain and waits for its close; true for a normal close.
  bool RegisterAndDrain(const http::request<http::string_body>& request) {
    AcceptWebSocket(request);
    Expect<protocol::Hello>();
    Send(protocol::Welcome{"w1", 60'000});
    Expect<protocol::Register>();
    Send(protocol::Drain{});
    Expect<protocol::Drain>();
    return ExpectClose();
  }
  // The TLS session of the connection accepted last; null over plain ws://.
  SSL* TlsHandle() { return wss_ != nullptr ? wss_->next_layer().native_handle() : nullptr; }
  void AcceptWebSocket(const http::request<http::string_body>& request) {
    WithWs([&](auto& ws) {
      ws.accept(request);
      ws.text(true);
    });
  }
  void Refuse(http::status status) {
    http::response<http::string_body> response{status, 11};
    response.body() = "no";
    response.prepare_payload();
    WithWs([&](auto& ws) { http::write(ws.next_layer(), response); });
    Drop();
  }
  void Send(const protocol::Message& message) {
    WithWs([&](auto& ws) { ws.write(asio::buffer(protocol::Encode(message))); });
  }
  // The next message that is not a heartbeat or a log.
  protocol::Message Receive() {
    while (true) {
      beast::flat_buffer buffer;
      WithWs([&](auto& ws) { ws.read(buffer); });
      auto decoded = protocol::Decode(beast::buffers_to_string(buffer.data()));
      if (!decoded) throw std::runtime_error("undecodable: " + decoded.error().message);
      if (std::holds_alternative<protocol::Heartbeat>(*decoded) ||
          std::holds_alternative<protocol::Samples>(*decoded) ||
          std::holds_alternative<protocol::Log>(*decoded)) {
        continue;
      }
      return *decoded;
    }
  }
  template <typename T>
  T Expect() {
    protocol::Message m = Receive();
    if (!std::holds_alternative<T>(m)) {
      throw std::runtime_error("expected another message than " +
                               std::string(protocol::TypeName(m)));
    }
    return std::get<T>(m);
  }
  // Reads until the worker closes the WebSocket; true for a normal close.
  bool ExpectClose() {
    bool normal = false;
    WithWs([&](auto& ws) {
      beast::flat_buffer buffer;
      beast::error_code ec;
      while (!ec) {
        ws.read(buffer, ec);
        buffer.consume(buffer.size());
      }
      normal = ec == websocket::error::closed && ws.reason().code == websocket::close_code::normal;
    });
    return normal;
  }
  // The TCP connection ends without a close frame.
  void Drop() {
    WithWs([&](auto& ws) {
      beast::error_code ignored;
      beast::get_lowest_layer(ws).shutdown(tcp::socket::shutdown_both, ignored);
      beast::get_lowest_layer(ws).close(ignored);
    });
    session_fd_ = -1;
  }
  // From the watchdog's thread: every blocking call of the coordinator fails.
  void Abort() {
    if (const int fd = session_fd_.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
    ::shutdown(listen_fd_, SHUT_RDWR);
  }

  // Runs `script` on the coordinator's thread; its exceptions become failures.
  void Run(std::function<void(FakeCoordinator&)> script) {
    thread_ = std::thread([this, script = std::move(script)] {
      try {
        script(*this);
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        failure_ = e.what();
      }
    });
  }
  std::string Join() {
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    return failure_;
  }

 private:
  template <typename F>
  void WithWs(F&& f) {
    if (wss_) {
      f(*wss_);
    } else if (ws_) {
      f(*ws_);
    } else {
      throw std::runtime_error("no connection");
    }
  }

  ssl::context* tls_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::unique_ptr<PlainWs> ws_;
  std::unique_ptr<TlsWs> wss_;
  int listen_fd_ = -1;
  std::atomic<int> session_fd_{-1};
  std::thread thread_;
  std::mutex mutex_;
  std::string failure_;
};

// A self-signed certificate, PEM; by default for 127.0.0.1 (subjectAltName IP).
struct TestCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
};

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

TestCertificate MakeSelfSignedCertificate(const char* alt_names = "IP:127.0.0.1") {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  const std::string cn = "hawk test coordinator";
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, x, x, nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, alt_names);
  X509_add_ext(x, san, -1);
  X509_EXTENSION_free(san);
  X509_sign(x, key, EVP_sha256());
  TestCertificate out;
  BIO* cert_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert_bio, x);
  out.certificate_pem = BioText(cert_bio);
  BIO_free(cert_bio);
  BIO* key_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  out.private_key_pem = BioText(key_bio);
  BIO_free(key_bio);
  X509_free(x);
  EVP_PKEY_free(key);
  return out;
}

// A coordinator's TLS context that serves `certificate`.
ssl::context ServerContext(const TestCertificate& certificate) {
  ssl::context server(ssl::context::tls_server);
  server.use_certificate_chain(asio::buffer(certificate.certificate_pem));
  server.use_private_key(asio::buffer(certificate.private_key_pem), ssl::context::pem);
  return server;
}

// Calls `on_timeout` when not destroyed within the test deadline.
class Watchdog {
 public:
  explicit Watchdog(std::function<void()> on_timeout)
      : thread_([this, on_timeout = std::move(on_timeout)] {
          std::unique_lock lock(mutex_);
          if (!done_cv_.wait_for(lock, testing::kTestDeadline, [this] { return done_; })) {
            fired_ = true;
            on_timeout();
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  [[nodiscard]] bool fired() {
    std::lock_guard lock(mutex_);
    return fired_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  bool fired_ = false;
  std::thread thread_;
};

class WorkerConnectionTest : public testing::ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    WorkerCoreOptions o;
    o.profile.worker_id = "w1";
    o.state_dir = dir_ / "state";
    o.track_usage = false;
    o.telemetry = &telemetry_;
    core_ = std::make_unique<WorkerCore>(clock_, std::move(o));
  }
  WorkerConnectionOptions Options(const std::string& url) {
    WorkerConnectionOptions o;
    o.coordinator_url = url;
    o.token = "secret";
    o.backoff.initial = std::chrono::milliseconds(1);
    o.backoff.max = std::chrono::milliseconds(5);
    o.rng = &rng_;
    o.on_notice = [this](std::string_view line) { notices_.emplace_back(line); };
    return o;
  }
  Status RunAgainst(FakeCoordinator& coordinator, const WorkerConnectionOptions& options) {
    Watchdog watchdog([&] {
      drain_.store(true);
      coordinator.Abort();
    });
    Status status = RunWorker(options, *core_, &drain_);
    EXPECT_FALSE(watchdog.fired()) << "the session did not end in time";
    return status;
  }

  // Runs the worker against a coordinator serving `server` whose TLS
  // handshake the worker refuses; returns the worker's first notice.
  std::string RefusedHandshakeNotice(ssl::context& server, WorkerConnectionOptions options) {
    FakeCoordinator coordinator(&server);
    bool handshake_failed = false;
    coordinator.Run([&](FakeCoordinator& c) {
      try {
        c.AcceptRequest();
      } catch (const std::exception&) {
        handshake_failed = true;  // the worker hung up during the TLS handshake
      }
    });
    options.coordinator_url = coordinator.Url();
    options.on_notice = [this](std::string_view line) {
      notices_.emplace_back(line);
      drain_.store(true);  // one refused handshake is enough: leave
    };
    const Status status = RunAgainst(coordinator, options);
    EXPECT_EQ(coordinator.Join(), "");
    EXPECT_TRUE(status) << status.error().ToString();
    EXPECT_TRUE(handshake_failed);
    return notices_.empty() ? std::string() : notices_[0];
  }

  ManualClock clock_{FromUnixMillis(1'767'225'600'000)};
  testing::FakeTelemetry telemetry_;
  Rng rng_{11};
  std::unique_ptr<WorkerCore> core_;
  std::atomic<bool> drain_{false};
  std::vector<std::string> notices_;
};

TEST_F(WorkerConnectionTest, RunsADispatchResendsItsResultAfterAReconnectAndLeavesOnDrain) {
  FakeCoordinator coordinator;
  std::string authorization;
  std::string target;
  protocol::Hello hello;
  protocol::TaskUpdate first_final;
  protocol::TaskUpdate resent_final;
  bool closed_normally = false;
  coordinator.Run([&](FakeCoordinator& c) {
    // Session 1: register, run `true`, then the connection breaks before the ack.
    auto request = c.AcceptRequest();
    authorization = std::string(request[http::field::authorization]);
    target = std::string(request.target());
    c.AcceptWebSocket(request);
    hello = c.Expect<protocol::Hello>();
    c.Send(protocol::Welcome{"w1", 60'000});
    if (!c.Expect<protocol::Register>().running_attempts.empty()) throw std::runtime_error("runs");
    protocol::Dispatch dispatch;
    dispatch.attempt_id = "att-1";
    dispatch.workload_id = "wl";
    dispatch.unit_id = "u";
    dispatch.task_id = "u";
    dispatch.command.argv = {"true"};
    c.Send(dispatch);
    if (c.Expect<protocol::TaskUpdate>().state != protocol::TaskState::kStarted) {
      throw std::runtime_error("no started update");
    }
    first_final = c.Expect<protocol::TaskUpdate>();
    c.Drop();
    // Session 2: the result comes again until acknowledged; then drain.
    c.AcceptWebSocket(c.AcceptRequest());
    c.Expect<protocol::Hello>();
    c.Send(protocol::Welcome{"w1", 60'000});
    c.Expect<protocol::Register>();
    resent_final = c.Expect<protocol::TaskUpdate>();
    c.Send(protocol::Ack{{"att-1"}});
    c.Send(protocol::Drain{});
    c.Expect<protocol::Drain>();
    closed_normally = c.ExpectClose();
  });
  const Status status = RunAgainst(coordinator, Options(coordinator.Url()));
  EXPECT_EQ(coordinator.Join(), "");
  ASSERT_TRUE(status) << status.error().ToString();
  EXPECT_EQ(authorization, "Bearer secret");
  EXPECT_EQ(target, "/api/v1/workers/connect");
  EXPECT_EQ(hello.worker_id, "w1");
  EXPECT_EQ(first_final.attempt_id, "att-1");
  EXPECT_EQ(first_final.state, protocol::TaskState::kSucceeded);
  EXPECT_EQ(first_final.exit_code, 0);
  EXPECT_EQ(resent_final, first_final);
  EXPECT_TRUE(closed_normally);
  EXPECT_TRUE(core_->UnacknowledgedAttempts().empty());
  EXPECT_TRUE(core_->draining());
}

TEST_F(WorkerConnectionTest, WssWithTheCoordinatorsCertificateAsCaRegistersAndDrains) {
  const TestCertificate certificate = MakeSelfSignedCertificate();
  ssl::context server = ServerContext(certificate);
  const std::filesystem::path ca = dir_ / "ca.pem";
  std::ofstream(ca) << certificate.certificate_pem;

  FakeCoordinator coordinator(&server);
  std::string authorization;
  bool closed_normally = false;
  coordinator.Run([&](FakeCoordinator& c) {
    auto request = c.AcceptRequest();
    authorization = std::string(request[http::field::authorization]);
    closed_normally = c.RegisterAndDrain(request);
  });
  WorkerConnectionOptions options = Options(coordinator.Url());
  options.ca_file = ca.string();
  const Status status = RunAgainst(coordinator, options);
  EXPECT_EQ(coordinator.Join(), "");
  ASSERT_TRUE(status) << status.error().ToString();
  EXPECT_EQ(authorization, "Bearer secret");
  EXPECT_TRUE(closed_normally);
}

// The coordinator's certificate names a host; the worker reaches it by an
// address and checks the certificate against the host's name.
TEST_F(WorkerConnectionTest, WssChecksTheCertificateAgainstTheServerNameWhenOneIsGiven) {
  const TestCertificate certificate = MakeSelfSignedCertificate("DNS:coordinator.hawk.test");
  ssl::context server = ServerContext(certificate);
  const std::filesystem::path ca = dir_ / "ca.pem";
  std::ofstream(ca) << certificate.certificate_pem;

  std::string server_name;
  FakeCoordinator coordinator(&server);
  coordinator.Run([&](FakeCoordinator& c) {
    auto request = c.AcceptRequest();
    const char* sni = SSL_get_servername(c.TlsHandle(), TLSEXT_NAMETYPE_host_name);
    server_name = sni != nullptr ? sni : "";
    c.RegisterAndDrain(request);
  });
  WorkerConnectionOptions options = Options(coordinator.Url());  // wss://127.0.0.1:<port>
  options.ca_file = ca.string();
  options.tls_server_name = "coordinator.hawk.test";
  const Status status = RunAgainst(coordinator, options);
  EXPECT_EQ(coordinator.Join(), "");
  ASSERT_TRUE(status) << status.error().ToString();
  EXPECT_EQ(server_name, "coordinator.hawk.test");
}

TEST_F(WorkerConnectionTest, WssRefusesACertificateForAnotherName) {
  const TestCertificate certificate = MakeSelfSignedCertificate("DNS:coordinator.hawk.test");
  ssl::context server = ServerContext(certificate);
  const std::filesystem::path ca = dir_ / "ca.pem";
  std::ofstream(ca) << certificate.certificate_pem;
  WorkerConnectionOptions options = Options("");  // 127.0.0.1: not the certificate's name
  options.ca_file = ca.string();
  const std::string notice = RefusedHandshakeNotice(server, options);
  EXPECT_NE(notice.find("certificate verify failed"), std::string::npos) << notice;
}

TEST_F(WorkerConnectionTest, WssRefusesACertificateItDoesNotTrust) {
  const TestCertificate certificate = MakeSelfSignedCertificate();
  ssl::context server = ServerContext(certificate);
  const std::filesystem::path other_ca = dir_ / "other-ca.pem";
  std::ofstream(other_ca) << MakeSelfSignedCertificate().certificate_pem;
  WorkerConnectionOptions options = Options("");
  options.ca_file = other_ca.string();
  const std::string notice = RefusedHandshakeNotice(server, options);
  EXPECT_TRUE(notice.starts_with("TLS handshake with 127.0.0.1:")) << notice;
  EXPECT_NE(notice.find("certificate verify failed"), std::string::npos) << notice;
}

TEST_F(WorkerConnectionTest, ARefusedTokenEndsTheWorkerWithAClearError) {
  FakeCoordinator coordinator;
  std::string authorization;
  coordinator.Run([&](FakeCoordinator& c) {
    authorization = std::string(c.AcceptRequest()[http::field::authorization]);
    c.Refuse(http::status::unauthorized);
  });
  WorkerConnectionOptions options = Options(coordinator.Url());
  options.token = "wrong";
  const Status status = RunAgainst(coordinator, options);
  EXPECT_EQ(coordinator.Join(), "");
  EXPECT_EQ(authorization, "Bearer wrong");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "the coordinator refused the worker token (HTTP 401)");
  EXPECT_NE(status.error().hint.find("--token"), std::string::npos);
}

TEST_F(WorkerConnectionTest, ADrainWhileTheCoordinatorIsUnreachableEndsOnceNothingRuns) {
  std::string url;
  {
    FakeCoordinator closed;  // its port, free again once it is gone
    url = closed.Url();
  }
  drain_.store(true);
  const Status status = RunWorker(Options(url), *core_, &drain_);
  ASSERT_TRUE(status) << status.error().ToString();
  EXPECT_TRUE(core_->draining());
}

TEST_F(WorkerConnectionTest, BadUrlAndMissingCaFileAreUserErrors) {
  Status status = RunWorker(Options("tcp://127.0.0.1:1"), *core_, &drain_);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("unknown scheme"), std::string::npos);

  WorkerConnectionOptions options = Options("wss://127.0.0.1:1");
  options.ca_file = (dir_ / "no-such-ca.pem").string();
  status = RunWorker(options, *core_, &drain_);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().where, "--ca-file " + *options.ca_file);
}

}  // namespace
}  // namespace hawk::agent
