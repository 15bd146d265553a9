// The demo's readable summary and its JSON export.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "cli/demo_run.h"
#include "engine/failure_report.h"

namespace hawk::cli {
namespace {

std::string Clock(TimePoint start, TimePoint at) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(at - start).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  return buf;
}

std::string Fixed(double v, int digits = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

const DeviceProfile* FindDevice(const sim::SimFleet& fleet, const std::string& worker,
                                const std::string& device) {
  const sim::SimWorker* w = fleet.FindWorker(worker);
  if (w == nullptr) return nullptr;
  const sim::SimDevice* d = w->FindDevice(device);
  return d == nullptr ? nullptr : &d->profile;
}

double ThrottlePoint(const sim::SimFleet& fleet, const std::string& worker,
                     const std::string& device) {
  const sim::SimWorker* w = fleet.FindWorker(worker);
  if (w == nullptr) return 85.0;
  for (std::size_t i = 0; i < w->machine->devices.size(); ++i) {
    if (w->machine->devices[i].profile.id == device) return w->Thermal(i).throttle_celsius;
  }
  return 85.0;
}

struct ThrottleEpisode {
  std::string device;  // worker/device
  TimePoint start{};
  TimePoint end{};
  double peak_celsius = 0;
};

std::vector<ThrottleEpisode> ThrottleEpisodes(const sim::SimulationResult& r) {
  std::map<std::string, ThrottleEpisode> open;
  std::vector<ThrottleEpisode> out;
  for (const sim::DeviceSample& s : r.samples) {
    const std::string key = s.worker_id + "/" + s.device_id;
    auto it = open.find(key);
    if (s.throttling) {
      if (it == open.end()) it = open.emplace(key, ThrottleEpisode{key, s.at, s.at, 0}).first;
      it->second.end = s.at;
      it->second.peak_celsius = std::max(it->second.peak_celsius, s.temperature_celsius);
    } else if (it != open.end()) {
      it->second.end = s.at;
      out.push_back(it->second);
      open.erase(it);
    }
  }
  for (auto& [key, e] : open) out.push_back(e);
  std::sort(out.begin(), out.end(), [](const ThrottleEpisode& a, const ThrottleEpisode& b) {
    return std::tie(a.start, a.device) < std::tie(b.start, b.device);
  });
  return out;
}

}  // namespace

std::string DemoSummary(const DemoRun& run) {
  const sim::SimulationResult& r = run.result;
  const sim::SimFleet& fleet = run.simulation->fleet();
  const engine::Orchestrator& engine = run.simulation->engine();
  const DemoOptions& o = run.options;
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };

  line("hawk demo — seed " + std::to_string(o.seed) + ", " + std::to_string(fleet.workers.size()) +
       " workers, " + std::to_string(fleet.DeviceCount()) + " devices, virtual time " +
       FormatDuration(std::chrono::duration_cast<Duration>(r.finished - r.started)) +
       (r.timed_out ? " (stopped at --duration with work left)" : ""));

  line("\nWorkloads");
  for (const auto& [id, workload] : run.workloads) {
    const engine::WorkloadRun* w = engine.FindWorkload(id);
    if (w == nullptr) continue;
    const engine::WorkloadProgress p = w->progress();
    const auto end = w->finished_at().value_or(r.finished);
    line("  " + id + ": " + std::string(ToString(w->status())) + ", " +
         std::to_string(p.succeeded) + " succeeded, " + std::to_string(p.skipped) + " skipped, " +
         std::to_string(p.failed) + " failed, " + std::to_string(p.cancelled) + " cancelled of " +
         std::to_string(p.total) + " units in " +
         FormatDuration(std::chrono::duration_cast<Duration>(end - w->submitted_at())) +
         (w->status_reason().empty() ? "" : " — " + w->status_reason()));
    const bool has_dependencies = std::any_of(workload.tasks.begin(), workload.tasks.end(),
                                              [](const Task& t) { return !t.depends_on.empty(); });
    if (has_dependencies) {
      const auto cp = engine.CriticalPath(id);
      std::string path;
      for (std::uint32_t t : cp->path) path += (path.empty() ? "" : " -> ") + workload.tasks[t].id;
      line("    critical path (predicted " + FormatDuration(cp->length) + "): " + path);
      for (std::uint32_t t = 0; t < workload.tasks.size(); ++t) {
        const Task& task = workload.tasks[t];
        if (task.aggregation == Aggregation::kNone || !w->TaskDone(t)) continue;
        const auto agg = w->TaskResult(t);
        if (agg && agg->number) {
          line("    " + task.id + ": " + std::string(ToString(task.aggregation)) + " of " +
               std::to_string(agg->count) + " shard results = " + Fixed(*agg->number, 0));
        }
      }
    }
  }

