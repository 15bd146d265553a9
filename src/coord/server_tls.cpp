// The server's TLS context: TLS 1.2 or later, the certificate chain and key
// from PEM files, every failure an error value naming the file and the fix.
// Asio's ssl::context throws unless given an error_code; every call here
// takes one.
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

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

}  // namespace

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
