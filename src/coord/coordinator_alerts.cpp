// Alerts as workers report them: every transition becomes a row of the
// store's alert table; the alerts open now are kept in memory, per worker,
// for the API, /metrics and the dashboard.
//
// A worker's register carries the alerts open on it, which replace what the
// coordinator knew (it may have restarted, or the worker may have); the
// alerts of a worker that drained and left are dropped. At Open the open set
// is the fold of the stored rows.
#include <utility>

#include "coord/coordinator.h"
#include "coord/coordinator_internal.h"

namespace hawk::coord {
namespace {

std::string AlertKey(const std::string& worker_id, const std::optional<std::string>& device_id,
                     const std::string& metric, const std::string& severity) {
  return worker_id + '\n' + device_id.value_or("") + '\n' + metric + '\n' + severity;
}

HardwareAlertRecord ToRecord(const std::string& worker_id, const protocol::AlertReport& a) {
  HardwareAlertRecord r;
  r.ts = a.at;
  r.worker_id = worker_id;
  r.device_id = a.device_id;
  r.resource = a.metric;
  r.severity = a.severity;
  r.state = a.opened ? AlertState::kOpened : AlertState::kClosed;
  r.value = a.value;
  r.threshold = a.threshold;
  r.message = a.message;
  return r;
}

}  // namespace

void Coordinator::RecordAlerts(const std::string& worker_id,
                               const std::vector<protocol::AlertReport>& alerts, bool live) {
  for (const protocol::AlertReport& a : alerts) {
    Check(store_.AppendAlert(ToRecord(worker_id, a)));
    unflushed_rows_ = true;
    if (!live) continue;  // history: the register that came before holds the present
    const std::string key = AlertKey(worker_id, a.device_id, a.metric, a.severity);
    if (a.opened) {
      open_alerts_[key] = OpenAlert{worker_id, a};
    } else {
      open_alerts_.erase(key);
    }
  }
}

void Coordinator::ReplaceOpenAlerts(const std::string& worker_id,
                                    const std::vector<protocol::AlertReport>& alerts) {
  std::erase_if(open_alerts_,
                [&](const auto& entry) { return entry.second.worker_id == worker_id; });
  for (const protocol::AlertReport& a : alerts) {
    if (!a.opened) continue;
    open_alerts_[AlertKey(worker_id, a.device_id, a.metric, a.severity)] = OpenAlert{worker_id, a};
  }
}

Status Coordinator::LoadOpenAlerts() {
  auto rows = store_.ListAlerts(AlertQuery{});
  if (!rows) return tl::unexpected(rows.error());
  for (const HardwareAlertRecord& r : *rows) {
    const std::string key = AlertKey(r.worker_id, r.device_id, r.resource, r.severity);
    if (r.state == AlertState::kClosed) {
      open_alerts_.erase(key);
      continue;
    }
    protocol::AlertReport a;
    a.at = r.ts;
    a.device_id = r.device_id;
    a.metric = r.resource;
    a.severity = r.severity;
    a.value = r.value;
    a.threshold = r.threshold;
    a.message = r.message;
    open_alerts_[key] = OpenAlert{r.worker_id, std::move(a)};
  }
  return Ok();
}

std::vector<Coordinator::OpenAlert> Coordinator::OpenAlerts() const {
  std::vector<OpenAlert> out;
  out.reserve(open_alerts_.size());
  for (const auto& [key, alert] : open_alerts_) out.push_back(alert);
  return out;
}

}  // namespace hawk::coord
