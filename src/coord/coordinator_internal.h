// Private bookkeeping of the Coordinator, shared by its .cpp files only.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "coord/coordinator.h"

namespace hawk::coord {

struct Coordinator::Session {
  SessionId id = 0;
  std::optional<std::string> worker_id;  // after hello
  bool registered = false;
  bool draining = false;
  std::optional<engine::WorkerHandle> handle;  // the engine's, after register
  // Attempts the coordinator had running on this worker when it registered
  // and the worker did not report: settled by its first heartbeat, by which
  // time every result it buffered has arrived.
  std::set<std::string> unconfirmed;
};

}  // namespace hawk::coord
