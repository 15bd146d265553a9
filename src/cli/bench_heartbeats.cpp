// `hawk bench heartbeats --connections N [--seconds S] [--interval 1s]`: N
// simulated workers — real sockets, the real protocol, made-up hardware —
// connect to a real coordinator on loopback, register, and heartbeat at the
// interval (spread evenly over it) for S seconds. Prints the CPU time the
// coordinator's thread used over that window as a share of one core, read
// from the thread's own CPU clock, with the heartbeats it handled.
#include <pthread.h>
#include <time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/bench_coordinator.h"
#include "cli/bench_dispatch.h"
#include "cli/command.h"
#include "protocol/codec.h"

namespace hawk::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct BenchHeartbeatOptions {
  std::uint32_t connections = 1000;
  std::uint32_t seconds = 30;
  std::string interval = "1s";
};

WorkerProfile FakeProfile(std::uint32_t n) {
  WorkerProfile w;
  w.worker_id = "sim-" + std::to_string(n);
  w.hostname = w.worker_id;
  w.os = "linux";
  w.cpu_slots = 8;
  DeviceProfile cpu;
  cpu.id = "cpu0";
  cpu.hardware_class = HardwareClass::kCpu;
  cpu.architecture = Architecture::kX86_64;
  cpu.vendor = Vendor::kAmd;
  cpu.model = "simulated";
  cpu.memory_total_bytes = 64 * kGiB;
  cpu.compute_units = 16;
  w.devices.push_back(cpu);
  DeviceProfile gpu;
  gpu.id = "gpu0";
  gpu.hardware_class = HardwareClass::kGpu;
  gpu.architecture = Architecture::kCuda;
  gpu.vendor = Vendor::kNvidia;
  gpu.model = "simulated";
  gpu.memory_total_bytes = 80 * kGiB;
  gpu.compute_units = 108;
  w.devices.push_back(gpu);
  return w;
}

// One simulated worker: hello, register, then a heartbeat per interval.
class FakeWorker : public std::enable_shared_from_this<FakeWorker> {
 public:
  FakeWorker(asio::io_context& ioc, std::uint32_t n, std::chrono::milliseconds interval,
             std::chrono::milliseconds phase)
      : ws_(ioc), timer_(ioc), n_(n), interval_(interval), phase_(phase) {}

  void Start(const tcp::endpoint& endpoint, const std::string& token) {
    ws_.next_layer().connect(endpoint);
    ws_.set_option(websocket::stream_base::decorator([token](websocket::request_type& r) {
      r.set(beast::http::field::authorization, "Bearer " + token);
    }));
    ws_.handshake("127.0.0.1", "/api/v1/workers/connect");
    Write(
        protocol::Encode(protocol::Hello{FakeProfile(n_).worker_id, protocol::kVersion, "bench"}));
    Write(protocol::Encode(protocol::Register{FakeProfile(n_), {}, false, {}}));
    Read();
    timer_.expires_after(phase_);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->Beat();
    });
  }
  [[nodiscard]] std::uint64_t sent() const { return sent_; }
  void Stop() {
    timer_.cancel();
    beast::error_code ec;
    ws_.next_layer().close(ec);
  }

 private:
  void Write(const std::string& text) {
    ws_.text(true);
    ws_.write(asio::buffer(text));
  }
  void Read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->buffer_.consume(self->buffer_.size());
      self->Read();
    });
  }
  void Beat() {
    protocol::Heartbeat h;
    h.at = FromUnixMillis(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count());
    h.cpu_utilization = Fraction::FromDouble(0.1 + 0.01 * (sent_ % 50));
    h.memory_utilization = Fraction::FromDouble(0.4);
    protocol::DeviceSample gpu;
    gpu.device_id = "gpu0";
    gpu.utilization = Fraction::FromDouble(0.5);
    gpu.memory_utilization = Fraction::FromDouble(0.3);
    gpu.temperature_celsius = 60.0 + static_cast<double>(sent_ % 10);
    h.devices.push_back(gpu);
    text_ = protocol::Encode(h);
    ws_.text(true);
    ws_.async_write(asio::buffer(text_),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return;
                      ++self->sent_;
                      self->timer_.expires_after(self->interval_);
                      self->timer_.async_wait([self](beast::error_code e) {
                        if (!e) self->Beat();
                      });
                    });
  }

  websocket::stream<tcp::socket> ws_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::string text_;
  std::uint32_t n_;
  std::chrono::milliseconds interval_;
  std::chrono::milliseconds phase_;
  std::uint64_t sent_ = 0;
};

