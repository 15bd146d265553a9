// JSON views of the coordinator's state for the REST API and the dashboard.
#pragma once

#include <nlohmann/json.hpp>

#include "coord/coordinator.h"

namespace hawk::coord {

nlohmann::ordered_json WorkerJson(const Coordinator& c, const engine::WorkerState& w);
nlohmann::ordered_json WorkloadJson(const engine::WorkloadRun& w, bool with_units,
                                    const Coordinator& c);
nlohmann::ordered_json AttemptJson(const AttemptView& a);
nlohmann::ordered_json TaskRows(const Coordinator& c, const std::string& workload_filter);
nlohmann::ordered_json EventJson(const EventRecord& e);
nlohmann::ordered_json OpenAlertJson(const Coordinator::OpenAlert& open);
// Everything the dashboard shows, in one document.
nlohmann::ordered_json OverviewJson(const Coordinator& c);

}  // namespace hawk::coord
