#include "hw/diagnostics.h"

namespace hawk::hw {

bool Diagnostics::Note(std::string source, std::string message) {
  if (!seen_.emplace(source, message).second) return false;
  entries_.push_back(Diagnostic{std::move(source), std::move(message)});
  if (sink_) sink_(entries_.back());
  return true;
}

}  // namespace hawk::hw
