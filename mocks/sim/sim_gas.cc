#include "mocks/sim/sim_gas.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "mocks/sim/sim_http_exchange.h"
#include "mocks/sim/sim_notion.h"

namespace lockstep::mocks {
namespace {

uint64_t CacheResource(int deployment, CacheScope scope, std::string_view key) {
  return ResourceKey(key, static_cast<uint64_t>(deployment) * 2 + (scope == CacheScope::kUser ? 1 : 0));
}

void Count(CallStats* stats, Endpoint e, bool failed) {
  if (stats != nullptr) stats->Count(e, failed);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

StatusOr<std::optional<std::string>> SimCache::Get(CacheScope scope, std::string_view key) {
  ctx_.BeforeCall(Duration(0), Op::Cache(false, CacheResource(deployment_, scope, key)));
  std::optional<std::string> v =
      model_.Get({deployment_, scope}, key, ctx_.Now(), ActorStream(rngs_, seed_, "cache.evict", ctx_.Current()));
  if (ctx_.Tracing()) ctx_.TraceStep("cache.get", std::string(key), v ? *v : "null");
  return v;
}

StatusOr<std::map<std::string, std::string>> SimCache::GetAll(CacheScope scope, const std::vector<std::string>& keys) {
  ctx_.BeforeCall(Duration(0), Op::Cache(false, 0));
  std::map<std::string, std::string> out;
  for (const std::string& k : keys) {
    std::optional<std::string> v =
        model_.Get({deployment_, scope}, k, ctx_.Now(), ActorStream(rngs_, seed_, "cache.evict", ctx_.Current()));
    if (v) out.emplace(k, std::move(*v));
  }
  if (ctx_.Tracing()) ctx_.TraceStep("cache.get_all", fmt::format("{} keys", keys.size()), fmt::format("{} found", out.size()));
  return out;
}

Status SimCache::Put(CacheScope scope, const std::map<std::string, std::string>& values, Duration ttl) {
  const uint64_t resource = values.size() == 1 ? CacheResource(deployment_, scope, values.begin()->first) : 0;
  ctx_.BeforeCall(Duration(0), Op::Cache(true, resource));
  for (const auto& [k, v] : values) model_.Put({deployment_, scope}, k, v, ctx_.Now() + ttl);
  if (ctx_.Tracing()) {
    ctx_.TraceStep("cache.put", values.size() == 1 ? values.begin()->first : fmt::format("{} keys", values.size()),
                   fmt::format("ttl {} s", ttl.count() / 1000));
  }
  return Status();
}

Status SimCache::Remove(CacheScope scope, const std::vector<std::string>& keys) {
  ctx_.BeforeCall(Duration(0), Op::Cache(true, keys.size() == 1 ? CacheResource(deployment_, scope, keys[0]) : 0));
  for (const std::string& k : keys) model_.Remove({deployment_, scope}, k);
  if (ctx_.Tracing()) ctx_.TraceStep("cache.remove", fmt::format("{} keys", keys.size()), "ok");
  return Status();
}

StatusOr<TriggerRecord> SimTriggers::Create(std::string_view handler, std::string_view spec) {
  ctx_.BeforeCall(Duration(0), Op::Triggers(true));
  TriggerRecord t = model_.Create(deployment_, handler, spec);
  if (ctx_.Tracing()) ctx_.TraceStep("script.trigger.create", fmt::format("{} {}", handler, spec), t.id);
  return t;
}

StatusOr<std::vector<TriggerRecord>> SimTriggers::List() {
  ctx_.BeforeCall(Duration(0), Op::Triggers(false));
  std::vector<TriggerRecord> out = model_.List(deployment_);
  if (ctx_.Tracing()) ctx_.TraceStep("script.trigger.list", "", fmt::format("{} triggers", out.size()));
  return out;
}

Status SimTriggers::Delete(std::string_view id) {
  ctx_.BeforeCall(Duration(0), Op::Triggers(true));
  model_.Delete(deployment_, id);
  if (ctx_.Tracing()) ctx_.TraceStep("script.trigger.delete", std::string(id), "ok");
  return Status();
}

bool ParseFetchUrl(std::string_view url, std::string& host, HttpRequest& request) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  const std::string protocol = Lower(url.substr(0, scheme));
  if (protocol != "https" && protocol != "http") return false;
  std::string_view rest = url.substr(scheme + 3);
  const size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  if (const size_t colon = authority.find(':'); colon != std::string_view::npos) authority = authority.substr(0, colon);
  if (authority.empty()) return false;
  host = Lower(authority);
  if (const size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  if (rest.empty() || rest[0] != '/') rest = "/";
  const std::string method = request.method;
  request = ParseTarget(method, rest);
  if (request.path.empty()) request.path = "/";
  return true;
}

SimUrlFetch::SimUrlFetch(SimContext& ctx, LatencyKnob latency, std::map<std::string, Handler> hosts,
                         std::vector<FaultRule> rules, CallStats* stats)
    : ctx_(ctx), latency_(latency), hosts_(std::move(hosts)), stats_(stats) {
  set_rules(std::move(rules));
}

void SimUrlFetch::set_rules(std::vector<FaultRule> rules) {
  chaos_.Clear();
  has_rules_ = !rules.empty();
  for (FaultRule& r : rules) chaos_.AddRule(std::move(r));
}

void SimUrlFetch::Reset(uint64_t seed) {
  seed_ = seed;
  latency_rngs_.clear();
  fault_rngs_.clear();
  deferred_.clear();
  chaos_.Restart(seed);
}

void SimUrlFetch::ApplyDue(Instant now) {
  while (!deferred_.empty()) {
    auto it = std::min_element(deferred_.begin(), deferred_.end(),
                               [](const Deferred& a, const Deferred& b) { return a.due < b.due; });
    if (it->due > now) return;
    Deferred d = std::move(*it);
    deferred_.erase(it);
    hosts_.at(d.host)(d.request, d.caller, d.due);  // the late commit; nobody reads its answer
  }
}

void SimUrlFetch::FlushDeferred() { ApplyDue(Instant::max()); }

StatusOr<FetchResponse> SimUrlFetch::Fetch(const FetchRequest& fr) {
  std::string host;
  HttpRequest request;
  request.method = fr.method;
  if (!ParseFetchUrl(fr.url, host, request)) {
    return Status(StatusCode::kInvalidArgument, 0, "url", fmt::format("Invalid argument: {}", fr.url));
  }
  for (const auto& [name, value] : fr.headers) request.headers[Lower(name)] = value;
  request.body = fr.body;
  const bool notion = host == "api.notion.com";
  const bool write = fr.method != "GET" && fr.method != "HEAD" && request.path.find("/query") == std::string::npos &&
                     request.path != "/v1/search";
  const Op op = notion ? Op::Notion(write)
                : host == "sheets.googleapis.com" ? Op::Sheets(write)
                : host == "www.googleapis.com" ? Op::Drive(write)
                                               : Op::Local();
  std::optional<FaultDecision> fault;
  if (has_rules_) {
    fault = chaos_.Decide(fr.method, request.path, fr.body, &ActorStream(fault_rngs_, seed_, "fetch.faults", ctx_.Current()));
  }
  Duration extra{0};
  if (fault && (fault->rule.action == FaultAction::kLatency || fault->rule.action == FaultAction::kTimeout)) {
    extra = fault->rule.delay;
  }
  ctx_.BeforeCall(DrawLatency(latency_, latency_rngs_, seed_, "fetch.latency", ctx_.Current()) + extra, op);
  ApplyDue(ctx_.Now());
  const Endpoint endpoint = notion ? (write ? Endpoint::kNotionWrite : Endpoint::kNotionRead) : Endpoint::kUrlFetch;
  auto route = hosts_.find(host);
  if (route == hosts_.end()) {
    Count(stats_, endpoint, true);
    if (ctx_.Tracing()) ctx_.TraceStep("fetch." + fr.method, fr.url, "refused: no such host here");
    return Status(StatusCode::kNotFound, 0, "dns",
                  fmt::format("Address unavailable: {} (lockstep serves api.notion.com, www.googleapis.com and "
                              "sheets.googleapis.com; nothing leaves the machine)", fr.url));
  }
  HttpResponse r;
  bool applied = true;
  if (fault && fault->rule.action == FaultAction::kRespond) {
    applied = false;
  } else if (fault && fault->rule.action == FaultAction::kFailThenCommit) {
    applied = false;
    deferred_.push_back(Deferred{ctx_.Now() + fault->rule.delay, ctx_.Current(), host, request});
  } else {
    r = route->second(request, ctx_.Current(), ctx_.Now());
  }
  FetchResponse out;
  if (fault && fault->rule.action != FaultAction::kLatency) {
    const FaultRule& rule = fault->rule;
    if (rule.drop_connection || rule.action == FaultAction::kTimeout) {
      Count(stats_, endpoint, true);
      if (ctx_.Tracing()) ctx_.TraceStep("fetch." + fr.method, fr.url, fmt::format("{} ({})", FaultActionName(rule.action), applied ? "applied" : "not applied"));
      return rule.action == FaultAction::kTimeout
                 ? Status(StatusCode::kDeadlineExceeded, 0, "timeout", fmt::format("Timeout: {}", fr.url))
                 : Status(StatusCode::kUnavailable, 0, "connection", fmt::format("Address unavailable: {}", fr.url));
    }
    out.status = rule.status;
    out.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    out.body = notion ? nlohmann::json{{"object", "error"}, {"status", rule.status}, {"code", rule.reason},
                                       {"message", "injected by lockstep"}}.dump()
                      : nlohmann::json{{"error", {{"code", rule.status}, {"message", rule.reason}}}}.dump();
  } else {
    out.status = r.status;
    out.headers.emplace_back("Content-Type", r.content_type);
    for (const auto& [name, value] : r.headers) out.headers.emplace_back(name, value);
    out.body = std::move(r.body);
  }
  Count(stats_, endpoint, out.status >= 300);
  if (ctx_.Tracing()) {
    // Notion and Sheets requests are named as the C++ core's are ("notion.POST search").
    const bool sheets = host == "sheets.googleapis.com";
    std::string what = notion && request.path.rfind("/v1/", 0) == 0 ? request.path.substr(4) : request.path;
    ctx_.TraceStep((notion ? "notion." : sheets ? "sheets." : "fetch.") + fr.method, std::move(what),
                   fault ? fmt::format("{} ({})", out.status, FaultActionName(fault->rule.action)) : std::to_string(out.status));
  }
  return out;
}

}  // namespace lockstep::mocks
