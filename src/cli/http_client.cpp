#include "cli/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <mutex>

namespace hawk::cli {
namespace {

constexpr const char* kStartHint = "start one with `hawk coordinator` or set HAWK_URL";

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyCleanup {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using Easy = std::unique_ptr<CURL, EasyCleanup>;

struct ListCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, ListCleanup>;

bool Append(HeaderList& list, const std::string& line) {
  curl_slist* head = curl_slist_append(list.get(), line.c_str());
  if (head == nullptr) return false;
  static_cast<void>(list.release());
  list.reset(head);
  return true;
}

struct Received {
  HttpReply reply;
  std::size_t max_body_bytes = 0;
  bool too_large = false;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  if (received->reply.body.size() + bytes > received->max_body_bytes) {
    received->too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  received->reply.body.append(data, bytes);
  return bytes;
}

std::string Trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin])) != 0) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])) != 0) --end;
  return std::string(text.substr(begin, end - begin));
}

// Called once per header line, status lines included.
std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) {
    received->reply.headers.clear();  // a new response (after a 100 Continue, say)
    return bytes;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  std::string name = Trim(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  received->reply.headers[name] = Trim(line.substr(colon + 1));
  return bytes;
}

// "http://host:port" of a URL, for messages (no path, no query).
std::string Origin(const std::string& url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const std::size_t path = url.find_first_of("/?#", scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

std::string SecondsText(std::chrono::milliseconds timeout) {
  const auto ms = timeout.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

tl::unexpected<Error> TransferFailure(const HttpRequest& request, CURLcode code,
                                      const char* error_buffer) {
  std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  while (!detail.empty() && std::isspace(static_cast<unsigned char>(detail.back())) != 0) {
    detail.pop_back();
  }
  const std::string origin = Origin(request.url);
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return InvalidArgument("not a usable URL: " + detail, request.url,
                             "write it as http://HOST:PORT or https://HOST:PORT");
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return MakeError(ErrorCode::kUnavailable,
                       "cannot reach the coordinator at " + origin + ": " + detail, {}, kStartHint);
    case CURLE_OPERATION_TIMEDOUT:
      return MakeError(ErrorCode::kUnavailable,
                       "no answer from the coordinator at " + origin + " within " +
                           SecondsText(request.timeout) + ": " + detail,
                       {}, "check that the coordinator is running and not overloaded");
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return MakeError(ErrorCode::kUnavailable,
                       "no secure connection to the coordinator at " + origin + ": " + detail,
                       request.ca_file,
                       "trust the coordinator's certificate (or its CA) with --ca-file PEM, "
                       "$HAWK_CA_FILE or the config file's ca_file");
    default:
      return MakeError(ErrorCode::kIo, request.method + " " + request.url + " failed: " + detail);
  }
}

}  // namespace

Result<HttpReply> Send(const HttpRequest& request) {
  GlobalInit();
  Easy handle(curl_easy_init());
  if (!handle) return MakeError(ErrorCode::kInternal, "libcurl could not start a transfer");
  CURL* h = handle.get();

  HeaderList headers;
  bool added = Append(headers, "Expect:");  // no 100-continue round trip
  if (!request.bearer_token.empty()) {
    added = added && Append(headers, "Authorization: Bearer " + request.bearer_token);
  }
  if (!request.content_type.empty()) {
    added = added && Append(headers, "Content-Type: " + request.content_type);
  }
  if (!added) return MakeError(ErrorCode::kInternal, "out of memory building request headers");

  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  Received received;
  received.max_body_bytes = request.max_body_bytes;
  const long timeout_ms = static_cast<long>(request.timeout.count());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer.data());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  if (!request.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, request.ca_file.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  const bool sends_body = !request.body.empty() || request.method == "POST" ||
                          request.method == "PUT" || request.method == "PATCH";
  if (sends_body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &received);

  const CURLcode code = curl_easy_perform(h);
  if (received.too_large) {
    return MakeError(ErrorCode::kIo, "the reply to " + request.method + " " + request.url +
                                         " is larger than " +
                                         std::to_string(request.max_body_bytes) + " bytes");
  }
  if (code != CURLE_OK) return TransferFailure(request, code, error_buffer.data());
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  received.reply.status = static_cast<int>(status);
  return std::move(received.reply);
}

}  // namespace hawk::cli
