// libFuzzer target for the JUnit XML reader (report/junit_reader.h): any
// bytes in, never a crash, a leak, undefined behaviour or an escaping
// exception. It also checks the reader's contract on every input:
//  - a failure carries a message and says where (the source, with a line
//    when the XML is malformed);
//  - every test case has a name, a duration that is not negative, and a
//    message no longer than the cap (plus "...");
//  - every string that comes out is valid UTF-8, so the strict JSON
//    encoding below (as the JSON report does it) never throws.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "report/junit_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto cases = hawk::report::ParseJUnit(text, "fuzz.xml");
  if (!cases) {
    if (cases.error().message.empty()) __builtin_trap();
    if (cases.error().where.rfind("fuzz.xml", 0) != 0) __builtin_trap();
    return 0;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const hawk::report::JUnitTestCase& c : *cases) {
    if (c.name.empty()) __builtin_trap();
    if (c.duration_ms && *c.duration_ms < 0) __builtin_trap();
    if (c.message && c.message->size() > hawk::report::kMaxJUnitMessageBytes + 3) __builtin_trap();
    out.push_back({{"suite", c.suite},
                   {"name", c.name},
                   {"status", std::string(hawk::ToString(c.status))},
                   {"message", c.message.value_or("")}});
  }
  // Throws (and so crashes the target) on invalid UTF-8.
  if (out.dump().empty()) __builtin_trap();
  return 0;
}
