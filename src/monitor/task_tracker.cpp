#include "monitor/task_tracker.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <unordered_map>
#include <vector>

#include "monitor/file_reader.h"
#include "monitor/parse.h"
#include "monitor/proc_readers.h"
#include "monitor/process_stats.h"
#include "monitor/rates.h"
#include "monitor/rooted_fs.h"
#include "monitor/sys_readers.h"

namespace hawk::monitor {
namespace {

struct Member {
  std::uint64_t start_ticks = 0;
  std::uint32_t ppid = 0;
  std::uint64_t cpu_ticks = 0;  // own + reaped children's, at the last sample
  std::optional<ProcessIo> io;
};

struct CgroupFigures {
  std::optional<double> cpu_seconds;
  std::optional<Bytes> memory_current;
  std::optional<Bytes> memory_peak;
  std::optional<Bytes> read_bytes;
  std::optional<Bytes> write_bytes;
};

std::optional<std::uint64_t> KeyedValue(std::string_view text, std::string_view key) {
  LineReader lines(text);
  std::string_view line;
  std::vector<std::string_view> fields;
  while (lines.Next(line)) {
    SplitFields(line, fields);
    if (fields.size() == 2 && fields[0] == key) return ParseU64(fields[1]);
  }
  return std::nullopt;
}

CgroupFigures ReadCgroup(FileReader& sys, const std::string& dir) {
  CgroupFigures f;
  if (const std::string* stat = sys.Read(dir + "/cpu.stat", false)) {
    if (auto usec = KeyedValue(*stat, "usage_usec"))
      f.cpu_seconds = static_cast<double>(*usec) / 1e6;
  }
  f.memory_current = sys.U64(dir + "/memory.current");
  f.memory_peak = sys.U64(dir + "/memory.peak");
  if (const std::string* io = sys.Read(dir + "/io.stat", false)) {
    Bytes read = 0;
    Bytes write = 0;
    LineReader lines(*io);
    std::string_view line;
    std::vector<std::string_view> fields;
    while (lines.Next(line)) {
      SplitFields(line, fields);
      for (std::size_t i = 1; i < fields.size(); ++i) {
        const std::size_t eq = fields[i].find('=');
        if (eq == std::string_view::npos) continue;
        const auto value = ParseU64(fields[i].substr(eq + 1));
        if (!value) continue;
        if (fields[i].substr(0, eq) == "rbytes") read += *value;
        if (fields[i].substr(0, eq) == "wbytes") write += *value;
      }
    }
    f.read_bytes = read;
    f.write_bytes = write;
  }
  return f;
}

template <typename T>
void RaiseTo(std::optional<T>& slot, T value) {
  slot = slot ? std::max(*slot, value) : value;
}

}  // namespace

struct TaskResourceTracker::State {
  State(TaskTrackerOptions opts, ProblemLog* log)
      : options(std::move(opts)),
        problems(log != nullptr ? log : &own_problems),
        proc_fs(options.proc_root),
        sys_fs(options.sys_root),
        proc(proc_fs, *problems),
        sys(sys_fs, *problems) {}

  void UpdateMembers(const std::vector<ProcessStat>& stats);
  void ProcFigures(TimePoint ts);
  void CheckCgroup();
  void Network();
  void Energy();
  void Gpu();
  void GpuEnergy(const std::set<std::string>& task_gpus);
  void AddMemorySample(TimePoint ts, Bytes bytes);

