#include "mocks/sim/sim_notion.h"

#include <fmt/format.h>

namespace lockstep::mocks {

Duration DrawLatency(const LatencyKnob& latency, std::vector<Rng>& rngs, uint64_t seed, const char* name,
                     ExecutionId who) {
  if (latency.max <= latency.min) return latency.min;
  return Duration(ActorStream(rngs, seed, name, who).Range(latency.min.count(), latency.max.count()));
}

StatusOr<NotionResponse> SimNotion::Send(std::string_view method, std::string_view path, const nlohmann::json& body) {
  // Queries and search are POSTs that only read.
  const bool write = method != "GET" && path.find("/query") == std::string_view::npos && path != "search";
  ctx_.BeforeCall(DrawLatency(latency_, rngs_, seed_, "notion.latency", ctx_.Current()), Op::Notion(write));
  HttpRequest request;
  request.method = std::string(method);
  request.path = "/v1/" + std::string(path);
  request.headers["notion-version"] = version_;
  request.headers["content-type"] = "application/json";
  if (!body.is_null()) request.body = body.dump();
  const HttpResponse r = service_.Handle(request, ctx_.Now(), token_);
  NotionResponse out;
  out.status = r.status;
  out.body = nlohmann::json::parse(r.body, nullptr, false);
  if (out.body.is_discarded()) out.body = nlohmann::json::object();
  auto ra = r.headers.find("Retry-After");
  if (ra == r.headers.end()) ra = r.headers.find("retry-after");
  if (ra != r.headers.end()) out.retry_after_s = std::atoi(ra->second.c_str());
  if (stats_ != nullptr) stats_->Count(write ? Endpoint::kNotionWrite : Endpoint::kNotionRead, r.status >= 300);
  if (ctx_.Tracing()) {
    std::string result = std::to_string(r.status);
    if (r.status < 300 && out.body.contains("id")) result += " id=" + out.body.value("id", std::string());
    if (r.status < 300 && out.body.contains("results")) result += fmt::format(" {} results", out.body["results"].size());
    if (r.status >= 300) result += " " + out.body.value("code", std::string());
    ctx_.TraceStep(fmt::format("notion.{}", method), std::string(path), std::move(result));
  }
  return out;
}

}  // namespace lockstep::mocks
