#include "mocks/faults/chaos.h"

#include <fmt/format.h>

namespace lockstep::mocks {
namespace {

Status BadRule(const std::string& what) {
  return Status(StatusCode::kInvalidArgument, 400, "invalid", "fault rule: " + what);
}

}  // namespace

std::string_view FaultActionName(FaultAction a) {
  switch (a) {
    case FaultAction::kRespond: return "respond";
    case FaultAction::kLatency: return "latency";
    case FaultAction::kCommitThenFail: return "commit_then_fail";
    case FaultAction::kFailThenCommit: return "fail_then_commit";
    case FaultAction::kTimeout: return "timeout";
  }
  return "?";
}

StatusOr<int> Chaos::AddRule(const nlohmann::json& j) {
  StatusOr<FaultRule> r = ParseRule(j);
  if (!r.ok()) return r.status();
  return AddRule(*std::move(r));
}

int Chaos::AddRule(FaultRule r) {
  r.id = next_id_++;
  r.fired = 0;
  rules_.push_back(std::move(r));
  return rules_.back().id;
}

void Chaos::Restart(uint64_t seed) {
  rng_ = Rng::Stream(seed, "chaos");
  fired_total_ = 0;
  for (FaultRule& r : rules_) r.fired = 0;
}

StatusOr<FaultRule> Chaos::ParseRule(const nlohmann::json& j) {
  if (!j.is_object()) return BadRule("expected a JSON object");
  static const char* kKeys[] = {"method", "path_prefix", "body_contains", "count", "probability", "action",
                                "status", "reason", "delay_ms", "drop_connection"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* k : kKeys) known = known || it.key() == k;
    if (!known) return BadRule(fmt::format("unknown key '{}'", it.key()));
  }
  FaultRule r;
  auto str = [&j](const char* k, std::string& out) -> bool {
    if (!j.contains(k)) return true;
    if (!j[k].is_string()) return false;
    out = j[k].get<std::string>();
    return true;
  };
  if (!str("method", r.method) || !str("path_prefix", r.path_prefix) || !str("body_contains", r.body_contains) ||
      !str("reason", r.reason)) {
    return BadRule("method, path_prefix, body_contains and reason are strings");
  }
  std::string action = "respond";
  if (!str("action", action)) return BadRule("action is a string");
  if (action == "respond") r.action = FaultAction::kRespond;
  else if (action == "latency") r.action = FaultAction::kLatency;
  else if (action == "commit_then_fail") r.action = FaultAction::kCommitThenFail;
  else if (action == "fail_then_commit") r.action = FaultAction::kFailThenCommit;
  else if (action == "timeout") r.action = FaultAction::kTimeout;
  else return BadRule("action: expected respond, latency, commit_then_fail, fail_then_commit or timeout");
  if (j.contains("count")) {
    if (!j["count"].is_number_integer()) return BadRule("count is an integer");
    r.count = j["count"].get<int64_t>();
  }
  if (j.contains("probability")) {
    if (!j["probability"].is_number() || j["probability"].get<double>() < 0 || j["probability"].get<double>() > 1) {
      return BadRule("probability: expected 0..1");
    }
    r.per_million = static_cast<uint32_t>(j["probability"].get<double>() * 1e6 + 0.5);
  }
  if (j.contains("status")) {
    if (!j["status"].is_number_integer() || j["status"].get<int>() < 100 || j["status"].get<int>() > 599) {
      return BadRule("status: expected 100..599");
    }
    r.status = j["status"].get<int>();
  }
  if (j.contains("delay_ms")) {
    if (!j["delay_ms"].is_number_integer() || j["delay_ms"].get<int64_t>() < 0) return BadRule("delay_ms: expected >= 0");
    r.delay = Duration(j["delay_ms"].get<int64_t>());
  }
  if (j.contains("drop_connection")) {
    if (!j["drop_connection"].is_boolean()) return BadRule("drop_connection is true or false");
    r.drop_connection = j["drop_connection"].get<bool>();
  }
  return r;
}

