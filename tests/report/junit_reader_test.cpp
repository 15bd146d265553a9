#include "report/junit_reader.h"

#include <gtest/gtest.h>

#include <fstream>

namespace hawk::report {
namespace {

std::filesystem::path Fixture(const std::string& name) {
  return std::filesystem::path(HAWK_SOURCE_DIR) / "tests/fixtures/junit" / name;
}

TEST(ReadJUnitFile, GoogleTestOutputWithAFailureAndASkip) {
  auto cases = ReadJUnitFile(Fixture("gtest.xml"));
  ASSERT_TRUE(cases) << cases.error().ToString();
  ASSERT_EQ(cases->size(), 5U);
  EXPECT_EQ((*cases)[0], (JUnitTestCase{"UnitsTest", "ParsesBytes", TestStatus::kPassed, 4, {}}));
  const JUnitTestCase& failed = (*cases)[1];
  EXPECT_EQ(failed.suite, "UnitsTest");
  EXPECT_EQ(failed.name, "RejectsNegative");
  EXPECT_EQ(failed.status, TestStatus::kFailed);
  EXPECT_EQ(failed.duration_ms, 25);
  ASSERT_TRUE(failed.message);
  EXPECT_EQ(failed.message->rfind("tests/core/units_test.cpp:34\nExpected equality", 0), 0U)
      << *failed.message;
  const JUnitTestCase& skipped = (*cases)[2];
  EXPECT_EQ(skipped.status, TestStatus::kSkipped);
  EXPECT_EQ(skipped.message, "tests/core/units_test.cpp:42\nno huge pages on this machine");
  EXPECT_EQ((*cases)[3].status, TestStatus::kPassed);
  EXPECT_EQ((*cases)[3].suite, "ClockTest");
  // A disabled test: status="notrun".
  EXPECT_EQ((*cases)[4].name, "DISABLED_RealSleeps");
  EXPECT_EQ((*cases)[4].status, TestStatus::kSkipped);
  EXPECT_EQ((*cases)[4].duration_ms, 0);
}

TEST(ReadJUnitFile, PytestOutputWithFailureSkipAndError) {
  auto cases = ReadJUnitFile(Fixture("pytest.xml"));
  ASSERT_TRUE(cases) << cases.error().ToString();
  ASSERT_EQ(cases->size(), 5U);
  EXPECT_EQ((*cases)[0].suite, "tests.test_model");
  EXPECT_EQ((*cases)[0].duration_ms, 120);
  EXPECT_EQ((*cases)[1].status, TestStatus::kFailed);
  EXPECT_EQ((*cases)[1].message, "AssertionError: loss did not decrease: 0.71 >= 0.70");
  EXPECT_EQ((*cases)[2].status, TestStatus::kSkipped);
  EXPECT_EQ((*cases)[2].message, "no CUDA device");
  EXPECT_EQ((*cases)[3].status, TestStatus::kError);
  EXPECT_EQ((*cases)[3].name, "test_loader[batch=32]");
  EXPECT_EQ((*cases)[3].message, "failed on setup with \"FileNotFoundError: data/train.bin\"");
  EXPECT_EQ((*cases)[4].name, "test_tokenizer_unicode_\xC3\xBC");
  EXPECT_EQ((*cases)[4].status, TestStatus::kPassed);
}

TEST(ReadJUnitFile, BazelTestXmlUsesTheSuiteNameWithoutAClassname) {
  auto cases = ReadJUnitFile(Fixture("bazel_test.xml"));
  ASSERT_TRUE(cases) << cases.error().ToString();
  ASSERT_EQ(cases->size(), 1U);
  EXPECT_EQ((*cases)[0].suite, "//src/store:store_test");
  EXPECT_EQ((*cases)[0].name, "//src/store:store_test");
  EXPECT_EQ((*cases)[0].status, TestStatus::kPassed);
  EXPECT_EQ((*cases)[0].duration_ms, 3500);
}

TEST(ReadJUnitFile, MalformedXmlNamesTheFileAndLine) {
  auto cases = ReadJUnitFile(Fixture("malformed.xml"));
  ASSERT_FALSE(cases);
  EXPECT_EQ(cases.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(cases.error().message.find("malformed XML: mismatched tag"), std::string::npos)
      << cases.error().ToString();
  EXPECT_EQ(cases.error().where, Fixture("malformed.xml").string() + ":6");
}

TEST(ReadJUnitFile, AnotherXmlDocumentIsNotJUnit) {
  auto cases = ReadJUnitFile(Fixture("not_junit.xml"));
  ASSERT_FALSE(cases);
  EXPECT_EQ(cases.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(cases.error().message.find("root element is <project>"), std::string::npos);
  EXPECT_EQ(cases.error().where, Fixture("not_junit.xml").string() + ":2");
}

TEST(ReadJUnitFile, MissingFileIsNotFound) {
  auto cases = ReadJUnitFile(Fixture("no_such_file.xml"));
  ASSERT_FALSE(cases);
  EXPECT_EQ(cases.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(cases.error().where, Fixture("no_such_file.xml").string());
}

TEST(ReadJUnitFile, RefusesAFileOverTheSizeLimit) {
  auto cases = ReadJUnitFile(Fixture("gtest.xml"), /*max_bytes=*/100);
  ASSERT_FALSE(cases);
  EXPECT_EQ(cases.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(cases.error().message.find("over the limit of 100"), std::string::npos);
}

TEST(ParseJUnit, BareTestsuiteRootAndEmptyDocuments) {
  auto one = ParseJUnit(
      "<testsuite name=\"S\"><testcase name=\"t\" time=\"abc\"><error/></testcase></testsuite>",
      "inline");
  ASSERT_TRUE(one) << one.error().ToString();
  ASSERT_EQ(one->size(), 1U);
  EXPECT_EQ((*one)[0], (JUnitTestCase{"S", "t", TestStatus::kError, std::nullopt, std::nullopt}));

  auto none = ParseJUnit("<testsuites/>", "inline");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());

  auto empty = ParseJUnit("", "empty.xml");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().where, "empty.xml:1");
}

TEST(ParseJUnit, FailureOutranksSkipAndTheFirstFailureGivesTheMessage) {
  auto cases = ParseJUnit(
      "<testsuites><testsuite name=\"S\"><testcase name=\"t\" classname=\"C\">"
      "<skipped message=\"later\"/><failure message=\"first\"/><failure message=\"second\"/>"
      "</testcase></testsuite></testsuites>",
      "inline");
  ASSERT_TRUE(cases) << cases.error().ToString();
  ASSERT_EQ(cases->size(), 1U);
  EXPECT_EQ((*cases)[0].suite, "C");
  EXPECT_EQ((*cases)[0].status, TestStatus::kFailed);
  EXPECT_EQ((*cases)[0].message, "first");
}

TEST(ParseJUnit, ATestcaseInsideATestcaseIsIgnored) {
  auto cases = ParseJUnit(
      "<testsuite name=\"S\"><testcase name=\"outer\"><testcase name=\"inner\"/>"
      "<failure>text only</failure></testcase><testcase name=\"next\"/></testsuite>",
      "inline");
  ASSERT_TRUE(cases) << cases.error().ToString();
  ASSERT_EQ(cases->size(), 2U);
  EXPECT_EQ((*cases)[0].name, "outer");
  EXPECT_EQ((*cases)[0].status, TestStatus::kFailed);
  EXPECT_EQ((*cases)[0].message, "text only");
  EXPECT_EQ((*cases)[1].name, "next");
}

TEST(ParseJUnit, TestcaseWithoutANameIsAnError) {
  auto cases = ParseJUnit(
      "<testsuites>\n<testsuite name=\"S\">\n<testcase time=\"1\"/>"
      "</testsuite></testsuites>",
      "x.xml");
  ASSERT_FALSE(cases);
  EXPECT_EQ(cases.error().where, "x.xml:3");
  EXPECT_NE(cases.error().message.find("without a name"), std::string::npos);
}

TEST(ParseJUnit, LongMessagesAreCut) {
  const std::string long_text(kMaxJUnitMessageBytes * 3, 'x');
  auto cases = ParseJUnit("<testsuite name=\"S\"><testcase name=\"t\"><failure>" + long_text +
                              "</failure></testcase></testsuite>",
                          "inline");
  ASSERT_TRUE(cases);
  ASSERT_TRUE((*cases)[0].message);
  EXPECT_EQ((*cases)[0].message->size(), kMaxJUnitMessageBytes + 3);
}

}  // namespace
}  // namespace hawk::report
