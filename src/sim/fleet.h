// A simulated fleet: workers, each a machine of catalogue devices with thermal
// parameters and failure rates. Built from machine templates (BuiltinFleet)
// or from a fleet file (sim/fleet_file.h).
//
// Workers built from the same template or fleet entry share one immutable
// SimMachine (shared_ptr<const>), so a fleet of 10 000 workers costs a few
// strings per worker. A worker's own state (temperatures, running tasks)
// belongs to the driver, not to the fleet.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/device.h"
#include "core/rng.h"
#include "sim/device_catalog.h"
#include "sim/failure_rates.h"

namespace hawk::sim {

// A kind of machine: which catalogue devices it has, how many of each.
struct MachineTemplate {
  std::string name;  // "xeon-a100x4"
  std::string description;
  std::string os;               // "linux", "macos", "windows", "browser"
  std::uint32_t cpu_slots = 1;  // 0 for browsers: they run no processes
  std::vector<std::pair<std::string, std::uint32_t>> devices;  // catalogue key, count
};

// The built-in templates, in a fixed order (BuiltinFleet cycles through them).
const std::vector<MachineTemplate>& MachineTemplates();
// The template with this name, or an error naming the valid ones.
Result<const MachineTemplate*> FindMachineTemplate(std::string_view name);
// "xeon-a100x4, epyc-mi250x2, ..." — for messages.
std::string MachineTemplateNames();

// One machine's hardware; immutable once shared between workers.
struct SimMachine {
  std::string kind;  // the template's name, or the fleet entry's name for a custom machine
  std::string os = "linux";
  std::uint32_t cpu_slots = 1;
  std::map<std::string, std::string> labels;
  std::vector<SimDevice> devices;  // ids set: cpu0, cpu1, gpu0, npu0, tpu0, browser0 ...
  WorkerFailureRates failures;
};

// Gives each device its id: the hardware class's name and a per-class index,
// in order ("cpu0", "gpu0", "gpu1", ...).
void AssignDeviceIds(std::vector<SimDevice>& devices);
// A machine of the template's catalogue devices, with ids, its template's
// os and cpu_slots, and the label template=<name>.
Result<SimMachine> MachineFromTemplate(const MachineTemplate& machine_template);

struct SimWorker {
  std::string worker_id;
  std::shared_ptr<const SimMachine> machine;
  double ambient_offset_celsius = 0.0;  // added to every device's ambient temperature

  // The profile the worker registers with: a full copy (hostname = worker id,
  // fingerprint "sim:<worker id>").
  [[nodiscard]] WorkerProfile Profile() const;
  // The device's thermal parameters with this worker's ambient offset.
  [[nodiscard]] ThermalParams Thermal(std::size_t device_index) const;
  // nullptr when the worker has no device with this id.
  [[nodiscard]] const SimDevice* FindDevice(std::string_view device_id) const;
};

struct SimFleet {
  std::vector<SimWorker> workers;  // in a fixed order; ids unique

  [[nodiscard]] std::size_t DeviceCount() const;
  // Linear search; nullptr when absent.
  [[nodiscard]] const SimWorker* FindWorker(std::string_view worker_id) const;
};

// One device with a high device-error rate, so a demo can show quarantine.
struct FlakyDevice {
  std::size_t worker_index = 0;
  std::string device_id;  // empty: the worker's first device that is not a CPU (else cpu0)
  DeviceFailureRates rates{
      .device_error_per_hour = 0.0, .device_error_per_attempt = 0.5, .oom_per_attempt = 0.0};
};

// Gives the worker its own copy of its machine with the device's rates
// replaced. Errors when the worker or device does not exist.
Status MakeFlaky(SimFleet& fleet, const FlakyDevice& flaky);

struct BuiltinFleetOptions {
  std::size_t workers = 11;
  std::vector<std::string> templates;   // cycled through in order; empty: all built-in ones
  double ambient_jitter_celsius = 2.0;  // each worker's ambient offset, uniform in ±this
  WorkerFailureRates worker_failures;   // for every worker
  DeviceFailureRates device_failures;   // for every device
  std::optional<FlakyDevice> flaky;
};

// A heterogeneous fleet cycling through the templates: worker i gets template
// i mod N and the id "<template>-<k>" (k counting that template's workers
// from 0). Draws one number per worker from `rng` (its ambient offset).
// Errors on an unknown template name or a bad flaky device.
Result<SimFleet> BuiltinFleet(const BuiltinFleetOptions& options, Rng& rng);
// All built-in templates, default options.
SimFleet BuiltinFleet(std::size_t workers, Rng& rng);

}  // namespace hawk::sim
