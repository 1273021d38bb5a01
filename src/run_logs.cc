#include "src/run_logs.h"

#include <array>
#include <chrono>

#include <fmt/format.h>

namespace lockstep {
namespace {

// getFoldersByName(name) under `parent`: the first hit, else createFolder.
StatusOr<std::string> FolderByNameOrCreate(CoreEnv& env, const std::string& parent,
                                           std::string_view name) {
  StatusOr<FileList> hits = env.drive.ListChildren(ListChildrenRequest{
      .parent_id = parent, .kind = ChildKind::kFolders, .name_equals = name, .page_size = 1});
  if (!hits.ok()) return hits.status();
  if (!hits->files.empty()) return std::move(hits->files.front().id);
  StatusOr<DriveFile> created = env.drive.Create(
      CreateFileRequest{.parent_id = parent, .name = name, .mime_type = kFolderMimeType});
  if (!created.ok()) return created.status();
  env.logger.Log(LogLevel::kDebug, "logs.folder_created", name, {});
  return std::move(created->id);
}

// _createFileOnce: reuse a file of the same name, else create it.
StatusOr<std::string> FileOnce(CoreEnv& env, const std::string& folder, const std::string& name) {
  StatusOr<FileList> hits = env.drive.ListChildren(ListChildrenRequest{
      .parent_id = folder, .kind = ChildKind::kFiles, .name_equals = name, .page_size = 1});
  if (!hits.ok()) return hits.status();
  if (!hits->files.empty()) return std::move(hits->files.front().id);
  StatusOr<DriveFile> created = env.drive.Create(
      CreateFileRequest{.parent_id = folder, .name = name, .mime_type = "text/plain"});
  if (!created.ok()) return created.status();
  return std::move(created->id);
}

Status RenameTo(CoreEnv& env, const std::string& id, std::string name) {
  FileUpdate rename;
  rename.name = std::move(name);
  StatusOr<DriveFile> r = env.drive.Update(id, rename);
  return r.ok() ? Status() : r.status();
}

// The properties UL.init ensures on the Execution-Logs data source, with their types.
constexpr std::array<std::pair<const char*, const char*>, 8> kLogProperties{{
    {"Start Time", "date"}, {"Final Status", "select"}, {"Script Name-AI", "rich_text"},
    {"Session ID", "rich_text"}, {"Environment", "select"}, {"Script ID", "rich_text"},
    {"Timezone", "rich_text"}, {"User Email", "email"}}};

nlohmann::json RichText(const std::string& s) {
  return nlohmann::json::array({{{"type", "text"}, {"text", {{"content", s}}}}});
}

// The Notion side of UL.init: the run's Execution-Logs page, its properties ensured, its values.
StatusOr<std::string> CreateLogPage(CoreEnv& env, const RunLogs& logs) {
  const std::string& ds = env.config.sync.execution_logs_data_source;
  StatusOr<nlohmann::json> page = env.notion->Request(
      "POST", "pages",
      {{"parent", {{"type", "data_source_id"}, {"data_source_id", ds}}},
       {"properties", {{"Name", {{"title", RichText(fmt::format("{} — {} — {}", env.config.script_name,
                                                                  env.config.log_env, logs.run_id))}}}}}});
  if (!page.ok()) return page.status();
  for (const auto& [name, type] : kLogProperties) {  // ensurePropertyExists_, one at a time
    StatusOr<nlohmann::json> schema = env.notion->Request("GET", "data_sources/" + ds);
    if (!schema.ok()) return schema.status();
    if (schema->value("properties", nlohmann::json::object()).contains(name)) continue;
    StatusOr<nlohmann::json> added = env.notion->Request(
        "PATCH", "data_sources/" + ds, {{"properties", {{name, {{type, nlohmann::json::object()}}}}}});
    if (!added.ok()) return added.status();
  }
  const std::string id = page->value("id", std::string());
  StatusOr<nlohmann::json> values = env.notion->Request(
      "PATCH", "pages/" + id,
      {{"properties",
        {{"Start Time", {{"date", {{"start", FormatRfc3339(logs.started)}}}}},
         {"Final Status", {{"select", {{"name", "Running"}}}}},
         {"Script Name-AI", {{"rich_text", RichText(env.config.script_name)}}},
         {"Session ID", {{"rich_text", RichText(logs.run_id)}}},
         {"Environment", {{"select", {{"name", env.config.log_env}}}}},
         {"Script ID", {{"rich_text", RichText(std::string(kScriptId))}}},
         {"Timezone", {{"rich_text", RichText("America/New_York")}}}}}});
  if (!values.ok()) return values.status();
  return id;
}

}  // namespace

StatusOr<RunLogs> InitRunLogs(CoreEnv& env) {
  using namespace std::chrono;
  RunLogs logs;
  logs.run_id = env.random.NewUuid().substr(0, 12);
  const Instant local = env.clock.Now() + env.config.script_utc_offset;
  const sys_days day = floor<days>(local);
  const year_month_day ymd(day);
  const hh_mm_ss<milliseconds> hms(local - day);
  const std::string year = fmt::format("{:04}", static_cast<int>(ymd.year()));
  const std::string month = fmt::format("{:02}", static_cast<unsigned>(ymd.month()));
  std::string folder = env.config.root_folder_id;
  for (const std::string& level : env.config.log_root_path) {
    StatusOr<std::string> next = FolderByNameOrCreate(env, folder, level);
    if (!next.ok()) return next.status();
    folder = std::move(next).value();
  }
  for (const std::string* level : {&env.config.script_name, &env.config.log_env, &year, &month}) {
    StatusOr<std::string> next = FolderByNameOrCreate(env, folder, *level);
    if (!next.ok()) return next.status();
    folder = std::move(next).value();
  }
  logs.folder_id = folder;
  logs.base_name = fmt::format(
      "{} — 2.5 — {} — {}-{}-{:02}_{:02}{:02}{:02} — Running [{}] ({})", env.config.script_name,
      env.config.log_env, year, month, static_cast<unsigned>(ymd.day()), hms.hours().count(),
      hms.minutes().count(), hms.seconds().count(), kScriptId, logs.run_id);
  StatusOr<std::string> jsonl = FileOnce(env, folder, logs.base_name + ".jsonl");
  if (!jsonl.ok()) return jsonl.status();
  logs.jsonl_id = std::move(jsonl).value();
  StatusOr<std::string> log = FileOnce(env, folder, logs.base_name + ".log");
  if (!log.ok()) return log.status();
  logs.log_id = std::move(log).value();
  logs.started = env.clock.Now();
  if (env.notion != nullptr && !env.config.sync.execution_logs_data_source.empty()) {
    StatusOr<std::string> page = CreateLogPage(env, logs);  // no retry, no rollback (spec 2.5)
    if (!page.ok()) return page.status();
    logs.notion_page_id = *page;
  }
  return logs;
}

Status FinalizeRunLogs(CoreEnv& env, const RunLogs& logs, bool ok) {
  std::string final_name = logs.base_name;
  const std::string_view running = "— Running ";
  if (size_t pos = final_name.find(running); pos != std::string::npos) {
    final_name.replace(pos, running.size(), ok ? "— Completed " : "— Failed ");
  }
  Status s = RenameTo(env, logs.jsonl_id, final_name + ".jsonl");
  if (s.ok()) s = RenameTo(env, logs.log_id, final_name + ".log");
  if (s.ok() && env.notion != nullptr && !logs.notion_page_id.empty()) {
    const Instant end = env.clock.Now();
    StatusOr<nlohmann::json> patched = env.notion->Request(
        "PATCH", "pages/" + logs.notion_page_id,
        {{"properties", {{"Final Status", {{"select", {{"name", ok ? "Completed" : "Failed"}}}}},
                         {"End Time", {{"date", {{"start", FormatRfc3339(end)}}}}},
                         {"Duration (s)", {{"number", static_cast<double>((end - logs.started).count()) / 1000.0}}}}}});
    if (!patched.ok()) s = patched.status();
  }
  return s;
}

}  // namespace lockstep
