// A self-signed certificate made at test time with the OpenSSL C API (no
// `openssl` binary): an EC P-256 key and a certificate for 127.0.0.1
// (common name and subjectAltName IP), valid from an hour ago for a day,
// both written as PEM files.
#pragma once

#include <filesystem>
#include <string>

namespace hawk::coord::test_support {

struct TestCertificate {
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
};

// Writes <dir>/<name>.cert.pem and <dir>/<name>.key.pem (creating `dir`);
// fails the calling test (and returns empty paths) when OpenSSL does.
TestCertificate MakeSelfSignedCertificate(const std::filesystem::path& dir,
                                          const std::string& name);

}  // namespace hawk::coord::test_support
