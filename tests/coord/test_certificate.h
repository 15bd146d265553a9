// A self-signed certificate made at test time with the OpenSSL C API (no
// `openssl` binary): an EC P-256 key and a certificate, by default for
// 127.0.0.1 (common name and subjectAltName IP), valid from an hour ago for a
// day, both written as PEM files.
#pragma once

#include <filesystem>
#include <string>

namespace hawk::coord::test_support {

// Whom the certificate is for.
struct CertificateSubject {
  std::string common_name = "127.0.0.1";
  // OpenSSL's subjectAltName syntax ("DNS:a.test,IP:10.0.0.1"); empty: none.
  std::string alt_names = "IP:127.0.0.1";
  // Another issuer's name than the subject's (the certificate is still signed
  // with its own key); empty: the subject's, a self-signed certificate.
  std::string issuer_common_name;
};

struct TestCertificate {
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
};

// Writes <dir>/<name>.cert.pem and <dir>/<name>.key.pem (creating `dir`);
// fails the calling test (and returns empty paths) when OpenSSL does.
TestCertificate MakeSelfSignedCertificate(const std::filesystem::path& dir, const std::string& name,
                                          const CertificateSubject& subject = {});

}  // namespace hawk::coord::test_support
