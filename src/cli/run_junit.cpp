#include "cli/run_junit.h"

#include <algorithm>
#include <system_error>

namespace hawk::cli {
namespace {

void ReadInto(const std::filesystem::path& file, JUnitCollection& out) {
  std::error_code ec;
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(file, ec);
  for (const std::filesystem::path& seen : out.files) {
    if (!ec && std::filesystem::weakly_canonical(seen, ec) == canonical && !ec) return;
  }
  auto cases = report::ReadJUnitFile(file);
  if (!cases) {
    out.warnings.push_back(cases.error().ToString());
    return;
  }
  out.files.push_back(file);
  out.test_cases.insert(out.test_cases.end(), std::make_move_iterator(cases->begin()),
                        std::make_move_iterator(cases->end()));
}

std::vector<std::filesystem::path> XmlFiles(const std::filesystem::path& dir,
                                            std::vector<std::string>& warnings) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return files;
  std::filesystem::recursive_directory_iterator it(dir, ec);
  const std::filesystem::recursive_directory_iterator end;
  for (; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".xml" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) warnings.push_back(dir.string() + ": cannot list JUnit files: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Result<std::filesystem::path> PrepareJUnitDir(const std::filesystem::path& run_dir,
                                              const std::string& attempt_id) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(run_dir / "junit" / attempt_id, ec);
  if (!ec) std::filesystem::remove_all(dir, ec);
  if (!ec) std::filesystem::create_directories(dir, ec);
  if (ec) {
    return MakeError(ErrorCode::kIo, "cannot create the JUnit folder: " + ec.message(),
                     (run_dir / "junit" / attempt_id).string());
  }
  return dir;
}

JUnitCollection CollectJUnit(const std::optional<std::filesystem::path>& junit_dir,
                             const std::vector<std::string>& junit_paths,
                             const std::optional<std::string>& working_dir) {
  JUnitCollection out;
  if (junit_dir) {
    for (const std::filesystem::path& file : XmlFiles(*junit_dir, out.warnings))
      ReadInto(file, out);
  }
  const std::filesystem::path base = working_dir ? std::filesystem::path(*working_dir) : "";
  for (const std::string& p : junit_paths) {
    const std::filesystem::path path(p);
    ReadInto(path.is_absolute() ? path : base / path, out);
  }
  return out;
}

}  // namespace hawk::cli
