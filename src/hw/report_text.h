// The human form of a HardwareReport (`hawk detect` without --json): a few
// summary lines and one table row per device, then the notes.
#pragma once

#include <string>

#include "hw/hardware_report.h"

namespace hawk::hw {

std::string FormatReportText(const HardwareReport& report);

}  // namespace hawk::hw
