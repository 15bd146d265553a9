// Problems met while sampling: a file that is missing where it should be, or
// one that is malformed or truncated. The value it should have given is then
// missing (std::optional); the reason is kept here and passed to the sink the
// first time only, so a sensor that stays broken is logged once, not once a
// second.
//
// Not thread-safe: one sampler owns one log.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hawk::monitor {

class ProblemLog {
 public:
  using Sink = std::function<void(const std::string& message)>;

  // Where first reports go (e.g. stderr in the CLI); none by default.
  void SetSink(Sink sink) { sink_ = std::move(sink); }

  // Records a problem under `key` (usually the path). Returns true, and calls
  // the sink, only the first time a key is reported.
  bool Report(std::string_view key, std::string_view message);

  // First reports, in the order they came ("<key>: <message>").
  [[nodiscard]] const std::vector<std::string>& messages() const { return messages_; }
  // How often `key` was reported (0 when never).
  [[nodiscard]] std::size_t Count(std::string_view key) const;

 private:
  Sink sink_;
  std::vector<std::string> messages_;
  std::unordered_map<std::string, std::size_t> counts_;
};

}  // namespace hawk::monitor
