// Chaos: fault rules around a service, the same rules for every transport: `lockstep serve`
// (MockServer) and the simulation (SimDrive) decide with this class on the same (method, path,
// body) of the Drive v3 request. A rule matches by method, path prefix and optionally a body
// substring, fires with a probability (per million, seeded) up to a count, and does one thing:
// answer a status and reason without calling the service; add latency; commit then fail (the call
// applies, the caller sees 500/503 or a dropped connection); fail then commit after a delay; or
// answer only after the client's timeout (the call applies).
//
//   Chaos chaos(seed);
//   StatusOr<int> id = chaos.AddRule(rule_json);
//   std::optional<FaultDecision> d = chaos.Decide(method, path, body);
//
// In simulation the probability is drawn from the calling execution's own stream (Decide's `rng`)
// so that commuting steps commute; count limits are shared by all executions.
#ifndef LOCKSTEP_MOCKS_FAULTS_CHAOS_H_
#define LOCKSTEP_MOCKS_FAULTS_CHAOS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/common/rng.h"
#include "src/status.h"
#include "src/time.h"

namespace lockstep::mocks {

enum class FaultAction { kRespond, kLatency, kCommitThenFail, kFailThenCommit, kTimeout };

struct FaultRule {
  int id = 0;
  std::string method;         // "" matches any
  std::string path_prefix;    // "" matches any
  std::string body_contains;  // "" matches any
  int64_t count = -1;         // how many times it may fire; -1: no limit
  uint32_t per_million = 1'000'000;
  FaultAction action = FaultAction::kRespond;
  int status = 500;
  std::string reason = "backendError";
  Duration delay{0};          // latency, timeout wait, or the fail-then-commit delay
  bool drop_connection = false;  // commit then fail by dropping the connection
  int64_t fired = 0;
};

struct FaultDecision {
  FaultRule rule;  // a copy, as it was when it fired
};

class Chaos {
 public:
  explicit Chaos(uint64_t seed = 1) : rng_(Rng::Stream(seed, "chaos")) {}

  // A rule from its JSON form (docs/mock-servers.md). Errors name the bad field.
  static StatusOr<FaultRule> ParseRule(const nlohmann::json& rule);
  static nlohmann::json RuleJson(const FaultRule& rule);  // without id and fired
  // Adds a rule from its JSON form (ParseRule), or a parsed one; returns its id.
  StatusOr<int> AddRule(const nlohmann::json& rule);
  int AddRule(FaultRule rule);
  // Forgets how often each rule fired (a new schedule), and reseeds.
  void Restart(uint64_t seed);
  bool RemoveRule(int id);
  void Clear();
  nlohmann::json Rules() const;
  int64_t fired_total() const { return fired_total_; }

  // The first matching rule that fires for this request, if any (counts it).
  // `rng`: the stream to draw probabilities from (null: the chaos's own, seeded stream).
  std::optional<FaultDecision> Decide(const std::string& method, const std::string& path,
                                      const std::string& body, Rng* rng = nullptr);

 private:
  Rng rng_;
  int next_id_ = 1;
  int64_t fired_total_ = 0;
  std::vector<FaultRule> rules_;
};

std::string_view FaultActionName(FaultAction a);

// What the caller of a faulted call sees: the rule's HTTP status and reason as a Status, a dropped
// connection as kUnavailable, a timeout as kDeadlineExceeded.
Status FaultStatus(const FaultRule& rule);
// "commit_then_fail 500 on POST /drive/v3/files" (for reports).
std::string DescribeRule(const FaultRule& rule);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_FAULTS_CHAOS_H_
