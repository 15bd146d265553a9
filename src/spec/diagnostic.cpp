#include "spec/diagnostic.h"

#include <cassert>
#include <utility>

namespace hawk::spec {
namespace {

// "FILE:LINE:COL: PATH" with the unknown parts left out.
std::string Where(const Diagnostic& d) {
  std::string out = d.source;
  if (d.location) {
    out += ':' + std::to_string(d.location->line) + ':' + std::to_string(d.location->column);
  }
  if (!d.path.empty()) {
    if (!out.empty()) out += ": ";
    out += d.path;
  }
  return out;
}

}  // namespace

std::string Diagnostic::ToString() const {
  return ToError().ToString();
}

Error Diagnostic::ToError() const {
  return Error{ErrorCode::kInvalidArgument, message, Where(*this), hint};
}

SpecResult SpecResult::Success(Workload workload) {
  SpecResult result;
  result.workload_ = std::move(workload);
  return result;
}

SpecResult SpecResult::Failure(std::vector<Diagnostic> diagnostics) {
  assert(!diagnostics.empty() && "SpecResult::Failure needs at least one diagnostic");
  SpecResult result;
  result.diagnostics_ = std::move(diagnostics);
  return result;
}

const Workload& SpecResult::workload() const& {
  assert(ok() && "SpecResult::workload() on a failed parse");
  return *workload_;
}

Workload&& SpecResult::workload() && {
  assert(ok() && "SpecResult::workload() on a failed parse");
  return std::move(*workload_);
}

std::string SpecResult::FormatDiagnostics() const {
  std::string out;
  for (const Diagnostic& d : diagnostics_) {
    out += d.ToString();
    out += '\n';
  }
  return out;
}

Result<Workload> SpecResult::ToResult() && {
  if (ok()) return std::move(*workload_);
  Error error = diagnostics_.front().ToError();
  if (diagnostics_.size() > 1) {
    error.message += " (and " + std::to_string(diagnostics_.size() - 1) + " more problem" +
                     (diagnostics_.size() > 2 ? "s" : "") + ")";
  }
  return tl::unexpected<Error>(std::move(error));
}

}  // namespace hawk::spec
