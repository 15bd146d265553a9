// JUnit XML in: the test cases a task's own test runner wrote — GoogleTest's
// --gtest_output=xml, pytest's --junitxml, Bazel's test.xml, and anything else
// in the <testsuites>/<testsuite>/<testcase> shape.
//
// A <testcase> is one JUnitTestCase: its suite is its classname (the enclosing
// <testsuite>'s name when it has none); its status is failed with a
// <failure> child, error with an <error> child, skipped with a <skipped>
// child or GoogleTest's result="skipped" / status="notrun", passed otherwise.
// time (seconds, decimal) becomes duration_ms, absent when missing or not a
// number. message is the failure/error/skipped element's message attribute,
// or its text when it has none, cut to kMaxJUnitMessageBytes.
//
// Parsing is done by expat; pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.h"
#include "core/result.h"

namespace hawk::report {

#define HAWK_TEST_STATUSES(X) \
  X(kPassed, "passed") X(kFailed, "failed") X(kSkipped, "skipped") X(kError, "error")
HAWK_ENUM(TestStatus, "test status", HAWK_TEST_STATUSES);

struct JUnitTestCase {
  std::string suite;
  std::string name;
  TestStatus status = TestStatus::kPassed;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> message;
  friend bool operator==(const JUnitTestCase&, const JUnitTestCase&) = default;
};

// Files larger than this are refused rather than read.
constexpr std::uint64_t kMaxJUnitFileBytes = std::uint64_t{64} * 1024 * 1024;
constexpr std::size_t kMaxJUnitMessageBytes = 4096;

// Parses one JUnit document. `source` names it in errors ("path:line").
// Errors: kCorrupt for malformed XML (expat's reason, with the line) or a
// document whose root is not <testsuites>/<testsuite>, or a <testcase>
// without a name.
Result<std::vector<JUnitTestCase>> ParseJUnit(std::string_view xml, std::string_view source);

// Reads and parses a file. Errors: kNotFound when it does not exist; kIo
// when it cannot be read; kInvalidArgument when it is larger than
// `max_bytes`; ParseJUnit's errors.
Result<std::vector<JUnitTestCase>> ReadJUnitFile(const std::filesystem::path& path,
                                                 std::uint64_t max_bytes = kMaxJUnitFileBytes);

}  // namespace hawk::report
