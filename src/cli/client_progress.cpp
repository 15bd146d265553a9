#include "cli/client_progress.h"

namespace hawk::cli {
namespace {

std::uint64_t Count(const nlohmann::ordered_json& object, const char* key) {
  if (!object.is_object()) return 0;
  const auto it = object.find(key);
  if (it == object.end()) return 0;
  if (it->is_number_unsigned()) return it->get<std::uint64_t>();
  if (it->is_number_integer()) {
    const auto value = it->get<std::int64_t>();
    return value > 0 ? static_cast<std::uint64_t>(value) : 0;
  }
  return 0;
}

}  // namespace

Progress ProgressFromJson(const nlohmann::ordered_json& progress) {
  Progress p;
  p.total = Count(progress, "total");
  p.succeeded = Count(progress, "succeeded");
  p.failed = Count(progress, "failed");
  p.skipped = Count(progress, "skipped");
  p.cancelled = Count(progress, "cancelled");
  p.running = Count(progress, "running");
  return p;
}

std::uint64_t FinishedUnits(const Progress& p) {
  return p.succeeded + p.failed + p.skipped + p.cancelled;
}

std::string ProgressText(const Progress& p) {
  std::string out = std::to_string(p.succeeded) + "/" + std::to_string(p.total) + " succeeded";
  const auto add = [&out](std::uint64_t n, const char* what) {
    if (n != 0) out += ", " + std::to_string(n) + " " + what;
  };
  add(p.failed, "failed");
  add(p.skipped, "skipped");
  add(p.cancelled, "cancelled");
  add(p.running, "running");
  return out;
}

std::string ProgressLine(const Progress& p, std::size_t bar_width) {
  const std::uint64_t finished = FinishedUnits(p);
  std::size_t filled = 0;
  if (p.total != 0) {
    filled =
        finished >= p.total ? bar_width : static_cast<std::size_t>(finished * bar_width / p.total);
  }
  return "[" + std::string(filled, '#') + std::string(bar_width - filled, '.') + "] " +
         ProgressText(p);
}

}  // namespace hawk::cli
