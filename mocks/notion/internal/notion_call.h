// The request being served by NotionService, and the paging parameters its list endpoints share
// (query, search, page property items). Private to mocks/notion.
#ifndef LOCKSTEP_MOCKS_NOTION_INTERNAL_NOTION_CALL_H_
#define LOCKSTEP_MOCKS_NOTION_INTERNAL_NOTION_CALL_H_

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "mocks/notion/notion_service.h"

namespace lockstep::mocks {

// One request being served.
struct NotionService::Call {
  const HttpRequest& r;
  Instant now;
  std::string request_id;
  bool new_version = false;  // 2025-09-03 or later
  NJson body = NJson::object();

  HttpResponse Error(const Status& s) const {
    const int status = s.http_status() != 0 ? s.http_status() : 500;
    return NotionError(status, s.reason().empty() ? NotionCodeFor(status) : s.reason(), s.message(), request_id);
  }
  HttpResponse Error(int status, std::string_view code, std::string_view message) const {
    return NotionError(status, code, message, request_id);
  }
  HttpResponse Ok(const NJson& j) const { return OkText(j.dump()); }
  // An answer whose JSON text is already written.
  HttpResponse OkText(std::string text) const {
    HttpResponse out;
    out.content_type = "application/json; charset=utf-8";
    out.headers["x-notion-request-id"] = request_id;
    out.body = std::move(text);
    return out;
  }
  HttpResponse NotFound(std::string_view what, const std::string& id) const {
    return Error(404, "object_not_found",
                 fmt::format("Could not find {} with ID: {}. Make sure the relevant pages and databases are shared "
                             "with your integration.", what, id));
  }
  // Fails on body keys outside `allowed` (stricter than Notion).
  std::optional<HttpResponse> Allow(std::initializer_list<std::string_view> allowed) const {
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
        return Error(400, "validation_error", fmt::format("body.{} is not a known parameter of this endpoint", it.key()));
      }
    }
    return std::nullopt;
  }
};

namespace internal {

// Reads page_size and start_cursor; false with the error in `error`.
struct Paging {
  size_t page_size = 100;
  std::string start_cursor;
};

std::optional<std::string> ReadPaging(const NJson& body, Paging& out);

}  // namespace internal
}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_NOTION_INTERNAL_NOTION_CALL_H_
