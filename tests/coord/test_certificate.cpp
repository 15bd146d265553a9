#include "test_certificate.h"

#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace hawk::coord::test_support {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509_NAME* p) const { X509_NAME_free(p); }
};

bool AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, Free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext != nullptr && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool SetIssuer(X509* cert, X509_NAME* subject_name, const std::string& issuer_common_name) {
  if (issuer_common_name.empty()) return X509_set_issuer_name(cert, subject_name) == 1;
  std::unique_ptr<X509_NAME, Free> issuer(X509_NAME_new());
  const auto* cn = reinterpret_cast<const unsigned char*>(issuer_common_name.c_str());
  return issuer != nullptr &&
         X509_NAME_add_entry_by_txt(issuer.get(), "CN", MBSTRING_ASC, cn, -1, -1, 0) == 1 &&
         X509_set_issuer_name(cert, issuer.get()) == 1;
}

bool Make(const std::filesystem::path& cert_file, const std::filesystem::path& key_file,
          const CertificateSubject& subject) {
  std::unique_ptr<EVP_PKEY, Free> key(EVP_EC_gen("P-256"));
  std::unique_ptr<X509, Free> cert(X509_new());
  if (key == nullptr || cert == nullptr) return false;
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto* host = reinterpret_cast<const unsigned char*>(subject.common_name.c_str());
  const bool built = X509_set_version(cert.get(), 2) == 1 &&
                     ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1) == 1 &&
                     X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
                     X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24L * 3600) != nullptr &&
                     X509_set_pubkey(cert.get(), key.get()) == 1 &&
                     X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, host, -1, -1, 0) == 1 &&
                     SetIssuer(cert.get(), name, subject.issuer_common_name) &&
                     (subject.alt_names.empty() ||
                      AddExtension(cert.get(), NID_subject_alt_name, subject.alt_names.c_str())) &&
                     X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
  if (!built) return false;
  std::unique_ptr<BIO, Free> cert_out(BIO_new_file(cert_file.c_str(), "w"));
  std::unique_ptr<BIO, Free> key_out(BIO_new_file(key_file.c_str(), "w"));
  return cert_out != nullptr && key_out != nullptr &&
         PEM_write_bio_X509(cert_out.get(), cert.get()) == 1 &&
         PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                  nullptr) == 1;
}

}  // namespace

TestCertificate MakeSelfSignedCertificate(const std::filesystem::path& dir, const std::string& name,
                                          const CertificateSubject& subject) {
  std::filesystem::create_directories(dir);
  TestCertificate made{dir / (name + ".cert.pem"), dir / (name + ".key.pem")};
  if (!Make(made.cert_file, made.key_file, subject)) {
    ADD_FAILURE() << "OpenSSL could not make a test certificate in " << dir;
    return {};
  }
  return made;
}

}  // namespace hawk::coord::test_support
