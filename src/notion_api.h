// NotionApi: the seam through which the core talks to Notion, as the production job does through
// UrlFetchApp (notionFetch_): one JSON request at a time to a path under /v1/, with the
// Notion-Version the transport was made with.
//
// Two layers. A NotionTransport sends one request and returns whatever came back (status, body,
// Retry-After); it fails only when no answer came (kUnavailable: the outcome is unknown). A
// NotionClient applies the production job's retry policy over any transport (spec section 8.3):
// at most 4 attempts; 429 waits Retry-After seconds (0.8 s without the header) plus 250 ms per
// attempt so far; 5xx waits 1 s, 2 s, 3 s, for every method (so a POST that committed and then
// failed is sent again); other 4xx fail at once. Waits go through the Clock seam.
//
//   std::unique_ptr<NotionTransport> http = NewNotionHttpTransport({...}, "2025-09-03");
//   NotionClient notion(*http, clock);
//   StatusOr<nlohmann::json> page = notion.Request("POST", "pages", body);
#ifndef LOCKSTEP_SRC_NOTION_API_H_
#define LOCKSTEP_SRC_NOTION_API_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/clock.h"
#include "src/status.h"

namespace lockstep {

struct NotionResponse {
  int status = 0;
  nlohmann::json body;
  int retry_after_s = -1;  // the Retry-After header, -1 when absent
};

class NotionTransport {
 public:
  virtual ~NotionTransport() = default;
  // `path` is relative to /v1/ ("data_sources/<id>/query"); `body` is null for none.
  virtual StatusOr<NotionResponse> Send(std::string_view method, std::string_view path, const nlohmann::json& body) = 0;
};

struct NotionRetryPolicy {
  int attempts = 4;                       // CONFIG.API_RETRY_COUNT (3) + 1
  Duration rate_limit_default{800};       // CONFIG.API_RATE_LIMIT_DELAY_MS when Retry-After is absent
  Duration rate_limit_per_attempt{250};   // added per attempt so far
  Duration server_error_base{1000};       // CONFIG.API_RETRY_DELAY_MS x (attempt + 1)
  bool retry_server_errors_on_writes = true;  // production retries POST and PATCH on 5xx
};

// What a NotionClient did, for reports.
struct NotionCallStats {
  int requests = 0;     // logical requests
  int attempts = 0;     // HTTP attempts
  int rate_limited = 0; // 429 answers seen
  int server_errors = 0;
};

class NotionClient {
 public:
  NotionClient(NotionTransport& transport, Clock& clock, NotionRetryPolicy policy = {})
      : transport_(transport), clock_(clock), policy_(policy) {}

  // The answer's body on 2xx; else a Status with Notion's code as the reason and the HTTP status.
  // Four 429s in a row fail with "Notion request failed after retries." (kResourceExhausted).
  StatusOr<nlohmann::json> Request(std::string_view method, std::string_view path,
                                   const nlohmann::json& body = nullptr);
  const NotionCallStats& stats() const { return stats_; }

 private:
  NotionTransport& transport_;
  Clock& clock_;
  NotionRetryPolicy policy_;
  NotionCallStats stats_;
};

// Client-side pacing shared by the requests of one process: at most one request per `interval`
// (Notion's average of 3 requests/s per integration is an interval of 334 ms). Not thread-safe:
// callers share it under the world lock in simulation, or give each thread of a real process its
// own share of the rate.
struct NotionPacer {
  Duration interval{334};
  Instant next{};
};

// A transport that waits for its pacer's next slot (through the Clock seam) before each request.
class PacedNotionTransport final : public NotionTransport {
 public:
  PacedNotionTransport(NotionTransport& inner, Clock& clock, NotionPacer& pacer)
      : inner_(inner), clock_(clock), pacer_(pacer) {}
  StatusOr<NotionResponse> Send(std::string_view method, std::string_view path, const nlohmann::json& body) override;

 private:
  NotionTransport& inner_;
  Clock& clock_;
  NotionPacer& pacer_;
};

// Reads every page of a data source query (2025-09-03) or database query (2022-06-28 paths),
// following next_cursor; `filter` may be null. Stops with the error of the first failed page
// (production's queryDataSourcePages_ returns the pages read so far: see `partial`).
StatusOr<std::vector<nlohmann::json>> QueryAll(NotionClient& notion, std::string_view query_path,
                                               const nlohmann::json& filter,
                                               std::vector<nlohmann::json>* partial = nullptr,
                                               int page_count_max = 10'000);

// The Status of a Notion error answer ({"object":"error","code","message"}).
Status NotionStatus(int http_status, const nlohmann::json& body);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_NOTION_API_H_
