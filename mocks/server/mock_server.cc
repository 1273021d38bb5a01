#include "mocks/server/mock_server.h"

#include <chrono>

#include <fmt/format.h>

#include "mocks/common/json_limits.h"
#include "mocks/server/internal/server_clock.h"
#include "src/encoding.h"

namespace lockstep::mocks {
namespace {

using internal::WallNow;

using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// Over HTTP the name-search lag applies to every client, the writer included: Drive's index does
// not favour the writer (kopia/kopia#90). Writes and reads use different identities to get that.
// They are the first two execution ids: the models keep a random stream per id up to the highest
// one used (mocks/common/rng.h), and ids of a million made every server fill three million of
// them on its first write (found by the fuzz targets: about 0.5 s a server under ASan).
constexpr ExecutionId kHttpWriter = 0;
constexpr ExecutionId kHttpReader = 1;
constexpr int64_t kLatencyBucketsMs[] = {1, 5, 10, 50, 100, 500, 1000, 5000};

HttpResponse JsonBody(const Json& j, int status = 200) {
  HttpResponse r;
  r.status = status;
  r.body = j.dump();
  return r;
}

// The route template of a path, for metrics labels (ids replaced).
std::string Route(const HttpRequest& r) {
  const std::string& p = r.path;
  std::string route;
  if (p == "/drive/v3/files" || p == "/upload/drive/v3/files" || p == "/drive/v3/files/generateIds" ||
      p == "/metrics") {
    route = p;
  } else if (p.rfind("/drive/v3/files/", 0) == 0) {
    route = "/drive/v3/files/{id}";
  } else if (p.rfind("/upload/drive/v3/files/", 0) == 0) {
    route = "/upload/drive/v3/files/{id}";
  } else if (p == "/v4/spreadsheets") {
    route = p;
  } else if (p.rfind("/v4/spreadsheets/", 0) == 0) {
    const size_t values = p.find("/values");
    const std::string tail = values == std::string::npos ? p.substr(p.find_first_of(":", 17) == std::string::npos
                                                                        ? p.size() : p.find_first_of(":", 17))
                                                         : p.substr(values);
    if (tail.rfind("/values/", 0) == 0) {
      const size_t verb = tail.rfind(':');
      const std::string v = verb == std::string::npos ? "" : tail.substr(verb);
      route = "/v4/spreadsheets/{id}/values/{range}" + std::string(v == ":append" || v == ":clear" ? v : "");
    } else {
      route = "/v4/spreadsheets/{id}" + tail;
    }
  } else if (p.rfind("/v1/", 0) == 0) {
    // /v1/pages/{id}/properties/{id} -> /v1/pages/{id}/properties/{id}: every second segment is an id.
    route = "/v1";
    size_t i = 4;
    for (int segment = 0; i <= p.size(); ++segment) {
      const size_t slash = p.find('/', i);
      const size_t end = slash == std::string::npos ? p.size() : slash;
      if (end > i) route += segment % 2 == 0 ? "/" + p.substr(i, end - i) : "/{id}";
      i = end + 1;
    }
  } else if (p.rfind("/__admin/", 0) == 0) {
    route = "/__admin";
  } else {
    route = "other";
  }
  return r.method + " " + route;
}

bool IsSheets(const HttpRequest& r) { return r.path.rfind("/v4/spreadsheets", 0) == 0; }
bool IsNotion(const HttpRequest& r) { return r.path.rfind("/v1/", 0) == 0; }

// An error in the shape of the API the request went to. For Notion, a rule's reason is the error
// code unless it is Drive's default ("backendError"); a 429 carries Retry-After.
HttpResponse ApiError(const HttpRequest& r, int code, std::string_view reason, std::string_view message) {
  if (IsNotion(r)) {
    HttpResponse e = NotionError(code, reason.empty() || reason == "backendError" ? NotionCodeFor(code) : reason, message);
    if (code == 429) e.headers["retry-after"] = "1";
    return e;
  }
  return IsSheets(r) ? SheetsError(code, message) : DriveError(code, reason, message);
}

std::string BearerOf(const HttpRequest& r) {
  const std::string auth = r.Header("authorization");
  return auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : r.Param("key").value_or("anonymous");
}

bool Authorized(const HttpRequest& r, const std::string& token) {
  if (token.empty()) return true;
  if (r.Header("authorization") == "Bearer " + token) return true;
  std::optional<std::string> key = r.Param("key");
  return key && *key == token;
}

// The part of a request that is not UTF-8 ("the path", "query parameter x", "header x"), or "":
// such bytes could not be named in any JSON answer, state snapshot or journal entry.
std::string NonUtf8Part(const HttpRequest& r) {
  if (!IsValidUtf8(r.method)) return "the method";
  if (!IsValidUtf8(r.path)) return "the path";
  for (const auto& [name, value] : r.query) {
    if (!IsValidUtf8(name)) return "a query parameter's name";
    if (!IsValidUtf8(value)) return fmt::format("query parameter {}", name);
  }
  for (const auto& [name, value] : r.headers) {
    if (!IsValidUtf8(name)) return "a header's name";
    if (!IsValidUtf8(value)) return fmt::format("header {}", name);
  }
  return "";
}

// `s` with every byte that is not UTF-8 replaced by U+FFFD, for the journal.
std::string LossyUtf8(const std::string& s) {
  if (IsValidUtf8(s)) return s;
  return Json::parse(Json(s).dump(-1, ' ', false, Json::error_handler_t::replace)).get<std::string>();
}

}  // namespace

MockServer::MockServer(MockServerOptions options)
    : options_(std::move(options)),
      drive_model_(options_.drive),
      drive_(drive_model_, options_.service),
      sheets_model_(options_.seed),
      sheets_(sheets_model_, drive_model_, options_.sheets),
      notion_model_(options_.notion, options_.seed),
      notion_(notion_model_, options_.notion_service, options_.seed),
      chaos_(options_.seed),
      latency_buckets_(std::size(kLatencyBucketsMs) + 1, 0) {
  drive_model_.Reset(WallNow(), options_.seed);
  deferred_thread_ = std::thread([this] { RunDeferred(); });
}

MockServer::~MockServer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  deferred_cv_.notify_all();
  deferred_thread_.join();
}

