// What the spec parser says about a workload file: either the Workload or
// every problem found in it, each with a path, a line and column, a message
// and a hint. Rendered one per line as
//   FILE:LINE:COL: PATH: MESSAGE (HINT)
// (parts that are unknown are left out, e.g. "FILE: MESSAGE" for a file that
// cannot be read). Plain values; safe to copy and to share between threads
// once built.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/workload.h"

namespace hawk::spec {

// A position in the source text, 1-based like editors and compilers show it.
struct Location {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const Location&, const Location&) = default;
};

struct Diagnostic {
  std::string source;  // file name, or the name given to ParseWorkload
  std::string path;    // "tasks[3].requires.memory"; empty for the whole document
  std::optional<Location> location;
  std::string message;
  std::string hint;  // how to fix it; may be empty

  // "FILE:LINE:COL: PATH: MESSAGE (HINT)".
  [[nodiscard]] std::string ToString() const;
  // The same problem as a hawk::Error (kInvalidArgument; `where` holds
  // "FILE:LINE:COL: PATH").
  [[nodiscard]] Error ToError() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

// The outcome of parsing: a Workload that passed every check, or a non-empty
// list of diagnostics in source order (never both).
class SpecResult {
 public:
  static SpecResult Success(Workload workload);
  // `diagnostics` must not be empty.
  static SpecResult Failure(std::vector<Diagnostic> diagnostics);

  [[nodiscard]] bool ok() const { return workload_.has_value(); }
  explicit operator bool() const { return ok(); }

  // The parsed workload; only when ok().
  [[nodiscard]] const Workload& workload() const&;
  [[nodiscard]] Workload&& workload() &&;
  // Empty when ok().
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // Every diagnostic rendered, one per line, each line ending in '\n'.
  [[nodiscard]] std::string FormatDiagnostics() const;
  // For callers that speak hawk::Result: the workload, or the first
  // diagnostic as an Error whose message counts the others.
  [[nodiscard]] Result<Workload> ToResult() &&;

 private:
  SpecResult() = default;
  std::optional<Workload> workload_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace hawk::spec