nlohmann::json Chaos::RuleJson(const FaultRule& r) {
  nlohmann::json j = nlohmann::json::object();
  if (!r.method.empty()) j["method"] = r.method;
  if (!r.path_prefix.empty()) j["path_prefix"] = r.path_prefix;
  if (!r.body_contains.empty()) j["body_contains"] = r.body_contains;
  if (r.count >= 0) j["count"] = r.count;
  if (r.per_million < 1'000'000) j["probability"] = r.per_million / 1e6;
  j["action"] = FaultActionName(r.action);
  if (r.action != FaultAction::kLatency) {
    j["status"] = r.status;
    j["reason"] = r.reason;
  }
  if (r.delay.count() > 0) j["delay_ms"] = r.delay.count();
  if (r.drop_connection) j["drop_connection"] = true;
  return j;
}

Status FaultStatus(const FaultRule& r) {
  if (r.action == FaultAction::kTimeout) {
    return Status(StatusCode::kDeadlineExceeded, 0, "timeout", "the call timed out (it may have applied)");
  }
  if (r.drop_connection) {
    return Status(StatusCode::kUnavailable, 0, "connection", "the connection was dropped (the call may have applied)");
  }
  return Status(StatusCodeFromHttp(r.status, r.reason), r.status, r.reason, "Injected fault");
}

std::string DescribeRule(const FaultRule& r) {
  std::string out(FaultActionName(r.action));
  if (r.action == FaultAction::kLatency || r.action == FaultAction::kTimeout || r.action == FaultAction::kFailThenCommit) {
    out += fmt::format(" {} ms", r.delay.count());
  }
  if (r.action != FaultAction::kLatency) out += r.drop_connection ? " (dropped)" : fmt::format(" {}", r.status);
  out += fmt::format(" on {} {}", r.method.empty() ? "*" : r.method, r.path_prefix.empty() ? "*" : r.path_prefix);
  if (!r.body_contains.empty()) out += fmt::format(" with '{}'", r.body_contains);
  if (r.per_million < 1'000'000) out += fmt::format(" p={}", r.per_million / 1e6);
  if (r.count >= 0) out += fmt::format(" x{}", r.count);
  return out;
}

bool Chaos::RemoveRule(int id) {
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (it->id == id) {
      rules_.erase(it);
      return true;
    }
  }
  return false;
}

void Chaos::Clear() { rules_.clear(); }

nlohmann::json Chaos::Rules() const {
  nlohmann::json out = nlohmann::json::array();
  for (const FaultRule& r : rules_) {
    out.push_back({{"id", r.id}, {"method", r.method}, {"path_prefix", r.path_prefix},
                   {"body_contains", r.body_contains}, {"count", r.count},
                   {"probability", r.per_million / 1e6}, {"action", FaultActionName(r.action)},
                   {"status", r.status}, {"reason", r.reason}, {"delay_ms", r.delay.count()},
                   {"drop_connection", r.drop_connection}, {"fired", r.fired}});
  }
  return out;
}

std::optional<FaultDecision> Chaos::Decide(const std::string& method, const std::string& path,
                                           const std::string& body, Rng* rng) {
  for (FaultRule& r : rules_) {
    if (!r.method.empty() && r.method != method) continue;
    if (!r.path_prefix.empty() && path.rfind(r.path_prefix, 0) != 0) continue;
    if (!r.body_contains.empty() && body.find(r.body_contains) == std::string::npos) continue;
    if (r.count >= 0 && r.fired >= r.count) continue;
    if (r.per_million < 1'000'000 && !(rng != nullptr ? *rng : rng_).ChancePerMillion(r.per_million)) continue;
    ++r.fired;
    ++fired_total_;
    return FaultDecision{r};
  }
  return std::nullopt;
}

}  // namespace lockstep::mocks
