// SimNotion: the NotionTransport of the simulation. Each request is a scheduling point (with the
// request's modelled latency), then goes, as the JSON the HTTP transport would send, to the
// in-process NotionService at the current virtual time; its answer (status, body, Retry-After)
// comes back as the HTTP transport returns it. The core's NotionClient, with the production retry
// policy, runs on top unchanged.
//
//   SimNotion transport(service, ctx, latency, "2025-09-03", &stats);
//   NotionClient notion(transport, clock);
#ifndef LOCKSTEP_MOCKS_SIM_SIM_NOTION_H_
#define LOCKSTEP_MOCKS_SIM_SIM_NOTION_H_

#include <string>
#include <vector>

#include "mocks/common/call_stats.h"
#include "mocks/common/sim_context.h"
#include "mocks/notion/notion_service.h"
#include "mocks/sim/sim_services.h"
#include "src/notion_api.h"

namespace lockstep::mocks {

class SimNotion final : public NotionTransport {
 public:
  SimNotion(NotionService& service, SimContext& ctx, LatencyKnob latency, std::string version,
            CallStats* stats = nullptr, std::string token = "integration")
      : service_(service), ctx_(ctx), latency_(latency), version_(std::move(version)), stats_(stats),
        token_(std::move(token)) {}
  void Reset(uint64_t seed) {
    seed_ = seed;
    rngs_.clear();
  }
  void set_latency(LatencyKnob latency) { latency_ = latency; }

  StatusOr<NotionResponse> Send(std::string_view method, std::string_view path, const nlohmann::json& body) override;

 private:
  NotionService& service_;
  SimContext& ctx_;
  LatencyKnob latency_;
  std::string version_;
  CallStats* stats_;
  std::string token_;
  uint64_t seed_ = 0;
  std::vector<Rng> rngs_;  // latency, per execution
};

// A draw of `latency` from the execution's own stream `name`.
Duration DrawLatency(const LatencyKnob& latency, std::vector<Rng>& rngs, uint64_t seed, const char* name,
                     ExecutionId who);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SIM_SIM_NOTION_H_
