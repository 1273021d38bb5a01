#include "mocks/notion/notion_service.h"

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
  HttpResponse Ok(const NJson& j) const {
    HttpResponse out;
    out.content_type = "application/json; charset=utf-8";
    out.headers["x-notion-request-id"] = request_id;
    out.body = j.dump();
    return out;
  }
  HttpResponse NotFound(std::string_view what, const std::string& id) const {
    return Error(404, "object_not_found",
                 fmt::format("Could not find {} with ID: {}. Make sure the relevant pages and databases are shared "
                             "with your integration.", what, id));
  }
  // Fails on body keys outside `allowed` (stricter than Notion).
  std::optional<HttpResponse> Allow(const std::set<std::string>& allowed) const {
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (allowed.count(it.key()) == 0) {
        return Error(400, "validation_error", fmt::format("body.{} is not a known parameter of this endpoint", it.key()));
      }
    }
    return std::nullopt;
  }
};

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

namespace {

// Reads page_size and start_cursor; false with the error in `error`.
struct Paging {
  size_t page_size = 100;
  std::string start_cursor;
};

std::optional<std::string> ReadPaging(const NJson& body, Paging& out) {
  if (body.contains("page_size")) {
    const NJson& v = body["page_size"];
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 100) {
      return fmt::format("body.page_size should be a number between 1 and 100, instead was `{}`.", v.dump());
    }
    out.page_size = v.get<size_t>();
  }
  if (body.contains("start_cursor") && !body["start_cursor"].is_null()) {
    if (!body["start_cursor"].is_string()) return "body.start_cursor should be a string";
    out.start_cursor = body["start_cursor"];
  }
  return std::nullopt;
}

// The sort key of a page for one sort; nulls sort last either way.
NJson SortKey(const NotionModel& model, const NotionPage& p, const NotionDataSource& ds, const NJson& sort) {
  if (sort.contains("timestamp")) {
    return FormatRfc3339(model.Stamp(sort["timestamp"] == "created_time" ? p.created : p.edited));
  }
  const NotionProperty* prop = ds.Find(sort.value("property", std::string()));
  const NJson v = model.PropertyValue(p, *prop, false)[prop->type];
  if (prop->type == "title" || prop->type == "rich_text") return PlainText(v);
  if ((prop->type == "select" || prop->type == "status") && v.is_object()) return v.value("name", std::string());
  if (prop->type == "date" && v.is_object()) return v.value("start", std::string());
  if (prop->type == "multi_select" || prop->type == "relation") return v.empty() ? NJson() : NJson(v.size());
  return v;
}

}  // namespace