void MockServer::RunDeferred() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (deferred_.empty()) {
      deferred_cv_.wait(lock);
      continue;
    }
    const auto due = deferred_.front().due;
    if (SteadyClock::now() < due) {
      deferred_cv_.wait_until(lock, due);
      continue;
    }
    HttpRequest r = std::move(deferred_.front().request);
    deferred_.pop_front();
    Api(r);  // the fail-then-commit fault's late commit
  }
}

HttpResponse MockServer::Api(const HttpRequest& r) {
  const bool write = r.method != "GET";
  const ExecutionId caller = write ? kHttpWriter : kHttpReader;
  const std::string user = r.Param("key").value_or("bearer");
  if (IsSheets(r)) return sheets_.Handle(r, caller, WallNow(), user);
  if (IsNotion(r)) return notion_.Handle(r, WallNow(), BearerOf(r));
  return drive_.Handle(r, caller, WallNow(), user);
}

void MockServer::Record(const HttpRequest& r, std::string route, int status, const std::string& fault,
                        int64_t micros) {
  // Only the path is journaled: query strings may carry the token (?key=) and headers never are.
  journal_.push_back({next_seq_++, FormatRfc3339(WallNow()), r.method, r.path, status, fault, micros});
  while (journal_.size() > options_.journal_max) journal_.pop_front();
  ++requests_[{std::move(route), status}];
  const int64_t ms = micros / 1000;
  size_t b = 0;
  while (b < std::size(kLatencyBucketsMs) && ms > kLatencyBucketsMs[b]) ++b;
  ++latency_buckets_[b];
  latency_sum_s_ += micros / 1e6;
  ++latency_count_;
}

