#include "protocol/base64.h"

#include <string>

#include <gtest/gtest.h>

namespace hawk::protocol {
namespace {

// RFC 4648 §10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    EXPECT_EQ(Base64Decode(encoded), std::optional<std::string>(plain));
  }
}

TEST(Base64, EveryByteValueRoundTrips) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(255 - i));
  for (std::size_t n = 0; n <= bytes.size(); n += 37) {
    const std::string part = bytes.substr(0, n);
    EXPECT_EQ(Base64Decode(Base64Encode(part)), std::optional<std::string>(part)) << n;
  }
  EXPECT_EQ(Base64Encode(std::string("\xFB\xFF", 2)), "+/8=");
}

TEST(Base64, StrictDecoding) {
  for (const char* bad : {"Zg", "Zg=", "Zg===", "====", "Z===", "Zm9v\n", "Zm 9", "Z-8=", "Zm=v",
                          "=Zm9", "Zh==", "Zm9=", "Zm8=Zm8="}) {
    EXPECT_EQ(Base64Decode(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace hawk::protocol
