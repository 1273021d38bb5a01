#include "src/sync_database.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "src/csv.h"
#include "src/ensure_db_folder.h"
#include "src/folder_naming.h"
#include "src/internal/text.h"
#include "src/notion_values.h"

namespace lockstep {
namespace {

using Json = nlohmann::json;
using internal::Lower;

// A property of the schema, by name.
struct SchemaProp {
  std::string id;
  std::string type;
};
using Schema = std::map<std::string, SchemaProp>;

Schema SchemaOf(const Json& ds) {
  Schema out;
  const Json props = ds.value("properties", Json::object());
  for (auto it = props.begin(); it != props.end(); ++it) {
    out[it.key()] = SchemaProp{it.value().value("id", std::string()), it.value().value("type", std::string())};
  }
  return out;
}

std::string TitlePropertyName(const Schema& schema) {
  for (const auto& [name, p] : schema) {
    if (p.type == "title") return name;
  }
  return {};
}

// nowIso() with ':' and '.' made '-' and 'T' made '_': "2026-01-18_08-15-04-123Z".
std::string BackupStamp(Instant now) {
  std::string s = FormatRfc3339(now);
  for (char& c : s) {
    if (c == ':' || c == '.') c = '-';
    if (c == 'T') c = '_';
  }
  return s;
}

// folder.getFilesByName(name).next(): the first file of that name, or an empty id.
StatusOr<DriveFile> FirstFileNamed(CoreEnv& env, std::string_view folder_id, std::string_view name) {
  StatusOr<FileList> hits = env.drive.ListChildren(
      ListChildrenRequest{.parent_id = folder_id, .kind = ChildKind::kFiles, .name_equals = name});
  if (!hits.ok()) return hits.status();
  if (hits->files.empty()) return DriveFile{};
  return hits->files.front();
}

// archiveOldVersions_(archive, base, keep): the versions the pattern matches, newest first by
// name, beyond `keep` are trashed.
Status ArchiveOldVersions(CoreEnv& env, std::string_view archive_id, std::string_view base) {
  static const std::regex kProduction(R"(_v\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.csv$)");
  static const std::regex kFixed(R"(_v\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-\d{3}Z\.csv$)");
  const std::regex& pattern = env.config.sync.archive_retention_fixed ? kFixed : kProduction;
  std::vector<DriveFile> files;
  Status listed = ListAllChildren(env.drive, ListChildrenRequest{.parent_id = archive_id, .kind = ChildKind::kFiles}, files);
  if (!listed.ok()) return listed;
  std::vector<const DriveFile*> versions;
  for (const DriveFile& f : files) {
    if (f.name.rfind(std::string(base) + "_v", 0) == 0 && std::regex_search(f.name, pattern)) versions.push_back(&f);
  }
  std::sort(versions.begin(), versions.end(), [](const DriveFile* a, const DriveFile* b) { return a->name > b->name; });
  for (size_t i = static_cast<size_t>(env.config.sync.archive_keep); i < versions.size(); ++i) {
    StatusOr<DriveFile> trashed = env.drive.Update(versions[i]->id, FileUpdate{.trashed = true});
    if (!trashed.ok()) return trashed.status();
  }
  return Status();
}

// createVersionedBackup_: <base>_v<stamp>.csv in .archive/ with the given content.
Status VersionedBackup(CoreEnv& env, std::string_view archive_id, std::string_view base, std::string_view content) {
  StatusOr<DriveFile> copy = env.drive.Create(CreateFileRequest{
      .parent_id = archive_id, .name = fmt::format("{}_v{}.csv", base, BackupStamp(env.clock.Now())),
      .mime_type = kCsvMimeType, .content = content});
  return copy.ok() ? Status() : copy.status();
}

struct SchemaSyncOutcome {
  bool inaccessible = false;
  bool changed = false;
  bool deletions_skipped = false;
  std::map<std::string, std::string> renames;  // CSV column name -> the schema's name (schema_by_id)
};

// The fixed variant's record of the last export: CSV column name -> property id.
std::map<std::string, std::string> ExportedIds(CoreEnv& env, const std::string& ds_id) {
  std::map<std::string, std::string> out;
  StatusOr<std::optional<std::string>> v = env.properties.GetProperty(env.config.sync.schema_ids_prefix + ds_id);
  if (!v.ok() || !v->has_value()) return out;
  const Json j = Json::parse(**v, nullptr, false);
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
  }
  return out;
}

// syncSchemaFromCsvToNotion_ (section 4.3).
StatusOr<SchemaSyncOutcome> SyncSchemaFromCsv(CoreEnv& env, const std::string& ds_id, std::string_view folder_id,
                                              const std::string& csv_name, DatabaseSyncResult& result) {
  SchemaSyncOutcome out;
  StatusOr<DriveFile> csv = FirstFileNamed(env, folder_id, csv_name);
  if (!csv.ok()) return csv.status();
  if (csv->id.empty()) return out;  // "No existing CSV found": nothing authorises a change
  StatusOr<Json> ds = env.notion->Request("GET", "data_sources/" + ds_id);
  if (!ds.ok()) {
    out.inaccessible = true;
    return out;
  }
  StatusOr<std::string> text = env.drive.GetContent(csv->id);
  if (!text.ok()) return text.status();
  const CsvRows rows = ParseCsv(*text);
  if (rows.size() < 2) return out;
  const Schema schema = SchemaOf(*ds);
  const std::string title_name = TitlePropertyName(schema);
  const bool by_id = env.config.sync.schema_by_id;
  const std::map<std::string, std::string> exported = by_id ? ExportedIds(env, ds_id) : std::map<std::string, std::string>{};
  std::map<std::string, std::string> name_of_id;  // the schema's current name of each property id
  for (const auto& [name, p] : schema) name_of_id[p.id] = name;
  Json patch = Json::object();
  std::map<std::string, bool> in_csv;
  for (size_t c = 0; c < rows[0].size(); ++c) {
    const std::string& name = rows[0][c];
    if (name == kPageIdColumn || name == kSyncedColumn || name.empty()) continue;
    in_csv[name] = true;
    if (schema.count(name) > 0) continue;
    if (auto e = exported.find(name); by_id && e != exported.end() && name_of_id.count(e->second) > 0) {
      const std::string& now_named = name_of_id[e->second];
      out.renames[name] = now_named;  // renamed in Notion since the export: same id, new name
      in_csv[now_named] = true;
      result.renames.push_back(name + " -> " + now_named);
      LogF(env.logger, LogLevel::kInfo, "schema.rename_detected", ds_id, "Property {} was renamed to {} (id {})", name,
           now_named, e->second);
      continue;
    }
    std::string type = c < rows[1].size() && !rows[1][c].empty() ? rows[1][c] : "rich_text";
    if (type == "title") {
      LogF(env.logger, LogLevel::kWarn, "schema.second_title", ds_id, "Skipping a second title column: {}", name);
      continue;
    }
    patch[name] = PropertyConfigFromType(type, rows, c);
    ++result.properties_added;
  }
  if (env.config.sync.idempotent_page_create && schema.count(std::string(kRowKeyProperty)) == 0) {
    patch[std::string(kRowKeyProperty)] = Json{{"rich_text", Json::object()}};
  }
  int deletable = 0;
  Json deletions = Json::object();
  std::set<std::string> exported_ids;
  for (const auto& [name, id] : exported) exported_ids.insert(id);
  for (const auto& [name, p] : schema) {
    if (name == title_name || in_csv.count(name) > 0 || !IsSafeToDeleteType(p.type)) continue;
    if (name == kRowKeyProperty && env.config.sync.idempotent_page_create) continue;
    // By id, only a column that was exported and then removed from the CSV is a deletion; a
    // property added in Notion after the export is not in the CSV yet.
    if (by_id && exported_ids.count(p.id) == 0) continue;
    ++deletable;
    deletions[name] = nullptr;
    result.deletion_report.push_back(name);
  }
  if (by_id && deletable > 0) {
    std::string names;
    for (const std::string& n : result.deletion_report) names += (names.empty() ? "" : ", ") + n;
    LogF(env.logger, LogLevel::kWarn, "schema.deletion_report", ds_id, "{} {}: {}",
         env.config.sync.allow_schema_deletions ? "Deleting" : "Would delete (dry run)", deletable, names);
  }
  if (deletable > 0 && !env.config.sync.allow_schema_deletions) {
    LogF(env.logger, LogLevel::kInfo, "schema.deletions_disabled", ds_id,
         "Schema deletions are disabled (ALLOW_SCHEMA_DELETIONS=false). Would have deleted {} propert{}.", deletable,
         deletable == 1 ? "y" : "ies");
    out.deletions_skipped = true;
  } else {
    for (auto it = deletions.begin(); it != deletions.end(); ++it) patch[it.key()] = nullptr;
    result.properties_deleted += deletable;
  }
  if (patch.empty()) return out;
  StatusOr<Json> updated = env.notion->Request("PATCH", "data_sources/" + ds_id, Json{{"properties", patch}});
  if (!updated.ok()) return updated.status();
  out.changed = true;
  return out;
}

// The request-form properties of one CSV row, by the schema's names and types.
Json RowPayload(const CsvRows& rows, const CsvRow& row, const Schema& schema, const std::string& title_name,
               const std::map<std::string, std::string>& renames) {
  Json props = Json::object();
  for (size_t c = 0; c < rows[0].size() && c < row.size(); ++c) {
    std::string name = rows[0][c];
    if (name == kPageIdColumn || name == kSyncedColumn || name.empty()) continue;
    if (auto r = renames.find(name); r != renames.end()) name = r->second;
    if (c < rows[1].size() && rows[1][c] == "title") name = title_name;  // onto the real title
    auto it = schema.find(name);
    if (it == schema.end()) continue;  // production: ensurePropertyExists_ per row; added by the schema step
    std::optional<Json> v = CsvCellToPropertyValue(it->second.type, row[c]);
    if (v) props[name] = std::move(*v);
  }
  return props;
}

// The idempotent variant's key of a row: its cells (not the page id or stamp) hashed with the data
// source id. Two identical rows share a key and so one page.
std::string RowKey(const std::string& ds_id, const CsvRows& rows, const CsvRow& row) {
  uint64_t h = 14695981039346656037ull;
  auto mix = [&h](std::string_view s) {
    for (char ch : s) {
      h ^= static_cast<unsigned char>(ch);
      h *= 1099511628211ull;
    }
    h ^= 0x1f;
    h *= 1099511628211ull;
  };
  mix(ds_id);
  for (size_t c = 0; c < row.size() && c < rows[0].size(); ++c) {
    if (rows[0][c] == kPageIdColumn || rows[0][c] == kSyncedColumn) continue;
    mix(rows[0][c]);
    mix(row[c]);
  }
  return fmt::format("{:016x}", h);
}

Json KeyFilter(const std::string& key) {
  return Json{{"property", kRowKeyProperty}, {"rich_text", {{"equals", key}}}};
}

// The fixed variant's create: look the key up, create if none, then keep the oldest page of the key
// and trash the rest (every run picks the same survivor: oldest created_time, then smallest id).
StatusOr<std::string> CreatePageIdempotent(CoreEnv& env, const std::string& ds_id, const std::string& key,
                                           Json props, bool& created) {
  const std::string query = "data_sources/" + ds_id + "/query";
  StatusOr<std::vector<Json>> found = QueryAll(*env.notion, query, KeyFilter(key));
  if (!found.ok()) return found.status();
  if (!found->empty()) {
    LogF(env.logger, LogLevel::kInfo, "row.key_found", ds_id, "A page with row key {} exists already", key);
  } else {
    props[std::string(kRowKeyProperty)] = Json{{"rich_text", {{{"type", "text"}, {"text", {{"content", key}}}}}}};
    StatusOr<Json> page = env.notion->Request(
        "POST", "pages", Json{{"parent", {{"type", "data_source_id"}, {"data_source_id", ds_id}}}, {"properties", props}});
    if (!page.ok()) return page.status();
    created = true;
    found = QueryAll(*env.notion, query, KeyFilter(key));
    if (!found.ok()) return found.status();
    if (found->empty()) return page->value("id", std::string());
  }
  std::sort(found->begin(), found->end(), [](const Json& a, const Json& b) {
    const std::string ta = a.value("created_time", std::string());
    const std::string tb = b.value("created_time", std::string());
    return ta != tb ? ta < tb : a.value("id", std::string()) < b.value("id", std::string());
  });
  for (size_t i = 1; i < found->size(); ++i) {
    LogF(env.logger, LogLevel::kWarn, "row.key_deduplicated", ds_id, "Trashing page {}, a second page of row key {}",
         (*found)[i].value("id", std::string()), key);
    StatusOr<Json> trashed = env.notion->Request("PATCH", "pages/" + (*found)[i].value("id", std::string()),
                                                 Json{{"in_trash", true}});
    if (!trashed.ok()) return trashed.status();
  }
  return found->front().value("id", std::string());
}

// syncCsvToNotion_ (section 4.5).
Status SyncCsvToNotion(CoreEnv& env, const std::string& ds_id, std::string_view folder_id, const std::string& base,
                       const std::map<std::string, std::string>& renames, DatabaseSyncResult& result) {
  StatusOr<DriveFile> csv = FirstFileNamed(env, folder_id, base + ".csv");
  if (!csv.ok()) return csv.status();
  if (csv->id.empty()) return Status();
  StatusOr<std::string> text = env.drive.GetContent(csv->id);
  if (!text.ok()) return text.status();
  CsvRows rows = ParseCsv(*text);
  if (rows.size() < 3) return Status();
  StatusOr<Json> ds = env.notion->Request("GET", "data_sources/" + ds_id);
  if (!ds.ok()) return ds.status();
  const Schema schema = SchemaOf(*ds);
  const std::string title_name = TitlePropertyName(schema);
  std::string lifecycle;
  for (const auto& [name, p] : schema) {
    if (Lower(name) == "lifecycle" && p.type == "select") lifecycle = name;
  }
  const auto col = [&rows](std::string_view name) -> size_t {
    auto it = std::find(rows[0].begin(), rows[0].end(), name);
    return it == rows[0].end() ? std::string::npos : static_cast<size_t>(it - rows[0].begin());
  };
  const size_t id_col = col(kPageIdColumn);
  const size_t synced_col = col(kSyncedColumn);
  size_t title_col = col(title_name);
  for (size_t c = 0; c < rows[1].size(); ++c) {
    if (rows[1][c] == "title") title_col = c;
  }
  for (size_t r = 2; r < rows.size(); ++r) {
    CsvRow& row = rows[r];
    row.resize(rows[0].size());
    Json props = RowPayload(rows, row, schema, title_name, renames);
    const std::string page_id = id_col != std::string::npos ? row[id_col] : "";
    if (!page_id.empty()) {
      StatusOr<Json> page = env.notion->Request("GET", "pages/" + page_id);
      if (!page.ok()) continue;  // logged and skipped in production
      const std::string synced = synced_col != std::string::npos ? row[synced_col] : "";
      if (env.config.sync.conflict_guard && page->value("last_edited_time", std::string()) > synced) {
        ++result.rows_guarded;
        LogF(env.logger, LogLevel::kWarn, "row.guarded", ds_id, "Skipped page - edited after CSV snapshot: {}", page_id);
        continue;
      }
      StatusOr<Json> updated = env.notion->Request("PATCH", "pages/" + page_id, Json{{"properties", props}});
      if (!updated.ok()) return updated.status();
      ++result.pages_updated;
      if (synced_col != std::string::npos) row[synced_col] = FormatRfc3339(env.clock.Now());
      continue;
    }
    if (title_col == std::string::npos || row[title_col].empty()) continue;  // the orphaned-rows fix
    if (!lifecycle.empty()) props[lifecycle] = Json{{"select", {{"name", "Proposed"}}}};
    std::string new_id;
    if (env.config.sync.idempotent_page_create) {
      bool created = false;
      StatusOr<std::string> id = CreatePageIdempotent(env, ds_id, RowKey(ds_id, rows, row), props, created);
      if (!id.ok()) return id.status();
      new_id = *id;
      if (created) ++result.pages_created;
    } else {
      StatusOr<Json> page = env.notion->Request(
          "POST", "pages", Json{{"parent", {{"type", "data_source_id"}, {"data_source_id", ds_id}}}, {"properties", props}});
      if (!page.ok()) return page.status();
      new_id = page->value("id", std::string());
      ++result.pages_created;
    }
    if (id_col != std::string::npos) row[id_col] = new_id;
  }
  StatusOr<DriveFile> archive = EnsureArchiveFolder(env, folder_id);
  if (!archive.ok()) return archive.status();
  Status backed = VersionedBackup(env, archive->id, base, *text);
  if (!backed.ok()) return backed;
  return env.drive.SetContent(csv->id, FormatCsv(rows));
}

// writeDataSourceCsv_ (section 4.6). Never fails the data source: an error leaves no file id.
void WriteDataSourceCsv(CoreEnv& env, const Json& ds, std::string_view folder_id, const std::string& base,
                        DatabaseSyncResult& result) {
  const std::string ds_id = ds.value("id", std::string());
  std::vector<Json> pages;
  StatusOr<std::vector<Json>> all =
      QueryAll(*env.notion, "data_sources/" + ds_id + "/query", nullptr, &pages, env.config.sync.pages_max / 100);
  if (all.ok()) pages = std::move(*all);  // else: what was read, exported as if complete
  std::vector<std::string> names;
  const Json props = ds.value("properties", Json::object());
  for (auto it = props.begin(); it != props.end(); ++it) {
    if (it.key() == kRowKeyProperty && env.config.sync.idempotent_page_create) continue;
    names.push_back(it.key());
  }
  CsvRows rows;
  rows.push_back({std::string(kPageIdColumn), std::string(kSyncedColumn)});
  rows.push_back({"", ""});
  for (const std::string& n : names) {
    rows[0].push_back(n);
    rows[1].push_back(props[n].value("type", std::string()));
  }
  const std::string now = FormatRfc3339(env.clock.Now());
  for (const Json& page : pages) {
    CsvRow row{page.value("id", std::string()), now};
    const Json values = page.value("properties", Json::object());
    for (const std::string& n : names) row.push_back(values.contains(n) ? ExtractPropertyValue(values[n]) : "");
    rows.push_back(std::move(row));
  }
  StatusOr<DriveFile> main = GetOrCreateMainCsv(env, folder_id, base);
  if (!main.ok()) return;
  StatusOr<DriveFile> archive = EnsureArchiveFolder(env, folder_id);
  if (!archive.ok()) return;
  StatusOr<std::string> current = env.drive.GetContent(main->id);
  if (current.ok() && !current->empty()) {
    if (!VersionedBackup(env, archive->id, base, *current).ok()) return;
    (void)ArchiveOldVersions(env, archive->id, base);  // a failure is only logged in production
  }
  if (!env.drive.SetContent(main->id, FormatCsv(rows)).ok()) return;
  if (env.config.sync.schema_by_id) {  // the column names this CSV was written with, by id
    Json ids = Json::object();
    for (const std::string& n : names) ids[n] = props[n].value("id", std::string());
    (void)env.properties.SetProperty(env.config.sync.schema_ids_prefix + ds_id, ids.dump());
  }
  result.csv_file_id = main->id;
  result.row_count = static_cast<int>(pages.size());
}

void RegistryRows(const Json& ds, const std::string& title, DatabaseSyncResult& result) {
  const std::string id = ds.value("id", std::string());
  auto text = [&ds](const char* k) { return ds.contains(k) && ds[k].is_string() ? ds[k].get<std::string>() : std::string(); };
  const bool archived = ds.value("in_trash", ds.value("archived", false));
  result.database_row = {title, id, text("url"), archived ? "true" : "false", text("created_time"),
                         text("last_edited_time"), std::to_string(result.row_count)};
  const Json props = ds.value("properties", Json::object());
  for (auto it = props.begin(); it != props.end(); ++it) {
    std::string config = it.value().dump();
    if (config.size() > 1800) config.resize(1800);
    result.property_rows.push_back({id, title, it.key(), it.value().value("type", std::string()),
                                    it.value().value("id", std::string()), config});
  }
}

}  // namespace

