// The coordinator's HTTP API (DESIGN.md §5), independent of the socket
// layer: the server (server.h) turns each HTTP request into an ApiRequest
// and writes back the ApiResponse, so every route is testable without a
// network.
//
// Auth: every route needs `Authorization: Bearer <client token>` (or
// `?access_token=<client token>`, for a browser); the worker WebSocket needs
// the worker token instead. Tokens are compared in constant time. Missing or
// wrong: 401 with `WWW-Authenticate: Bearer`.
//
// Routes (JSON in and out; errors are {"error": {"message", "where", "hint"}}
// with 400 for bad input, 404 for unknown ids, 409 for a state that forbids
// the request, 413 for a body over the limit):
//   GET  /healthz                          {"status":"ok", ...}
//   GET  /metrics                          Prometheus text format 0.0.4
//   GET  /                                 the dashboard (HTML)
//   GET  /api/v1/workers                   {"workers":[{worker_id, hostname, online, connected,
//                                            draining, last_seen, labels, cpu_slots,
//                                            cpu_utilization, memory_utilization,
//                                            running_attempts, devices:[{device_id, class,
//                                            model, vendor, utilization, memory_utilization,
//                                            temperature_celsius, quarantined}]}]}
//   GET  /api/v1/workers/{id}              one worker
//   POST /api/v1/workers/{id}/drain        202 {"worker_id"}
//   GET  /api/v1/devices                   {"devices":[{worker_id, device_id, ...}]}
//   POST /api/v1/workloads                 body: the spec (YAML or JSON); ?name=<source name>
//                                          201 {"workload_id"}; 400 with the spec's diagnostics
//   GET  /api/v1/workloads                 {"workloads":[{workload_id, name, status, reason,
//                                            submitted_at, finished_at, progress:{total,
//                                            succeeded, failed, skipped, cancelled, running}}]}
//   GET  /api/v1/workloads/{id}[?units=false]  one workload plus "units":[{unit_id, task_id, state,
//                                            note, attempts:[attempt ids]}]
//   POST /api/v1/workloads/{id}/cancel     202
//   GET  /api/v1/tasks[?workload=ID]       {"tasks":[{workload_id, unit_id, task_id, state, note,
//                                            attempt_id?, worker_id?}]}
//   GET  /api/v1/attempts[?workload=ID]    {"attempts":[AttemptView as JSON]}
//   GET  /api/v1/attempts/{id}             one attempt
//   GET  /api/v1/attempts/{id}/log[?offset=N]
//                                          text/plain: the output from byte N; headers
//                                          X-Hawk-Log-Size (bytes so far) and X-Hawk-Attempt-Done
//                                          ("true" once the attempt has ended)
//   GET  /api/v1/explain/{workload}/{unit} {"unit_id", "state", "text", ...}
//   GET  /api/v1/events[?after=SEQ&limit=N] {"events":[{seq, ts, type, workload_id?, task_id?,
//                                            attempt_id?, payload}]}
//   GET  /api/v1/alerts                    {"alerts":[...]} (table hardware_alerts)
//   GET  /api/v1/metrics/utilization[?worker=W&metric=M&since=ISO&until=ISO]
//                                          {"samples":[{ts, worker_id, device_id?, metric, value}]}
// Times are ISO 8601 UTC strings.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "coord/coordinator.h"

namespace hawk::coord {

struct ApiRequest {
  std::string method;         // "GET", "POST", ...
  std::string target;         // path and query: "/api/v1/tasks?workload=w1"
  std::string authorization;  // the Authorization header, as sent
  std::string body;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;  // extra headers
};

struct ApiTokens {
  std::string client;  // REST, /metrics, /healthz, the dashboard
  std::string worker;  // the worker WebSocket
};

// Equal in constant time (for equal lengths; a length mismatch is false).
bool TokensEqual(std::string_view a, std::string_view b);
// The token of "Bearer <token>", or of ?access_token= in `target`; empty when none.
std::string PresentedToken(std::string_view authorization, std::string_view target);

// An error answer, {"error": {"message", "where", "hint"}}, with `status`;
// for an Error, the status its code calls for (kInvalidArgument 400,
// kNotFound 404, kAlreadyExists and kBusy 409, kUnavailable 503, else 500).
ApiResponse ErrorReply(int status, const std::string& message, const std::string& where = "",
                       const std::string& hint = "");
ApiResponse ErrorReply(const Error& e);

// Serves one request. Messages the request causes for workers (a cancel, a
// drain) are added to `out`.
ApiResponse HandleApi(Coordinator& coordinator, const ApiTokens& tokens, const ApiRequest& request,
                      Outbox& out);

}  // namespace hawk::coord
