#include "src/notion_api.h"

#include <fmt/format.h>

namespace lockstep {

Status NotionStatus(int http_status, const nlohmann::json& body) {
  std::string code;
  std::string message = fmt::format("HTTP {}", http_status);
  if (body.is_object()) {
    code = body.value("code", std::string());
    message = body.value("message", message);
  }
  StatusCode c = StatusCodeFromHttp(http_status, code);
  if (http_status == 409) c = StatusCode::kAborted;  // conflict_error: retry with fresh data
  return Status(c, http_status, code, fmt::format("Notion API {}: {}", http_status, message));
}

StatusOr<nlohmann::json> NotionClient::Request(std::string_view method, std::string_view path,
                                               const nlohmann::json& body) {
  ++stats_.requests;
  const bool write = method != "GET" && method != "DELETE";
  StatusOr<NotionResponse> last = Status(StatusCode::kInternal, 0, "", "no attempt");
  for (int attempt = 0; attempt < policy_.attempts; ++attempt) {
    ++stats_.attempts;
    last = transport_.Send(method, path, body);
    if (!last.ok()) return last.status();  // no answer: UrlFetchApp throws, nothing retries it
    const int status = last->status;
    if (status >= 200 && status < 300) return std::move(last->body);
    if (status == 429) {
      ++stats_.rate_limited;
      const Duration wait = last->retry_after_s >= 0 ? Duration(last->retry_after_s * 1000LL) : policy_.rate_limit_default;
      if (attempt + 1 < policy_.attempts) clock_.Sleep(wait + policy_.rate_limit_per_attempt * attempt);
      continue;
    }
    if (status >= 500) {
      ++stats_.server_errors;
      if (write && !policy_.retry_server_errors_on_writes) return NotionStatus(status, last->body);
      if (attempt + 1 < policy_.attempts) {
        clock_.Sleep(policy_.server_error_base * (attempt + 1));
        continue;
      }
    }
    return NotionStatus(status, last->body);
  }
  return Status(StatusCode::kResourceExhausted, 429, "rate_limited", "Notion request failed after retries.");
}

StatusOr<NotionResponse> PacedNotionTransport::Send(std::string_view method, std::string_view path,
                                                   const nlohmann::json& body) {
  const Instant now = clock_.Now();
  const Instant slot = std::max(now, pacer_.next);
  pacer_.next = slot + pacer_.interval;  // taken before waiting, so concurrent callers queue up
  if (slot > now) clock_.Sleep(slot - now);
  return inner_.Send(method, path, body);
}

StatusOr<std::vector<nlohmann::json>> QueryAll(NotionClient& notion, std::string_view query_path,
                                               const nlohmann::json& filter, std::vector<nlohmann::json>* partial,
                                               int page_count_max) {
  std::vector<nlohmann::json> pages;
  nlohmann::json cursor;
  for (int n = 0; n < page_count_max; ++n) {
    nlohmann::json body{{"page_size", 100}};
    if (!filter.is_null()) body["filter"] = filter;
    if (!cursor.is_null()) body["start_cursor"] = cursor;
    StatusOr<nlohmann::json> page = notion.Request("POST", query_path, body);
    if (!page.ok()) {
      if (partial != nullptr) *partial = std::move(pages);
      return page.status();
    }
    for (auto& p : (*page)["results"]) pages.push_back(std::move(p));
    cursor = page->value("next_cursor", nlohmann::json());
    if (cursor.is_null()) return pages;
  }
  if (partial != nullptr) *partial = std::move(pages);
  return Status(StatusCode::kInternal, 0, "pagination", "the query never ended (next_cursor kept coming)");
}

}  // namespace lockstep
