#include "mocks/notion/notion_model.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "mocks/common/json_writer.h"
#include "mocks/common/rfc3339.h"

namespace lockstep::mocks {
namespace {

const std::set<std::string> kTypes = {"title", "rich_text", "number", "select", "multi_select", "status",
                                      "date", "checkbox", "url", "email", "phone_number", "relation",
                                      "created_time", "last_edited_time"};

Status Validation(std::string message) {
  return Status(StatusCode::kInvalidArgument, 400, "validation_error", std::move(message));
}

NJson Option(const std::string& id, const std::string& name, const std::string& color) {
  return NJson{{"id", id}, {"name", name}, {"color", color}};
}

bool ParseDate(const std::string& s, Instant& out) {
  if (s.size() == 10) return ParseRfc3339(s + "T00:00:00Z", out);
  return ParseRfc3339(s, out);
}

}  // namespace

std::string CanonicalNotionId(std::string_view id) {
  // Every request id and every id in a path goes through here: ASCII arithmetic into one buffer
  // (std::tolower is a locale call per character).
  std::string out(36, '-');
  size_t hex = 0;
  for (char c : id) {
    if (c == '-') continue;
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) || hex == 32) return "";
    out[hex + (hex >= 8) + (hex >= 12) + (hex >= 16) + (hex >= 20)] = c;
    ++hex;
  }
  return hex == 32 ? out : "";
}

std::string PlainText(const NJson& rich_text) {
  std::string out;
  if (!rich_text.is_array()) return out;
  for (const NJson& t : rich_text) out += t.value("plain_text", std::string());
  return out;
}

const NotionProperty* NotionDataSource::Find(std::string_view name_or_id) const {
  for (const NotionProperty& p : properties) {
    if (p.id == name_or_id) return &p;
  }
  for (const NotionProperty& p : properties) {
    if (p.name == name_or_id) return &p;
  }
  return nullptr;
}

NotionProperty* NotionDataSource::Find(std::string_view name_or_id) {
  return const_cast<NotionProperty*>(static_cast<const NotionDataSource*>(this)->Find(name_or_id));
}

void NotionModel::Reset(uint64_t seed) {
  ids_ = Rng::Stream(seed, "notion.ids");
  next_seq_ = 1;
  databases_.clear();
  data_sources_.clear();
  pages_.clear();
  pages_by_source_.clear();
  // The page the integration is shared with: where databases can be created.
  NotionPage root;
  root.id = root_page_id_ = NewId();
  root.values["title"] = NJson::array({NJson{{"type", "text"},
                                             {"text", {{"content", "lockstep workspace"}, {"link", nullptr}}},
                                             {"plain_text", "lockstep workspace"},
                                             {"href", nullptr}}});
  root.seq = next_seq_++;
  pages_[root.id] = root;
}

std::string NotionModel::NewId() {
  const uint64_t a = ids_.Next();
  const uint64_t b = ids_.Next();
  std::string hex = fmt::format("{:016x}{:016x}", a, b);
  hex[12] = '4';
  hex[16] = "89ab"[b % 4];
  return CanonicalNotionId(hex);
}

std::string NotionModel::NewPropertyId() {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string id;
  for (int i = 0; i < 4; ++i) id += kChars[ids_.Uniform(sizeof(kChars) - 1)];
  return id;
}

Instant NotionModel::Stamp(Instant now) const {
  if (!knobs_.round_timestamps_to_minute) return now;
  return std::chrono::floor<std::chrono::minutes>(now);
}

NJson NotionModel::SchemaJson(const NotionProperty& p) {
  return NJson{{"id", p.id}, {"name", p.name}, {"type", p.type}, {p.type, p.config}};
}

