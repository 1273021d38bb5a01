#include "mocks/notion/notion_service.h"

#include "mocks/common/json_limits.h"
#include "mocks/notion/internal/notion_call.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

namespace lockstep::mocks {
namespace {

std::string TitleOf(const NJson& body) {
  if (!body.contains("title")) return "";
  return PlainText(body["title"]).empty() && body["title"].is_array() && !body["title"].empty()
             ? body["title"][0].value("text", NJson::object()).value("content", std::string())
             : PlainText(body["title"]);
}

}  // namespace

std::string_view NotionCodeFor(int status) {
  switch (status) {
    case 400: return "validation_error";
    case 401: return "unauthorized";
    case 403: return "restricted_resource";
    case 404: return "object_not_found";
    case 409: return "conflict_error";
    case 429: return "rate_limited";
    case 502: return "internal_server_error";
    case 503: return "service_unavailable";
    case 504: return "gateway_timeout";
    case 529: return "service_overload";
    default: return status >= 500 ? "internal_server_error" : "invalid_request";
  }
}

HttpResponse NotionError(int status, std::string_view code, std::string_view message, const std::string& request_id) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  NJson body{{"object", "error"}, {"status", status}, {"code", code}, {"message", message}};
  if (!request_id.empty()) {
    body["request_id"] = request_id;
    r.headers["x-notion-request-id"] = request_id;
  }
  r.body = body.dump();
  return r;
}

void NotionService::Reset(uint64_t seed) {
  request_ids_ = Rng::Stream(seed, "notion.requests");
  buckets_.clear();
  data_source_text_.clear();
}

bool NotionService::RateLimited(const std::string& token, Instant now, int& retry_after_s) {
  if (knobs_.requests_per_second <= 0) return false;
  auto [it, fresh] = buckets_.try_emplace(token, now, knobs_.burst);
  auto& [last, tokens] = it->second;
  tokens = std::min(knobs_.burst, tokens + (now - last).count() / 1000.0 * knobs_.requests_per_second);
  last = now;
  if (tokens >= 1) {
    tokens -= 1;
    return false;
  }
  retry_after_s = std::max(1, static_cast<int>(std::ceil((1 - tokens) / knobs_.requests_per_second)));
  return true;
}

HttpResponse NotionService::Handle(const HttpRequest& r, Instant now, const std::string& token) {
  Call c{r, now, ""};
  const uint64_t a = request_ids_.Next();
  const uint64_t b = request_ids_.Next();
  c.request_id = CanonicalNotionId(fmt::format("{:016x}{:016x}", a, b));
  const std::string version = r.Header("notion-version");
  if (version.empty()) {
    return c.Error(400, "missing_version",
                   "Notion-Version header failed validation: Notion-Version header should be defined, instead was "
                   "`undefined`.");
  }
  if (version != "2022-06-28" && version != "2025-09-03" && version != "2026-03-11") {
    return c.Error(400, "validation_error",
                   fmt::format("Notion-Version header failed validation: Notion-Version header should be one of "
                               "2022-06-28, 2025-09-03, 2026-03-11, instead was `{}`.", version));
  }
  c.new_version = version != "2022-06-28";
  int retry_after = 0;
  if (RateLimited(token, now, retry_after)) {
    HttpResponse limited = c.Error(429, "rate_limited", "You have been rate limited. Please try again in a few minutes.");
    limited.headers["retry-after"] = std::to_string(retry_after);
    return limited;
  }
  if (r.body.size() > knobs_.body_bytes_max) return c.Error(413, "validation_error", "The request body is too large.");
  if (r.method == "POST" || r.method == "PATCH") {
    if (!r.body.empty()) {
      if (JsonNestingDepth(r.body) > kJsonNestingMax) {
        return c.Error(400, "invalid_json", fmt::format("Error parsing JSON body: it nests deeper than {} levels.",
                                                        kJsonNestingMax));
      }
      c.body = NJson::parse(r.body, nullptr, /*allow_exceptions=*/false);
      if (c.body.is_discarded() || !c.body.is_object()) return c.Error(400, "invalid_json", "Error parsing JSON body.");
    }
  }
  return Route(c);
}

