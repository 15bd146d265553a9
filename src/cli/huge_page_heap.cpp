#include "cli/huge_page_heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace hawk::cli {
namespace {

constexpr std::uintptr_t kHugePageBytes = std::uintptr_t{2} << 20;
constexpr int kMaxMmapThresholdBytes = 32 << 20;  // glibc's ceiling on 64-bit
// Taken from the heap right after the pad is set: makes the heap grow once.
constexpr std::size_t kProbeBytes = std::size_t{8} << 20;

std::uintptr_t Break() {
  return reinterpret_cast<std::uintptr_t>(sbrk(0));
}

}  // namespace

std::optional<ThpMode> ParseThpMode(std::string_view text) {
  const std::size_t open = text.find('[');
  const std::size_t close = text.find(']', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return std::nullopt;
  const std::string_view mode = text.substr(open + 1, close - open - 1);
  if (mode == "always") return ThpMode::kAlways;
  if (mode == "madvise") return ThpMode::kMadvise;
  if (mode == "never") return ThpMode::kNever;
  return std::nullopt;
}

HugePageHeap ReserveHugePageHeap(std::size_t reserve_bytes, const std::string& thp_enabled_path) {
  std::ifstream in(thp_enabled_path);
  std::stringstream text;
  text << in.rdbuf();
  const std::optional<ThpMode> mode = ParseThpMode(text.str());
  if (!mode) return {false, "no transparent huge pages here (" + thp_enabled_path + ")"};
  if (*mode == ThpMode::kNever) return {false, "transparent huge pages are off (never)"};

  const int pad = static_cast<int>(std::min<std::size_t>(reserve_bytes, INT_MAX));
  if (mallopt(M_MMAP_THRESHOLD, kMaxMmapThresholdBytes) != 1 || mallopt(M_TOP_PAD, pad) != 1) {
    return {false, "the allocator refused the heap settings"};
  }
  const std::uintptr_t before = Break();
  void* probe = std::malloc(kProbeBytes);
  std::free(probe);  // may trim the heap back to the pad
  const std::uintptr_t after = Break();
  const std::uintptr_t start = (before + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  if (probe == nullptr || after <= start) return {false, "the heap did not grow"};
  // NOLINTNEXTLINE(performance-no-int-to-ptr): the range comes from sbrk.
  if (madvise(reinterpret_cast<void*>(start), after - start, MADV_HUGEPAGE) != 0) {
    return {false, std::string("madvise failed: ") + std::strerror(errno)};
  }
  return {true, "madvise over " + std::to_string((after - start) >> 20) + " MiB of heap"};
}

}  // namespace hawk::cli
