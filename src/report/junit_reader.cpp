#include "report/junit_reader.h"

#include <expat.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>

namespace hawk::report {
namespace {

std::optional<std::string> Attribute(const XML_Char** attrs, std::string_view key) {
  for (const XML_Char** a = attrs; a[0] != nullptr && a[1] != nullptr; a += 2) {
    if (key == a[0]) return std::string(a[1]);
  }
  return std::nullopt;
}

std::optional<std::int64_t> SecondsToMs(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  char* end = nullptr;
  const double seconds = std::strtod(text->c_str(), &end);
  if (end == text->c_str() || *end != '\0' || !std::isfinite(seconds) || seconds < 0 ||
      seconds > 1e12) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(std::llround(seconds * 1000.0));
}

int Rank(TestStatus status) {
  switch (status) {
    case TestStatus::kPassed: return 0;
    case TestStatus::kSkipped: return 1;
    case TestStatus::kFailed:
    case TestStatus::kError: return 2;
  }
  return 0;
}

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string Cut(std::string text) {
  if (text.size() > kMaxJUnitMessageBytes) {
    std::size_t n = kMaxJUnitMessageBytes;
    // Do not split a UTF-8 sequence.
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0U) == 0x80U) --n;
    text.resize(n);
    text += "...";
  }
  return text;
}

// The parse state expat's callbacks share.
struct State {
  XML_Parser parser = nullptr;
  std::string source;
  std::vector<JUnitTestCase> cases;
  std::vector<std::string> suites;  // enclosing <testsuite> names
  bool root_checked = false;
  std::optional<Error> error;
  // The open <testcase>, and its open result child.
  std::optional<JUnitTestCase> current;
  std::optional<std::string> result_element;  // "failure", "error", "skipped"
  bool result_has_message = false;
  std::string result_text;
  int nested_testcases = 0;  // <testcase> inside the open one: ignored

  void Fail(std::string message) {
    if (error) return;
    error = Error{ErrorCode::kCorrupt, std::move(message),
                  source + ":" + std::to_string(XML_GetCurrentLineNumber(parser)),
                  "expected JUnit XML (<testsuites>/<testsuite>/<testcase>)"};
    XML_StopParser(parser, XML_FALSE);
  }
};

void OnStart(void* data, const XML_Char* element, const XML_Char** attrs) {
  auto& s = *static_cast<State*>(data);
  const std::string_view name(element);
  if (!s.root_checked) {
    s.root_checked = true;
    if (name != "testsuites" && name != "testsuite") {
      s.Fail("root element is <" + std::string(name) + ">, not <testsuites> or <testsuite>");
      return;
    }
  }
  if (name == "testcase" && s.current) {
    ++s.nested_testcases;
  } else if (name == "testsuite") {
    s.suites.push_back(Attribute(attrs, "name").value_or(""));
  } else if (name == "testcase") {
    JUnitTestCase c;
    auto case_name = Attribute(attrs, "name");
    if (!case_name || case_name->empty()) {
      s.Fail("<testcase> without a name");
      return;
    }
    c.name = std::move(*case_name);
    c.suite = Attribute(attrs, "classname").value_or("");
    if (c.suite.empty() && !s.suites.empty()) c.suite = s.suites.back();
    c.duration_ms = SecondsToMs(Attribute(attrs, "time"));
    const auto result = Attribute(attrs, "result");
    const auto status = Attribute(attrs, "status");
    if (result == "skipped" || result == "suppressed" || status == "notrun") {
      c.status = TestStatus::kSkipped;
    }
    s.current = std::move(c);
  } else if (s.current && !s.result_element &&
             (name == "failure" || name == "error" || name == "skipped")) {
    s.result_element = std::string(name);
    s.result_text.clear();
    const TestStatus status = name == "failure" ? TestStatus::kFailed
                              : name == "error" ? TestStatus::kError
                                                : TestStatus::kSkipped;
    // A failure or error outranks a skip, which outranks a pass; the first
    // of the highest rank gives the message.
    s.result_has_message = true;  // nothing to collect unless it wins
    const bool skip_message = status == TestStatus::kSkipped &&
                              s.current->status == TestStatus::kSkipped && !s.current->message;
    if (Rank(status) > Rank(s.current->status) || skip_message) {
      s.current->status = status;
      s.current->message.reset();
      if (auto message = Attribute(attrs, "message"); message && !message->empty()) {
        s.current->message = Cut(std::move(*message));
      } else {
        s.result_has_message = false;
      }
    }
  }
}

void OnEnd(void* data, const XML_Char* element) {
  auto& s = *static_cast<State*>(data);
  const std::string_view name(element);
  if (name == "testcase" && s.nested_testcases > 0) {
    --s.nested_testcases;
  } else if (name == "testsuite" && !s.suites.empty()) {
    s.suites.pop_back();
  } else if (name == "testcase" && s.current) {
    s.cases.push_back(std::move(*s.current));
    s.current.reset();
  } else if (s.current && s.result_element && name == *s.result_element) {
    if (!s.result_has_message) {
      std::string text = Trim(s.result_text);
      if (!text.empty()) s.current->message = Cut(std::move(text));
    }
    s.result_element.reset();
    s.result_text.clear();
  }
}

void OnText(void* data, const XML_Char* text, int length) {
  auto& s = *static_cast<State*>(data);
  if (!s.result_element || s.result_has_message) return;
  if (s.result_text.size() > kMaxJUnitMessageBytes * 2) return;
  s.result_text.append(text, static_cast<std::size_t>(length));
}

struct ParserFree {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

}  // namespace

Result<std::vector<JUnitTestCase>> ParseJUnit(std::string_view xml, std::string_view source) {
  if (xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return InvalidArgument("JUnit document too large", std::string(source));
  }
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, ParserFree> parser(XML_ParserCreate(nullptr));
  if (!parser) return MakeError(ErrorCode::kInternal, "cannot create an XML parser");
  State state;
  state.parser = parser.get();
  state.source = std::string(source);
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), &OnStart, &OnEnd);
  XML_SetCharacterDataHandler(parser.get(), &OnText);
  const XML_Status status =
      XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
  if (state.error) return tl::unexpected(*state.error);
  if (status != XML_STATUS_OK) {
    return MakeError(
        ErrorCode::kCorrupt,
        std::string("malformed XML: ") + XML_ErrorString(XML_GetErrorCode(parser.get())),
        state.source + ":" + std::to_string(XML_GetCurrentLineNumber(parser.get())));
  }
  return std::move(state.cases);
}

Result<std::vector<JUnitTestCase>> ReadJUnitFile(const std::filesystem::path& path,
                                                 std::uint64_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) {
      return MakeError(ErrorCode::kNotFound, "no such JUnit file", path.string());
    }
    return MakeError(ErrorCode::kIo, "cannot read JUnit file: " + ec.message(), path.string());
  }
  if (size > max_bytes) {
    return InvalidArgument("JUnit file is " + std::to_string(size) + " bytes, over the limit of " +
                               std::to_string(max_bytes),
                           path.string(), "split the test results into smaller files");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, "cannot open JUnit file", path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kIo, "error reading JUnit file", path.string());
  return ParseJUnit(buffer.str(), path.string());
}

}  // namespace hawk::report