DataSource DataSourceFromJson(const Json& ds) {
  DataSource out;
  out.id = ds.value("id", std::string());
  const Json title = ds.value("title", Json::array());
  if (title.is_array() && !title.empty()) out.title = title[0].value("plain_text", std::string());
  return out;
}

StatusOr<DriveFile> EnsureArchiveFolder(CoreEnv& env, std::string_view folder_id) {
  StatusOr<FileList> hits = env.drive.ListChildren(ListChildrenRequest{
      .parent_id = folder_id, .kind = ChildKind::kFolders, .name_equals = kArchiveFolderName, .page_size = 1});
  if (!hits.ok()) return hits.status();
  if (!hits->files.empty()) return hits->files.front();
  return env.drive.Create(
      CreateFileRequest{.parent_id = folder_id, .name = kArchiveFolderName, .mime_type = kFolderMimeType});
}

StatusOr<DriveFile> GetOrCreateMainCsv(CoreEnv& env, std::string_view folder_id, std::string_view base) {
  const std::string name = std::string(base) + ".csv";
  std::vector<DriveFile> files;
  Status listed = ListAllChildren(env.drive, ListChildrenRequest{.parent_id = folder_id, .kind = ChildKind::kFiles},
                                  files);
  if (!listed.ok()) return listed;
  const DriveFile* best = nullptr;
  for (const DriveFile& f : files) {  // 1. exact name, the most recently updated
    if (f.name == name && (best == nullptr || f.modified_time > best->modified_time)) best = &f;
  }
  if (best != nullptr) return *best;
  for (const DriveFile& f : files) {  // 2. "<base> (n).csv", the newest, renamed to the canonical name
    const std::string_view n = f.name;
    if (n.size() <= 4 || n.substr(n.size() - 4) != ".csv" || n.substr(0, base.size()) != base) continue;
    if (!HasCopySuffix(n.substr(0, n.size() - 4))) continue;
    if (best == nullptr || f.modified_time > best->modified_time) best = &f;
  }
  if (best != nullptr) return env.drive.Update(best->id, FileUpdate{.name = name});
  return env.drive.Create(CreateFileRequest{.parent_id = folder_id, .name = name, .mime_type = kCsvMimeType});
}

