// Every label the task asks for must be on the worker with the same value.
#include "engine/filters/filter_set.h"

namespace hawk::engine {
namespace {

std::string Label(const std::string& key, const std::string& value) {
  return key + "=" + value;
}

class WorkerLabelsFilter final : public Filter {
 public:
  std::string_view name() const override { return "worker_labels"; }
  unsigned hooks() const override { return kWorkerProfile; }

  bool AdmitsWorker(const PlacementRequest& request, const WorkerProfile& worker) const override {
    return LabelsMatch(request.requirements.worker_labels, worker.labels);
  }
  // Names the first label (in key order) the worker lacks.
  std::string WorkerReason(const PlacementRequest& request,
                           const WorkerProfile& worker) const override {
    for (const auto& [key, value] : request.requirements.worker_labels) {
      const auto it = worker.labels.find(key);
      if (it == worker.labels.end() || it->second != value) {
        return "on workers without label " + Label(key, value);
      }
    }
    return {};
  }
  std::string WorkerNeed(const PlacementRequest& request) const override {
    std::string out;
    for (const auto& [key, value] : request.requirements.worker_labels) {
      out += out.empty() ? "label " : " and label ";
      out += Label(key, value);
    }
    return out;
  }
};

}  // namespace

bool LabelsMatch(const std::map<std::string, std::string>& required,
                 const std::map<std::string, std::string>& labels) {
  for (const auto& [key, value] : required) {
    const auto it = labels.find(key);
    if (it == labels.end() || it->second != value) return false;
  }
  return true;
}

std::unique_ptr<Filter> MakeWorkerLabelsFilter() {
  return std::make_unique<WorkerLabelsFilter>();
}

}  // namespace hawk::engine