StatusOr<NotionProperty> NotionModel::NewProperty(const std::string& name, const NJson& spec, bool allow_title) {
  if (!spec.is_object()) return Validation(fmt::format("body.properties.{} should be an object", name));
  std::string type;
  for (auto it = spec.begin(); it != spec.end(); ++it) {
    if (it.key() == "name" || it.key() == "type" || it.key() == "id" || it.key() == "description") continue;
    if (kTypes.count(it.key()) == 0) {
      return Validation(fmt::format("body.properties.{}: unsupported property type '{}'", name, it.key()));
    }
    if (!type.empty()) return Validation(fmt::format("body.properties.{} has more than one type", name));
    type = it.key();
  }
  if (type.empty()) return Validation(fmt::format("body.properties.{} should define a property type", name));
  if (type == "title" && !allow_title) {
    return Validation("A data source can have only one title property; the title's type cannot change.");
  }
  NotionProperty p;
  p.id = type == "title" ? "title" : NewPropertyId();
  p.name = name;
  p.type = type;
  const NJson config = spec[type].is_object() ? spec[type] : NJson::object();
  if (type == "number") {
    p.config = NJson{{"format", config.value("format", std::string("number"))}};
  } else if (type == "select" || type == "multi_select" || type == "status") {
    NJson options = NJson::array();
    for (const NJson& o : config.value("options", NJson::array())) {
      if (!o.is_object() || !o.contains("name") || !o["name"].is_string()) {
        return Validation(fmt::format("body.properties.{}.{}.options: each option needs a name", name, type));
      }
      options.push_back(Option(NewPropertyId(), o["name"], o.value("color", std::string("default"))));
    }
    if (type == "status" && options.empty()) {
      options = NJson::array({Option(NewPropertyId(), "Not started", "default"),
                              Option(NewPropertyId(), "In progress", "blue"), Option(NewPropertyId(), "Done", "green")});
    }
    p.config = NJson{{"options", options}};
  } else if (type == "relation") {
    std::string target_ds;
    if (config.contains("data_source_id") && config["data_source_id"].is_string()) {
      target_ds = CanonicalNotionId(config["data_source_id"].get<std::string>());
    } else if (config.contains("database_id") && config["database_id"].is_string()) {
      NotionDatabase* db = FindDatabase(config["database_id"].get<std::string>());
      if (db == nullptr || db->data_sources.empty()) {
        return Validation(fmt::format("body.properties.{}.relation.database_id: no such database", name));
      }
      target_ds = db->data_sources.front();
    }
    NotionDataSource* target = FindDataSource(target_ds);
    if (target == nullptr) return Validation(fmt::format("body.properties.{}.relation: no such data source", name));
    const std::string kind = config.value("type", std::string(config.contains("dual_property") ? "dual_property"
                                                                                               : "single_property"));
    if (kind != "single_property" && kind != "dual_property") {
      return Validation(fmt::format("body.properties.{}.relation.type should be single_property or dual_property", name));
    }
    p.config = NJson{{"database_id", target->database_id}, {"data_source_id", target->id}, {"type", kind},
                     {kind, NJson::object()}};
  } else {
    p.config = NJson::object();
  }
  return p;
}

StatusOr<NotionDatabase*> NotionModel::CreateDatabase(const std::string& parent_page_id, const std::string& title,
                                                      const NJson& properties, Instant now, bool is_inline) {
  if (!parent_page_id.empty() && FindPage(parent_page_id) == nullptr) {
    return Status(StatusCode::kNotFound, 404, "object_not_found",
                  fmt::format("Could not find page with ID: {}. Make sure the relevant pages and databases are "
                              "shared with your integration.", parent_page_id));
  }
  NotionDatabase db;
  db.id = NewId();
  db.parent_page_id = CanonicalNotionId(parent_page_id);
  db.title = title;
  db.is_inline = is_inline;
  db.created = db.edited = now;
  db.searchable_at = now + knobs_.search_lag;
  NotionDatabase& stored = databases_[db.id] = db;
  StatusOr<NotionDataSource*> ds = AddDataSource(stored.id, title, properties, now);
  if (!ds.ok()) {
    databases_.erase(db.id);
    return ds.status();
  }
  return &databases_[db.id];
}

