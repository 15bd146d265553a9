// Text for people from the coordinator's JSON (coord/api.h): aligned tables
// of workloads, units, workers and tasks, and event lines. Pure functions;
// a field that is missing or of another type shows as "-", never throws.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hawk::cli {

using Json = nlohmann::ordered_json;

// Plain aligned columns: `header` (left out when empty) then `rows`, cells
// separated by two spaces, no trailing spaces, every line ending in '\n'.
// Widths count UTF-8 characters; control characters in cells become spaces.
std::string RenderTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows);

// GET /api/v1/workloads: WORKLOAD STATUS PROGRESS SUBMITTED.
std::string WorkloadsTable(const Json& body);
// GET /api/v1/workloads/{id}: a summary, then UNIT STATE ATTEMPTS NOTE.
std::string WorkloadDetail(const Json& workload);
// GET /api/v1/workers: WORKER ONLINE DEVICES CPU RUNNING LAST SEEN.
std::string WorkersTable(const Json& body);
// GET /api/v1/tasks: WORKLOAD UNIT STATE WORKER ATTEMPT NOTE.
std::string TasksTable(const Json& body);
// GET /api/v1/events: one line per event: seq, ts, type, ids (key=value).
std::string EventLines(const Json& body);

}  // namespace hawk::cli
