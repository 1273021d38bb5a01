// SimHttpExchange: an HttpExchange that hands each request of a core HTTP client (the Sheets
// client in simulation) to an in-process mock service: a scheduling point with the modelled
// latency, then the service's Handle at the current virtual time as the current execution.
//
//   SimHttpExchange sheets_wire(ctx, latency, [&](const HttpRequest& r, ExecutionId e, Instant t) {
//     return sheets_service.Handle(r, e, t, "sim-user");
//   }, Endpoint::kSheetsRead, Endpoint::kSheetsWrite, "sheets", &stats);
#ifndef LOCKSTEP_MOCKS_SIM_SIM_HTTP_EXCHANGE_H_
#define LOCKSTEP_MOCKS_SIM_SIM_HTTP_EXCHANGE_H_

#include <functional>
#include <string>
#include <vector>

#include "mocks/common/call_stats.h"
#include "mocks/common/http_types.h"
#include "mocks/common/sim_context.h"
#include "mocks/sim/sim_services.h"
#include "src/http/http_exchange.h"

namespace lockstep::mocks {

class SimHttpExchange final : public HttpExchange {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&, ExecutionId, Instant)>;
  SimHttpExchange(SimContext& ctx, LatencyKnob latency, Handler handler, Endpoint read, Endpoint write,
                  std::string trace_name, CallStats* stats = nullptr)
      : ctx_(ctx), latency_(latency), handler_(std::move(handler)), read_(read), write_(write),
        trace_name_(std::move(trace_name)), stats_(stats) {}
  void Reset(uint64_t seed) {
    seed_ = seed;
    rngs_.clear();
  }

  StatusOr<HttpReply> Exchange(std::string_view method, const std::string& target, const std::string& body,
                               const std::string& content_type) override;

 private:
  SimContext& ctx_;
  LatencyKnob latency_;
  Handler handler_;
  Endpoint read_;
  Endpoint write_;
  std::string trace_name_;
  CallStats* stats_;
  uint64_t seed_ = 0;
  std::vector<Rng> rngs_;
};

// The request a target ("/path%20x?a=1&b=c%2Cd") names: the path and parameters percent-decoded.
HttpRequest ParseTarget(std::string_view method, std::string_view target);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SIM_SIM_HTTP_EXCHANGE_H_
