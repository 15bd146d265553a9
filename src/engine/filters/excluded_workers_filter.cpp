// Workers this task must not run on again (the reassign recovery strategy).
#include "engine/filters/filter_set.h"

namespace hawk::engine {
namespace {

class ExcludedWorkersFilter final : public Filter {
 public:
  std::string_view name() const override { return "excluded_workers"; }
  unsigned hooks() const override { return kWorkerProfile; }

  bool AdmitsWorker(const PlacementRequest& request, const WorkerProfile& worker) const override {
    return request.excluded_workers.empty() || !request.excluded_workers.contains(worker.worker_id);
  }
  std::string WorkerReason(const PlacementRequest&, const WorkerProfile&) const override {
    return "on excluded workers";
  }
  std::string WorkerNeed(const PlacementRequest& request) const override {
    return request.excluded_workers.empty() ? std::string() : "no exclusion for this task";
  }
};

}  // namespace

std::unique_ptr<Filter> MakeExcludedWorkersFilter() {
  return std::make_unique<ExcludedWorkersFilter>();
}

}  // namespace hawk::engine
