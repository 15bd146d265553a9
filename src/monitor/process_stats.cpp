#include "monitor/process_stats.h"

#include <cctype>

#include "monitor/parse.h"

namespace hawk::monitor {

std::optional<ProcessStat> ParseProcessStat(std::string_view text) {
  const std::size_t open = text.find('(');
  const std::size_t close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return std::nullopt;
  }
  const auto pid = ParseU64(text.substr(0, open));
  if (!pid) return std::nullopt;
  std::vector<std::string_view> f;
  SplitFields(Trim(text.substr(close + 1)), f);
  // f[0] is field 3 (state): field N of proc(5) is f[N - 3].
  if (f.size() < 20 || f[0].size() != 1) return std::nullopt;
  const auto ppid = ParseU64(f[1]);
  const auto utime = ParseU64(f[11]);
  const auto stime = ParseU64(f[12]);
  const auto cutime = ParseI64(f[13]);
  const auto cstime = ParseI64(f[14]);
  const auto threads = ParseI64(f[17]);
  const auto start = ParseU64(f[19]);
  if (!ppid || !utime || !stime || !cutime || !cstime || !start || !threads) return std::nullopt;
  ProcessStat stat;
  stat.pid = static_cast<std::uint32_t>(*pid);
  stat.comm = std::string(text.substr(open + 1, close - open - 1));
  stat.state = f[0][0];
  stat.ppid = static_cast<std::uint32_t>(*ppid);
  stat.utime_ticks = *utime;
  stat.stime_ticks = *stime;
  stat.cutime_ticks = *cutime > 0 ? static_cast<std::uint64_t>(*cutime) : 0;
  stat.cstime_ticks = *cstime > 0 ? static_cast<std::uint64_t>(*cstime) : 0;
  stat.start_ticks = *start;
  stat.num_threads = *threads > 0 ? static_cast<std::uint64_t>(*threads) : 0;
  return stat;
}

ProcessMemory ReadProcessMemory(FileReader& reader, std::uint32_t pid) {
  ProcessMemory memory;
  const std::string path = std::to_string(pid) + "/status";
  const std::string* text = reader.Read(path, false);
  if (text == nullptr) return memory;
  LineReader lines(*text);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.starts_with("VmRSS:")) {
      memory.rss_bytes = ParseKeyValueBytes(line.substr(6));
      if (!memory.rss_bytes) reader.Malformed(path, "bad VmRSS line");
    } else if (line.starts_with("VmHWM:")) {
      memory.hwm_bytes = ParseKeyValueBytes(line.substr(6));
      if (!memory.hwm_bytes) reader.Malformed(path, "bad VmHWM line");
    }
  }
  return memory;
}

std::optional<ProcessIo> ReadProcessIo(FileReader& reader, std::uint32_t pid) {
  const std::string path = std::to_string(pid) + "/io";
  const std::string* text = reader.Read(path, false);
  if (text == nullptr) return std::nullopt;
  std::optional<Bytes> read;
  std::optional<Bytes> write;
  LineReader lines(*text);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.starts_with("read_bytes:")) {
      read = ParseU64(line.substr(11));
    } else if (line.starts_with("write_bytes:")) {
      write = ParseU64(line.substr(12));
    }
  }
  if (!read || !write) {
    reader.Malformed(path, "no read_bytes or write_bytes");
    return std::nullopt;
  }
  return ProcessIo{*read, *write};
}

std::optional<std::string> ReadUnifiedCgroup(FileReader& reader, std::uint32_t pid) {
  const std::string* text = reader.Read(std::to_string(pid) + "/cgroup", false);
  if (text == nullptr) return std::nullopt;
  LineReader lines(*text);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.starts_with("0::")) return std::string(Trim(line.substr(3)));
  }
  return std::nullopt;
}

std::vector<ProcessStat> ReadAllProcessStats(FileReader& reader) {
  std::vector<ProcessStat> out;
  auto names = reader.fs().ListDir("");
  if (!names) return out;
  out.reserve(names->size());
  std::string path;
  for (const auto& name : *names) {
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name.front()))) continue;
    path = name + "/stat";
    const std::string* text = reader.Read(path, false);  // it may have exited meanwhile
    if (text == nullptr) continue;
    if (auto stat = ParseProcessStat(*text)) {
      out.push_back(std::move(*stat));
    } else {
      reader.Malformed(path, "not a process stat line");
    }
  }
  return out;
}

}  // namespace hawk::monitor
