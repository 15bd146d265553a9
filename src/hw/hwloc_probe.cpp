#include "hw/hwloc_probe.h"

#include <hwloc.h>

#include <map>
#include <string>
#include <utility>

namespace hawk::hw {
namespace {

std::uint32_t Count(hwloc_topology_t topology, hwloc_obj_type_t type) {
  const int n = hwloc_get_nbobjs_by_type(topology, type);
  return n > 0 ? static_cast<std::uint32_t>(n) : 0;
}

std::string CacheTypeName(hwloc_obj_cache_type_e type) {
  switch (type) {
    case HWLOC_OBJ_CACHE_DATA: return "data";
    case HWLOC_OBJ_CACHE_INSTRUCTION: return "instruction";
    case HWLOC_OBJ_CACHE_UNIFIED: return "unified";
  }
  return "unified";
}

}  // namespace

Result<HwlocTopology> ProbeHwloc() {
  hwloc_topology_t topology = nullptr;
  if (hwloc_topology_init(&topology) != 0) {
    return MakeError(ErrorCode::kUnavailable, "hwloc_topology_init failed", "hwloc");
  }
  // hwloc leaves instruction caches out unless asked.
  hwloc_topology_set_icache_types_filter(topology, HWLOC_TYPE_FILTER_KEEP_ALL);
  if (hwloc_topology_load(topology) != 0) {
    hwloc_topology_destroy(topology);
    return MakeError(ErrorCode::kUnavailable, "hwloc_topology_load failed", "hwloc");
  }
  HwlocTopology out;
  out.packages = Count(topology, HWLOC_OBJ_PACKAGE);
  out.cores = Count(topology, HWLOC_OBJ_CORE);
  out.threads = Count(topology, HWLOC_OBJ_PU);
  out.numa_nodes = Count(topology, HWLOC_OBJ_NUMANODE);

  std::map<std::pair<std::uint32_t, std::string>, CacheInfo> caches;
  const hwloc_obj_type_t kCacheTypes[] = {HWLOC_OBJ_L1CACHE,  HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L3CACHE,
                                          HWLOC_OBJ_L4CACHE,  HWLOC_OBJ_L5CACHE, HWLOC_OBJ_L1ICACHE,
                                          HWLOC_OBJ_L2ICACHE, HWLOC_OBJ_L3ICACHE};
  for (hwloc_obj_type_t type : kCacheTypes) {
    const int n = hwloc_get_nbobjs_by_type(topology, type);
    for (int i = 0; i < n; ++i) {
      hwloc_obj_t obj = hwloc_get_obj_by_type(topology, type, static_cast<unsigned>(i));
      if (obj == nullptr || obj->attr == nullptr) continue;
      const auto& attr = obj->attr->cache;
      CacheInfo& info = caches[{attr.depth, CacheTypeName(attr.type)}];
      if (info.level == 0) {
        info.level = attr.depth;
        info.type = CacheTypeName(attr.type);
        info.size_bytes = attr.size;
        if (attr.linesize > 0) info.line_size_bytes = attr.linesize;
        if (obj->cpuset != nullptr) {
          const int weight = hwloc_bitmap_weight(obj->cpuset);
          if (weight > 0) info.shared_by_threads = static_cast<std::uint32_t>(weight);
        }
      }
      info.instances = info.instances.value_or(0) + 1;
    }
  }
  for (auto& [key, info] : caches) out.caches.push_back(std::move(info));
  hwloc_topology_destroy(topology);
  return out;
}

}  // namespace hawk::hw
