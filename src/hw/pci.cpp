#include "hw/pci.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string_view>

#include "hw/parse.h"

namespace hawk::hw {
namespace {

std::map<std::string, std::string, std::less<>> ParseUevent(std::string_view text) {
  std::map<std::string, std::string, std::less<>> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = Trim(text.substr(start, end - start));
    start = end + 1;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)));
  }
  return out;
}

std::optional<std::uint16_t> ReadId(const TreeReader& sys, const std::string& path) {
  auto value = sys.Hex(path);
  if (!value) return std::nullopt;
  if (*value > 0xffff) {
    sys.Note(path, "PCI id out of range");
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(*value);
}

// "1002:687F" -> (0x1002, 0x687f)
bool ParseIdPair(std::string_view text, std::optional<std::uint16_t>& first,
                 std::optional<std::uint16_t>& second) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  auto a = ParseHex(text.substr(0, colon));
  auto b = ParseHex(text.substr(colon + 1));
  if (!a || !b || *a > 0xffff || *b > 0xffff) return false;
  if (!first) first = static_cast<std::uint16_t>(*a);
  if (!second) second = static_cast<std::uint16_t>(*b);
  return true;
}

}  // namespace

PciFunction ReadPciFunction(const TreeReader& sys, const std::string& device_dir) {
  PciFunction f;
  f.dir = device_dir;
  f.vendor_id = ReadId(sys, device_dir + "/vendor");
  f.device_id = ReadId(sys, device_dir + "/device");
  f.subsystem_vendor_id = ReadId(sys, device_dir + "/subsystem_vendor");
  f.subsystem_device_id = ReadId(sys, device_dir + "/subsystem_device");
  if (auto cls = sys.Hex(device_dir + "/class"); cls && *cls <= 0xffffff) {
    f.class_code = static_cast<std::uint32_t>(*cls);
  }
  f.driver = sys.LinkName(device_dir + "/driver");
  if (auto resolved = sys.root().Resolve(device_dir)) {
    const std::string base = BaseName(*resolved);
    if (IsPciAddress(base)) f.address = Lower(base);
  }
  if (auto text = sys.root().ReadFile(device_dir + "/uevent")) {
    const auto uevent = ParseUevent(*text);
    auto get = [&](std::string_view key) -> const std::string* {
      auto it = uevent.find(key);
      return it == uevent.end() ? nullptr : &it->second;
    };
    if (const std::string* ids = get("PCI_ID")) {
      if (!ParseIdPair(*ids, f.vendor_id, f.device_id)) {
        sys.Note(device_dir + "/uevent", "malformed PCI_ID '" + *ids + "'");
      }
    }
    if (const std::string* ids = get("PCI_SUBSYS_ID")) {
      ParseIdPair(*ids, f.subsystem_vendor_id, f.subsystem_device_id);
    }
    if (const std::string* cls = get("PCI_CLASS"); cls && !f.class_code) {
      if (auto code = ParseHex(*cls); code && *code <= 0xffffff) {
        f.class_code = static_cast<std::uint32_t>(*code);
      }
    }
    if (const std::string* driver = get("DRIVER"); driver && !f.driver && !driver->empty()) {
      f.driver = *driver;
    }
    if (const std::string* slot = get("PCI_SLOT_NAME"); slot && f.address.empty()) {
      if (IsPciAddress(*slot)) f.address = Lower(*slot);
    }
  }
  if (f.address.empty() && IsPciAddress(BaseName(device_dir)))
    f.address = Lower(BaseName(device_dir));
  return f;
}

std::vector<PciFunction> ListPciFunctions(const TreeReader& sys) {
  std::vector<PciFunction> out;
  auto names = sys.root().ListDir("bus/pci/devices");
  if (!names) return out;
  for (const std::string& name : *names) {
    if (!IsPciAddress(name)) continue;
    out.push_back(ReadPciFunction(sys, "bus/pci/devices/" + name));
  }
  std::sort(out.begin(), out.end(),
            [](const PciFunction& a, const PciFunction& b) { return a.address < b.address; });
  return out;
}

std::string FormatPciIds(std::uint16_t vendor_id, std::uint16_t device_id) {
  char text[16];
  std::snprintf(text, sizeof(text), "%04x:%04x", vendor_id, device_id);
  return text;
}

std::string FormatPciHex(std::uint16_t id) {
  char text[8];
  std::snprintf(text, sizeof(text), "0x%04x", id);
  return text;
}

}  // namespace hawk::hw
