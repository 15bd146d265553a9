#include "hw/hardware_report.h"

namespace hawk::hw {

std::string_view ToString(BrowserProbeStatus status) {
  switch (status) {
    case BrowserProbeStatus::kNotRequested: return "not_requested";
    case BrowserProbeStatus::kChromiumNotFound: return "chromium_not_found";
    case BrowserProbeStatus::kOk: return "ok";
    case BrowserProbeStatus::kFailed: return "failed";
  }
  return "?";
}

WorkerProfile ToWorkerProfile(const HardwareReport& report, std::string worker_id) {
  WorkerProfile w;
  w.worker_id = std::move(worker_id);
  w.hostname = report.hostname.value_or("");
  w.os = report.os;
  for (const DetectedDevice& d : report.devices) w.devices.push_back(d.profile);
  w.fingerprint = report.fingerprint;
  w.cpu_slots = report.cpu.threads.value_or(1);
  if (w.cpu_slots == 0) w.cpu_slots = 1;
  return w;
}

}  // namespace hawk::hw