StatusOr<NotionDataSource*> NotionModel::AddDataSource(const std::string& database_id, const std::string& title,
                                                       const NJson& properties, Instant now) {
  NotionDatabase* db = FindDatabase(database_id);
  if (db == nullptr) {
    return Status(StatusCode::kNotFound, 404, "object_not_found",
                  fmt::format("Could not find database with ID: {}.", database_id));
  }
  if (!properties.is_object()) return Validation("body.properties should be an object");
  NotionDataSource ds;
  ds.id = NewId();
  ds.database_id = db->id;
  ds.title = title;
  ds.created = ds.edited = now;
  int titles = 0;
  for (auto it = properties.begin(); it != properties.end(); ++it) {
    // The key is the name, whatever "name" says (makenotion/notion-sdk-js#473).
    StatusOr<NotionProperty> p = NewProperty(it.key(), it.value(), /*allow_title=*/true);
    if (!p.ok()) return p.status();
    if (p->type == "title") ++titles;
    ds.properties.push_back(*std::move(p));
  }
  if (titles != 1) return Validation("body.properties should have exactly one title property");
  const std::string id = ds.id;
  data_sources_[id] = std::move(ds);
  db->data_sources.push_back(id);
  pages_by_source_[id];
  // Dual relations get their synced property on the other side.
  for (NotionProperty& p : data_sources_[id].properties) {
    if (p.type != "relation" || p.config["type"] != "dual_property") continue;
    NotionDataSource* target = FindDataSource(p.config["data_source_id"].get<std::string>());
    NotionProperty back;
    back.id = NewPropertyId();
    back.name = fmt::format("Related to {} ({})", title, p.name);
    back.type = "relation";
    back.config = NJson{{"database_id", db->id}, {"data_source_id", id}, {"type", "dual_property"},
                        {"dual_property", {{"synced_property_id", p.id}, {"synced_property_name", p.name}}}};
    p.config["dual_property"] = NJson{{"synced_property_id", back.id}, {"synced_property_name", back.name}};
    target->properties.push_back(back);
  }
  return &data_sources_[id];
}

Status NotionModel::UpdateSchema(NotionDataSource& ds, const NJson& properties, Instant now) {
  if (!properties.is_object()) return Validation("body.properties should be an object");
  NotionDataSource draft = ds;
  std::vector<std::string> deleted;
  for (auto it = properties.begin(); it != properties.end(); ++it) {
    NotionProperty* p = draft.Find(it.key());
    const NJson& v = it.value();
    if (v.is_null()) {
      if (p == nullptr) return Validation(fmt::format("Could not find property with name or id: {}", it.key()));
      if (p->type == "title") return Validation("Cannot delete the title property.");
      deleted.push_back(p->id);
      draft.properties.erase(draft.properties.begin() + (p - draft.properties.data()));
      continue;
    }
    if (!v.is_object()) return Validation(fmt::format("body.properties.{} should be an object or null", it.key()));
    if (p == nullptr) {
      StatusOr<NotionProperty> added = NewProperty(v.value("name", it.key()), v, /*allow_title=*/false);
      if (!added.ok()) return added.status();
      if (draft.Find(added->name) != nullptr) {
        return Validation(fmt::format("A property named {} already exists.", added->name));
      }
      draft.properties.push_back(*std::move(added));
      continue;
    }
    bool has_type = false;
    for (auto k = v.begin(); k != v.end(); ++k) has_type = has_type || kTypes.count(k.key()) > 0;
    if (has_type) {
      StatusOr<NotionProperty> changed = NewProperty(p->name, v, /*allow_title=*/p->type == "title");
      if (!changed.ok()) return changed.status();
      if (p->type == "title" && changed->type != "title") return Validation("The title property's type cannot change.");
      if (p->type == "status") return Validation("A status property's name and options cannot be updated via the API.");
      changed->id = p->id;
      if (changed->type == p->type && (p->type == "select" || p->type == "multi_select")) {
        // Options keep their ids by name; omitted ones are removed, new ones added.
        for (NJson& o : changed->config["options"]) {
          for (const NJson& old : p->config["options"]) {
            if (old["name"] == o["name"]) o = old;
          }
        }
      }
      *p = *std::move(changed);
    }
    if (v.contains("name")) {
      if (!v["name"].is_string() || v["name"].get<std::string>().empty()) {
        return Validation(fmt::format("body.properties.{}.name should be a non-empty string", it.key()));
      }
      if (p->type == "status") return Validation("A status property's name and options cannot be updated via the API.");
      const NotionProperty* other = draft.Find(v["name"].get<std::string>());
      if (other != nullptr && other != p) {
        return Validation(fmt::format("A property named {} already exists.", v["name"].get<std::string>()));
      }
      p->name = v["name"];
    }
  }
  draft.edited = now;
  ds = std::move(draft);
  for (NotionPage* page : pages_by_source_[ds.id]) {
    for (const std::string& gone : deleted) page->values.erase(gone);
  }
  return Status();
}

