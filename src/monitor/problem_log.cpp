#include "monitor/problem_log.h"

namespace hawk::monitor {

bool ProblemLog::Report(std::string_view key, std::string_view message) {
  auto [it, inserted] = counts_.try_emplace(std::string(key), 0);
  ++it->second;
  if (!inserted) return false;
  std::string line(key);
  line += ": ";
  line += message;
  messages_.push_back(line);
  if (sink_) sink_(messages_.back());
  return true;
}

std::size_t ProblemLog::Count(std::string_view key) const {
  const auto it = counts_.find(std::string(key));
  return it == counts_.end() ? 0 : it->second;
}

}  // namespace hawk::monitor
