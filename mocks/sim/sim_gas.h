// The Apps Script platform's own services in simulation (mocks/apps_script/gas_services.h):
// SimCache over the cache model, SimTriggers over the trigger table, and SimUrlFetch, which hands
// each UrlFetchApp request to the in-process service of its host (api.notion.com: Notion;
// www.googleapis.com: Drive v3; sheets.googleapis.com: Sheets v4, as `lockstep serve` routes them),
// with the modelled latency and the scenario's fault rules. Each call is a scheduling point, then
// applies atomically as the current execution at the current virtual time.
//
//   SimUrlFetch fetch(ctx, latency, {{"api.notion.com", notion_handler}}, rules, &stats);
//   StatusOr<FetchResponse> r = fetch.Fetch({.method = "GET", .url = "https://api.notion.com/v1/users/me"});
#ifndef LOCKSTEP_MOCKS_SIM_SIM_GAS_H_
#define LOCKSTEP_MOCKS_SIM_SIM_GAS_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "mocks/apps_script/cache_model.h"
#include "mocks/apps_script/gas_services.h"
#include "mocks/apps_script/trigger_model.h"
#include "mocks/common/call_stats.h"
#include "mocks/common/http_types.h"
#include "mocks/common/rng.h"
#include "mocks/common/sim_context.h"
#include "mocks/faults/chaos.h"
#include "mocks/sim/sim_services.h"

namespace lockstep::mocks {

class SimCache final : public CacheService {
 public:
  SimCache(CacheModel& model, SimContext& ctx, int deployment) : model_(model), ctx_(ctx), deployment_(deployment) {}
  void Reset(uint64_t seed) {
    seed_ = seed;
    rngs_.clear();
  }
  StatusOr<std::optional<std::string>> Get(CacheScope scope, std::string_view key) override;
  StatusOr<std::map<std::string, std::string>> GetAll(CacheScope scope, const std::vector<std::string>& keys) override;
  Status Put(CacheScope scope, const std::map<std::string, std::string>& values, Duration ttl) override;
  Status Remove(CacheScope scope, const std::vector<std::string>& keys) override;

 private:
  CacheModel& model_;
  SimContext& ctx_;
  int deployment_;
  uint64_t seed_ = 0;
  std::vector<Rng> rngs_;  // eviction draws, per execution
};

class SimTriggers final : public ScriptTriggers {
 public:
  SimTriggers(TriggerModel& model, SimContext& ctx, int deployment) : model_(model), ctx_(ctx), deployment_(deployment) {}
  StatusOr<TriggerRecord> Create(std::string_view handler, std::string_view spec) override;
  StatusOr<std::vector<TriggerRecord>> List() override;
  Status Delete(std::string_view id) override;

 private:
  TriggerModel& model_;
  SimContext& ctx_;
  int deployment_;
};

class SimUrlFetch final : public UrlFetch {
 public:
  // A service behind a host: the request (path, decoded query, lower-case headers, body), the
  // calling execution and the instant.
  using Handler = std::function<HttpResponse(const HttpRequest&, ExecutionId, Instant)>;

  SimUrlFetch(SimContext& ctx, LatencyKnob latency, std::map<std::string, Handler> hosts,
              std::vector<FaultRule> rules = {}, CallStats* stats = nullptr);
  void Reset(uint64_t seed);
  void set_rules(std::vector<FaultRule> rules);
  // Applies the fail_then_commit requests still pending (the end of a schedule).
  void FlushDeferred();

  StatusOr<FetchResponse> Fetch(const FetchRequest& request) override;

 private:
  struct Deferred {
    Instant due;
    ExecutionId caller;
    std::string host;
    HttpRequest request;
  };
  void ApplyDue(Instant now);

  SimContext& ctx_;
  LatencyKnob latency_;
  std::map<std::string, Handler> hosts_;
  Chaos chaos_;
  bool has_rules_ = false;
  CallStats* stats_;
  uint64_t seed_ = 0;
  std::vector<Rng> latency_rngs_;
  std::vector<Rng> fault_rngs_;
  std::vector<Deferred> deferred_;
};

// Splits "https://host:port/path?query" into its host and the request a service reads. False for
// anything that is not an absolute http(s) URL.
bool ParseFetchUrl(std::string_view url, std::string& host, HttpRequest& request);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SIM_SIM_GAS_H_
