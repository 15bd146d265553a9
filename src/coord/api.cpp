#include "coord/api.h"

#include <charconv>
#include <fstream>

#include "coord/api_views.h"
#include "coord/dashboard.h"
#include "coord/metrics_text.h"

namespace hawk::coord {
namespace {

using Json = nlohmann::ordered_json;

struct Target {
  std::vector<std::string> segments;  // "/api/v1/tasks" -> api, v1, tasks
  std::map<std::string, std::string> query;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

Target ParseTarget(std::string_view target) {
  Target t;
  const std::size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    if (slash != 0) t.segments.push_back(PercentDecode(path.substr(0, slash)));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  if (q == std::string_view::npos) return t;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    t.query[PercentDecode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return t;
}

ApiResponse JsonReply(int status, const Json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

}  // namespace

ApiResponse ErrorReply(int status, const std::string& message, const std::string& where,
                       const std::string& hint) {
  return JsonReply(status,
                   Json{{"error", Json{{"message", message}, {"where", where}, {"hint", hint}}}});
}

ApiResponse ErrorReply(const Error& e) {
  int status = 500;
  switch (e.code) {
    case ErrorCode::kInvalidArgument: status = 400; break;
    case ErrorCode::kNotFound: status = 404; break;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kBusy: status = 409; break;
    case ErrorCode::kUnavailable: status = 503; break;
    default: break;
  }
  return ErrorReply(status, e.message, e.where, e.hint);
}

namespace {

ApiResponse NotFound(const std::string& what) {
  return ErrorReply(404, what, "", "see the routes in docs/coordinator.md");
}

std::optional<std::int64_t> Number(const std::map<std::string, std::string>& q, const char* key) {
  const auto it = q.find(key);
  if (it == q.end()) return std::nullopt;
  std::int64_t n = 0;
  const auto [end, ec] =
      std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
  if (ec != std::errc() || end != it->second.data() + it->second.size() || n < 0) return -1;
  return n;
}

ApiResponse Log(const Coordinator& c, const AttemptView& a, const Target& t) {
  const std::optional<std::int64_t> offset = Number(t.query, "offset");
  if (offset && *offset < 0) return ErrorReply(400, "offset: not a byte count", "?offset=");
  const auto from = static_cast<std::uint64_t>(offset.value_or(0));
  ApiResponse r;
  r.content_type = "text/plain; charset=utf-8";
  r.headers["X-Hawk-Log-Size"] = std::to_string(a.log_bytes);
  r.headers["X-Hawk-Attempt-Done"] = a.ended() ? "true" : "false";
  if (from >= a.log_bytes) return r;
  std::ifstream in(c.LogPath(a.attempt_id), std::ios::binary);
  in.seekg(static_cast<std::streamoff>(from));
  r.body.resize(a.log_bytes - from);
  in.read(r.body.data(), static_cast<std::streamsize>(r.body.size()));
  r.body.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return r;
}

ApiResponse Workers(const Coordinator& c, const Target& t) {
  const auto& s = t.segments;
  if (s.size() == 3) {
    Json list = Json::array();
    for (const engine::WorkerState& w : c.engine().Workers()) list.push_back(WorkerJson(c, w));
    return JsonReply(200, Json{{"workers", list}});
  }
  for (const engine::WorkerState& w : c.engine().Workers()) {
    if (w.profile.worker_id == s[3] && s.size() == 4) return JsonReply(200, WorkerJson(c, w));
  }
  return NotFound("no worker '" + s[3] + "'");
}

ApiResponse Get(Coordinator& c, const Target& t) {
  const auto& s = t.segments;
  const std::string& what = s[2];
  if (what == "workers") return Workers(c, t);
  if (what == "devices" && s.size() == 3) {
    Json list = Json::array();
    for (const engine::WorkerState& w : c.engine().Workers()) {
      Json wj = WorkerJson(c, w);
      for (Json& d : wj["devices"]) {
        d["worker_id"] = w.profile.worker_id;
        list.push_back(std::move(d));
      }
    }
    return JsonReply(200, Json{{"devices", list}});
  }
  if (what == "workloads") {
    if (s.size() == 3) {
      Json list = Json::array();
      for (const std::string& id : c.engine().WorkloadIds()) {
        list.push_back(WorkloadJson(*c.engine().FindWorkload(id), false, c));
      }
      return JsonReply(200, Json{{"workloads", list}});
    }
    const engine::WorkloadRun* w = c.engine().FindWorkload(s[3]);
    if (w == nullptr || s.size() != 4) return NotFound("no workload '" + s[3] + "'");
    const auto units = t.query.find("units");
    return JsonReply(200, WorkloadJson(*w, units == t.query.end() || units->second != "false", c));
  }
  if (what == "tasks" && s.size() == 3) {
    const auto it = t.query.find("workload");
    return JsonReply(200, Json{{"tasks", TaskRows(c, it == t.query.end() ? "" : it->second)}});
  }
  if (what == "attempts") {
    if (s.size() == 3) {
      const auto it = t.query.find("workload");
      Json list = Json::array();
      if (it == t.query.end()) {
        for (const auto& [id, a] : c.attempts()) list.push_back(AttemptJson(a));
      } else {
        for (const AttemptView* a : c.WorkloadAttempts(it->second)) list.push_back(AttemptJson(*a));
      }
      return JsonReply(200, Json{{"attempts", list}});
    }
    const AttemptView* a = c.FindAttempt(s[3]);
    if (a == nullptr) return NotFound("no attempt '" + s[3] + "'");
    if (s.size() == 4) return JsonReply(200, AttemptJson(*a));
    if (s.size() == 5 && s[4] == "log") return Log(c, *a, t);
    return NotFound("no such route");
  }
  if (what == "explain" && s.size() == 5) {
    const auto e = c.engine().Explain(s[3], s[4]);
    if (!e) return NotFound("no unit '" + s[4] + "' in workload '" + s[3] + "'");
    return JsonReply(200, Json{{"workload_id", s[3]},
                               {"unit_id", e->unit_id},
                               {"state", ToString(e->state)},
                               {"waiting_on", e->waiting_on ? Json(*e->waiting_on) : Json(nullptr)},
                               {"text", e->text}});
  }
  if (what == "events" && s.size() == 3) {
    const auto after = Number(t.query, "after");
    const auto limit = Number(t.query, "limit");
    if ((after && *after < 0) || (limit && *limit < 0)) {
      return ErrorReply(400, "after and limit are non-negative integers", "query");
    }
    auto rows =
        c.store().LoadEvents(after.value_or(0), static_cast<std::size_t>(limit.value_or(1000)));
    if (!rows) return ErrorReply(rows.error());
    Json list = Json::array();
    for (const EventRecord& e : *rows) list.push_back(EventJson(e));
    return JsonReply(200, Json{{"events", list}});
  }
  if (what == "alerts" && s.size() == 3) {
    if (const auto open = t.query.find("open"); open != t.query.end()) {
      if (open->second != "1" && open->second != "true") {
        return ErrorReply(400, "open takes 1 or true (the alerts open now)", "query");
      }
      Json list = Json::array();
      for (const Coordinator::OpenAlert& a : c.OpenAlerts()) list.push_back(OpenAlertJson(a));
      return JsonReply(200, Json{{"alerts", list}});
    }
    auto rows = c.store().ListAlerts(AlertQuery{});
    if (!rows) return ErrorReply(rows.error());
    Json list = Json::array();
    for (const HardwareAlertRecord& a : *rows) {
      list.push_back(Json{{"ts", FormatIso8601(a.ts)},
                          {"worker_id", a.worker_id},
                          {"device_id", a.device_id ? Json(*a.device_id) : Json(nullptr)},
                          {"resource", a.resource},
                          {"severity", a.severity},
                          {"state", ToString(a.state)},
                          {"value", a.value},
                          {"threshold", a.threshold},
                          {"message", a.message}});
    }
    return JsonReply(200, Json{{"alerts", list}});
  }
  if (what == "metrics" && s.size() == 4 && s[3] == "utilization") {
    UtilizationQuery q;
    if (auto it = t.query.find("worker"); it != t.query.end()) q.worker_id = it->second;
    if (auto it = t.query.find("metric"); it != t.query.end()) q.metric = it->second;
    auto rows = c.store().ListUtilization(q);
    if (!rows) return ErrorReply(rows.error());
    Json list = Json::array();
    for (const UtilizationSample& u : *rows) {
      list.push_back(Json{{"ts", FormatIso8601(u.ts)},
                          {"worker_id", u.worker_id},
                          {"device_id", u.device_id ? Json(*u.device_id) : Json(nullptr)},
                          {"metric", u.metric},
                          {"value", u.value}});
    }
    return JsonReply(200, Json{{"samples", list}});
  }
  if (what == "overview" && s.size() == 3) return JsonReply(200, OverviewJson(c));
  return NotFound("no such route");
}

ApiResponse Post(Coordinator& c, const Target& t, const std::string& body, Outbox& out) {
  const auto& s = t.segments;
  if (s[2] == "workloads" && s.size() == 3) {
    const auto name = t.query.find("name");
    auto id = c.Submit(body, name == t.query.end() ? "workload" : name->second);
    if (!id) return ErrorReply(id.error());
    return JsonReply(201, Json{{"workload_id", *id}});
  }
  if (s[2] == "workloads" && s.size() == 5 && s[4] == "cancel") {
    if (Status ok = c.Cancel(s[3], "cancelled by a client", out); !ok) {
      return ErrorReply(ok.error().code == ErrorCode::kInvalidArgument ? 409 : 404,
                        ok.error().message, ok.error().where, ok.error().hint);
    }
    return JsonReply(202, Json{{"workload_id", s[3]}});
  }
  if (s[2] == "workers" && s.size() == 5 && s[4] == "drain") {
    if (Status ok = c.Drain(s[3], out); !ok) return ErrorReply(ok.error());
    return JsonReply(202, Json{{"worker_id", s[3]}});
  }
  return NotFound("no such route");
}

}  // namespace

bool TokensEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

std::string PresentedToken(std::string_view authorization, std::string_view target) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() > kBearer.size() && authorization.starts_with(kBearer)) {
    return std::string(authorization.substr(kBearer.size()));
  }
  const Target t = ParseTarget(target);
  const auto it = t.query.find("access_token");
  return it == t.query.end() ? std::string() : it->second;
}

ApiResponse HandleApi(Coordinator& c, const ApiTokens& tokens, const ApiRequest& request,
                      Outbox& out) {
  const std::string presented = PresentedToken(request.authorization, request.target);
  if (presented.empty() || !TokensEqual(presented, tokens.client)) {
    ApiResponse r = ErrorReply(401, presented.empty() ? "no bearer token" : "wrong token", "",
                               "send `Authorization: Bearer <client token>`");
    r.headers["WWW-Authenticate"] = "Bearer realm=\"hawk\"";
    return r;
  }
  const Target t = ParseTarget(request.target);
  const auto& s = t.segments;
  if (request.method == "GET" && s.empty()) {
    ApiResponse r;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::string(DashboardHtml());
    return r;
  }
  if (request.method == "GET" && s.size() == 1 && s[0] == "healthz") {
    const std::string& error = c.last_store_error();
    return JsonReply(200, Json{{"status", error.empty() ? "ok" : "degraded"},
                               {"store_error", error.empty() ? Json(nullptr) : Json(error)},
                               {"workers_online", [&] {
                                  std::size_t n = 0;
                                  for (const SessionView& v : c.Sessions()) n += v.registered;
                                  return n;
                                }()}});
  }
  if (request.method == "GET" && s.size() == 1 && s[0] == "metrics") {
    ApiResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = MetricsText(c);
    return r;
  }
  if (s.size() < 3 || s[0] != "api" || s[1] != "v1") return NotFound("no such route");
  if (request.method == "GET") return Get(c, t);
  if (request.method == "POST") return Post(c, t, request.body, out);
  ApiResponse r = ErrorReply(405, "method " + request.method + " not allowed", request.target);
  r.headers["Allow"] = "GET, POST";
  return r;
}

}  // namespace hawk::coord
