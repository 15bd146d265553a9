// Shared wording for filter reasons: "fp8 and int4".
#pragma once

#include <string>

#include "core/enum_set.h"

namespace hawk::engine {

template <typename E>
std::string JoinWithAnd(const EnumSet<E>& values) {
  std::string out;
  for (E v : values.Values()) {
    if (!out.empty()) out += " and ";
    out += hawk::ToString(v);
  }
  return out;
}

}  // namespace hawk::engine