StatusOr<NJson> NotionModel::NormalizeValue(NotionProperty& p, const NJson& input) {
  const std::string where = fmt::format("body.properties.{}", p.name);
  if (!input.is_object() || !input.contains(p.type)) {
    return Validation(fmt::format("{}.{} should be defined, instead was `undefined`.", where, p.type));
  }
  const NJson& v = input[p.type];
  if (p.type == "created_time" || p.type == "last_edited_time") {
    return Validation(fmt::format("{} is a read-only property.", where));
  }
  if (p.type == "title" || p.type == "rich_text") {
    if (!v.is_array()) return Validation(fmt::format("{}.{} should be an array", where, p.type));
    if (v.size() > 100) return Validation(fmt::format("{}.{}.length should be ≤ `100`, instead was `{}`.", where, p.type, v.size()));
    NJson out = NJson::array();
    for (const NJson& t : v) {
      if (!t.is_object() || !t.contains("text") || !t["text"].is_object() || !t["text"].contains("content") ||
          !t["text"]["content"].is_string()) {
        return Validation(fmt::format("{}.{}[].text.content should be defined", where, p.type));
      }
      const std::string content = t["text"]["content"];
      if (content.size() > 2000) {
        return Validation(fmt::format("{}.{}[].text.content.length should be ≤ `2000`, instead was `{}`.", where,
                                      p.type, content.size()));
      }
      NJson annotations{{"bold", false}, {"italic", false}, {"strikethrough", false}, {"underline", false},
                        {"code", false}, {"color", "default"}};
      if (t.contains("annotations") && t["annotations"].is_object()) {
        for (auto a = t["annotations"].begin(); a != t["annotations"].end(); ++a) annotations[a.key()] = a.value();
      }
      const NJson link = t["text"].value("link", NJson());
      out.push_back(NJson{{"type", "text"},
                          {"text", {{"content", content}, {"link", link}}},
                          {"annotations", annotations},
                          {"plain_text", content},
                          {"href", link.is_object() ? link.value("url", NJson()) : NJson()}});
    }
    return out;
  }
  if (p.type == "number") {
    if (!v.is_null() && !v.is_number()) return Validation(fmt::format("{}.number should be a number or `null`", where));
    return v;
  }
  if (p.type == "checkbox") {
    if (!v.is_boolean()) return Validation(fmt::format("{}.checkbox should be a boolean", where));
    return v;
  }
  if (p.type == "url" || p.type == "email" || p.type == "phone_number") {
    if (v.is_null()) return v;
    if (!v.is_string()) return Validation(fmt::format("{}.{} should be a string or `null`", where, p.type));
    const size_t max = p.type == "url" ? 2000 : 200;
    if (v.get<std::string>().size() > max) {
      return Validation(fmt::format("{}.{}.length should be ≤ `{}`, instead was `{}`.", where, p.type, max,
                                    v.get<std::string>().size()));
    }
    return v;
  }
  if (p.type == "date") {
    if (v.is_null()) return v;
    Instant t;
    if (!v.is_object() || !v.contains("start") || !v["start"].is_string() || !ParseDate(v["start"], t)) {
      return Validation(fmt::format("{}.date.start should be an ISO 8601 date or date-time", where));
    }
    return NJson{{"start", v["start"]}, {"end", v.value("end", NJson())}, {"time_zone", v.value("time_zone", NJson())}};
  }
  auto option = [&](const NJson& o, bool may_add) -> StatusOr<NJson> {
    if (!o.is_object() || (!o.contains("name") && !o.contains("id"))) {
      return Validation(fmt::format("{}.{} should have a name or an id", where, p.type));
    }
    NJson& options = p.config["options"];
    for (const NJson& existing : options) {
      if ((o.contains("id") && existing["id"] == o["id"]) || (o.contains("name") && existing["name"] == o["name"])) {
        return existing;
      }
    }
    if (!may_add || !o.contains("name") || !o["name"].is_string()) {
      return Validation(fmt::format("{}.{}: no option named {}", where, p.type, o.value("name", o.value("id", NJson())).dump()));
    }
    NJson added = Option(NewPropertyId(), o["name"], o.value("color", std::string("default")));
    options.push_back(added);
    return added;
  };
  if (p.type == "select" || p.type == "status") {
    if (v.is_null()) return v;
    return option(v, p.type == "select");
  }
  if (p.type == "multi_select") {
    if (!v.is_array()) return Validation(fmt::format("{}.multi_select should be an array", where));
    if (v.size() > 100) return Validation(fmt::format("{}.multi_select.length should be ≤ `100`", where));
    NJson out = NJson::array();
    for (const NJson& o : v) {
      StatusOr<NJson> got = option(o, true);
      if (!got.ok()) return got.status();
      if (std::find(out.begin(), out.end(), *got) == out.end()) out.push_back(*got);
    }
    return out;
  }
  if (p.type == "relation") {
    if (!v.is_array()) return Validation(fmt::format("{}.relation should be an array", where));
    if (v.size() > 100) {
      return Validation(fmt::format("{}.relation.length should be ≤ `100`, instead was `{}`.", where, v.size()));
    }
    NJson out = NJson::array();
    const std::string target = p.config.value("data_source_id", std::string());
    for (const NJson& r : v) {
      const std::string id = r.is_object() && r.contains("id") && r["id"].is_string()
                                 ? CanonicalNotionId(r["id"].get<std::string>()) : std::string();
      const NotionPage* other = FindPage(id);
      if (other == nullptr || other->data_source_id != target) {
        return Validation(fmt::format("{}.relation: {} is not a page of the related data source", where,
                                      r.is_object() ? r.value("id", NJson()).dump() : r.dump()));
      }
      NJson ref{{"id", id}};
      if (std::find(out.begin(), out.end(), ref) == out.end()) out.push_back(ref);
    }
    return out;
  }
  return Validation(fmt::format("{}: unsupported type {}", where, p.type));
}

