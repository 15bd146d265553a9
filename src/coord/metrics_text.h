// /metrics: the coordinator's state in the Prometheus text exposition
// format 0.0.4 (names with units and _total per DESIGN.md §6; checked by
// `promtool check metrics` where it is installed, and by a golden test).
#pragma once

#include <string>

#include "coord/coordinator.h"

namespace hawk::coord {

std::string MetricsText(const Coordinator& coordinator);

}  // namespace hawk::coord
