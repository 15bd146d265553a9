// requires:, recovery: and run:/command: — the parts shared by tasks,
// alternates and defaults.
#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "core/device.h"
#include "spec/task_parser.h"

namespace hawk::spec {
namespace {

using Alias = std::pair<std::string_view, std::string_view>;

constexpr std::array<std::string_view, 11> kRequiresKeys = {
    "class",  "count", "memory", "backends", "precisions",         "features",
    "vendor", "arch",  "prefer", "labels",   "compute_capability",
};
constexpr std::array<Alias, 12> kRequiresAliases = {{
    {"device_class", "class"},
    {"hardware_class", "class"},
    {"devices", "count"},
    {"device_count", "count"},
    {"memory_per_device", "memory"},
    {"architecture", "arch"},
    {"min_compute_capability", "compute_capability"},
    {"cc", "compute_capability"},
    {"worker_labels", "labels"},
    {"preferred", "prefer"},
    {"preferences", "prefer"},
    {"gpus", "count"},
}};
constexpr std::array<std::string_view, 2> kPreferKeys = {"vendors", "archs"};
constexpr std::array<Alias, 2> kPreferAliases = {{
    {"architectures", "archs"},
    {"arches", "archs"},
}};
constexpr std::array<std::string_view, 3> kRecoveryKeys = {"max_retries", "backoff", "strategies"};
constexpr std::array<Alias, 3> kRecoveryAliases = {{
    {"retries", "max_retries"},
    {"retry", "max_retries"},
    {"strategy", "strategies"},
}};
constexpr std::array<std::string_view, 3> kBackoffKeys = {"base", "cap", "jitter"};
constexpr std::array<Alias, 4> kBackoffAliases = {{
    {"initial", "base"},
    {"delay", "base"},
    {"max", "cap"},
    {"maximum", "cap"},
}};

constexpr std::uint32_t kMaxDeviceCount = 1024;
constexpr std::uint32_t kMaxRetries = 1000;

void ParsePreferences(const Cursor& cursor, ResourceRequirements& out) {
  const std::optional<Fields> fields = cursor.Map(kPreferKeys, kPreferAliases);
  if (!fields) return;
  if (auto c = fields->Get("vendors")) {
    if (auto v = c->EnumList<Vendor>("write vendors: [nvidia, amd]")) out.preferred_vendors = *v;
  }
  if (auto c = fields->Get("archs")) {
    if (auto v = c->EnumList<Architecture>("write archs: [cuda, rocm]")) {
      out.preferred_architectures = *v;
    }
  }
}

void ParseBackoff(const Cursor& cursor, Backoff& out) {
  const std::optional<Fields> fields = cursor.Map(kBackoffKeys, kBackoffAliases);
  if (!fields) return;
  bool good = true;
  if (auto c = fields->Get("base")) {
    if (auto v = c->Time(/*allow_zero=*/true))
      out.base = *v;
    else
      good = false;
  }
  if (auto c = fields->Get("cap")) {
    if (auto v = c->Time(/*allow_zero=*/true))
      out.cap = *v;
    else
      good = false;
  }
  if (auto c = fields->Get("jitter")) {
    if (auto v = c->Share()) out.jitter = *v;
  }
  if (good && out.base > out.cap) {
    cursor.Report("backoff base " + FormatDuration(out.base) + " is longer than its cap " +
                      FormatDuration(out.cap),
                  "make cap at least as long as base");
  }
}

}  // namespace

ResourceRequirements ParseRequirements(const Cursor& cursor) {
  ResourceRequirements out;
  const std::optional<Fields> fields = cursor.Map(kRequiresKeys, kRequiresAliases);
  if (!fields) return out;
  if (auto c = fields->Get("class")) {
    if (auto v = c->Enum<HardwareClass>()) out.device_class = *v;
  }
  if (auto c = fields->Get("count")) {
    if (auto v = c->Integer(1, kMaxDeviceCount)) out.device_count = static_cast<std::uint32_t>(*v);
  }
  if (auto c = fields->Get("memory")) {
    if (auto v = c->Size()) {
      if (*v == 0) {
        c->Report("memory per device must be more than 0 bytes",
                  "leave memory out when the task needs no particular amount");
      } else {
        out.memory_per_device_bytes = *v;
      }
    }
  }
  if (auto c = fields->Get("backends")) {
    if (auto v = c->EnumList<Backend>("write backends: [cuda]")) out.backends = *v;
  }
  if (auto c = fields->Get("precisions")) {
    if (auto v = c->EnumList<Precision>("write precisions: [fp16]")) out.precisions = *v;
  }
  if (auto c = fields->Get("features")) {
    if (auto v = c->EnumList<Feature>("write features: [tensor_cores]")) out.features = *v;
  }
  if (auto c = fields->Get("vendor")) {
    if (auto v = c->Enum<Vendor>()) out.vendor = *v;
  }
  if (auto c = fields->Get("arch")) {
    if (auto v = c->Enum<Architecture>()) out.architecture = *v;
  }
  if (auto c = fields->Get("prefer")) ParsePreferences(*c, out);
  if (auto c = fields->Get("labels")) {
    if (auto v = c->StringMap()) out.worker_labels = std::move(*v);
  }
  if (auto c = fields->Get("compute_capability")) {
    if (!c->node().IsScalar()) {
      c->Report("expected a compute capability, got " + c->Describe(),
                "write major.minor, such as 8.0 or 9.0");
    } else if (const std::optional<std::string> text = c->String()) {
      Result<ComputeCapability> cc = ParseComputeCapability(*text);
      if (cc) {
        out.min_compute_capability = *cc;
      } else {
        c->Report(cc.error().message, cc.error().hint);
      }
    }
  }
  return out;
}

RecoveryPolicy ParseRecovery(const Cursor& cursor, const RecoveryPolicy& base) {
  RecoveryPolicy out = base;
  const std::optional<Fields> fields = cursor.Map(kRecoveryKeys, kRecoveryAliases);
  if (!fields) return out;
  if (auto c = fields->Get("max_retries")) {
    if (auto v = c->Integer(0, kMaxRetries)) out.max_retries = static_cast<std::uint32_t>(*v);
  }
  if (auto c = fields->Get("backoff")) ParseBackoff(*c, out.backoff);
  if (auto c = fields->Get("strategies")) {
    if (auto items = c->List("write strategies: [retry, reassign]")) {
      std::vector<RecoveryStrategy> strategies;
      bool good = true;
      for (const Cursor& item : *items) {
        const std::optional<RecoveryStrategy> s = item.Enum<RecoveryStrategy>();
        if (!s) {
          good = false;
        } else if (std::find(strategies.begin(), strategies.end(), *s) != strategies.end()) {
          item.Report("'" + std::string(ToString(*s)) + "' is listed twice",
                      "list each strategy once, in the order to try them");
          good = false;
        } else {
          strategies.push_back(*s);
        }
      }
      if (good) out.strategies = std::move(strategies);
    }
  }
  return out;
}

Command ParseCommand(const Fields& fields) {
  Command out;
  const std::optional<Cursor> run = fields.Get("run");
  const std::optional<Cursor> command = fields.Get("command");
  if (run && command) {
    command->Report("give either 'run' or 'command', not both",
                    "run: is a shell string, command: an argv list");
    return out;
  }
  if (!run && !command) {
    fields.map().Report("missing 'run' or 'command'",
                        "give a shell string with run: or an argv list with command:");
    return out;
  }
  if (run) {
    if (auto v = run->String()) out.shell = std::move(*v);
    return out;
  }
  if (command->node().IsScalar()) {
    command->Report("expected a list, got " + command->Describe(),
                    "command: is an argv list such as [make, -j2]; use run: for a shell string");
    return out;
  }
  const std::optional<std::vector<Cursor>> items = command->List("write command: [make, -j2]");
  if (!items) return out;
  if (items->empty()) {
    command->Report("command must not be empty", "write command: [program, args...]");
    return out;
  }
  std::vector<std::string> argv;
  bool good = true;
  for (std::size_t i = 0; i < items->size(); ++i) {
    // Arguments may be empty strings; the program name may not.
    std::optional<std::string> arg = (*items)[i].String(/*non_empty=*/i == 0);
    if (arg)
      argv.push_back(std::move(*arg));
    else
      good = false;
  }
  if (good) out.argv = std::move(argv);
  return out;
}

}  // namespace hawk::spec
