// NotionModel: a Notion workspace in memory (reference/api-semantics.md C): pages, databases and
// their data sources, with schemas and property values, as both API versions see them.
//
// Property ids are stable across renames; the title property's id is "title". Values are stored
// in the API's response form (rich text objects, select options with ids, relation references).
// Writing a select or multi_select option that the schema lacks adds it (as Notion does); a status
// must be one of its options. Dual relations are kept on both sides. Timestamps are rounded down
// to the minute (knob), which is what makes conflict detection by last_edited_time blind for up
// to 60 s. Not thread-safe: the MockServer serialises requests.
//
//   NotionModel notion(NotionKnobs{}, seed);
//   StatusOr<const NotionDataSource*> ds = notion.CreateDatabase(parent_page, title, schema, now);
#ifndef LOCKSTEP_MOCKS_NOTION_NOTION_MODEL_H_
#define LOCKSTEP_MOCKS_NOTION_NOTION_MODEL_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/common/rng.h"
#include "src/status.h"
#include "src/time.h"

namespace lockstep::mocks {

class JsonWriter;

using NJson = nlohmann::ordered_json;

struct NotionKnobs {
  bool round_timestamps_to_minute = true;  // created_time / last_edited_time
  Duration search_lag{0};                  // search does not see a new page or database for this long
  Duration conflict_window{0};             // a write to a page another request wrote this recently: 409
  int relation_page_refs_max = 25;         // relation references shown in a page object
};

struct NotionProperty {
  std::string id;
  std::string name;
  std::string type;
  NJson config = NJson::object();  // the type's object: {"options": [...]}, relation target, ...
};

struct NotionDataSource {
  std::string id;
  std::string database_id;
  std::string title;
  std::vector<NotionProperty> properties;  // schema order
  Instant created{};
  Instant edited{};
  bool in_trash = false;

  const NotionProperty* Find(std::string_view name_or_id) const;
  NotionProperty* Find(std::string_view name_or_id);
};

struct NotionDatabase {
  std::string id;
  std::string parent_page_id;  // empty: the workspace
  std::string title;
  std::vector<std::string> data_sources;
  bool is_inline = false;
  bool in_trash = false;
  Instant created{};
  Instant edited{};
  Instant searchable_at{};
};

struct NotionPage {
  std::string id;
  std::string data_source_id;  // empty for a page under a page
  std::string parent_page_id;  // for a page under a page
  std::map<std::string, NJson> values;  // property id -> value (response form, without "id"/"type")
  bool in_trash = false;
  Instant created{};
  Instant edited{};
  Instant searchable_at{};
  int64_t seq = 0;  // creation order
  std::string last_request;  // the request that last wrote it (conflict detection)
};

class NotionModel {
 public:
  NotionModel(NotionKnobs knobs, uint64_t seed) : knobs_(knobs) { Reset(seed); }
  void Reset(uint64_t seed);
  const NotionKnobs& knobs() const { return knobs_; }
  void set_knobs(const NotionKnobs& k) { knobs_ = k; }

  std::string NewId();  // a dashed UUID v4 from the seed
  Instant Stamp(Instant now) const;  // rounded as the knob says

  // Schema: {"Name": {"title": {}}, "Tags": {"multi_select": {"options": [...]}}, ...} (request form).
  StatusOr<NotionDatabase*> CreateDatabase(const std::string& parent_page_id, const std::string& title,
                                           const NJson& properties, Instant now, bool is_inline = false);
  StatusOr<NotionDataSource*> AddDataSource(const std::string& database_id, const std::string& title,
                                            const NJson& properties, Instant now);
  // Schema changes keyed by name or id: null deletes, {"name": ...} renames, a type key adds or
  // changes the type. The title property cannot be deleted or change type.
  Status UpdateSchema(NotionDataSource& ds, const NJson& properties, Instant now);
  // Page creation and update: `properties` keyed by name or id, values in request form.
  StatusOr<NotionPage*> CreatePage(const std::string& data_source_id, const std::string& parent_page_id,
                                   const NJson& properties, Instant now, const std::string& request_id);
  Status UpdatePage(NotionPage& page, const NJson& properties, Instant now, const std::string& request_id);

  NotionDatabase* FindDatabase(std::string_view id);
  NotionDataSource* FindDataSource(std::string_view id);
  NotionPage* FindPage(std::string_view id);
  const std::map<std::string, NotionDatabase>& databases() const { return databases_; }
  const std::map<std::string, NotionDataSource>& data_sources() const { return data_sources_; }
  const std::map<std::string, NotionPage>& pages() const { return pages_; }
  // Pages of a data source in creation order (pointers into pages(): map nodes do not move).
  const std::vector<NotionPage*>& PagesOf(const std::string& data_source_id) const;

  // The page's value of a property in response form ({"id","type",<type>: ...}), computing
  // created_time/last_edited_time; relations cut to relation_page_refs_max with has_more.
  NJson PropertyValue(const NotionPage& page, const NotionProperty& p, bool cut_relations = true) const;
  // PropertyValue (relations cut) written as text, the stored value serialized without a copy.
  void WritePropertyValue(JsonWriter& w, const NotionPage& page, const NotionProperty& p) const;
  // Whether the page matches a query filter; errors are validation_error. Matches stops at the
  // first condition that decides an and/or, so it validates only what it evaluates:
  // ValidateFilter checks every condition of a filter (Notion refuses a bad filter whatever the
  // pages, an empty data source included).
  StatusOr<bool> Matches(const NotionPage& page, const NotionDataSource& ds, const NJson& filter) const;
  Status ValidateFilter(const NotionDataSource& ds, const NJson& filter) const;
  // The property schema in response form ({"id","name","type",<type>: config}).
  static NJson SchemaJson(const NotionProperty& p);

  std::string RootPageId() const { return root_page_id_; }

  // The whole workspace as JSON (the admin state snapshot), and loading one (replaces everything;
  // the timestamps of loaded objects are `now`).
  NJson Dump() const;
  Status Load(const NJson& state, Instant now);

 private:
  // The value under a property's type key: the stored one (a reference, not a copy), or the
  // computed one (timestamps, the empty value of its type) held in `scratch`.
  const NJson& ValueOf(const NotionPage& page, const NotionProperty& p, NJson& scratch) const;
  // How many of a relation's references a response shows (all, or relation_page_refs_max).
  size_t RelationRefsShown(const NotionProperty& p, const NJson& value, bool cut_relations) const;
  StatusOr<NotionProperty> NewProperty(const std::string& name, const NJson& spec, bool allow_title);
  StatusOr<NJson> NormalizeValue(NotionProperty& p, const NJson& input);
  Status ApplyValues(NotionDataSource* ds, NotionPage& page, const NJson& properties);
  void SyncDual(const NotionProperty& p, const std::string& page_id, const NJson& before, const NJson& after);
  std::string NewPropertyId();

  NotionKnobs knobs_;
  Rng ids_;
  int64_t next_seq_ = 1;
  std::string root_page_id_;
  std::map<std::string, NotionDatabase> databases_;
  std::map<std::string, NotionDataSource> data_sources_;
  std::map<std::string, NotionPage> pages_;
  std::map<std::string, std::vector<NotionPage*>> pages_by_source_;
  // The stored value of a property, or null when unset (no copy, no computed timestamps).
  const NJson* StoredValue(const NotionPage& page, const NotionProperty& p) const;
};

// A Notion id with or without dashes, as the canonical dashed form ("" if it is not 32 hex digits).
std::string CanonicalNotionId(std::string_view id);
// Plain text of a rich text array.
std::string PlainText(const NJson& rich_text);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_NOTION_NOTION_MODEL_H_