ServedResponse MockServer::Handle(const HttpRequest& r) {
  const auto start = SteadyClock::now();
  auto micros = [&start] {
    return std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
  };
  if (const std::string bad = NonUtf8Part(r); !bad.empty()) {
    ServedResponse out{ApiError(r, 400, IsNotion(r) ? "invalid_request" : "badRequest",
                                fmt::format("Invalid request: {} is not valid UTF-8", bad)),
                       false};
    HttpRequest journaled;
    journaled.method = LossyUtf8(r.method);
    journaled.path = LossyUtf8(r.path);
    std::lock_guard<std::mutex> lock(mu_);
    Record(journaled, Route(journaled), 400, "", micros());
    return out;
  }
  if (r.path == "/__admin/check" && r.method == "GET") return Check(r);
  if (r.path == "/metrics" || r.path.rfind("/__admin/", 0) == 0) return Admin(r);
  if (!Authorized(r, options_.token)) {
    ServedResponse out{IsNotion(r) ? NotionError(401, "unauthorized", "API token is invalid.")
                       : IsSheets(r) ? SheetsError(401, "Request had invalid authentication credentials. Expected "
                                                      "OAuth 2 access token, login cookie or other valid "
                                                      "authentication credential.")
                                   : DriveError(401, "authError", "Invalid Credentials", "Authorization", "header"),
                       false};
    std::lock_guard<std::mutex> lock(mu_);
    Record(r, Route(r), 401, "", micros());
    return out;
  }
  // One critical section for the fault decision, the call and its record (left only to sleep a
  // latency fault): 64 connections on two cores queue on this mutex, and each acquisition that
  // finds it taken costs a sleep and a wake-up.
  std::string route = Route(r);  // outside the lock
  std::unique_lock<std::mutex> lock(mu_);
  const std::optional<FaultDecision> fault = chaos_.Decide(r.method, r.path, r.body);
  const std::string fault_name = fault ? std::string(FaultActionName(fault->rule.action)) : "";
  if (fault) ++faults_fired_[fault_name];
  if (fault && (fault->rule.action == FaultAction::kLatency || fault->rule.action == FaultAction::kTimeout)) {
    lock.unlock();
    std::this_thread::sleep_for(fault->rule.delay);  // without the lock
    lock.lock();
  }
  ServedResponse out;
  if (fault && fault->rule.action == FaultAction::kRespond) {
    out.response = ApiError(r, fault->rule.status, fault->rule.reason, "Injected fault");
  } else if (fault && fault->rule.action == FaultAction::kFailThenCommit) {
    out.response = ApiError(r, fault->rule.status, fault->rule.reason, "Injected fault (the call commits later)");
    deferred_.push_back({SteadyClock::now() + fault->rule.delay, r});
    deferred_cv_.notify_all();
  } else {
    out.response = Api(r);
    if (fault && fault->rule.action == FaultAction::kCommitThenFail) {
      out.drop_connection = fault->rule.drop_connection;
      out.response = ApiError(r, fault->rule.status, fault->rule.reason, "Injected fault (the call committed)");
    }
  }
  Record(r, std::move(route), out.drop_connection ? 0 : out.response.status, fault_name, micros());
  return out;
}

void MockServer::FlushDeferredLocked() {
  while (!deferred_.empty()) {
    HttpRequest late = std::move(deferred_.front().request);
    deferred_.pop_front();
    Api(late);
  }
}

ServedResponse MockServer::Check(const HttpRequest& r) {
  ServedResponse out;
  if (!options_.check) {
    out.response = DriveError(404, "notFound", "no checkers: this server was started without a scenario "
                                               "(lockstep serve --scenario FILE)");
    return out;
  }
  Json state;
  {
    std::lock_guard<std::mutex> lock(mu_);
    FlushDeferredLocked();  // the late commits land before the checkers look, as in simulation
    state = StateLocked();
  }
  out.response = options_.check(state, r);
  return out;
}

