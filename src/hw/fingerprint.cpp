#include "hw/fingerprint.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace hawk::hw {
namespace {

std::string Mib(Bytes bytes) {
  return std::to_string((bytes + kMiB / 2) / kMiB);
}

template <typename T>
std::string Opt(const std::optional<T>& value) {
  if (!value) return "-";
  if constexpr (std::is_same_v<T, std::string>) {
    return *value;
  } else {
    return std::to_string(*value);
  }
}

std::string DeviceLine(const DeviceProfile& p) {
  std::string out;
  out += std::string(ToString(p.hardware_class)) + "|" + std::string(ToString(p.vendor)) + "|" +
         std::string(ToString(p.architecture)) + "|" + p.model + "|" + Opt(p.pci_id) + "|" +
         Opt(p.uuid) + "|" + Mib(p.memory_total_bytes) + "MiB|" + std::to_string(p.compute_units) +
         "|" + (p.compute_capability ? p.compute_capability->ToString() : "-") + "|" +
         p.backends.Join() + "|" + p.precisions.Join() + "|" + p.features.Join();
  return out;
}

}  // namespace

std::string CanonicalFacts(const HardwareReport& report) {
  const CpuReport& cpu = report.cpu;
  std::string out = "hawk-hardware-v1\n";
  out += "os=" + report.os + "\n";
  out += "cpu.vendor=" + std::string(ToString(cpu.vendor)) + "\n";
  out += "cpu.model=" + Opt(cpu.model) + "\n";
  out += "cpu.architecture=" + std::string(ToString(cpu.architecture)) + "\n";
  out += "cpu.sockets=" + Opt(cpu.sockets) + "\n";
  out += "cpu.cores=" + Opt(cpu.cores) + "\n";
  out += "cpu.threads=" + Opt(cpu.threads) + "\n";
  out += "cpu.numa_nodes=" + Opt(cpu.numa_nodes) + "\n";
  out += "cpu.features=" + cpu.features.Join() + "\n";
  for (const CacheInfo& c : cpu.caches) {
    out += "cpu.cache=L" + std::to_string(c.level) + " " + c.type + " " +
           std::to_string(c.size_bytes) + "\n";
  }
  out += "memory.total_mib=" + (report.memory.total_bytes ? Mib(*report.memory.total_bytes) : "-") +
         "\n";
  std::vector<std::string> devices;
  for (const DetectedDevice& d : report.devices) {
    if (d.profile.hardware_class == HardwareClass::kCpu ||
        d.profile.hardware_class == HardwareClass::kBrowser) {
      continue;  // the CPU is above; the browser is a probe, not hardware
    }
    devices.push_back(DeviceLine(d.profile));
  }
  std::sort(devices.begin(), devices.end());
  for (const std::string& line : devices) out += "device=" + line + "\n";
  return out;
}

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  std::string out;
  char hex[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(hex, sizeof(hex), "%02x", digest[i]);
    out += hex;
  }
  return out;
}

std::string Fingerprint(const HardwareReport& report) {
  return Sha256Hex(CanonicalFacts(report));
}

}  // namespace hawk::hw
