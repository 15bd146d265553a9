#include "core/workload.h"

namespace hawk {

std::string Command::Display() const {
  if (shell) return *shell;
  std::string out;
  for (const std::string& arg : argv) {
    if (!out.empty()) out += ' ';
    out += arg;
  }
  return out;
}

}  // namespace hawk
