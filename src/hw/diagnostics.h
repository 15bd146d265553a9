// What detection could not read or did not trust, each reason recorded once.
// A malformed or truncated /proc or /sys file leaves its value missing
// (std::optional) and adds one Diagnostic; reading the same file again adds
// nothing, so a sampler that polls every second does not flood its log.
//
// Thread-safety: not thread-safe; one Diagnostics belongs to one detection
// run (or one sampler) at a time.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace hawk::hw {

struct Diagnostic {
  std::string source;   // a path ("/sys/class/drm/card0/device/vendor") or a part ("nvml")
  std::string message;  // "not a hexadecimal number: 'zz'"
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

class Diagnostics {
 public:
  // Called once for each new diagnostic, e.g. to forward it to a log.
  using Sink = std::function<void(const Diagnostic&)>;

  Diagnostics() = default;
  explicit Diagnostics(Sink sink) : sink_(std::move(sink)) {}

  // Records the diagnostic unless the same (source, message) was recorded
  // before. Returns true when it was new.
  bool Note(std::string source, std::string message);

  [[nodiscard]] const std::vector<Diagnostic>& entries() const { return entries_; }

 private:
  Sink sink_;
  std::vector<Diagnostic> entries_;
  std::set<std::pair<std::string, std::string>> seen_;
};

}  // namespace hawk::hw