  // Where things ran.
  std::map<std::string, int> by_class;
  std::vector<std::string> examples;
  std::set<std::string> example_prefixes;
  int alternates = 0;
  for (const sim::LogEntry& e : r.log) {
    const auto* d = std::get_if<engine::DispatchAttempt>(&e.command);
    if (d == nullptr) continue;
    const DeviceProfile* device =
        d->device_ids.empty() ? nullptr : FindDevice(fleet, d->worker_id, d->device_ids.front());
    const std::string cls = device ? std::string(ToString(device->hardware_class)) : "?";
    ++by_class[cls];
    if (d->alternate) ++alternates;
    const std::string prefix = d->task_id.substr(0, d->task_id.find('-'));
    if (example_prefixes.insert(prefix).second && examples.size() < 8) {
      examples.push_back("  " + Clock(r.started, e.at) + " " + d->unit_id + " -> " + d->worker_id +
                         "/" +
                         [&] {
                           std::string ids;
                           for (const auto& id : d->device_ids)
                             ids += (ids.empty() ? "" : ",") + id;
                           return ids;
                         }() +
                         (device ? " (" + device->model + ")" : "") +
                         (d->alternate ? " using alternate '" + *d->alternate + "'" : "") + ": " +
                         d->placement_reason);
    }
  }
  std::string classes;
  for (const auto& [cls, n] : by_class)
    classes += (classes.empty() ? "" : ", ") + cls + " " + std::to_string(n);
  line("\nPlacements: " + std::to_string(r.attempts_started) + " attempts (" + classes + "), " +
       std::to_string(alternates) + " on alternate implementations");
  line("Why (first placement of each kind of task):");
  for (const std::string& s : examples) line(s);

  // Tasks that could not run as written.
  for (const sim::LogEntry& e : r.log) {
    if (const auto* n = std::get_if<engine::Notice>(&e.command); n && n->kind == "unsatisfiable") {
      line("  " + Clock(r.started, e.at) + " " + n->text);
    }
  }

  if (o.fault_tolerance || o.simulate_failures) {
    line("\nFailures and recovery: " + std::to_string(r.attempts_failed) + " attempts failed (" +
         std::to_string(r.injected_failures) + " failures injected, " +
         std::to_string(r.disconnects) + " worker disconnects)");
    int shown = 0;
    for (const sim::LogEntry& e : r.log) {
      const auto* n = std::get_if<engine::Notice>(&e.command);
      if (n == nullptr) continue;
      if (n->kind != "attempt_failed" && n->kind != "recovery" && n->kind != "worker_lost")
        continue;
      if (++shown > 24) continue;
      line("  " + Clock(r.started, e.at) + " " + n->text);
    }
    if (shown > 24) line("  ... " + std::to_string(shown - 24) + " more in the event log");
    for (const sim::LogEntry& e : r.log) {
      if (const auto* q = std::get_if<engine::QuarantineDevice>(&e.command)) {
        line("  " + Clock(r.started, e.at) + " quarantined " + q->worker_id + "/" + q->device_id +
             ": " + q->reason);
      }
    }
    const engine::FailureReport report =
        engine::BuildFailureReport(engine.failure_log(), engine.quarantine().config());
    for (const engine::FailurePattern& p : report.patterns) line("  pattern: " + p.description);
  }

  if (o.thermal_tracking) {
    const auto episodes = ThrottleEpisodes(r);
    line("\nThermal: " + std::to_string(episodes.size()) + " throttling episodes");
    for (std::size_t i = 0; i < episodes.size() && i < 10; ++i) {
      const ThrottleEpisode& e = episodes[i];
      line("  " + Clock(r.started, e.start) + "–" + Clock(r.started, e.end) + " " + e.device +
           " throttled, peak " + Fixed(e.peak_celsius) + " °C");
    }
    // Did the scheduler move work away from hot devices? Count dispatches to
    // devices that were hot or throttling at the time.
    std::map<std::string, bool> hot_now;
    std::size_t sample = 0;
    int to_hot = 0;
    int total = 0;
    for (const sim::LogEntry& e : r.log) {
      while (sample < r.samples.size() && r.samples[sample].at <= e.at) {
        const auto& s = r.samples[sample++];
        const double throttle_at = ThrottlePoint(fleet, s.worker_id, s.device_id);
        hot_now[s.worker_id + "/" + s.device_id] =
            s.throttling || s.temperature_celsius >= throttle_at - 5.0;
      }
      const auto* d = std::get_if<engine::DispatchAttempt>(&e.command);
      if (d == nullptr || d->device_ids.empty()) continue;
      ++total;
      if (hot_now[d->worker_id + "/" + d->device_ids.front()]) ++to_hot;
    }
    line("  placements onto hot or throttling devices: " + std::to_string(to_hot) + " of " +
         std::to_string(total) + " (thermal headroom scoring and the throttling filter are on)");
  }

