// The server's TLS context: TLS 1.2 or later, the certificate chain and key
// from PEM files, every failure an error value naming the file and the fix.
// Asio's ssl::context throws unless given an error_code; every call here
// takes one.
#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/system/system_error.hpp>
#include <fstream>

#include "coord/server_internal.h"

namespace hawk::coord {
namespace {

namespace ssl = boost::asio::ssl;

constexpr std::string_view kCertHint =
    "give the server's certificate as PEM (a chain file is fine); docs/coordinator.md (TLS) "
    "shows how to make a self-signed one";

std::string Where(std::string_view flag, const std::filesystem::path& file) {
  return std::string(flag) + " " + file.string();
}

// OpenSSL's reason for a failed context call, and the error queue emptied.
std::string Reason(const boost::system::error_code& ec) {
  ERR_clear_error();
  return ec.message();
}

bool IsKeyMismatch(const boost::system::error_code& ec) {
  return ec.category() == boost::asio::error::get_ssl_category() &&
         ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH;
}

Status Readable(const std::filesystem::path& file, std::string_view flag, std::string_view what,
                std::string_view hint) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return InvalidArgument("no such " + std::string(what) + " file", Where(flag, file),
                           std::string(hint));
  }
  if (std::filesystem::is_directory(file, ec) || !std::ifstream(file)) {
    return InvalidArgument("cannot read the " + std::string(what) + " file", Where(flag, file),
                           "give a readable PEM file (check its permissions)");
  }
  return {};
}

Status Mismatch(const TlsFiles& files) {
  return InvalidArgument(
      "the private key is not the key of the certificate " + files.cert_file.string(),
      Where("--tls-key", files.key_file),
      "give the key that was made together with this certificate");
}

std::string Text(const ASN1_STRING* s) {
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
          static_cast<std::size_t>(ASN1_STRING_length(s))};
}

// An IPv4 or IPv6 address as text; empty for another length.
std::string AddressText(const ASN1_OCTET_STRING* ip) {
  char text[INET6_ADDRSTRLEN] = {};
  const int length = ASN1_STRING_length(ip);
  const int family = length == 4 ? AF_INET : length == 16 ? AF_INET6 : AF_UNSPEC;
  if (family == AF_UNSPEC ||
      ::inet_ntop(family, ASN1_STRING_get0_data(ip), text, sizeof(text)) == nullptr) {
    return "";
  }
  return text;
}

}  // namespace

Result<CertificateIdentity> ReadCertificateIdentity(const std::filesystem::path& cert_file) {
  if (Status s = Readable(cert_file, "--tls-cert", "certificate", kCertHint); !s) {
    return tl::unexpected(s.error());
  }
  const std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_file(cert_file.c_str(), "r"),
                                                     &BIO_free);
  const std::unique_ptr<X509, decltype(&X509_free)> cert(
      in ? PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
  if (cert == nullptr) {
    ERR_clear_error();
    return InvalidArgument("not a PEM certificate", Where("--tls-cert", cert_file),
                           std::string(kCertHint));
  }
  CertificateIdentity identity;
  identity.self_signed = X509_check_issued(cert.get(), cert.get()) == X509_V_OK;
  std::vector<std::string>& names = identity.names;
  const std::unique_ptr<GENERAL_NAMES, decltype(&GENERAL_NAMES_free)> alt(
      static_cast<GENERAL_NAMES*>(
          X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)),
      &GENERAL_NAMES_free);
  if (alt != nullptr) {
    for (int i = 0; i < sk_GENERAL_NAME_num(alt.get()); ++i) {
      const GENERAL_NAME* name = sk_GENERAL_NAME_value(alt.get(), i);
      std::string text;
      if (name->type == GEN_DNS) text = Text(name->d.dNSName);
      if (name->type == GEN_IPADD) text = AddressText(name->d.iPAddress);
      if (!text.empty()) names.push_back(std::move(text));
    }
    return identity;
  }
  const X509_NAME* subject = X509_get_subject_name(cert.get());
  const int cn = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (cn >= 0) names.push_back(Text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, cn))));
  return identity;
}

Result<std::unique_ptr<ssl::context>> MakeTlsContext(const TlsFiles& files) {
  if (Status s = Readable(files.cert_file, "--tls-cert", "certificate", kCertHint); !s) {
    return tl::unexpected(s.error());
  }
  if (Status s = Readable(files.key_file, "--tls-key", "private key",
                          "give the certificate's private key as unencrypted PEM");
      !s) {
    return tl::unexpected(s.error());
  }

  std::unique_ptr<ssl::context> context;
  try {
    context = std::make_unique<ssl::context>(ssl::context::tls_server);
  } catch (const boost::system::system_error& e) {
    return MakeError(ErrorCode::kInternal, std::string("cannot make a TLS context: ") + e.what());
  }
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       ec);
  if (ec || SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
    return MakeError(ErrorCode::kInternal, "cannot restrict TLS to 1.2 or later: " + Reason(ec));
  }
  // An encrypted key fails to load rather than asking a terminal for a
  // passphrase.
  context->set_password_callback(
      [](std::size_t, ssl::context::password_purpose) { return std::string(); }, ec);

  context->use_certificate_chain_file(files.cert_file.string(), ec);
  if (ec) {
    return InvalidArgument("not a PEM certificate: " + Reason(ec),
                           Where("--tls-cert", files.cert_file), std::string(kCertHint));
  }
  context->use_private_key_file(files.key_file.string(), ssl::context::pem, ec);
  if (ec && IsKeyMismatch(ec)) {
    ERR_clear_error();
    return tl::unexpected(Mismatch(files).error());
  }
  if (ec) {
    return InvalidArgument("not an unencrypted PEM private key: " + Reason(ec),
                           Where("--tls-key", files.key_file),
                           "give the certificate's private key as PEM without a passphrase "
                           "(`openssl pkey -in KEY -out PLAIN_KEY` removes one)");
  }
  // A key of another type than the certificate's loads, but does not pair.
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    ERR_clear_error();
    return tl::unexpected(Mismatch(files).error());
  }
  return context;
}

}  // namespace hawk::coord
