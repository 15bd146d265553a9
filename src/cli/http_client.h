// A small blocking HTTP/1.1 client on libcurl for the commands that talk to
// a coordinator (`hawk submit`, `hawk status`, ...). One request per call, no
// redirects followed, no retries: the caller decides what a reply means.
//
// Threading: Send() may be called from any thread; each call uses its own
// libcurl handle (the library is initialised once, on first use).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

#include "core/result.h"

namespace hawk::cli {

struct HttpRequest {
  std::string method = "GET";
  std::string url;           // "http://127.0.0.1:7700/api/v1/workloads?name=a.yaml"
  std::string bearer_token;  // sent as "Authorization: Bearer <token>" when not empty
  std::string body;          // sent when not empty, or for POST/PUT/PATCH
  std::string content_type;  // "Content-Type" when not empty
  // PEM file of the CAs to trust for https://; empty: the system's store.
  std::string ca_file;
  std::chrono::milliseconds timeout{30000};             // the whole exchange, connecting included
  std::size_t max_body_bytes = std::size_t{256} << 20;  // a larger reply is an error
};

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lowercased; the last value wins
};

// Sends `request` and returns the reply, whatever its status code.
// Errors: kInvalidArgument for a URL libcurl refuses; kUnavailable when the
// server cannot be reached ("cannot reach the coordinator at URL: ...", with
// a hint to start one) or does not answer within the timeout; kIo for a
// reply over max_body_bytes or a broken transfer.
Result<HttpReply> Send(const HttpRequest& request);

}  // namespace hawk::cli