void NotionModel::SyncDual(const NotionProperty& p, const std::string& page_id, const NJson& before,
                           const NJson& after) {
  if (p.type != "relation" || p.config.value("type", std::string()) != "dual_property") return;
  const std::string synced = p.config["dual_property"].value("synced_property_id", std::string());
  auto has = [](const NJson& list, const std::string& id) {
    if (!list.is_array()) return false;
    return std::any_of(list.begin(), list.end(), [&](const NJson& r) { return r.value("id", "") == id; });
  };
  for (const NJson& r : after) {
    if (has(before, r["id"])) continue;
    NotionPage* other = FindPage(r["id"].get<std::string>());
    if (other == nullptr) continue;
    NJson& back = other->values[synced];
    if (!back.is_array()) back = NJson::array();
    if (!has(back, page_id)) back.push_back(NJson{{"id", page_id}});
  }
  if (!before.is_array()) return;
  for (const NJson& r : before) {
    if (has(after, r["id"])) continue;
    NotionPage* other = FindPage(r["id"].get<std::string>());
    if (other == nullptr || !other->values.count(synced)) continue;
    NJson& back = other->values[synced];
    NJson kept = NJson::array();
    for (const NJson& x : back) {
      if (x.value("id", "") != page_id) kept.push_back(x);
    }
    back = kept;
  }
}