HttpResponse NotionService::Route(Call& c) {
  std::vector<std::string> parts;
  size_t i = 4;  // after "/v1/"
  while (i <= c.r.path.size()) {
    const size_t slash = c.r.path.find('/', i);
    const size_t end = slash == std::string::npos ? c.r.path.size() : slash;
    if (end > i) parts.push_back(c.r.path.substr(i, end - i));
    i = end + 1;
  }
  const std::string& m = c.r.method;
  const size_t n = parts.size();
  auto bad_url = [&] { return c.Error(400, "invalid_request_url", "Invalid request URL."); };
  if (n == 0) return bad_url();
  if (parts[0] == "databases") {
    if (n == 1 && m == "POST") return CreateDatabase(c);
    if (n == 2 && m == "GET") return RetrieveDatabase(c, parts[1]);
    if (n == 2 && m == "PATCH") return UpdateDatabase(c, parts[1]);
    if (n == 3 && parts[2] == "query" && m == "POST") {
      if (c.new_version) return bad_url();  // removed in 2025-09-03: query the data source
      NotionDatabase* db = model_.FindDatabase(parts[1]);
      if (db == nullptr || db->in_trash) return c.NotFound("database", parts[1]);
      if (db->data_sources.size() != 1) {
        return c.Error(400, "validation_error",
                       "Databases with multiple data sources are not supported in this API version.");
      }
      return Query(c, *model_.FindDataSource(db->data_sources.front()));
    }
  } else if (parts[0] == "data_sources") {
    if (!c.new_version) return bad_url();
    if (n == 1 && m == "POST") return CreateDataSource(c);
    if (n == 2 && m == "GET") return RetrieveDataSource(c, parts[1]);
    if (n == 2 && m == "PATCH") return UpdateDataSource(c, parts[1]);
    if (n == 3 && parts[2] == "query" && m == "POST") {
      NotionDataSource* ds = model_.FindDataSource(parts[1]);
      if (ds == nullptr || ds->in_trash) return c.NotFound("data source", parts[1]);
      return Query(c, *ds);
    }
  } else if (parts[0] == "pages") {
    if (n == 1 && m == "POST") return CreatePage(c);
    if (n == 2 && m == "GET") return RetrievePage(c, parts[1]);
    if (n == 2 && m == "PATCH") return UpdatePage(c, parts[1]);
    if (n == 4 && parts[2] == "properties" && m == "GET") return RetrievePageProperty(c, parts[1], parts[3]);
  } else if (parts[0] == "search" && n == 1 && m == "POST") {
    return Search(c);
  }
  return bad_url();
}

HttpResponse NotionService::RetrieveDatabase(Call& c, const std::string& id) {
  NotionDatabase* db = model_.FindDatabase(id);
  if (db == nullptr) return c.NotFound("database", id);
  if (!c.new_version && db->data_sources.size() != 1) {
    return c.Error(400, "validation_error", "Databases with multiple data sources are not supported in this API version.");
  }
  return c.Ok(DatabaseJson(*db, c.new_version));
}

namespace {

std::string ParentPage(const NJson& body) {
  if (!body.contains("parent") || !body["parent"].is_object()) return "";
  return body["parent"].value("page_id", std::string());
}

}  // namespace

HttpResponse NotionService::CreateDatabase(Call& c) {
  if (auto bad = c.Allow({"parent", "title", "description", "properties", "is_inline", "icon", "cover",
                          "initial_data_source"})) {
    return *bad;
  }
  const std::string parent = ParentPage(c.body);
  if (parent.empty()) return c.Error(400, "validation_error", "body.parent.page_id should be defined, instead was `undefined`.");
  NJson properties;
  if (c.new_version) {
    if (c.body.contains("properties")) {
      return c.Error(400, "validation_error", "body.properties is not supported in this version: use initial_data_source.properties.");
    }
    properties = c.body.value("initial_data_source", NJson::object()).value("properties", NJson());
  } else {
    properties = c.body.value("properties", NJson());
  }
  if (!properties.is_object()) {
    return c.Error(400, "validation_error", "body.properties should be defined, instead was `undefined`.");
  }
  StatusOr<NotionDatabase*> db = model_.CreateDatabase(parent, TitleOf(c.body), properties, c.now,
                                                       c.body.value("is_inline", false));
  if (!db.ok()) return c.Error(db.status());
  return c.Ok(DatabaseJson(**db, c.new_version));
}

