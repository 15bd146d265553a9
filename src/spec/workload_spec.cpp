#include "spec/workload_spec.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <fstream>
#include <limits>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include "spec/dag_check.h"
#include "spec/reader.h"
#include "spec/task_parser.h"
#include "spec/text.h"
#include "spec/yaml_load.h"

namespace hawk::spec {
namespace {

using Alias = std::pair<std::string_view, std::string_view>;

constexpr std::array<std::string_view, 6> kWorkloadKeys = {
    "version", "name", "description", "labels", "defaults", "tasks",
};
constexpr std::array<Alias, 5> kWorkloadAliases = {{
    {"jobs", "tasks"},
    {"steps", "tasks"},
    {"default", "defaults"},
    {"apiVersion", "version"},
    {"spec_version", "version"},
}};

// A hint for the yaml-cpp messages people meet most.
std::string SyntaxHint(const std::string& message) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kHints = {{
      {"illegal map value",
       "quote a value that contains ': ', and indent nested keys under their parent"},
      {"end of map flow not found", "close the '{' with '}'"},
      {"end of sequence flow not found", "close the '[' with ']'"},
      {"end of map not found", "check the indentation of this block"},
      {"end of sequence not found", "check the indentation of this list"},
      {"illegal block entry", "a '- ' item must start its own line, indented under its key"},
      {"the referenced anchor is not defined", "define it with &name before using *name"},
      {"unknown escape character", "write a backslash in a double-quoted string as \\\\"},
      {"tab", "indent with spaces, not tabs"},
  }};
  for (const auto& [needle, hint] : kHints) {
    if (message.find(needle) != std::string::npos) return std::string(hint);
  }
  return "check the indentation, and quote values that contain ': ' or ' #'";
}

Workload ParseDocument(const Cursor& root) {
  Workload workload;
  const std::optional<Fields> fields = root.Map(kWorkloadKeys, kWorkloadAliases);
  if (!fields) return workload;
  if (auto c = fields->Require("version", "start the file with version: 1")) {
    if (auto v = c->Integer(std::numeric_limits<std::int64_t>::min(),
                            std::numeric_limits<std::int64_t>::max())) {
      if (*v != kSpecVersion) {
        c->Report("unsupported version " + std::to_string(*v),
                  "this hawk reads version: " + std::to_string(kSpecVersion));
      }
    }
  }
  if (auto c = fields->Require("name", "name the workload, e.g. name: nightly-tests")) {
    if (auto v = c->Identifier("workload name")) workload.name = std::move(*v);
  }
  if (auto c = fields->Get("description")) {
    if (auto v = c->String(/*non_empty=*/false)) workload.description = std::move(*v);
  }
  if (auto c = fields->Get("labels")) {
    if (auto v = c->StringMap()) workload.labels = std::move(*v);
  }
  Task base;
  if (auto c = fields->Get("defaults")) base = ParseDefaults(*c);

  const std::optional<Cursor> tasks =
      fields->Require("tasks", "list the tasks under tasks:, each with an id and run:");
  if (!tasks) return workload;
  const std::optional<std::vector<Cursor>> items =
      tasks->List("write tasks: as a list of maps, each starting with '- id: ...'");
  if (!items) return workload;
  if (items->empty()) {
    tasks->Report("the workload has no tasks", "add at least one entry under tasks:");
    return workload;
  }
  std::vector<TaskMarks> marks(items->size());
  workload.tasks.reserve(items->size());
  for (std::size_t i = 0; i < items->size() && !root.sink().full(); ++i) {
    workload.tasks.push_back(ParseTask((*items)[i], base, marks[i]));
  }
  marks.resize(workload.tasks.size());
  CheckDependencies(workload, marks, *tasks);
  return workload;
}

}  // namespace

SpecResult ParseWorkload(std::string_view text, std::string_view source_name) {
  DiagnosticSink sink{std::string(source_name)};
  const Location start{1, 1};
  if (const std::optional<std::size_t> bad = FirstInvalidUtf8(text)) {
    const auto [line, column] = LineAndColumn(text, *bad);
    sink.Add({}, Location{line, column}, "the file is not valid UTF-8", "save it as UTF-8");
    return SpecResult::Failure(sink.Take());
  }
  if (const std::optional<std::size_t> bad = FirstForbiddenControl(text)) {
    const auto [line, column] = LineAndColumn(text, *bad);
    char code[8];
    std::snprintf(code, sizeof code, "%02X", static_cast<unsigned char>(text[*bad]));
    sink.Add({}, Location{line, column},
             std::string("control character U+00") + code + " is not allowed in a YAML file",
             "remove it, or write it as an escape in a double-quoted string");
    return SpecResult::Failure(sink.Take());
  }
  try {
    const std::string owned(text);
    const LoadedYaml loaded = LoadFirstDocument(owned);
    if (loaded.root.IsNull() && IsBlankYaml(owned)) {
      sink.Add({}, start, "the file is empty",
               "a workload needs at least version: 1, a name and tasks");
      return SpecResult::Failure(sink.Take());
    }
    if (loaded.second_document) {
      sink.Add({}, ToLocation(*loaded.second_document, start),
               "found a second YAML document; a workload file holds one",
               "remove the '---' line and what follows it");
    }
    const Cursor root(loaded.root, {}, ToLocation(loaded.root.Mark(), start), sink);
    Workload workload = ParseDocument(root);
    if (sink.empty()) return SpecResult::Success(std::move(workload));
  } catch (const YAML::Exception& e) {
    // Syntax errors (ParserException) carry the position of the problem.
    // The message can quote a byte of the input (an unknown escape character).
    sink.Add({}, ToLocation(e.mark, start), "YAML syntax error: " + Printable(e.msg, 200),
             SyntaxHint(e.msg));
  } catch (const std::exception& e) {
    sink.Add({}, std::nullopt, "could not read the workload: " + Printable(e.what(), 200),
             "this is a bug in hawk; please report it with the file");
  }
  return SpecResult::Failure(sink.Take());
}

SpecResult LoadWorkloadFile(const std::filesystem::path& path) {
  const std::string source = path.string();
  const auto fail = [&](std::string message, std::string hint) {
    return SpecResult::Failure(
        {Diagnostic{source, {}, std::nullopt, std::move(message), std::move(hint)}});
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return fail("cannot read a directory as a workload file", "give the path of a .yaml file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const std::error_code error(errno, std::generic_category());
    return fail("cannot open file: " + error.message(),
                error == std::errc::no_such_file_or_directory ? "check the path"
                                                              : "check that the file is readable");
  }
  std::string text;
  std::array<char, std::size_t{64} * 1024> buffer{};
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxSpecFileBytes) {
      return fail("file is larger than " +
                      std::to_string(kMaxSpecFileBytes / (std::size_t{1024} * 1024)) + " MiB",
                  "a workload file describes tasks; keep data in separate files");
    }
  }
  if (in.bad()) return fail("cannot read file", "check that the file is readable");
  return ParseWorkload(text, source);
}

}  // namespace hawk::spec
