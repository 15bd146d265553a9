#include "core/device.h"

#include <charconv>

namespace hawk {

std::string ComputeCapability::ToString() const {
  return std::to_string(major) + "." + std::to_string(minor);
}

Result<ComputeCapability> ParseComputeCapability(std::string_view text) {
  ComputeCapability cc;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(begin, end, cc.major);
  if (ec != std::errc() || cc.major < 0) {
    return InvalidArgument("not a compute capability: '" + std::string(text) + "'", {},
                           "write major.minor, such as 8.0 or 9.0");
  }
  if (p != end) {
    if (*p != '.') {
      return InvalidArgument("not a compute capability: '" + std::string(text) + "'", {},
                             "write major.minor, such as 8.0 or 9.0");
    }
    auto [q, ec2] = std::from_chars(p + 1, end, cc.minor);
    if (ec2 != std::errc() || q != end || cc.minor < 0) {
      return InvalidArgument("not a compute capability: '" + std::string(text) + "'", {},
                             "write major.minor, such as 8.0 or 9.0");
    }
  }
  return cc;
}

}  // namespace hawk