HttpResponse NotionService::UpdateDatabase(Call& c, const std::string& id) {
  if (auto bad = c.Allow({"title", "description", "properties", "is_inline", "archived", "in_trash", "icon", "cover",
                          "parent"})) {
    return *bad;
  }
  NotionDatabase* db = model_.FindDatabase(id);
  if (db == nullptr) return c.NotFound("database", id);
  if (c.body.contains("properties")) {
    if (c.new_version) {
      return c.Error(400, "validation_error", "body.properties is not supported in this version: update the data source.");
    }
    if (db->data_sources.size() != 1) {
      return c.Error(400, "validation_error", "Databases with multiple data sources are not supported in this API version.");
    }
    Status s = model_.UpdateSchema(*model_.FindDataSource(db->data_sources.front()), c.body["properties"], c.now);
    if (!s.ok()) return c.Error(s);
  }
  if (c.body.contains("title")) db->title = TitleOf(c.body);
  if (c.body.contains("is_inline") && c.body["is_inline"].is_boolean()) db->is_inline = c.body["is_inline"];
  for (const char* k : {"archived", "in_trash"}) {
    if (c.body.contains(k) && c.body[k].is_boolean()) db->in_trash = c.body[k];
  }
  db->edited = c.now;
  return c.Ok(DatabaseJson(*db, c.new_version));
}

HttpResponse NotionService::RetrieveDataSource(Call& c, const std::string& id) {
  NotionDataSource* ds = model_.FindDataSource(id);
  if (ds == nullptr) return c.NotFound("data source", id);
  return c.Ok(DataSourceJson(*ds));
}

HttpResponse NotionService::CreateDataSource(Call& c) {
  if (auto bad = c.Allow({"parent", "properties", "title", "icon"})) return *bad;
  const std::string db = c.body.value("parent", NJson::object()).value("database_id", std::string());
  if (db.empty()) return c.Error(400, "validation_error", "body.parent.database_id should be defined, instead was `undefined`.");
  if (model_.FindDatabase(db) == nullptr) return c.NotFound("database", db);
  StatusOr<NotionDataSource*> ds = model_.AddDataSource(db, TitleOf(c.body), c.body.value("properties", NJson()), c.now);
  if (!ds.ok()) return c.Error(ds.status());
  return c.Ok(DataSourceJson(**ds));
}

HttpResponse NotionService::UpdateDataSource(Call& c, const std::string& id) {
  if (auto bad = c.Allow({"properties", "title", "icon", "in_trash", "archived", "parent"})) return *bad;
  NotionDataSource* ds = model_.FindDataSource(id);
  if (ds == nullptr) return c.NotFound("data source", id);
  if (c.body.contains("properties")) {
    Status s = model_.UpdateSchema(*ds, c.body["properties"], c.now);
    if (!s.ok()) return c.Error(s);
  }
  if (c.body.contains("title")) ds->title = TitleOf(c.body);
  for (const char* k : {"archived", "in_trash"}) {
    if (c.body.contains(k) && c.body[k].is_boolean()) ds->in_trash = c.body[k];
  }
  ds->edited = c.now;
  return c.Ok(DataSourceJson(*ds));
}

HttpResponse NotionService::CreatePage(Call& c) {
  if (auto bad = c.Allow({"parent", "properties", "children", "icon", "cover", "content", "template"})) return *bad;
  const NJson parent = c.body.value("parent", NJson());
  if (!parent.is_object()) return c.Error(400, "validation_error", "body.parent should be defined, instead was `undefined`.");
  std::string ds_id;
  std::string page_parent;
  if (parent.contains("data_source_id")) {
    if (!c.new_version) {
      return c.Error(400, "validation_error", "body.parent.data_source_id is not supported in this version: use database_id.");
    }
    ds_id = parent.value("data_source_id", std::string());
  } else if (parent.contains("database_id")) {
    NotionDatabase* db = model_.FindDatabase(parent.value("database_id", std::string()));
    if (db == nullptr || db->in_trash) return c.NotFound("database", parent.value("database_id", std::string()));
    if (db->data_sources.size() != 1) {
      return c.Error(400, "validation_error",
                     "Databases with multiple data sources are not supported with a database_id parent: use "
                     "data_source_id.");
    }
    ds_id = db->data_sources.front();
  } else if (parent.contains("page_id")) {
    page_parent = parent.value("page_id", std::string());
  } else {
    return c.Error(400, "validation_error", "body.parent should have a data_source_id, database_id or page_id.");
  }
  StatusOr<NotionPage*> page = model_.CreatePage(ds_id, page_parent, c.body.value("properties", NJson::object()),
                                                 c.now, c.request_id);
  if (!page.ok()) return c.Error(page.status());
  return c.OkText(PageText(**page, c.new_version));
}

