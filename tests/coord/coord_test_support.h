// A coordinator over an in-memory store on a manual clock, with a helper that
// plays a worker session: what a real worker would send, and the messages
// it got back.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "coord/coordinator.h"
#include "store/duckdb_store.h"

namespace hawk::coord::test_support {

inline const TimePoint kT0 = FromUnixMillis(1'767'225'600'000);

inline WorkerProfile CpuWorker(std::string id, std::uint32_t slots = 2) {
  WorkerProfile w;
  w.worker_id = std::move(id);
  w.hostname = w.worker_id;
  w.os = "linux";
  w.cpu_slots = slots;
  DeviceProfile cpu;
  cpu.id = "cpu0";
  cpu.hardware_class = HardwareClass::kCpu;
  cpu.architecture = Architecture::kX86_64;
  cpu.vendor = Vendor::kAmd;
  cpu.model = "EPYC";
  cpu.memory_total_bytes = 16 * kGiB;
  cpu.compute_units = 8;
  w.devices.push_back(cpu);
  return w;
}

template <typename T>
std::vector<T> Of(const Outbox& out, SessionId session) {
  std::vector<T> found;
  for (const Outbox::Item& item : out.messages) {
    if (item.session != session) continue;
    if (const auto* m = std::get_if<T>(&item.message)) found.push_back(*m);
  }
  return found;
}

class CoordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = DuckDbStore::Open(DuckDbStore::kInMemory);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    dir_ = std::filesystem::temp_directory_path() /
           ("hawk-coord-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    Restart();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A new coordinator over the same store: what a restart sees.
  void Restart() {
    CoordinatorOptions options;
    options.engine = CoordinatorOptions::DefaultEngineConfig();
    options.state_dir = dir_;
    coordinator_.reset();
    auto opened = Coordinator::Open(*store_, clock_, options);
    ASSERT_TRUE(opened) << opened.error().ToString();
    coordinator_ = std::move(*opened);
  }

  // A coordinator over a DuckDB file instead (the in-memory store cannot be
  // copied): `path`'s database, opened anew.
  void OpenFileStore(const std::filesystem::path& path) {
    coordinator_.reset();
    store_.reset();
    auto store = DuckDbStore::Open(path.string());
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    Restart();
  }
  // What kill -9 would leave of the file store at `from` now: its committed
  // transactions (the database file and its write-ahead log), at `to`.
  static void CopyCommitted(const std::filesystem::path& from, const std::filesystem::path& to) {
    namespace fs = std::filesystem;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    const fs::path wal = from.string() + ".wal";
    if (fs::exists(wal)) {
      fs::copy_file(wal, to.string() + ".wal", fs::copy_options::overwrite_existing);
    }
  }

  Outbox Send(SessionId s, protocol::Message m) {
    Outbox out;
    coordinator_->OnMessage(s, m, out);
    return out;
  }
  // As the server ticks: the tick, then the report rows of what ended.
  Outbox Tick() {
    Outbox out;
    coordinator_->Tick(out);
    coordinator_->StoreReportRows();
    return out;
  }
  // hello + register; returns the session.
  SessionId Join(const WorkerProfile& profile, std::vector<std::string> running = {}) {
    const SessionId s = coordinator_->Connect();
    const Outbox welcome = Send(s, protocol::Hello{profile.worker_id, protocol::kVersion, "test"});
    EXPECT_EQ(Of<protocol::Welcome>(welcome, s).size(), 1u);
    last_ = Send(s, protocol::Register{profile, std::move(running), false, {}});
    return s;
  }
  std::string Submit(const std::string& yaml) {
    auto id = coordinator_->Submit(yaml, "test.yaml");
    EXPECT_TRUE(id) << (id ? "" : id.error().ToString());
    return id ? *id : "";
  }
  protocol::TaskUpdate Final(const std::string& attempt, int exit_code) {
    protocol::TaskUpdate u;
    u.attempt_id = attempt;
    u.state = exit_code == 0 ? protocol::TaskState::kSucceeded : protocol::TaskState::kFailed;
    u.exit_code = exit_code;
    u.outcome = "exit code " + std::to_string(exit_code);
    return u;
  }
  protocol::TaskUpdate Started(const std::string& attempt) {
    protocol::TaskUpdate u;
    u.attempt_id = attempt;
    u.state = protocol::TaskState::kStarted;
    return u;
  }
  // Submits kDag (its id into `workload_id`) and runs its first unit, prep,
  // to success on session `s`; the result is not acknowledged yet.
  protocol::Dispatch SubmitDagAndRunPrep(SessionId s, std::string& workload_id);
  protocol::Heartbeat Beat(std::vector<std::string> running = {}) {
    protocol::Heartbeat h;
    h.at = clock_.Now();
    h.cpu_utilization = Fraction::FromDouble(0.25);
    h.memory_utilization = Fraction::FromDouble(0.5);
    h.running_attempts = std::move(running);
    return h;
  }

  ManualClock clock_{kT0};
  std::unique_ptr<DuckDbStore> store_;
  std::filesystem::path dir_;
  std::unique_ptr<Coordinator> coordinator_;
  Outbox last_;
};

inline constexpr const char* kDag = R"(version: 1
name: dag
tasks:
  - id: prep
    run: "true"
  - id: build
    run: "true"
    depends_on: [prep]
  - id: test
    run: "true"
    depends_on: [build]
)";

inline protocol::Dispatch CoordTest::SubmitDagAndRunPrep(SessionId s, std::string& workload_id) {
  workload_id = Submit(kDag);
  const auto prep = Of<protocol::Dispatch>(Tick(), s);
  EXPECT_EQ(prep.size(), 1u);
  if (prep.empty()) return {};
  Send(s, Started(prep[0].attempt_id));
  Send(s, Final(prep[0].attempt_id, 0));
  return prep[0];
}

}  // namespace hawk::coord::test_support
