#include "cli/client_api.h"

#include <utility>

namespace hawk::cli {
namespace {

constexpr std::size_t kSnippetChars = 200;

std::string JsonText(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

std::string Snippet(std::string_view body) {
  std::string out;
  for (const char c : body) {
    if (out.size() >= kSnippetChars) {
      out += "...";
      break;
    }
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

Error ErrorFromReply(const HttpReply& reply, std::string_view request) {
  Error error;
  error.code = reply.status >= 400 && reply.status < 500 ? ErrorCode::kInvalidArgument
                                                         : ErrorCode::kUnavailable;
  const Json body = Json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  const Json* detail = nullptr;
  if (body.is_object()) {
    const auto it = body.find("error");
    if (it != body.end() && it->is_object()) detail = &*it;
  }
  if (detail != nullptr && !JsonText(*detail, "message").empty()) {
    error.message = JsonText(*detail, "message");
    error.where = JsonText(*detail, "where");
    error.hint = JsonText(*detail, "hint");
  } else {
    error.message = "HTTP " + std::to_string(reply.status) + " from " + std::string(request);
    const std::string snippet = Snippet(reply.body);
    if (!snippet.empty()) error.message += ": " + snippet;
  }
  if (reply.status == 401 && error.hint.empty()) {
    error.hint = "pass the coordinator's client token with --token, HAWK_TOKEN or HAWK_TOKEN_FILE";
  }
  return error;
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                            (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' || u == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0x0f];
    }
  }
  return out;
}

Result<Json> ParseJsonBody(const std::string& body, std::string_view request) {
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return MakeError(ErrorCode::kCorrupt, "the coordinator's answer to " + std::string(request) +
                                              " is not JSON: " + Snippet(body));
  }
  return parsed;
}

CoordinatorClient::CoordinatorClient(ClientConfig config, std::chrono::milliseconds timeout)
    : config_(std::move(config)), timeout_(timeout) {}

Result<HttpReply> CoordinatorClient::Checked(const std::string& method, const std::string& target,
                                             Result<HttpReply> reply) const {
  if (!reply) return reply;
  if (reply->status < 200 || reply->status > 299) {
    return tl::unexpected(ErrorFromReply(*reply, method + " " + target));
  }
  return reply;
}

Result<HttpReply> CoordinatorClient::Get(const std::string& target) const {
  HttpRequest request;
  request.method = "GET";
  request.url = config_.url + target;
  request.bearer_token = config_.token;
  request.ca_file = config_.ca_file;
  request.timeout = timeout_;
  return Checked("GET", target, Send(request));
}

Result<Json> CoordinatorClient::GetJson(const std::string& target) const {
  auto reply = Get(target);
  if (!reply) return tl::unexpected(reply.error());
  return ParseJsonBody(reply->body, "GET " + target);
}

Result<HttpReply> CoordinatorClient::PostRaw(const std::string& target, std::string body,
                                             const std::string& content_type) const {
  HttpRequest request;
  request.method = "POST";
  request.url = config_.url + target;
  request.bearer_token = config_.token;
  request.ca_file = config_.ca_file;
  request.body = std::move(body);
  request.content_type = content_type;
  request.timeout = timeout_;
  return Send(request);
}

Result<HttpReply> CoordinatorClient::Post(const std::string& target, std::string body,
                                          const std::string& content_type) const {
  return Checked("POST", target, PostRaw(target, std::move(body), content_type));
}

}  // namespace hawk::cli
