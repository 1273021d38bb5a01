// NotionService: the Notion API over the Notion model, request in, response out, at /v1/...,
// routed by the Notion-Version header (reference/api-semantics.md C):
//
//   2022-06-28: databases retrieve/create/update (with properties) and query; pages; search
//               (filter "page" or "database").
//   2025-09-03 (and 2026-03-11): databases retrieve/create/update listing their data sources;
//               data_sources retrieve/create/update/query; pages with a data_source_id parent;
//               search filtered on "data_source".
//
// Errors are Notion's error object ({"object":"error","status","code","message","request_id"})
// with the codes the official SDK knows; every answer carries x-notion-request-id. A token bucket
// per integration token (knobs: rate and burst) answers 429 rate_limited with an integer
// Retry-After. Query pages are at most 100 results, with start_cursor / next_cursor / has_more.
//
//   NotionService notion(model, NotionServiceKnobs{});
//   HttpResponse r = notion.Handle(request, now, token);
#ifndef LOCKSTEP_MOCKS_NOTION_NOTION_SERVICE_H_
#define LOCKSTEP_MOCKS_NOTION_NOTION_SERVICE_H_

#include <map>
#include <set>
#include <string>

#include "mocks/common/http_types.h"
#include "mocks/notion/notion_model.h"

namespace lockstep::mocks {

struct NotionServiceKnobs {
  double requests_per_second = 0;  // per token, averaged; 0: no limit (real: 3)
  double burst = 10;               // bucket size
  size_t body_bytes_max = 1024 * 1024;
};

class NotionService {
 public:
  NotionService(NotionModel& model, NotionServiceKnobs knobs, uint64_t seed = 1)
      : model_(model), knobs_(knobs), request_ids_(Rng::Stream(seed, "notion.requests")) {}
  const NotionServiceKnobs& knobs() const { return knobs_; }
  void set_knobs(const NotionServiceKnobs& k) { knobs_ = k; }
  void Reset(uint64_t seed);

  // REQUIRES: request.path starts with /v1/.
  HttpResponse Handle(const HttpRequest& request, Instant now, const std::string& token = "anonymous");

 private:
  struct Call;
  HttpResponse Route(Call& c);
  HttpResponse RetrieveDatabase(Call& c, const std::string& id);
  HttpResponse CreateDatabase(Call& c);
  HttpResponse UpdateDatabase(Call& c, const std::string& id);
  HttpResponse Query(Call& c, NotionDataSource& ds);
  HttpResponse RetrieveDataSource(Call& c, const std::string& id);
  HttpResponse CreateDataSource(Call& c);
  HttpResponse UpdateDataSource(Call& c, const std::string& id);
  HttpResponse CreatePage(Call& c);
  HttpResponse RetrievePage(Call& c, const std::string& id);
  HttpResponse UpdatePage(Call& c, const std::string& id);
  HttpResponse RetrievePageProperty(Call& c, const std::string& id, const std::string& property);
  HttpResponse Search(Call& c);
  bool RateLimited(const std::string& token, Instant now, int& retry_after_s);

  // A page as the API version shows it (`only`: the properties filter_properties names), written
  // as text: the stored values are serialized where they are, never copied into a tree.
  void WritePage(JsonWriter& w, const NotionPage& p, bool new_version, const std::set<std::string>* only = nullptr) const;
  // A list answer's members after its results: next_cursor ("" for none), has_more, type,
  // request_id; closes the list object.
  void WriteListEnd(JsonWriter& w, const Call& c, const std::string& next_cursor) const;
  std::string PageText(const NotionPage& p, bool new_version, const std::set<std::string>* only = nullptr) const;
  NJson DatabaseJson(const NotionDatabase& db, bool new_version) const;
  NJson DataSourceJson(const NotionDataSource& ds) const;
  // DataSourceJson as text, kept while the data source is unchanged (search lists every data
  // source on every call: a workspace of hundreds is rebuilt per run otherwise).
  const std::string& DataSourceText(const NotionDataSource& ds) const;

  NotionModel& model_;
  NotionServiceKnobs knobs_;
  Rng request_ids_;
  std::map<std::string, std::pair<Instant, double>> buckets_;  // token -> (last refill, tokens)
  mutable std::map<std::string, std::pair<uint64_t, std::string>> data_source_text_;  // id -> (fingerprint, JSON)
};

// Notion's error object; `code` is one of the SDK's APIErrorCode strings.
HttpResponse NotionError(int status, std::string_view code, std::string_view message,
                         const std::string& request_id = "");
// The SDK's code for an HTTP status (429 rate_limited, 409 conflict_error, ...).
std::string_view NotionCodeFor(int status);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_NOTION_NOTION_SERVICE_H_