Status NotionModel::ApplyValues(NotionDataSource* ds, NotionPage& page, const NJson& properties) {
  if (!properties.is_object()) return Validation("body.properties should be an object");
  // Validate everything first: a page write applies whole or not at all.
  std::vector<std::pair<NotionProperty*, NJson>> values;
  NotionProperty page_title{"title", "title", "title", NJson::object()};
  for (auto it = properties.begin(); it != properties.end(); ++it) {
    NotionProperty* p = ds != nullptr ? ds->Find(it.key()) : (it.key() == "title" ? &page_title : nullptr);
    if (p == nullptr) return Validation(fmt::format("{} is not a property that exists.", it.key()));
    StatusOr<NJson> v = NormalizeValue(*p, it.value());
    if (!v.ok()) return v.status();
    values.emplace_back(p, *std::move(v));
  }
  for (auto& [p, v] : values) {
    const NJson before = page.values.count(p->id) ? page.values[p->id] : NJson();
    SyncDual(*p, page.id, before, v);
    page.values[p->id] = std::move(v);
  }
  return Status();
}

StatusOr<NotionPage*> NotionModel::CreatePage(const std::string& data_source_id, const std::string& parent_page_id,
                                              const NJson& properties, Instant now, const std::string& request_id) {
  NotionDataSource* ds = nullptr;
  if (!data_source_id.empty()) {
    ds = FindDataSource(data_source_id);
    if (ds == nullptr || ds->in_trash) {
      return Status(StatusCode::kNotFound, 404, "object_not_found",
                    fmt::format("Could not find data source with ID: {}. Make sure the relevant pages and databases "
                                "are shared with your integration.", data_source_id));
    }
  } else if (FindPage(parent_page_id) == nullptr) {
    return Status(StatusCode::kNotFound, 404, "object_not_found",
                  fmt::format("Could not find page with ID: {}. Make sure the relevant pages and databases are "
                              "shared with your integration.", parent_page_id));
  }
  NotionPage page;
  page.id = NewId();
  page.data_source_id = ds != nullptr ? ds->id : "";
  page.parent_page_id = ds != nullptr ? "" : CanonicalNotionId(parent_page_id);
  page.created = page.edited = now;
  page.searchable_at = now + knobs_.search_lag;
  page.seq = next_seq_++;
  page.last_request = request_id;
  NotionDataSource draft_schema = ds != nullptr ? *ds : NotionDataSource{};  // new select options roll back too
  Status s = ApplyValues(ds, page, properties);
  if (!s.ok()) {
    if (ds != nullptr) *ds = std::move(draft_schema);
    return s;
  }
  const std::string id = page.id;
  pages_[id] = std::move(page);
  if (ds != nullptr) pages_by_source_[ds->id].push_back(&pages_[id]);
  return &pages_[id];
}

