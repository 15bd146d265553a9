// String ids to dense indices 0, 1, 2, ... in the order the ids were first
// seen, found with one probe in the common case: open addressing over
// 32-byte (64-bit id hash, index, short id) slots with linear probing. A
// short id is compared in the slot; a longer one against the stored copy.
//
// The caller keeps what it knows per id in plain vectors by index, so the
// per-heartbeat lookup of a worker touches one slot and one dense element
// rather than chasing nodes of a map and a heap object per worker.
//
// Ids are never removed (a worker that leaves keeps its index). Not
// thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/hash.h"

namespace hawk::engine {

class IdTable {
 public:
  // The index of `id`, which is size() (and the id stored) when it is new.
  std::uint32_t Intern(std::string_view id) {
    if (2 * (ids_.size() + 1) > slots_.size()) Grow();
    const std::uint64_t hash = Fnv1a64(id);
    Slot* slot = Probe(slots_, hash, id);
    if (!slot->empty()) return slot->index;
    const auto index = static_cast<std::uint32_t>(ids_.size());
    slot->Set(hash, index, id);
    ids_.emplace_back(id);
    return index;
  }

  [[nodiscard]] std::optional<std::uint32_t> Find(std::string_view id) const {
    if (slots_.empty()) return std::nullopt;
    const Slot* slot = Probe(slots_, Fnv1a64(id), id);
    if (slot->empty()) return std::nullopt;
    return slot->index;
  }

  [[nodiscard]] const std::string& id(std::uint32_t index) const { return ids_[index]; }
  [[nodiscard]] std::size_t size() const { return ids_.size(); }

 private:
  struct Slot {
    static constexpr std::size_t kInline = 19;
    static constexpr std::uint32_t kEmpty = UINT32_MAX;
    std::uint64_t hash = 0;
    std::uint32_t index = kEmpty;
    std::uint8_t inline_size = 0;  // 0: the id is longer than kInline
    std::array<char, kInline> inline_id{};

    [[nodiscard]] bool empty() const { return index == kEmpty; }
    void Set(std::uint64_t h, std::uint32_t i, std::string_view id) {
      hash = h;
      index = i;
      inline_size = id.size() <= kInline ? static_cast<std::uint8_t>(id.size()) : 0;
      std::copy_n(id.data(), inline_size, inline_id.data());
    }
  };
  static_assert(sizeof(Slot) == 32);

  // The slot holding `id`, or the empty slot where it would go.
  template <typename Slots>
  auto Probe(Slots& slots, std::uint64_t hash, std::string_view id) const -> decltype(&slots[0]) {
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      auto& slot = slots[i];
      if (slot.empty()) return &slot;
      if (slot.hash != hash) continue;
      const bool same = slot.inline_size > 0
                            ? std::string_view(slot.inline_id.data(), slot.inline_size) == id
                            : ids_[slot.index] == id;
      if (same) return &slot;
    }
  }

  void Grow() {
    std::vector<Slot> bigger(slots_.empty() ? 16 : 2 * slots_.size());
    for (std::uint32_t index = 0; index < ids_.size(); ++index) {
      const std::uint64_t hash = Fnv1a64(ids_[index]);
      Probe(bigger, hash, ids_[index])->Set(hash, index, ids_[index]);
    }
    slots_ = std::move(bigger);
  }

  std::vector<Slot> slots_;  // a power of two, at most half full
  std::vector<std::string> ids_;
};

}  // namespace hawk::engine
