// Typed reads of single-value files under an FsRoot, with the module's rule
// for bad input: a missing file is a missing value (many files are optional:
// no cpufreq in a VM, no hwmon on a card); a present file that cannot be read
// or parsed is a missing value plus one Diagnostic naming the file and why.
//
// Thread-safety: as Diagnostics (one reader per detection run).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hw/diagnostics.h"
#include "hw/fs_root.h"

namespace hawk::hw {

class TreeReader {
 public:
  // Both must outlive the reader.
  TreeReader(const FsRoot& root, Diagnostics& diagnostics)
      : root_(root), diagnostics_(diagnostics) {}

  [[nodiscard]] const FsRoot& root() const { return root_; }
  Diagnostics& diagnostics() const { return diagnostics_; }
  // Records a problem with the file at `relative` (once).
  void Note(std::string_view relative, std::string message) const;

  // The whole file.
  [[nodiscard]] std::optional<std::string> Text(std::string_view relative) const;
  // The first line, trimmed; nullopt also when it is empty (an empty
  // product_name is common and no error).
  [[nodiscard]] std::optional<std::string> Line(std::string_view relative) const;
  [[nodiscard]] std::optional<std::uint64_t> U64(std::string_view relative) const;
  [[nodiscard]] std::optional<std::int64_t> I64(std::string_view relative) const;
  // Hexadecimal with or without 0x ("0x1002").
  [[nodiscard]] std::optional<std::uint64_t> Hex(std::string_view relative) const;
  // The last component of a link's target ("driver" -> "amdgpu").
  [[nodiscard]] std::optional<std::string> LinkName(std::string_view relative) const;

 private:
  const FsRoot& root_;
  Diagnostics& diagnostics_;
};

}  // namespace hawk::hw
