// Test support: an HTTP/1.1 server on 127.0.0.1 (port chosen by the OS) that
// answers each connection, one request each, with the next canned response
// of its list, and records what it received. Runs on its own thread; Join()
// waits until every response was served. Built on the notify tests'
// LoopbackListener, so a broken test fails after a safety limit, never hangs.
#pragma once

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "../notify/loopback_server.h"

namespace hawk::cli::testing {

struct CannedResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;  // extra headers, as written
  std::string body;
};

struct ReceivedRequest {
  std::string method;
  std::string target;                          // "/api/v1/workloads?name=a.yaml"
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

class CannedHttpServer {
 public:
  explicit CannedHttpServer(std::vector<CannedResponse> responses);
  CannedHttpServer(const CannedHttpServer&) = delete;
  CannedHttpServer& operator=(const CannedHttpServer&) = delete;
  ~CannedHttpServer();

  // "http://127.0.0.1:PORT"
  [[nodiscard]] std::string Url() const;
  // Waits for the responses to be served; the requests in arrival order.
  std::vector<ReceivedRequest> Join();

 private:
  void Serve();

  std::vector<CannedResponse> responses_;
  notify::testing::LoopbackListener listener_;
  std::vector<ReceivedRequest> requests_;
  std::thread thread_;
};

}  // namespace hawk::cli::testing
