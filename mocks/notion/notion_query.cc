// NotionService's list endpoints: data-source (and 2022 database) queries with filters, sorts and
// cursors, and search.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "mocks/common/json_writer.h"
#include "mocks/notion/internal/notion_call.h"
#include "mocks/notion/notion_service.h"

namespace lockstep::mocks {
namespace internal {

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

}  // namespace internal

namespace {

// How many and/or levels a filter nests (0: a single condition).
int CompoundDepth(const NJson& filter) {
  int deepest = 0;
  if (!filter.is_object()) return 0;
  for (const char* compound : {"and", "or"}) {
    if (!filter.contains(compound) || !filter[compound].is_array()) continue;
    for (const NJson& f : filter[compound]) deepest = std::max(deepest, CompoundDepth(f));
    return deepest + 1;
  }
  return 0;
}

using internal::Paging;
using internal::ReadPaging;

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
  // Notion: "compound filter conditions can be nested up to two levels deep": an and/or holding
  // and/or conditions holding and/or conditions, no deeper. (The body's own nesting is bounded
  // before it is parsed, so this walk is too.)
  if (filtered && CompoundDepth(c.body["filter"]) > 3) {
    return c.Error(400, "validation_error",
                   "body.filter: compound filter conditions can be nested at most two levels deep.");
  }
  if (filtered) {  // every condition, before any page: an empty data source refuses a bad filter too
    Status valid = model_.ValidateFilter(ds, c.body["filter"]);
    if (!valid.ok()) return c.Error(valid);
  }
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
  // The envelope and its pages written as text, in the order of Notion's list object.
  JsonWriter w(512 + 1024 * std::min(paging.page_size, hits.size() - start));  // a page is under 1 KB mostly
  w.BeginObject().Key("object").String("list").Key("results").BeginArray();
  size_t i = start;
  for (size_t n = 0; i < hits.size() && n < paging.page_size; ++i, ++n) {
    WritePage(w, *hits[i], c.new_version, only.empty() ? nullptr : &only);
  }
  w.EndArray();
  WriteListEnd(w, c, i < hits.size() ? hits[i]->id : std::string());
  return c.OkText(w.Take());
}

void NotionService::WriteListEnd(JsonWriter& w, const Call& c, const std::string& next_cursor) const {
  const char* type = c.new_version ? "page_or_data_source" : "page_or_database";
  w.Key("next_cursor");
  if (next_cursor.empty()) {
    w.Null();
  } else {
    w.String(next_cursor);
  }
  w.Key("has_more").Bool(!next_cursor.empty()).Key("type").String(type).KeyText(type).BeginObject().EndObject();
  w.Key("request_id").String(c.request_id).EndObject();
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
  JsonWriter w(4096);
  w.BeginObject().Key("object").String("list").Key("results").BeginArray();
  size_t i = start;
  for (size_t n = 0; i < hits.size() && n < paging.page_size; ++i, ++n) {
    const Hit& h = hits[i];
    if (h.data_source != nullptr) {
      w.Raw(DataSourceText(*h.data_source));
    } else if (h.page != nullptr) {
      WritePage(w, *h.page, c.new_version);
    } else {
      w.Value(DatabaseJson(*h.database, false));
    }
  }
  w.EndArray();
  WriteListEnd(w, c, i < hits.size() ? hits[i].id : std::string());
  return c.OkText(w.Take());
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