DatabaseSyncResult ProcessSingleDatabase(CoreEnv& env, const Json& ds_in, std::string_view parent_id) {
  DatabaseSyncResult result;
  const DataSource meta = DataSourceFromJson(ds_in);
  env.logger.Log(LogLevel::kInfo, "db.start", meta.id, {});
  auto fail = [&](Status s) {
    LogF(env.logger, LogLevel::kError, "db.failed", meta.id, "❌ Database processing failed: {}", s.message());
    result.error = std::move(s);
    return result;
  };
  StatusOr<Json> ds = env.notion->Request("GET", "data_sources/" + meta.id);  // refresh the schema
  if (!ds.ok()) return fail(ds.status());
  StatusOr<DriveFile> folder = EnsureDbFolder(env, parent_id, meta);
  if (!folder.ok()) return fail(folder.status());
  result.folder_id = folder->id;
  const std::string base = DbFolderName(meta);
  StatusOr<SchemaSyncOutcome> schema = SyncSchemaFromCsv(env, meta.id, folder->id, base + ".csv", result);
  if (!schema.ok()) return fail(schema.status());
  if (schema->changed) {
    ds = env.notion->Request("GET", "data_sources/" + meta.id);
    if (!ds.ok()) return fail(ds.status());
  }
  if (env.config.sync.lifecycle) {
    bool has = false;
    const Json props = ds->value("properties", Json::object());
    for (auto it = props.begin(); it != props.end(); ++it) has = has || Lower(it.key()) == "lifecycle";
    if (!has) {
      Json options = Json::array();
      for (const char* o : {"Proposed", "Active", "In Review", "Deprecated", "Archived"}) options.push_back({{"name", o}});
      StatusOr<Json> patched = env.notion->Request(
          "PATCH", "data_sources/" + meta.id, Json{{"properties", {{"Lifecycle", {{"select", {{"options", options}}}}}}}});
      if (!patched.ok()) return fail(patched.status());
      ds = env.notion->Request("GET", "data_sources/" + meta.id);
      if (!ds.ok()) return fail(ds.status());
    }
  }
  if (schema->deletions_skipped) {
    env.logger.Log(LogLevel::kWarn, "schema.deletions_skipped", meta.id, "Schema deletions skipped by configuration");
  }
  if (!schema->inaccessible) {
    Status synced = SyncCsvToNotion(env, meta.id, folder->id, base, schema->renames, result);
    if (!synced.ok()) return fail(synced);
  }
  WriteDataSourceCsv(env, *ds, folder->id, base, result);
  RegistryRows(*ds, meta.title, result);
  env.logger.Log(LogLevel::kInfo, "db.done", meta.id, {});
  return result;
}

}  // namespace lockstep