  if (o.resource_monitoring) {
    std::map<std::string, std::pair<double, int>> util;
    std::map<std::string, double> peak;
    for (const sim::DeviceSample& s : r.samples) {
      const DeviceProfile* d = FindDevice(fleet, s.worker_id, s.device_id);
      const std::string cls = d ? std::string(ToString(d->hardware_class)) : "?";
      util[cls].first += s.utilization;
      util[cls].second += 1;
      peak[cls] = std::max(peak[cls], s.temperature_celsius);
    }
    line("\nResource monitoring (" + std::to_string(r.samples.size()) +
         " device samples every 10s)");
    for (const auto& [cls, u] : util) {
      line("  " + cls + ": average utilization " + Fixed(100.0 * u.first / std::max(1, u.second)) +
           " %, peak temperature " + Fixed(peak[cls]) + " °C");
    }
  }

  if (o.performance_tracking) {
    line("\nPerformance");
    for (const auto& [id, workload] : run.workloads) {
      const engine::WorkloadStatistics s = engine.performance().Statistics(id);
      line("  " + id + ": " + std::to_string(s.attempts) + " attempts, run time p50 " +
           FormatDuration(s.run_time.p50) + " p95 " + FormatDuration(s.run_time.p95) +
           ", queue time p50 " + FormatDuration(s.queue_time.p50) + " p95 " +
           FormatDuration(s.queue_time.p95) + ", throttled " + FormatDuration(s.throttled));
      const auto bottlenecks = engine.performance().Bottlenecks(id);
      for (std::size_t i = 0; i < bottlenecks.size() && i < 5; ++i) {
        line("    bottleneck: " + bottlenecks[i].detail);
      }
    }
  }
  return out;
}

std::string DemoJson(const DemoRun& run) {
  const sim::SimulationResult& r = run.result;
  const engine::Orchestrator& engine = run.simulation->engine();
  nlohmann::ordered_json j;
  j["schema"] = "hawk.demo/v1";
  j["seed"] = run.options.seed;
  j["workers"] = run.simulation->fleet().workers.size();
  j["devices"] = run.simulation->fleet().DeviceCount();
  j["virtual_time_ms"] = std::chrono::duration_cast<Duration>(r.finished - r.started).count();
  j["attempts_started"] = r.attempts_started;
  j["attempts_failed"] = r.attempts_failed;
  j["injected_failures"] = r.injected_failures;
  j["disconnects"] = r.disconnects;
  j["timed_out"] = r.timed_out;
  auto& workloads = j["workloads"] = nlohmann::ordered_json::array();
  for (const auto& [id, workload] : run.workloads) {
    const engine::WorkloadRun* w = engine.FindWorkload(id);
    if (w == nullptr) continue;
    const auto p = w->progress();
    const auto stats = engine.performance().Statistics(id);
    nlohmann::ordered_json wj;
    wj["id"] = id;
    wj["status"] = ToString(w->status());
    wj["reason"] = w->status_reason();
    wj["units"] = {{"total", p.total},
                   {"succeeded", p.succeeded},
                   {"skipped", p.skipped},
                   {"failed", p.failed},
                   {"cancelled", p.cancelled}};
    wj["makespan_ms"] = stats.makespan.count();
    wj["run_time_p50_ms"] = stats.run_time.p50.count();
    wj["queue_time_p95_ms"] = stats.queue_time.p95.count();
    const auto cp = engine.CriticalPath(id);
    auto& path = wj["critical_path"] = nlohmann::ordered_json::array();
    for (std::uint32_t t : cp->path) path.push_back(workload.tasks[t].id);
    auto& bottlenecks = wj["bottlenecks"] = nlohmann::ordered_json::array();
    for (const auto& b : engine.performance().Bottlenecks(id)) {
      bottlenecks.push_back(
          {{"kind", b.kind}, {"subject", b.subject}, {"detail", b.detail}, {"impact", b.impact}});
    }
    workloads.push_back(std::move(wj));
  }
  auto& attempts = j["attempts"] = nlohmann::ordered_json::array();
  for (const auto& a : engine.performance().records()) {
    attempts.push_back({{"attempt_id", a.attempt_id},
                        {"workload_id", a.workload_id},
                        {"unit_id", a.unit_id},
                        {"worker_id", a.worker_id},
                        {"devices", a.device_ids},
                        {"device_model", a.device_model},
                        {"queued_ms", (a.queued_at - r.started).count()},
                        {"started_ms", (a.started_at - r.started).count()},
                        {"finished_ms", a.finished_at ? nlohmann::ordered_json(
                                                            (*a.finished_at - r.started).count())
                                                      : nlohmann::ordered_json(nullptr)},
                        {"outcome", a.finished_at ? (a.failure == engine::FailureKind::kNone
                                                         ? std::string("succeeded")
                                                         : std::string(ToString(a.failure)))
                                                  : std::string("running")},
                        {"recovery", a.recovery_action},
                        {"throttled_ms", a.throttled.count()}});
  }
  auto& quarantined = j["quarantined"] = nlohmann::ordered_json::array();
  for (const auto& q : engine.failure_log().quarantines) {
    quarantined.push_back({{"device", q.device.ToString()}, {"reason", q.reason}});
  }
  return j.dump(2) + "\n";
}

}  // namespace hawk::cli
