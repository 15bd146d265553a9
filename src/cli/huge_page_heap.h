// Backs the process heap with transparent huge pages (THP) where the kernel
// offers them, for commands that build large, scattered in-memory state (the
// `hawk bench sim` fleet, engine and simulator). With 4 KiB pages such state
// spends much of its time on TLB misses, which nested paging in a VM makes
// dearer; 2 MiB pages remove most of them.
//
// How: glibc's allocator is told to take large blocks from the heap too
// (M_MMAP_THRESHOLD at its 32 MiB maximum) and to grow the heap by
// `reserve_bytes` at once (M_TOP_PAD; virtual memory, backed only as it is
// touched); that range is then marked MADV_HUGEPAGE. This is what the
// glibc.malloc.hugetlb=1 tunable does, chosen by the command rather than by
// the environment. Under THP "never", nothing changes.
//
// Process-wide and not undone; call it once, before the large state is built,
// from the main thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hawk::cli {

enum class ThpMode { kAlways, kMadvise, kNever };

// The selected mode in the text of /sys/kernel/mm/transparent_hugepage/enabled
// ("always [madvise] never"); nullopt if none is selected.
[[nodiscard]] std::optional<ThpMode> ParseThpMode(std::string_view text);

struct HugePageHeap {
  bool applied = false;
  std::string detail;  // what was done, or why not: "madvise over 1024 MiB of heap"
};

// `thp_enabled_path` is the sysfs file to read (injected for tests).
HugePageHeap ReserveHugePageHeap(
    std::size_t reserve_bytes,
    const std::string& thp_enabled_path = "/sys/kernel/mm/transparent_hugepage/enabled");

}  // namespace hawk::cli
