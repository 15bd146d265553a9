#include "monitor/file_reader.h"

#include "monitor/parse.h"

namespace hawk::monitor {
namespace {

std::string Quote(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (char c : text.substr(0, kMax)) out += (c == '\n' ? ' ' : c);
  if (text.size() > kMax) out += "...";
  out += "'";
  return out;
}

}  // namespace

std::string FileReader::FullPath(std::string_view path) const {
  std::string full = fs_.root();
  if (!full.ends_with('/')) full += '/';
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  full += path;
  return full;
}

void FileReader::Malformed(std::string_view path, std::string_view why) {
  problems_.Report(FullPath(path), std::string("malformed: ") + std::string(why));
}

void FileReader::Missing(std::string_view path, std::string_view why) {
  problems_.Report(FullPath(path), std::string("missing: ") + std::string(why));
}

const std::string* FileReader::Read(std::string_view path, bool required) {
  auto status = fs_.ReadInto(path, buffer_);
  if (status) return &buffer_;
  if (status.error().code != ErrorCode::kNotFound) {
    problems_.Report(FullPath(path), "unreadable: " + status.error().message);
  } else if (required) {
    Missing(path, "the file does not exist");
  }
  return nullptr;
}

std::optional<std::uint64_t> FileReader::U64(std::string_view path) {
  const std::string* text = Read(path, false);
  if (text == nullptr) return std::nullopt;
  auto value = ParseU64(*text);
  if (!value) Malformed(path, "expected a whole number, got " + Quote(*text));
  return value;
}

std::optional<std::int64_t> FileReader::I64(std::string_view path) {
  const std::string* text = Read(path, false);
  if (text == nullptr) return std::nullopt;
  auto value = ParseI64(*text);
  if (!value) Malformed(path, "expected a whole number, got " + Quote(*text));
  return value;
}

std::optional<double> FileReader::Milli(std::string_view path) {
  auto value = I64(path);
  if (!value) return std::nullopt;
  return static_cast<double>(*value) / 1000.0;
}

std::optional<std::string> FileReader::Text(std::string_view path) {
  const std::string* text = Read(path, false);
  if (text == nullptr) return std::nullopt;
  const std::string_view trimmed = Trim(*text);
  if (trimmed.empty()) return std::nullopt;
  return std::string(trimmed);
}

}  // namespace hawk::monitor