HttpResponse NotionService::Query(Call& c, NotionDataSource& ds) {
  if (auto bad = c.Allow({"filter", "sorts", "start_cursor", "page_size", "archived", "in_trash", "result_type",
                          "filter_properties"})) {
    return *bad;
  }
  Paging paging;
  if (auto e = ReadPaging(c.body, paging)) return c.Error(400, "validation_error", *e);
  const bool trashed = c.body.value("in_trash", c.body.value("archived", false));
  const NJson sorts = c.body.value("sorts", NJson::array());
  if (!sorts.is_array()) return c.Error(400, "validation_error", "body.sorts should be an array");
  for (const NJson& s : sorts) {
    const bool ok = s.is_object() &&
                    ((s.contains("property") && s["property"].is_string() && ds.Find(s["property"].get<std::string>())) ||
                     (s.contains("timestamp") && (s["timestamp"] == "created_time" || s["timestamp"] == "last_edited_time"))) &&
                    (!s.contains("direction") || s["direction"] == "ascending" || s["direction"] == "descending");
    if (!ok) return c.Error(400, "validation_error", fmt::format("body.sorts: invalid sort {}", s.dump()));
  }
  // Without sorts the order is creation order, so the scan stops once the page is full and the
  // next match (the next cursor) is known.
  const std::string cursor = paging.start_cursor.empty() ? "" : CanonicalNotionId(paging.start_cursor);
  const size_t stop_after = sorts.empty() ? paging.page_size + 1 : SIZE_MAX;
  std::vector<const NotionPage*> hits;
  const bool filtered = c.body.contains("filter") && !c.body["filter"].is_null();
  bool started = cursor.empty() || !sorts.empty();
  for (const NotionPage* p : model_.PagesOf(ds.id)) {
    if (!started) {
      if (p->id != cursor) continue;
      started = true;  // even if it no longer matches: the page starts after it
    }
    if (p->in_trash != trashed) continue;
    if (filtered) {
      StatusOr<bool> m = model_.Matches(*p, ds, c.body["filter"]);
      if (!m.ok()) return c.Error(m.status());
      if (!*m) continue;
    }
    hits.push_back(p);
    if (hits.size() >= stop_after) break;
  }
  if (!started) {
    return c.Error(400, "validation_error", fmt::format("start_cursor provided is invalid: {}", paging.start_cursor));
  }
  if (!sorts.empty()) {
    std::vector<std::pair<std::vector<NJson>, const NotionPage*>> keyed;
    for (const NotionPage* p : hits) {
      std::vector<NJson> keys;
      for (const NJson& s : sorts) keys.push_back(SortKey(model_, *p, ds, s));
      keyed.emplace_back(std::move(keys), p);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
      for (size_t i = 0; i < sorts.size(); ++i) {
        const NJson& x = a.first[i];
        const NJson& y = b.first[i];
        if (x == y) continue;
        if (x.is_null()) return false;
        if (y.is_null()) return true;
        return sorts[i].value("direction", std::string("ascending")) == "descending" ? y < x : x < y;
      }
      return false;
    });
    for (size_t i = 0; i < keyed.size(); ++i) hits[i] = keyed[i].second;
  }
  size_t start = 0;
  if (!cursor.empty() && !sorts.empty()) {
    auto it = std::find_if(hits.begin(), hits.end(), [&](const NotionPage* p) { return p->id == cursor; });
    if (it == hits.end()) {
      return c.Error(400, "validation_error", fmt::format("start_cursor provided is invalid: {}", paging.start_cursor));
    }
    start = static_cast<size_t>(it - hits.begin());
  }
  std::set<std::string> only;
  for (auto [it, end] = c.r.query.equal_range("filter_properties"); it != end; ++it) only.insert(it->second);
  for (auto [it, end] = c.r.query.equal_range("filter_properties[]"); it != end; ++it) only.insert(it->second);
  NJson results = NJson::array();
  size_t i = start;
  for (; i < hits.size() && results.size() < paging.page_size; ++i) {
    results.push_back(PageJson(*hits[i], c.new_version, only.empty() ? nullptr : &only));
  }
  const bool more = i < hits.size();
  const char* type = c.new_version ? "page_or_data_source" : "page_or_database";
  return c.Ok(NJson{{"object", "list"},
                    {"results", results},
                    {"next_cursor", more ? NJson(hits[i]->id) : NJson()},
                    {"has_more", more},
                    {"type", type},
                    {type, NJson::object()},
                    {"request_id", c.request_id}});
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
  return c.Ok(PageJson(**page, c.new_version));
}