  TaskTrackerOptions options;
  ProblemLog own_problems;
  ProblemLog* problems;
  RootedFs proc_fs;
  RootedFs sys_fs;
  FileReader proc;
  FileReader sys;
  TaskUsage usage;
  std::unordered_map<std::uint32_t, Member> members;
  std::set<std::uint32_t> seen;
  std::uint64_t carried_cpu_ticks = 0;
  ProcessIo carried_io;
  bool cgroup_checked = false;
  std::optional<std::string> cgroup_dir;
  std::optional<bool> own_netns;
  std::optional<std::pair<Bytes, Bytes>> net_base;
  std::optional<std::vector<EnergyCounterPath>> energy_catalog;
  std::unordered_map<std::string, std::uint64_t> energy_last;
  double energy_microjoules = 0;
  std::unordered_map<std::string, std::uint64_t> gpu_energy_last;  // by GPU id, millijoules
  std::set<std::string> gpu_energy_previous;  // the task's GPUs at the last sample
  std::uint64_t gpu_energy_millijoules = 0;
  std::optional<Bytes> last_memory;
  double memory_byte_seconds = 0;
  double memory_seconds = 0;
};

TaskResourceTracker::TaskResourceTracker(TaskTrackerOptions options, ProblemLog* problems)
    : state_(std::make_unique<State>(std::move(options), problems)) {}

TaskResourceTracker::~TaskResourceTracker() = default;

void TaskResourceTracker::State::UpdateMembers(const std::vector<ProcessStat>& stats) {
  std::unordered_map<std::uint32_t, const ProcessStat*> by_pid;
  std::unordered_map<std::uint32_t, std::vector<const ProcessStat*>> children;
  for (const auto& s : stats) {
    by_pid[s.pid] = &s;
    children[s.ppid].push_back(&s);
  }
  // Members that are gone: their reaper got their figures, unless the reaper
  // is outside the tree, in which case their last figures are kept here.
  std::vector<std::pair<std::uint32_t, Member>> gone;
  for (auto it = members.begin(); it != members.end();) {
    const auto found = by_pid.find(it->first);
    if (found != by_pid.end() && found->second->start_ticks == it->second.start_ticks) {
      ++it;
      continue;
    }
    gone.emplace_back(it->first, it->second);
    it = members.erase(it);
  }
  if (members.empty() && seen.empty()) {
    const auto root = by_pid.find(options.root_pid);
    if (root != by_pid.end()) members[options.root_pid] = {root->second->start_ticks, 0, 0, {}};
  }
  std::vector<std::uint32_t> queue;
  for (const auto& [pid, member] : members) queue.push_back(pid);
  while (!queue.empty()) {
    const std::uint32_t pid = queue.back();
    queue.pop_back();
    const auto kids = children.find(pid);
    if (kids == children.end()) continue;
    for (const ProcessStat* kid : kids->second) {
      if (members.contains(kid->pid)) continue;
      members[kid->pid] = {kid->start_ticks, pid, 0, {}};
      queue.push_back(kid->pid);
    }
  }
  for (const auto& [pid, member] : gone) {
    if (members.contains(member.ppid)) continue;  // its parent in the tree reaped it
    carried_cpu_ticks += member.cpu_ticks;
    if (member.io) {
      carried_io.read_bytes += member.io->read_bytes;
      carried_io.write_bytes += member.io->write_bytes;
    }
  }
  for (auto& [pid, member] : members) {
    const ProcessStat& s = *by_pid.at(pid);
    member.ppid = s.ppid;
    member.cpu_ticks = s.utime_ticks + s.stime_ticks + s.cutime_ticks + s.cstime_ticks;
    seen.insert(pid);
  }
}

void TaskResourceTracker::State::AddMemorySample(TimePoint ts, Bytes bytes) {
  if (last_memory && usage.samples > 0) {
    const double dt = std::chrono::duration<double>(ts - usage.last_sample_at).count();
    if (dt > 0) {
      memory_byte_seconds +=
          dt * (static_cast<double>(*last_memory) + static_cast<double>(bytes)) / 2;
      memory_seconds += dt;
    }
  }
  last_memory = bytes;
  usage.current_memory_bytes = bytes;
  RaiseTo(usage.peak_memory_bytes, bytes);
  usage.avg_memory_bytes =
      memory_seconds > 0 ? static_cast<Bytes>(memory_byte_seconds / memory_seconds) : bytes;
}

void TaskResourceTracker::State::ProcFigures(TimePoint ts) {
  std::uint64_t ticks = carried_cpu_ticks;
  Bytes rss = 0;
  ProcessIo io = carried_io;
  bool io_complete = true;
  std::optional<Bytes> hwm;
  for (auto& [pid, member] : members) {
    ticks += member.cpu_ticks;
    const ProcessMemory memory = ReadProcessMemory(proc, pid);
    rss += memory.rss_bytes.value_or(0);
    if (memory.hwm_bytes) RaiseTo(hwm, *memory.hwm_bytes);
    member.io = ReadProcessIo(proc, pid);
    if (member.io) {
      io.read_bytes += member.io->read_bytes;
      io.write_bytes += member.io->write_bytes;
    } else {
      io_complete = false;
    }
  }
  if (cgroup_dir) return;  // the cgroup's figures are used instead
  usage.cpu_seconds = std::max(usage.cpu_seconds, static_cast<double>(ticks) / TicksPerSecond());
  if (!members.empty()) {
    AddMemorySample(ts, rss);
    if (hwm) RaiseTo(usage.peak_memory_bytes, *hwm);
  }
  if (io_complete) {
    RaiseTo(usage.read_bytes, io.read_bytes);
    RaiseTo(usage.write_bytes, io.write_bytes);
  }
}

void TaskResourceTracker::State::CheckCgroup() {
  cgroup_checked = true;
  if (options.cgroup_mode == CgroupMode::kOff) return;
  if (!sys_fs.Exists("fs/cgroup/cgroup.controllers")) return;  // no cgroup v2 here
  std::optional<std::string> path = options.cgroup_path;
  const bool given = path.has_value();
  if (!path) path = ReadUnifiedCgroup(proc, options.root_pid);
  if (!path) return;
  std::string rel(Trim(*path));
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  if (rel.empty()) return;  // the root cgroup holds everything
  const std::string dir = "fs/cgroup/" + rel;
  const std::string* procs = sys.Read(dir + "/cgroup.procs", given);
  if (procs == nullptr) return;
  if (!given) {
    // Only a cgroup that holds nothing but the task speaks for the task.
    LineReader lines(*procs);
    std::string_view line;
    while (lines.Next(line)) {
      const auto pid = ParseU64(line);
      if (pid && !members.contains(static_cast<std::uint32_t>(*pid))) return;
    }
  }
  cgroup_dir = dir;
  usage.source = UsageSource::kCgroupV2;
  usage.cgroup_path = "/" + rel;
}

void TaskResourceTracker::State::Network() {
  const std::string root = std::to_string(options.root_pid);
  if (!members.contains(options.root_pid)) return;
  if (!own_netns) {
    const auto mine = proc_fs.ReadLink("self/ns/net");
    const auto theirs = proc_fs.ReadLink(root + "/ns/net");
    own_netns = mine && theirs && *mine != *theirs;
  }
  if (!*own_netns) return;
  const auto interfaces = ReadNetDev(proc, root + "/net/dev");
  if (!interfaces) return;
  Bytes rx = 0;
  Bytes tx = 0;
  for (const auto& n : *interfaces) {
    if (n.interface == "lo") continue;
    rx += n.receive_bytes_total;
    tx += n.transmit_bytes_total;
  }
  if (!net_base) net_base = {rx, tx};
  usage.net_rx_bytes = rx >= net_base->first ? rx - net_base->first : 0;
  usage.net_tx_bytes = tx >= net_base->second ? tx - net_base->second : 0;
}

void TaskResourceTracker::State::Energy() {
  if (!options.energy) return;
  if (!energy_catalog) {
    energy_catalog = DiscoverPowercap(sys);
    if (!energy_catalog) energy_catalog.emplace();
  }
  bool any = false;
  for (const auto& counter : ReadPowercap(sys, *energy_catalog)) {
    if (!counter.top_level || !counter.energy_microjoules_total) continue;
    const auto last = energy_last.find(counter.id);
    if (last != energy_last.end()) {
      if (auto delta = CounterDelta(last->second, *counter.energy_microjoules_total,
                                    counter.max_energy_range_microjoules)) {
        energy_microjoules += static_cast<double>(*delta);
        any = true;
      }
    }
    energy_last[counter.id] = *counter.energy_microjoules_total;
  }
  if (any || usage.powercap_energy_joules) {
    usage.powercap_energy_joules = energy_microjoules / 1e6;
  }
}

void TaskResourceTracker::State::Gpu() {
  if (options.gpu == nullptr || options.gpu->DeviceCount() == 0) return;
  Bytes total = 0;
  std::set<std::string> holding;  // GPUs where the task's processes hold memory now
  for (const auto& p : options.gpu->ProcessMemory(0)) {
    if (!members.contains(p.pid)) continue;
    holding.insert(p.gpu_id);
    if (p.used_bytes) total += *p.used_bytes;
  }
  RaiseTo(usage.gpu_memory_peak_bytes, total);
  if (!options.energy) return;
  if (options.gpu_ids.empty()) {
    GpuEnergy(holding);
  } else {
    GpuEnergy(std::set<std::string>(options.gpu_ids.begin(), options.gpu_ids.end()));
  }
}

void TaskResourceTracker::State::GpuEnergy(const std::set<std::string>& task_gpus) {
  bool any = false;
  for (const auto& counter : options.gpu->EnergyCounters(0)) {
    const auto last = gpu_energy_last.find(counter.gpu_id);
    const bool charged =
        task_gpus.contains(counter.gpu_id) || gpu_energy_previous.contains(counter.gpu_id);
    // A counter that went back restarted (the driver reloaded): that
    // interval is unknown and is skipped.
    if (last != gpu_energy_last.end() && charged &&
        counter.energy_millijoules_total >= last->second) {
      gpu_energy_millijoules += counter.energy_millijoules_total - last->second;
      any = true;
    }
    gpu_energy_last[counter.gpu_id] = counter.energy_millijoules_total;
  }
  gpu_energy_previous = task_gpus;
  if (any || usage.gpu_energy_joules) {
    usage.gpu_energy_joules = static_cast<double>(gpu_energy_millijoules) / 1000.0;
  }
}

void TaskResourceTracker::Sample(TimePoint ts) {
  State& s = *state_;
  if (s.usage.samples == 0) s.usage.started_at = ts;
  s.UpdateMembers(ReadAllProcessStats(s.proc));
  if (!s.cgroup_checked && !s.members.empty()) s.CheckCgroup();
  s.ProcFigures(ts);
  if (s.cgroup_dir) {
    const CgroupFigures f = ReadCgroup(s.sys, *s.cgroup_dir);
    if (f.cpu_seconds) s.usage.cpu_seconds = std::max(s.usage.cpu_seconds, *f.cpu_seconds);
    if (f.memory_current) s.AddMemorySample(ts, *f.memory_current);
    if (f.memory_peak) RaiseTo(s.usage.peak_memory_bytes, *f.memory_peak);
    if (f.read_bytes) RaiseTo(s.usage.read_bytes, *f.read_bytes);
    if (f.write_bytes) RaiseTo(s.usage.write_bytes, *f.write_bytes);
  }
  s.Network();
  s.Energy();
  s.Gpu();
  if (s.usage.powercap_energy_joules || s.usage.gpu_energy_joules) {
    s.usage.energy_joules =
        s.usage.powercap_energy_joules.value_or(0) + s.usage.gpu_energy_joules.value_or(0);
  }
  s.usage.processes_seen = s.seen.size();
  s.usage.processes_alive = s.members.size();
  s.usage.root_alive = s.members.contains(s.options.root_pid);
  s.usage.last_sample_at = ts;
  ++s.usage.samples;
}

void TaskResourceTracker::RecordExit(std::optional<double> cpu_seconds,
                                     std::optional<Bytes> max_rss_bytes) {
  TaskUsage& usage = state_->usage;
  if (cpu_seconds) usage.cpu_seconds = std::max(usage.cpu_seconds, *cpu_seconds);
  if (max_rss_bytes) RaiseTo(usage.peak_memory_bytes, *max_rss_bytes);
}

TaskUsage TaskResourceTracker::Usage() const {
  return state_->usage;
}

}  // namespace hawk::monitor