HttpResponse NotionService::RetrievePage(Call& c, const std::string& id) {
  NotionPage* p = model_.FindPage(id);
  if (p == nullptr) return c.NotFound("page", id);
  std::set<std::string> only;
  for (auto [it, end] = c.r.query.equal_range("filter_properties"); it != end; ++it) only.insert(it->second);
  return c.OkText(PageText(*p, c.new_version, only.empty() ? nullptr : &only));
}

HttpResponse NotionService::UpdatePage(Call& c, const std::string& id) {
  if (auto bad = c.Allow({"properties", "archived", "in_trash", "icon", "cover", "is_locked"})) return *bad;
  NotionPage* p = model_.FindPage(id);
  if (p == nullptr) return c.NotFound("page", id);
  if (p->in_trash && !c.body.contains("in_trash") && !c.body.contains("archived")) {
    return c.Error(400, "validation_error", "Can't edit block that is archived. You must unarchive the block before editing.");
  }
  Status s = model_.UpdatePage(*p, c.body.value("properties", NJson::object()), c.now, c.request_id);
  if (!s.ok()) return c.Error(s);
  for (const char* k : {"archived", "in_trash"}) {
    if (c.body.contains(k) && c.body[k].is_boolean()) p->in_trash = c.body[k];
  }
  return c.OkText(PageText(*p, c.new_version));
}

HttpResponse NotionService::RetrievePageProperty(Call& c, const std::string& id, const std::string& property) {
  NotionPage* p = model_.FindPage(id);
  if (p == nullptr) return c.NotFound("page", id);
  NotionDataSource* ds = p->data_source_id.empty() ? nullptr : model_.FindDataSource(p->data_source_id);
  NotionProperty title{"title", "title", "title", NJson::object()};
  const NotionProperty* prop = ds != nullptr ? ds->Find(property) : (property == "title" ? &title : nullptr);
  if (prop == nullptr) return c.NotFound("property", property);
  const NJson v = model_.PropertyValue(*p, *prop, false)[prop->type];
  if (prop->type != "relation" && prop->type != "title" && prop->type != "rich_text") {
    return c.Ok(NJson{{"object", "property_item"}, {"id", prop->id}, {"type", prop->type}, {prop->type, v}});
  }
  internal::Paging paging;
  NJson q = NJson::object();
  if (auto size = c.r.Param("page_size")) q["page_size"] = std::atoi(size->c_str());
  if (auto cursor = c.r.Param("start_cursor")) q["start_cursor"] = *cursor;
  if (auto e = internal::ReadPaging(q, paging)) return c.Error(400, "validation_error", *e);
  size_t start = 0;
  if (!paging.start_cursor.empty()) {
    start = static_cast<size_t>(std::atoll(paging.start_cursor.c_str()));
    if (start > v.size()) return c.Error(400, "validation_error", "start_cursor provided is invalid");
  }
  NJson results = NJson::array();
  size_t i = start;
  for (; i < v.size() && results.size() < paging.page_size; ++i) {
    results.push_back(NJson{{"object", "property_item"}, {"id", prop->id}, {"type", prop->type}, {prop->type, v[i]}});
  }
  const bool more = i < v.size();
  return c.Ok(NJson{{"object", "list"},
                    {"results", results},
                    {"next_cursor", more ? NJson(std::to_string(i)) : NJson()},
                    {"has_more", more},
                    {"type", "property_item"},
                    {"property_item", {{"id", prop->id}, {"next_url", nullptr}, {"type", prop->type}, {prop->type, NJson::object()}}}});
}

}  // namespace lockstep::mocks
