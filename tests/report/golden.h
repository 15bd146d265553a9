// Golden files for report outputs (tests/report/golden/). A test compares
// its output with the file byte for byte. To regenerate after an intended
// change, run the test binary with HAWK_UPDATE_GOLDEN=1, e.g.
//   HAWK_UPDATE_GOLDEN=1 build/dev/tests/report/report_test
// and review the diff before committing it.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace hawk::report::testing {

inline std::string GoldenPath(const std::string& name) {
  return std::string(HAWK_SOURCE_DIR) + "/tests/report/golden/" + name;
}

inline void ExpectMatchesGolden(const std::string& name, const std::string& actual) {
  const std::string path = GoldenPath(name);
  const char* update = std::getenv("HAWK_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing golden file " << path
                         << "; create it with HAWK_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), actual)
      << "output differs from " << path
      << "; if the change is intended, regenerate with HAWK_UPDATE_GOLDEN=1 and review the diff";
}

}  // namespace hawk::report::testing
