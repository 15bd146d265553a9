// Pointers by string id, found with one probe in the common case: open
// addressing over (64-bit id hash, short id, pointer) slots with linear
// probing. A short id is compared in the slot; a longer one through the
// pointee (IdOf). A node-based map costs a pointer chase per step of a
// lookup; for the engine's per-heartbeat lookup over thousands of workers
// those chases are most of the cost.
//
// Ids are never removed, only re-pointed (a worker that leaves keeps its
// entry). Not thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/hash.h"

namespace hawk::engine {

template <typename T, typename IdOf>
class IdTable {
 public:
  // Maps `id` (which must be IdOf()(value)) to `value`, replacing any.
  void Put(T* value) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    if (Place(slots_, value)) ++size_;
  }

  [[nodiscard]] T* Find(std::string_view id) const {
    if (slots_.empty()) return nullptr;
    const std::uint64_t hash = Fnv1a64(id);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.value == nullptr) return nullptr;
      if (slot.hash == hash && slot.Is(id)) return slot.value;
    }
  }

  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  struct Slot {
    static constexpr std::size_t kInline = 22;
    std::uint64_t hash = 0;
    T* value = nullptr;
    std::uint8_t inline_size = 0;  // 0: the id is longer than kInline
    std::array<char, kInline> inline_id{};

    void Set(std::uint64_t h, T* v, std::string_view id) {
      hash = h;
      value = v;
      inline_size = id.size() <= kInline ? static_cast<std::uint8_t>(id.size()) : 0;
      std::copy_n(id.data(), inline_size, inline_id.data());
    }
    [[nodiscard]] bool Is(std::string_view id) const {
      if (inline_size > 0) return std::string_view(inline_id.data(), inline_size) == id;
      return IdOf()(value) == id;
    }
  };

  // True when the id was new.
  static bool Place(std::vector<Slot>& slots, T* value) {
    const std::string_view id = IdOf()(value);
    const std::uint64_t hash = Fnv1a64(id);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots[i];
      if (slot.value == nullptr) {
        slot.Set(hash, value, id);
        return true;
      }
      if (slot.hash == hash && slot.Is(id)) {
        slot.value = value;
        return false;
      }
    }
  }

  void Grow() {
    std::vector<Slot> bigger(slots_.empty() ? 16 : 2 * slots_.size());
    for (const Slot& slot : slots_) {
      if (slot.value != nullptr) Place(bigger, slot.value);
    }
    slots_ = std::move(bigger);
  }

  std::vector<Slot> slots_;  // a power of two, at most half full
  std::size_t size_ = 0;
};

}  // namespace hawk::engine
