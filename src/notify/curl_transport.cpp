// CurlTransport: one libcurl easy handle per delivery.
#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <mutex>

#include "notify/text.h"
#include "notify/transport.h"

namespace hawk::notify {
namespace {

constexpr std::size_t kMaxResponseBytes = std::size_t{64} * 1024;
constexpr std::size_t kResponseSnippetChars = 200;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyCleanup {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using Easy = std::unique_ptr<CURL, EasyCleanup>;

// A curl_slist that frees itself.
class StringList {
 public:
  StringList() = default;
  StringList(const StringList&) = delete;
  StringList& operator=(const StringList&) = delete;
  ~StringList() { curl_slist_free_all(list_); }
  bool Add(const std::string& item) {
    curl_slist* head = curl_slist_append(list_, item.c_str());
    if (head == nullptr) return false;
    list_ = head;
    return true;
  }
  [[nodiscard]] curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

std::size_t CollectResponse(char* data, std::size_t size, std::size_t count, void* user) {
  auto* out = static_cast<std::string*>(user);
  const std::size_t bytes = size * count;
  if (out->size() < kMaxResponseBytes) {
    out->append(data, std::min(bytes, kMaxResponseBytes - out->size()));
  }
  return bytes;
}

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t bytes = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, bytes);
  upload->offset += bytes;
  return bytes;
}

tl::unexpected<Error> Failure(const OutgoingMessage& message, ErrorCode code,
                              const std::string& text, const std::string& hint = {}) {
  return MakeError(code, Redact(text, message.secrets), message.channel,
                   Redact(hint, message.secrets));
}

// The failure of a transfer libcurl gave up on.
tl::unexpected<Error> CurlFailure(const OutgoingMessage& message, const std::string& target,
                                  CURLcode code, const char* error_buffer, Duration timeout) {
  std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return Failure(message, ErrorCode::kUnavailable,
                     target + ": no answer within " + FormatDuration(timeout),
                     "raise timeout: in the notifications file if the server is slow");
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return Failure(message, ErrorCode::kUnavailable, target + ": cannot connect (" + detail + ")",
                     "check the host and port, and that the server is running");
    case CURLE_USE_SSL_FAILED:
      return Failure(message, ErrorCode::kUnavailable,
                     target +
                         ": the mail server does not offer STARTTLS, and starttls is required (" +
                         detail + ")",
                     "use smtps:// for a TLS port, or set starttls: try to send without TLS when "
                     "the server offers none");
    case CURLE_LOGIN_DENIED:
      return Failure(message, ErrorCode::kUnavailable, target + ": login refused (" + detail + ")",
                     "check the username and password variables");
    case CURLE_PEER_FAILED_VERIFICATION:
      return Failure(message, ErrorCode::kUnavailable,
                     target + ": server certificate not trusted (" + detail + ")");
    default: return Failure(message, ErrorCode::kUnavailable, target + ": " + detail);
  }
}

void CommonOptions(CURL* handle, char* error_buffer, Duration timeout) {
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
}

Result<Delivery> SendHttp(CURL* handle, const OutgoingMessage& message, const HttpRequest& request,
                          Duration timeout) {
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  CommonOptions(handle, error_buffer.data(), timeout);
  StringList headers;
  bool added = headers.Add("Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : request.headers) {
    std::string line = name;
    line += ": ";
    line += value;
    added = added && headers.Add(line);
  }
  if (!added) return Failure(message, ErrorCode::kInternal, "out of memory building headers");
  std::string response;
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.c_str());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, CollectResponse);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response);
  const std::string target = request.method + " " + request.url;
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) return CurlFailure(message, target, code, error_buffer.data(), timeout);
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    const std::string answer = TruncateUtf8(OneLine(response), kResponseSnippetChars, "...");
    std::string hint = answer.empty() ? "" : "the server answered: " + answer;
    if (status == 401 || status == 403) {
      hint += std::string(hint.empty() ? "" : "; ") + "check the token and its permissions";
    }
    return Failure(message, ErrorCode::kUnavailable,
                   "HTTP " + std::to_string(status) + " from " + target, hint);
  }
  return Delivery{"HTTP " + std::to_string(status), status};
}

Result<Delivery> SendMail(CURL* handle, const OutgoingMessage& message, const SmtpMail& mail,
                          Duration timeout) {
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  CommonOptions(handle, error_buffer.data(), timeout);
  StringList recipients;
  bool added = true;
  for (const std::string& r : mail.rcpt_to) added = added && recipients.Add("<" + r + ">");
  if (!added) return Failure(message, ErrorCode::kInternal, "out of memory building recipients");
  const std::string from = "<" + mail.mail_from + ">";
  Upload upload{mail.message};
  curl_easy_setopt(handle, CURLOPT_URL, mail.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  long use_ssl = CURLUSESSL_ALL;
  if (mail.starttls == StartTls::kTry) use_ssl = CURLUSESSL_TRY;
  if (mail.starttls == StartTls::kOff) use_ssl = CURLUSESSL_NONE;
  curl_easy_setopt(handle, CURLOPT_USE_SSL, use_ssl);
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
  if (!mail.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, mail.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, mail.password.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.message.size()));
  const std::string target = "SMTP " + mail.url;
  const CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) return CurlFailure(message, target, code, error_buffer.data(), timeout);
  long reply = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply);
  return Delivery{"SMTP " + std::to_string(reply), reply};
}

}  // namespace

CurlTransport::CurlTransport(Duration timeout) : timeout_(timeout) {
  GlobalInit();
}

Result<Delivery> CurlTransport::Send(const OutgoingMessage& message) {
  Easy handle(curl_easy_init());
  if (!handle) return Failure(message, ErrorCode::kInternal, "libcurl could not start a transfer");
  if (const auto* http = std::get_if<HttpRequest>(&message.request)) {
    return SendHttp(handle.get(), message, *http, timeout_);
  }
  return SendMail(handle.get(), message, std::get<SmtpMail>(message.request), timeout_);
}

}  // namespace hawk::notify
