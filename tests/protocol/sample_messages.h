// Messages for the codec tests: each type with every optional field set, and
// with none set.
#pragma once

#include <vector>

#include "protocol/messages.h"

namespace hawk::protocol::testing {

// A worker with a CPU and an A100-like GPU (compute capability, backends,
// precisions, features, peak throughput).
WorkerProfile GpuWorkerProfile();

std::vector<Message> FullMessages();     // one per type, all optional fields set
std::vector<Message> MinimalMessages();  // one per type, only what is required

}  // namespace hawk::protocol::testing