Status NotionModel::UpdatePage(NotionPage& page, const NJson& properties, Instant now, const std::string& request_id) {
  if (knobs_.conflict_window > Duration(0) && page.last_request != request_id && now - page.edited < knobs_.conflict_window) {
    return Status(StatusCode::kAborted, 409, "conflict_error", "Conflict occurred while saving. Please try again.");
  }
  NotionDataSource* ds = page.data_source_id.empty() ? nullptr : FindDataSource(page.data_source_id);
  NotionDataSource draft_schema = ds != nullptr ? *ds : NotionDataSource{};
  NotionPage draft = page;
  Status s = ApplyValues(ds, draft, properties);
  if (!s.ok()) {
    if (ds != nullptr) *ds = std::move(draft_schema);
    return s;
  }
  draft.edited = now;
  draft.last_request = request_id;
  page = std::move(draft);
  return Status();
}

NotionDatabase* NotionModel::FindDatabase(std::string_view id) {
  auto it = databases_.find(CanonicalNotionId(id));
  return it == databases_.end() ? nullptr : &it->second;
}

NotionDataSource* NotionModel::FindDataSource(std::string_view id) {
  auto it = data_sources_.find(CanonicalNotionId(id));
  return it == data_sources_.end() ? nullptr : &it->second;
}

NotionPage* NotionModel::FindPage(std::string_view id) {
  auto it = pages_.find(CanonicalNotionId(id));
  return it == pages_.end() ? nullptr : &it->second;
}

const NJson* NotionModel::StoredValue(const NotionPage& page, const NotionProperty& p) const {
  auto it = page.values.find(p.id);
  return it == page.values.end() ? nullptr : &it->second;
}

const std::vector<NotionPage*>& NotionModel::PagesOf(const std::string& data_source_id) const {
  static const std::vector<NotionPage*> kNone;
  auto it = pages_by_source_.find(data_source_id);
  return it == pages_by_source_.end() ? kNone : it->second;
}

const NJson& NotionModel::ValueOf(const NotionPage& page, const NotionProperty& p, NJson& scratch) const {
  if (p.type == "created_time") return scratch = FormatRfc3339(Stamp(page.created));
  if (p.type == "last_edited_time") return scratch = FormatRfc3339(Stamp(page.edited));
  auto it = page.values.find(p.id);
  if (it != page.values.end()) return it->second;
  if (p.type == "title" || p.type == "rich_text" || p.type == "multi_select" || p.type == "relation") {
    return scratch = NJson::array();
  }
  return scratch = p.type == "checkbox" ? NJson(false) : NJson();
}

size_t NotionModel::RelationRefsShown(const NotionProperty& p, const NJson& value, bool cut_relations) const {
  const size_t max = static_cast<size_t>(knobs_.relation_page_refs_max);
  return p.type == "relation" && cut_relations && value.size() > max ? max : value.size();
}

NJson NotionModel::PropertyValue(const NotionPage& page, const NotionProperty& p, bool cut_relations) const {
  NJson out{{"id", p.id}, {"type", p.type}};
  NJson scratch;
  const NJson& v = ValueOf(page, p, scratch);
  if (p.type != "relation") {
    out[p.type] = v;
    return out;
  }
  const size_t shown = RelationRefsShown(p, v, cut_relations);
  NJson refs = NJson::array();
  for (size_t i = 0; i < shown; ++i) refs.push_back(v[i]);
  out["relation"] = std::move(refs);
  out["has_more"] = shown < v.size();
  return out;
}

void NotionModel::WritePropertyValue(JsonWriter& w, const NotionPage& page, const NotionProperty& p) const {
  NJson scratch;
  const NJson& v = ValueOf(page, p, scratch);
  w.BeginObject().Key("id").String(p.id).Key("type").String(p.type).KeyText(p.type);
  if (p.type != "relation") {
    w.Value(v).EndObject();
    return;
  }
  const size_t shown = RelationRefsShown(p, v, true);
  w.BeginArray();
  for (size_t i = 0; i < shown; ++i) w.Value(v[i]);
  w.EndArray().Key("has_more").Bool(shown < v.size()).EndObject();
}

}  // namespace lockstep::mocks