ServedResponse MockServer::Admin(const HttpRequest& r) {
  std::lock_guard<std::mutex> lock(mu_);
  ServedResponse out;
  if (JsonNestingDepth(r.body) > kJsonNestingMax) {
    out.response = DriveError(400, "parseError", fmt::format("the body nests deeper than {} levels", kJsonNestingMax));
    return out;
  }
  if (r.path == "/metrics" && r.method == "GET") {
    out.response.content_type = "text/plain; version=0.0.4";
    out.response.body = MetricsText();
    return out;
  }
  if (r.path == "/__admin/reset" && r.method == "POST") {
    drive_model_.Reset(WallNow(), options_.seed);
    sheets_model_.Reset(options_.seed);
    notion_model_.Reset(options_.seed);
    notion_.Reset(options_.seed);
    chaos_.Clear();
    journal_.clear();
    deferred_.clear();
    out.response = JsonBody({{"status", "ok"}});
    return out;
  }
  if (r.path == "/__admin/flush" && r.method == "POST") {  // every pending late commit lands now
    const int64_t applied = static_cast<int64_t>(deferred_.size());
    FlushDeferredLocked();
    out.response = JsonBody({{"applied", applied}});
    return out;
  }
  if (r.path == "/__admin/knobs" && r.method == "PUT") {
    Json j = Json::parse(r.body, nullptr, false);
    Status s = j.is_discarded() ? Status(StatusCode::kInvalidArgument, 400, "parseError", "knobs: expected JSON")
                                : SetKnobs(j);
    out.response = s.ok() ? JsonBody({{"status", "ok"}}) : DriveError(s);
    return out;
  }
  if (r.path == "/__admin/state" && r.method == "GET") {
    out.response = JsonBody(StateLocked());
    return out;
  }
  if (r.path == "/__admin/state" && r.method == "PUT") {
    Json j = Json::parse(r.body, nullptr, false);
    Status s = j.is_discarded() ? Status(StatusCode::kInvalidArgument, 400, "parseError", "state: expected JSON")
                                : LoadStateLocked(j);
    out.response = s.ok() ? JsonBody({{"status", "ok"}}) : DriveError(s);
    return out;
  }
  if (r.path == "/__admin/faults") {
    if (r.method == "GET") {
      out.response = JsonBody(chaos_.Rules());
    } else if (r.method == "DELETE") {
      chaos_.Clear();
      out.response = JsonBody({{"status", "ok"}});
    } else if (r.method == "POST") {
      Json j = Json::parse(r.body, nullptr, false);
      Json ids = Json::array();
      Status error;
      for (const Json& rule : j.is_array() ? j : Json::array({j})) {
        StatusOr<int> id = chaos_.AddRule(rule);
        if (!id.ok()) {
          error = id.status();
          break;
        }
        ids.push_back(*id);
      }
      out.response = error.ok() ? JsonBody({{"ids", ids}}) : DriveError(error);
    } else {
      out.response = DriveError(405, "methodNotAllowed", "GET, POST or DELETE");
    }
    return out;
  }
  if (r.path.rfind("/__admin/faults/", 0) == 0 && r.method == "DELETE") {
    const bool removed = chaos_.RemoveRule(std::atoi(r.path.substr(16).c_str()));
    out.response = removed ? JsonBody({{"status", "ok"}}) : DriveError(404, "notFound", "No such fault rule");
    return out;
  }
  if (r.path == "/__admin/journal" && r.method == "GET") {
    const int64_t since = std::atoll(r.Param("since").value_or("0").c_str());
    const int64_t limit = std::max<int64_t>(1, std::atoll(r.Param("limit").value_or("1000").c_str()));
    Json entries = Json::array();
    for (const JournalEntry& e : journal_) {
      if (e.seq <= since) continue;
      if (static_cast<int64_t>(entries.size()) >= limit) break;
      entries.push_back({{"seq", e.seq}, {"time", e.time}, {"method", e.method}, {"path", e.path},
                         {"status", e.status}, {"fault", e.fault.empty() ? Json() : Json(e.fault)},
                         {"micros", e.micros}});
    }
    out.response = JsonBody({{"next_seq", next_seq_}, {"entries", entries}});
    return out;
  }
  out.response = DriveError(404, "notFound", "No such admin endpoint");
  return out;
}

HttpResponse ApiErrorFor(const HttpRequest& r, int code, std::string_view reason, std::string_view message) {
  return ApiError(r, code, reason, message);
}

