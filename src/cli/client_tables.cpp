#include "cli/client_tables.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "cli/client_progress.h"

namespace hawk::cli {
namespace {

constexpr const char* kNone = "-";

// Characters, not bytes: UTF-8 continuation bytes do not count.
std::size_t Width(const std::string& text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string Clean(std::string text) {
  for (char& c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return text;
}

const Json* Field(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// A scalar field as text; "-" when missing, null or empty.
std::string Text(const Json& object, const char* key) {
  const Json* v = Field(object, key);
  if (v == nullptr || v->is_null()) return kNone;
  if (v->is_string())
    return v->get_ref<const std::string&>().empty() ? kNone : v->get<std::string>();
  if (v->is_boolean()) return v->get<bool>() ? "yes" : "no";
  if (v->is_number()) return v->dump();
  return kNone;
}

// A note: empty when there is none.
std::string Note(const Json& object, const char* key) {
  const std::string text = Text(object, key);
  return text == kNone ? std::string() : text;
}

bool Flag(const Json& object, const char* key) {
  const Json* v = Field(object, key);
  return v != nullptr && v->is_boolean() && v->get<bool>();
}

const Json& Array(const Json& object, const char* key) {
  static const Json kEmpty = Json::array();
  const Json* v = Field(object, key);
  return v != nullptr && v->is_array() ? *v : kEmpty;
}

std::string ProgressCell(const Json& workload) {
  const Json* p = Field(workload, "progress");
  return p != nullptr && p->is_object() ? ProgressText(ProgressFromJson(*p)) : kNone;
}

// "3 (2 gpu, 1 cpu)", classes in order of first appearance.
std::string DevicesCell(const Json& worker) {
  const Json& devices = Array(worker, "devices");
  if (devices.empty()) return "0";
  std::vector<std::pair<std::string, std::size_t>> classes;
  std::size_t quarantined = 0;
  for (const Json& d : devices) {
    const std::string c = Text(d, "class");
    auto it = std::find_if(classes.begin(), classes.end(),
                           [&c](const auto& entry) { return entry.first == c; });
    if (it == classes.end()) {
      classes.emplace_back(c, 1);
    } else {
      ++it->second;
    }
    if (Flag(d, "quarantined")) ++quarantined;
  }
  std::string out = std::to_string(devices.size()) + " (";
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (i != 0) out += ", ";
    out += std::to_string(classes[i].second) + " " + classes[i].first;
  }
  if (quarantined != 0) out += "; " + std::to_string(quarantined) + " quarantined";
  return out + ")";
}

// A fraction in [0, 1] as a whole percentage.
std::string PercentCell(const Json& object, const char* key) {
  const Json* v = Field(object, key);
  if (v == nullptr || !v->is_number()) return kNone;
  const double percent = v->get<double>() * 100.0;
  if (!std::isfinite(percent)) return kNone;
  return std::to_string(static_cast<long long>(std::llround(percent))) + "%";
}

std::string OnlineCell(const Json& worker) {
  if (!Flag(worker, "online")) return "no";
  return Flag(worker, "draining") ? "draining" : "yes";
}

}  // namespace

std::string RenderTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::vector<std::string>> lines;
  if (!header.empty()) lines.push_back(header);
  lines.insert(lines.end(), rows.begin(), rows.end());
  std::vector<std::size_t> widths;
  for (auto& line : lines) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      line[i] = Clean(std::move(line[i]));
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], Width(line[i]));
    }
  }
  std::string out;
  for (const auto& line : lines) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (i != 0) text += "  ";
      text += line[i];
      if (i + 1 < line.size()) text.append(widths[i] - Width(line[i]), ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  }
  return out;
}

std::string WorkloadsTable(const Json& body) {
  const Json& workloads = Array(body, "workloads");
  if (workloads.empty()) return "no workloads\n";
  std::vector<std::vector<std::string>> rows;
  for (const Json& w : workloads) {
    rows.push_back(
        {Text(w, "workload_id"), Text(w, "status"), ProgressCell(w), Text(w, "submitted_at")});
  }
  return RenderTable({"WORKLOAD", "STATUS", "PROGRESS", "SUBMITTED"}, rows);
}

std::string WorkloadDetail(const Json& workload) {
  std::string out = "workload " + Clean(Text(workload, "workload_id"));
  if (const std::string name = Text(workload, "name"); name != kNone)
    out += " (" + Clean(name) + ")";
  out += ": " + Clean(Text(workload, "status")) + "\n";
  if (const std::string reason = Text(workload, "reason"); reason != kNone) {
    out += "  reason: " + Clean(reason) + "\n";
  }
  out += "  submitted: " + Clean(Text(workload, "submitted_at"));
  if (const std::string finished = Text(workload, "finished_at"); finished != kNone) {
    out += ", finished: " + Clean(finished);
  }
  out += "\n";
  if (const Json* p = Field(workload, "progress"); p != nullptr && p->is_object()) {
    out += "  progress: " + ProgressLine(ProgressFromJson(*p)) + "\n";
  }
  const Json& units = Array(workload, "units");
  if (units.empty()) return out;
  std::vector<std::vector<std::string>> rows;
  for (const Json& u : units) {
    rows.push_back({Text(u, "unit_id"), Text(u, "state"),
                    std::to_string(Array(u, "attempts").size()), Note(u, "note")});
  }
  return out + "\n" + RenderTable({"UNIT", "STATE", "ATTEMPTS", "NOTE"}, rows);
}

std::string WorkersTable(const Json& body) {
  const Json& workers = Array(body, "workers");
  if (workers.empty()) return "no workers\n";
  std::vector<std::vector<std::string>> rows;
  for (const Json& w : workers) {
    rows.push_back({Text(w, "worker_id"), OnlineCell(w), DevicesCell(w),
                    PercentCell(w, "cpu_utilization"), Text(w, "running_attempts"),
                    Text(w, "last_seen")});
  }
  return RenderTable({"WORKER", "ONLINE", "DEVICES", "CPU", "RUNNING", "LAST SEEN"}, rows);
}

std::string TasksTable(const Json& body) {
  const Json& tasks = Array(body, "tasks");
  if (tasks.empty()) return "no tasks\n";
  std::vector<std::vector<std::string>> rows;
  for (const Json& t : tasks) {
    rows.push_back({Text(t, "workload_id"), Text(t, "unit_id"), Text(t, "state"),
                    Text(t, "worker_id"), Text(t, "attempt_id"), Note(t, "note")});
  }
  return RenderTable({"WORKLOAD", "UNIT", "STATE", "WORKER", "ATTEMPT", "NOTE"}, rows);
}

std::string EventLines(const Json& body) {
  std::vector<std::vector<std::string>> rows;
  for (const Json& e : Array(body, "events")) {
    std::string ids;
    for (const auto& [key, label] :
         {std::pair{"workload_id", "workload="}, std::pair{"task_id", "task="},
          std::pair{"attempt_id", "attempt="}}) {
      const std::string value = Text(e, key);
      if (value == kNone) continue;
      if (!ids.empty()) ids += ' ';
      ids += label + value;
    }
    rows.push_back({Text(e, "seq"), Text(e, "ts"), Text(e, "type"), ids});
  }
  return RenderTable({}, rows);
}

}  // namespace hawk::cli