HttpResponse NotionService::RetrievePage(Call& c, const std::string& id) {
  NotionPage* p = model_.FindPage(id);
  if (p == nullptr) return c.NotFound("page", id);
  std::set<std::string> only;
  for (auto [it, end] = c.r.query.equal_range("filter_properties"); it != end; ++it) only.insert(it->second);
  return c.Ok(PageJson(*p, c.new_version, only.empty() ? nullptr : &only));
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
  return c.Ok(PageJson(*p, c.new_version));
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
  Paging paging;
  NJson q = NJson::object();
  if (auto size = c.r.Param("page_size")) q["page_size"] = std::atoi(size->c_str());
  if (auto cursor = c.r.Param("start_cursor")) q["start_cursor"] = *cursor;
  if (auto e = ReadPaging(q, paging)) return c.Error(400, "validation_error", *e);
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

HttpResponse NotionService::Search(Call& c) {
  if (auto bad = c.Allow({"query", "filter", "sort", "start_cursor", "page_size"})) return *bad;
  Paging paging;
  if (auto e = ReadPaging(c.body, paging)) return c.Error(400, "validation_error", *e);
  std::string kind;  // "", "page", "database" or "data_source"
  if (c.body.contains("filter")) {
    const NJson& f = c.body["filter"];
    kind = f.is_object() && f.value("property", std::string()) == "object" ? f.value("value", std::string()) : "?";
    const std::string other = c.new_version ? "data_source" : "database";
    if (kind != "page" && kind != other) {
      return c.Error(400, "validation_error",
                     fmt::format("body.filter.value should be `\"page\"` or `\"{}\"`, instead was `{}`.", other,
                                 f.is_object() ? f.value("value", NJson()).dump() : f.dump()));
    }
  }
  const std::string query = c.body.value("query", std::string());
  auto lower = [](std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  // The JSON of a hit is built only for the page of results returned.
  struct Hit {
    Instant edited;
    std::string id;
    const NotionPage* page = nullptr;
    const NotionDataSource* data_source = nullptr;
    const NotionDatabase* database = nullptr;
  };
  std::vector<Hit> hits;
  if (kind.empty() || kind == "page") {
    for (const auto& [id, p] : model_.pages()) {
      if (p.in_trash || p.searchable_at > c.now) continue;
      std::string title;
      if (!p.data_source_id.empty()) {
        for (const NotionProperty& prop : model_.data_sources().at(p.data_source_id).properties) {
          if (prop.type == "title" && p.values.count(prop.id)) title = PlainText(p.values.at(prop.id));
        }
      } else if (p.values.count("title")) {
        title = PlainText(p.values.at("title"));
      }
      if (!query.empty() && lower(title).find(lower(query)) == std::string::npos) continue;
      hits.push_back({p.edited, id, &p, nullptr, nullptr});
    }
  }
  if (kind.empty() || kind == "database" || kind == "data_source") {
    for (const auto& [id, db] : model_.databases()) {
      if (db.in_trash || db.searchable_at > c.now) continue;
      if (!query.empty() && lower(db.title).find(lower(query)) == std::string::npos) continue;
      if (c.new_version) {
        for (const std::string& ds : db.data_sources) hits.push_back({db.edited, ds, nullptr, &model_.data_sources().at(ds), nullptr});
      } else {
        hits.push_back({db.edited, id, nullptr, nullptr, &db});
      }
    }
  }
  const bool ascending = c.body.value("sort", NJson::object()).value("direction", std::string("descending")) == "ascending";
  std::stable_sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    if (a.edited != b.edited) return ascending ? a.edited < b.edited : a.edited > b.edited;
    return a.id < b.id;
  });
  size_t start = 0;
  if (!paging.start_cursor.empty()) {
    const std::string cursor = CanonicalNotionId(paging.start_cursor);
    auto it = std::find_if(hits.begin(), hits.end(), [&](const Hit& h) { return h.id == cursor; });
    if (it == hits.end()) {
      return c.Error(400, "validation_error", fmt::format("start_cursor provided is invalid: {}", paging.start_cursor));
    }
    start = static_cast<size_t>(it - hits.begin());
  }
  std::string results;  // the results array's text, spliced into the envelope below
  size_t i = start;
  for (size_t n = 0; i < hits.size() && n < paging.page_size; ++i, ++n) {
    const Hit& h = hits[i];
    if (n > 0) results += ',';
    if (h.data_source != nullptr) {
      results += DataSourceText(*h.data_source);
    } else {
      results += (h.page != nullptr ? PageJson(*h.page, c.new_version) : DatabaseJson(*h.database, false)).dump();
    }
  }
  const bool more = i < hits.size();
  const char* type = c.new_version ? "page_or_data_source" : "page_or_database";
  HttpResponse out = c.Ok(NJson{{"object", "list"},
                                {"results", NJson::array()},
                                {"next_cursor", more ? NJson(hits[i].id) : NJson()},
                                {"has_more", more},
                                {"type", type},
                                {type, NJson::object()},
                                {"request_id", c.request_id}});
  const std::string empty = "\"results\":[]";
  out.body.replace(out.body.find(empty), empty.size(), "\"results\":[" + results + "]");
  return out;
}

const std::string& NotionService::DataSourceText(const NotionDataSource& ds) const {
  // Every schema or title change moves `edited`; two changes in one millisecond, or a select
  // option added by a page write, change the shape hashed here.
  uint64_t h = static_cast<uint64_t>(ds.edited.time_since_epoch().count()) * 31 + (ds.in_trash ? 1 : 0);
  auto mix = [&h](std::string_view s) {
    for (char ch : s) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  };
  mix(ds.title);
  for (const NotionProperty& p : ds.properties) {
    mix(p.id);
    mix(p.name);
    mix(p.type);
    if (p.config.is_object() && p.config.contains("options")) {
      h = (h ^ p.config["options"].size()) * 1099511628211ull;
    }
  }
  auto& slot = data_source_text_[ds.id];
  if (slot.second.empty() || slot.first != h) slot = {h, DataSourceJson(ds).dump()};
  return slot.second;
}

}  // namespace lockstep::mocks
