#include "canned_http_server.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

namespace hawk::cli::testing {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::optional<ReceivedRequest> ReadRequest(notify::testing::Connection& connection) {
  auto request_line = connection.ReadLine();
  if (!request_line) return std::nullopt;
  ReceivedRequest request;
  const std::size_t sp1 = request_line->find(' ');
  const std::size_t sp2 = request_line->find(' ', sp1 + 1);
  request.method = request_line->substr(0, sp1);
  request.target = request_line->substr(sp1 + 1, sp2 - sp1 - 1);
  for (;;) {
    auto line = connection.ReadLine();
    if (!line) return std::nullopt;
    if (line->empty()) break;
    const std::size_t colon = line->find(':');
    std::size_t value = colon + 1;
    while (value < line->size() && (*line)[value] == ' ') ++value;
    request.headers[Lower(line->substr(0, colon))] = line->substr(value);
  }
  const auto length = request.headers.find("content-length");
  if (length != request.headers.end()) {
    auto body = connection.ReadExact(std::strtoul(length->second.c_str(), nullptr, 10));
    if (!body) return std::nullopt;
    request.body = std::move(*body);
  }
  return request;
}

}  // namespace

CannedHttpServer::CannedHttpServer(std::vector<CannedResponse> responses)
    : responses_(std::move(responses)), thread_([this] { Serve(); }) {}

CannedHttpServer::~CannedHttpServer() {
  if (thread_.joinable()) {
    listener_.Stop();
    thread_.join();
  }
}

std::string CannedHttpServer::Url() const {
  return "http://127.0.0.1:" + std::to_string(listener_.port());
}

std::vector<ReceivedRequest> CannedHttpServer::Join() {
  if (thread_.joinable()) thread_.join();
  return requests_;
}

void CannedHttpServer::Serve() {
  for (const CannedResponse& response : responses_) {
    auto connection = listener_.Accept();
    if (!connection) return;
    auto request = ReadRequest(*connection);
    if (!request) continue;
    requests_.push_back(std::move(*request));
    std::string head = "HTTP/1.1 " + std::to_string(response.status) + " Canned\r\n";
    head += "Content-Type: " + response.content_type + "\r\n";
    for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
    head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    head += "Connection: close\r\n\r\n";
    connection->Write(head + response.body);
  }
}

}  // namespace hawk::cli::testing