double ThreadCpuSeconds(pthread_t thread) {
  clockid_t id;
  if (::pthread_getcpuclockid(thread, &id) != 0) return 0;
  timespec ts{};
  ::clock_gettime(id, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

int RunBenchHeartbeats(const BenchHeartbeatOptions& o) {
  auto interval = ParseDuration(o.interval);
  if (!interval || *interval <= Duration(0)) {
    return ReportError(Error{ErrorCode::kInvalidArgument, "not a positive duration: " + o.interval,
                             "--interval", "e.g. 1s"});
  }
  auto bench = BenchCoordinator::Start("heartbeats",
                                       coord::ApiTokens{"bench-client", "bench-worker"}, *interval);
  if (!bench) return ReportError(bench.error());
  std::thread& server_thread = (*bench)->server_thread();

  asio::io_context ioc;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), (*bench)->port());
  std::vector<std::shared_ptr<FakeWorker>> workers;
  const auto step = *interval / std::max<std::uint32_t>(o.connections, 1);
  for (std::uint32_t i = 0; i < o.connections; ++i) {
    auto w = std::make_shared<FakeWorker>(ioc, i, *interval, step * i);
    w->Start(endpoint, "bench-worker");
    workers.push_back(std::move(w));
  }
  // Registration settles, then the window is measured.
  ioc.run_for(*interval * 2);
  const double cpu_start = ThreadCpuSeconds(server_thread.native_handle());
  const auto sent_total = [&] {
    std::uint64_t n = 0;
    for (const auto& w : workers) n += w->sent();
    return n;
  };
  const std::uint64_t sent_start = sent_total();
  const auto wall_start = std::chrono::steady_clock::now();
  ioc.run_for(std::chrono::seconds(o.seconds));
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const double cpu_s = ThreadCpuSeconds(server_thread.native_handle()) - cpu_start;
  const std::uint64_t sent = sent_total() - sent_start;
  for (auto& w : workers) w->Stop();
  ioc.run_for(std::chrono::milliseconds(200));
  (*bench)->Stop();

  nlohmann::ordered_json j;
  j["benchmark"] = "heartbeats";
  j["connections"] = o.connections;
  j["interval"] = o.interval;
  j["window_s"] = wall_s;
  j["heartbeats_sent"] = sent;
  j["heartbeats_per_s"] = static_cast<double>(sent) / wall_s;
  // Read once the server thread has stopped.
  j["coordinator_messages_received_total"] = (*bench)->coordinator().counters().messages_received;
  j["coordinator_cpu_s"] = cpu_s;
  j["coordinator_core_share"] = cpu_s / wall_s;
  j["refused"] = (*bench)->coordinator().counters().messages_refused;
  std::cout << j.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

void AddBenchHeartbeatsCommand(CLI::App& bench, Runner& runner) {
  auto o = std::make_shared<BenchHeartbeatOptions>();
  CLI::App* cmd = bench.add_subcommand(
      "heartbeats", "Simulated workers on real sockets heartbeating to a real coordinator");
  cmd->add_option("--connections", o->connections, "Simulated workers")
      ->check(CLI::Range(1u, 100000u));
  cmd->add_option("--seconds", o->seconds, "Measured window")->check(CLI::Range(1u, 3600u));
  cmd->add_option("--interval", o->interval, "Heartbeat interval")->capture_default_str();
  cmd->callback([&runner, o] { runner = [o] { return RunBenchHeartbeats(*o); }; });
}

}  // namespace hawk::cli
