// The hardware fingerprint: sha256 of a canonical text of the stable facts.
// Two runs on the same machine give the same fingerprint; adding, removing or
// swapping a device changes it. Readings of the moment (utilization, free or
// available memory, temperature, power, clocks), settings an administrator
// changes (swap, cpufreq limits, power limits, MIG mode), diagnostics and the
// browser probe are left out. Memory totals are rounded to whole MiB so that
// a kernel reserving a few pages more after a reboot is not new hardware.
#pragma once

#include <string>

#include "hw/hardware_report.h"

namespace hawk::hw {

// One "key=value" line per fact, in a fixed order; the device lines sorted,
// so the order in which devices were found does not matter.
std::string CanonicalFacts(const HardwareReport& report);
// Lowercase hex sha256 of CanonicalFacts.
std::string Fingerprint(const HardwareReport& report);
// Lowercase hex sha256 of any text.
std::string Sha256Hex(const std::string& text);

}  // namespace hawk::hw
