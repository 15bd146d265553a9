// libFuzzer target for the workload spec parser: any bytes in, never a
// crash, a leak, undefined behaviour or an escaping exception. It also checks
// the parser's contract on every input:
//  - a failure carries at least one diagnostic, each with a message;
//  - a success is a workload whose dependency graph builds;
//  - every string that comes out (the workload, the diagnostics) is valid
//    UTF-8, so the strict JSON encoding below never throws.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/workload_graph.h"
#include "spec/workload_json.h"
#include "spec/workload_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const hawk::spec::SpecResult result = hawk::spec::ParseWorkload(text, "fuzz.yaml");
  if (result.ok()) {
    if (!result.diagnostics().empty()) __builtin_trap();
    if (!hawk::BuildWorkloadGraph(result.workload())) __builtin_trap();
    // Throws (and so crashes the target) on invalid UTF-8.
    const std::string json = hawk::spec::WorkloadToJson(result.workload()).dump();
    if (json.empty()) __builtin_trap();
    return 0;
  }
  if (result.diagnostics().empty()) __builtin_trap();
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const hawk::spec::Diagnostic& d : result.diagnostics()) {
    if (d.message.empty()) __builtin_trap();
    diagnostics.push_back(
        {{"path", d.path}, {"message", d.message}, {"hint", d.hint}, {"text", d.ToString()}});
  }
  if (diagnostics.dump().empty()) __builtin_trap();
  return 0;
}
