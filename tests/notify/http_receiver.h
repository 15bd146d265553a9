// Test support: an HTTP/1.1 receiver on 127.0.0.1 that records the requests
// it gets and answers each with a chosen status. It serves a fixed number of
// connections (one request each) on its own thread; Join() waits for them.
#pragma once

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "loopback_server.h"

namespace hawk::notify::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;                          // "/hooks/x?y"
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

class HttpReceiver {
 public:
  struct Options {
    int status = 200;
    std::string response_body = "ok";
    std::size_t connections = 1;
    // Accept, read, never answer: holds the connection until the client
    // gives up and closes it (for timeout tests).
    bool never_answer = false;
  };

  HttpReceiver() : HttpReceiver(Options{}) {}
  explicit HttpReceiver(Options options);
  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;
  ~HttpReceiver();

  // "http://127.0.0.1:PORT"
  [[nodiscard]] std::string Url() const;
  // Waits for the connections to be served; the requests in arrival order.
  std::vector<ReceivedRequest> Join();

 private:
  void Serve();

  Options options_;
  LoopbackListener listener_;
  std::vector<ReceivedRequest> requests_;
  std::thread thread_;
};

}  // namespace hawk::notify::testing
