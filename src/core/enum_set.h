// A set of enum values as a bitset: cheap to copy, subset test in one
// instruction, which is what the scheduler's hard filters need.
#pragma once

#include <bitset>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/enum_names.h"

namespace hawk {

template <typename E>
class EnumSet {
 public:
  static constexpr std::size_t kSize = EnumCount<E>();

  EnumSet() = default;
  EnumSet(std::initializer_list<E> values) {
    for (E v : values) Insert(v);
  }

  void Insert(E v) { bits_.set(static_cast<std::size_t>(v)); }
  void Erase(E v) { bits_.reset(static_cast<std::size_t>(v)); }
  [[nodiscard]] bool Contains(E v) const { return bits_.test(static_cast<std::size_t>(v)); }
  [[nodiscard]] bool Empty() const { return bits_.none(); }
  [[nodiscard]] std::size_t Size() const { return bits_.count(); }

  // True when every member of `other` is in this set.
  [[nodiscard]] bool ContainsAll(const EnumSet& other) const {
    return (other.bits_ & ~bits_).none();
  }
  [[nodiscard]] EnumSet Missing(const EnumSet& required) const {
    EnumSet out;
    out.bits_ = required.bits_ & ~bits_;
    return out;
  }
  EnumSet& operator|=(const EnumSet& other) {
    bits_ |= other.bits_;
    return *this;
  }

  [[nodiscard]] std::vector<E> Values() const {
    std::vector<E> out;
    for (std::size_t i = 0; i < kSize; ++i) {
      if (bits_.test(i)) out.push_back(static_cast<E>(i));
    }
    return out;
  }
  [[nodiscard]] std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (E v : Values()) out.emplace_back(ToString(v));
    return out;
  }
  // "fp8, int4" — for messages.
  [[nodiscard]] std::string Join() const {
    std::string out;
    for (E v : Values()) {
      if (!out.empty()) out += ", ";
      out += ToString(v);
    }
    return out;
  }

  friend bool operator==(const EnumSet&, const EnumSet&) = default;

 private:
  std::bitset<kSize> bits_;
};

}  // namespace hawk