Status MockServer::SetKnobs(const Json& j) {
  auto bad = [](const std::string& what) { return Status(StatusCode::kInvalidArgument, 400, "invalid", "knobs: " + what); };
  if (!j.is_object()) return bad("expected {\"notion\": {...}, \"drive\": {...}, \"sheets\": {...}}");
  try {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const Json& k = it.value();
      if (it.key() == "notion") {
        NotionKnobs m = notion_model_.knobs();
        NotionServiceKnobs sv = notion_.knobs();
        for (auto f = k.begin(); f != k.end(); ++f) {
          if (f.key() == "requests_per_second") sv.requests_per_second = f->get<double>();
          else if (f.key() == "burst") sv.burst = f->get<double>();
          else if (f.key() == "search_lag_ms") m.search_lag = Duration(f->get<int64_t>());
          else if (f.key() == "conflict_window_ms") m.conflict_window = Duration(f->get<int64_t>());
          else if (f.key() == "round_timestamps_to_minute") m.round_timestamps_to_minute = f->get<bool>();
          else return bad("unknown notion knob '" + f.key() + "'");
        }
        notion_model_.set_knobs(m);
        notion_.set_knobs(sv);
      } else if (it.key() == "sheets") {
        SheetsServiceKnobs sv = sheets_.knobs();
        for (auto f = k.begin(); f != k.end(); ++f) {
          if (f.key() == "read_requests_per_minute") sv.read_requests_per_minute = f->get<int64_t>();
          else if (f.key() == "write_requests_per_minute") sv.write_requests_per_minute = f->get<int64_t>();
          else return bad("unknown sheets knob '" + f.key() + "'");
        }
        sheets_.set_knobs(sv);
      } else if (it.key() == "drive") {
        DriveServiceKnobs sv = drive_.knobs();
        DriveKnobs m = drive_model_.knobs();
        for (auto f = k.begin(); f != k.end(); ++f) {
          if (f.key() == "requests_per_window") sv.requests_per_window = f->get<int64_t>();
          else if (f.key() == "window_ms") sv.window = Duration(f->get<int64_t>());
          else if (f.key() == "rate_limit_as_429") sv.rate_limit_as_429 = f->get<bool>();
          else if (f.key() == "name_index_lag_ms") m.name_index_lag_min = m.name_index_lag_max = Duration(f->get<int64_t>());
          else if (f.key() == "move_touches_parents") m.move_touches_parents = f->get<bool>();
          else return bad("unknown drive knob '" + f.key() + "'");
        }
        drive_.set_knobs(sv);
        drive_model_.set_knobs(m);
      } else {
        return bad("unknown service '" + it.key() + "'");
      }
    }
  } catch (const Json::exception& e) {
    return bad(e.what());
  }
  return Status();
}

StatusOr<int> MockServer::AddFault(const Json& rule) {
  std::lock_guard<std::mutex> lock(mu_);
  return chaos_.AddRule(rule);
}

std::string MockServer::MetricsText() {
  std::string out = "# HELP lockstep_mock_requests_total Requests by route and status (0: connection dropped).\n"
                    "# TYPE lockstep_mock_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += fmt::format("lockstep_mock_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first, key.second, n);
  }
  out += "# HELP lockstep_mock_faults_fired_total Injected faults by action.\n# TYPE lockstep_mock_faults_fired_total counter\n";
  for (const auto& [action, n] : faults_fired_) {
    out += fmt::format("lockstep_mock_faults_fired_total{{action=\"{}\"}} {}\n", action, n);
  }
  out += "# HELP lockstep_mock_request_seconds Request handling time.\n# TYPE lockstep_mock_request_seconds histogram\n";
  int64_t cumulative = 0;
  for (size_t b = 0; b < latency_buckets_.size(); ++b) {
    cumulative += latency_buckets_[b];
    const std::string le = b < std::size(kLatencyBucketsMs) ? fmt::format("{}", kLatencyBucketsMs[b] / 1000.0) : "+Inf";
    out += fmt::format("lockstep_mock_request_seconds_bucket{{le=\"{}\"}} {}\n", le, cumulative);
  }
  out += fmt::format("lockstep_mock_request_seconds_sum {:.6f}\nlockstep_mock_request_seconds_count {}\n",
                     latency_sum_s_, latency_count_);
  return out;
}

}  // namespace lockstep::mocks
