#include "src/run_drive_sheets.h"

#include <algorithm>

#include "src/ensure_db_folder.h"
#include "src/held_run_lock.h"
#include "src/internal/text.h"
#include "src/rotation_state.h"
#include "src/run_logs.h"
#include "src/sync_database.h"

namespace lockstep {
namespace {

constexpr std::string_view kFolderUrlPrefix = "https://drive.google.com/drive/folders/";

// The folder id in a WORKSPACE_DATABASES_URL value (regex /folders/<id>), or empty.
std::string FolderIdFromUrl(std::string_view url) {
  const size_t pos = url.find("/folders/");
  if (pos == std::string_view::npos) return {};
  std::string_view rest = url.substr(pos + 9);
  size_t end = 0;
  while (end < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[end])) ||
                               rest[end] == '-' || rest[end] == '_')) {
    ++end;
  }
  return std::string(rest.substr(0, end));
}

// The end of runDriveSheetsOnce_: the pointer advanced by `count` (even when the loop stopped
// early), wrapped to 0 with the cycle counted, written back.
void AdvancePointer(CoreEnv& env, RotationState& st, int count, int n, RunResult& result) {
  if (env.config.pointer_cas) {
    StatusOr<RotationState> now = LoadRotationState(env);
    if (!now.ok() || now->rp != st.rp || now->cycle != st.cycle) {
      env.logger.Log(LogLevel::kWarn, "run.pointer_moved", {}, "the rotation pointer moved during the run: not written");
      result.next = now.ok() ? now->rp : st.rp;
      result.outcome = now.ok() ? RunOutcome::kCompleted : RunOutcome::kFailed;
      result.error = now.ok() ? Status() : now.status();
      return;
    }
  }
  int np = result.begin + count;
  if (np >= n) {
    np = 0;
    st.cycle++;  // st.cycleInc() saves {rp: old, cycle+1, lastRun: now}
    st.last_run = FormatRfc3339(env.clock.Now());
    Status saved = SaveRotationState(env, st);
    if (!saved.ok()) {
      result.outcome = RunOutcome::kFailed;
      result.error = saved;
      return;
    }
  }
  st.rp = np;  // the setter saves immediately
  Status saved = SaveRotationState(env, st);
  result.next = np;
  result.outcome = saved.ok() ? RunOutcome::kCompleted : RunOutcome::kFailed;
  result.error = saved;
}

bool PastSoftLimit(CoreEnv& env, Instant start) {
  if (env.clock.Now() - start <= env.config.max_runtime * 9 / 10) return false;
  env.logger.Log(LogLevel::kWarn, "run.time_limit", {}, {});
  return true;
}

// runDriveSheetsOnce_ after the parent, the folder step alone over a given list.
void ProcessBatch(CoreEnv& env, std::span<const DataSource> data_sources, const std::string& parent,
                  Instant start, RunResult& result) {
  StatusOr<RotationState> st = LoadRotationState(env);
  if (!st.ok()) {
    result.outcome = RunOutcome::kFailed;
    result.error = st.status();
    return;
  }
  const int n = static_cast<int>(data_sources.size());
  result.begin = st->rp;
  const int count = std::min(env.config.batch_size, std::max(0, n - result.begin));
  for (int i = 0; i < count; ++i) {
    if (PastSoftLimit(env, start)) break;
    const DataSource& ds = data_sources[result.begin + i];
    env.logger.Log(LogLevel::kInfo, "db.start", ds.id, {});
    StatusOr<DriveFile> folder = EnsureDbFolder(env, parent, ds);
    if (folder.ok()) {
      ++result.processed;
      env.logger.Log(LogLevel::kInfo, "db.done", ds.id, {});
    } else {
      ++result.failed;
      LogF(env.logger, LogLevel::kError, "db.failed", ds.id, "❌ Database processing failed: {}",
           folder.status().message());
    }
  }
  AdvancePointer(env, *st, count, n, result);
}

// searchAllDataSources_: POST search filtered on data_source, following next_cursor.
StatusOr<std::vector<nlohmann::json>> SearchAllDataSources(CoreEnv& env) {
  std::vector<nlohmann::json> hits;
  nlohmann::json cursor;
  for (int loop = 0; loop < env.config.sync.search_pages_max; ++loop) {
    nlohmann::json body{{"page_size", 100}, {"filter", {{"property", "object"}, {"value", "data_source"}}}};
    if (!cursor.is_null()) body["start_cursor"] = cursor;
    StatusOr<nlohmann::json> page = env.notion->Request("POST", "search", body);
    if (!page.ok()) return page.status();
    for (auto& r : (*page)["results"]) hits.push_back(std::move(r));
    cursor = page->value("next_cursor", nlohmann::json());
    if (cursor.is_null() || !page->value("has_more", false)) break;
  }
  return hits;
}

// getOrCreateRegistrySpreadsheet_: the cached id if it opens; else the first file of the title
// in the parent; else a new spreadsheet moved into the parent. Check-then-create, no lock.
StatusOr<std::string> GetOrCreateRegistry(CoreEnv& env, const std::string& parent) {
  const SyncConfig& sync = env.config.sync;
  StatusOr<std::optional<std::string>> cached = env.properties.GetProperty(sync.registry_key);
  if (!cached.ok()) return cached.status();
  if (cached->has_value() && env.sheets->Get(**cached).ok()) return **cached;
  StatusOr<FileList> hits = env.drive.ListChildren(ListChildrenRequest{
      .parent_id = parent, .kind = ChildKind::kFiles, .name_equals = sync.registry_title, .page_size = 1});
  if (!hits.ok()) return hits.status();
  std::string id;
  if (!hits->files.empty()) {
    id = hits->files.front().id;
  } else {
    StatusOr<SpreadsheetInfo> created = env.sheets->Create(sync.registry_title, {"Databases", "Properties"});
    if (!created.ok()) return created.status();
    id = created->id;
    StatusOr<DriveFile> moved = env.drive.Update(id, FileUpdate{.new_parent_id = parent});
    if (!moved.ok()) return moved.status();
  }
  Status s = env.properties.SetProperty(sync.registry_key, id);
  if (!s.ok()) return s;
  return id;
}

// writeDatabasesSheet_ / writePropertiesSheet_: the whole tab cleared, then this batch's rows.
Status RewriteTab(CoreEnv& env, const std::string& sheet_id, const char* tab, ValueRows rows) {
  Status s = env.sheets->ClearValues(sheet_id, SheetRange(tab));
  if (!s.ok()) return s;
  return env.sheets->UpdateValues(sheet_id, SheetRange(tab, "A1"), rows, ValueInput::kUserEntered);
}

// Processes one data source read by GET data_sources/{id}; a null read fails it.
void SyncOne(CoreEnv& env, const std::string& id, const std::string& parent, RunResult& result, ValueRows& db_rows,
             ValueRows& prop_rows) {
  StatusOr<nlohmann::json> ds = env.notion->Request("GET", "data_sources/" + id);  // getDataSource_
  if (!ds.ok()) {
    ++result.failed;
    return;
  }
  DatabaseSyncResult r = ProcessSingleDatabase(env, *ds, parent);
  if (!r.error.ok()) {
    ++result.failed;
    return;
  }
  ++result.processed;
  result.pages_created += r.pages_created;
  db_rows.push_back(r.database_row);
  for (auto& row : r.property_rows) prop_rows.push_back(std::move(row));
}

// runDriveSheetsOnce_ with Notion: discovery, the Agent-Tasks split, the batch, the registry.
void SyncBatch(CoreEnv& env, const std::string& parent, Instant start, RunResult& result) {
  std::string sheet_id;
  if (env.sheets != nullptr && env.config.sync.registry_sheet) {
    StatusOr<std::string> ss = GetOrCreateRegistry(env, parent);
    if (!ss.ok()) {
      result.outcome = RunOutcome::kFailed;
      result.error = ss.status();
      return;
    }
    sheet_id = *ss;
  }
  StatusOr<std::vector<nlohmann::json>> hits = SearchAllDataSources(env);
  if (!hits.ok()) {
    result.outcome = RunOutcome::kFailed;
    result.error = hits.status();
    return;
  }
  std::vector<std::string> regular;
  std::string agent_tasks;
  for (const nlohmann::json& h : *hits) {
    const DataSource ds = DataSourceFromJson(h);
    if (agent_tasks.empty() && internal::Lower(ds.title) == internal::Lower(env.config.sync.agent_tasks_title)) {
      agent_tasks = ds.id;
    } else {
      regular.push_back(ds.id);
    }
  }
  if (agent_tasks.empty()) env.logger.Log(LogLevel::kWarn, "run.no_agent_tasks", {}, {});
  StatusOr<RotationState> st = LoadRotationState(env);
  if (!st.ok()) {
    result.outcome = RunOutcome::kFailed;
    result.error = st.status();
    return;
  }
  const int n = static_cast<int>(regular.size());
  result.begin = st->rp;
  const int batch = agent_tasks.empty() ? env.config.batch_size : std::min(env.config.batch_size, n);
  const int count = std::min(batch, std::max(0, n - result.begin));
  ValueRows db_rows;
  ValueRows prop_rows;
  for (int i = 0; i < count; ++i) {
    if (PastSoftLimit(env, start)) break;
    const int failed_before = result.failed;
    SyncOne(env, regular[result.begin + i], parent, result, db_rows, prop_rows);
    // Agent-Tasks rides on the first data source, and is skipped when that one could not be read.
    if (i == 0 && !agent_tasks.empty() && result.failed == failed_before) {
      SyncOne(env, agent_tasks, parent, result, db_rows, prop_rows);
    }
  }
  if (!sheet_id.empty()) {
    Status s;
    if (!db_rows.empty()) {
      db_rows.insert(db_rows.begin(), {"Name", "Data Source ID", "URL", "Archived", "Created time",
                                       "Last edited time", "Row Count"});
      s = RewriteTab(env, sheet_id, "Databases", std::move(db_rows));
    }
    if (s.ok() && !prop_rows.empty()) {
      prop_rows.insert(prop_rows.begin(), {"Data Source ID", "Data Source Name", "Property Name", "Type",
                                           "Property ID", "Configuration JSON"});
      s = RewriteTab(env, sheet_id, "Properties", std::move(prop_rows));
    }
    if (!s.ok()) {
      result.outcome = RunOutcome::kFailed;
      result.error = s;
      return;
    }
  }
  AdvancePointer(env, *st, count, n, result);
}

}  // namespace

std::string_view RunOutcomeName(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::kCompleted: return "completed";
    case RunOutcome::kSkipped: return "skipped";
    case RunOutcome::kFailed: return "failed";
  }
  return "unknown";
}

StatusOr<std::string> ResolveDriveParent(CoreEnv& env) {
  std::string id;
  StatusOr<std::optional<std::string>> url = env.properties.GetProperty(env.config.parent_url_key);
  if (!url.ok()) return url.status();
  if (url->has_value()) id = FolderIdFromUrl(**url);
  if (id.empty()) {
    StatusOr<std::optional<std::string>> v = env.properties.GetProperty(env.config.parent_folder_key);
    if (!v.ok()) return v.status();
    if (v->has_value()) id = **v;
  }
  bool valid = false;
  if (!id.empty()) {
    StatusOr<DriveFile> f = env.drive.Get(id);
    valid = f.ok() && f->IsFolder() && !f->trashed;
  }
  if (!valid) {  // getFoldersByName('workspace-databases'): first hit, else create in the root
    StatusOr<FileList> hits = env.drive.ListChildren(
        ListChildrenRequest{.parent_id = env.config.root_folder_id, .kind = ChildKind::kFolders,
                            .name_equals = env.config.parent_fallback_name, .page_size = 1});
    if (!hits.ok()) return hits.status();
    if (!hits->files.empty()) {
      id = hits->files.front().id;
    } else {
      StatusOr<DriveFile> created = env.drive.Create(CreateFileRequest{
          .parent_id = env.config.root_folder_id, .name = env.config.parent_fallback_name,
          .mime_type = kFolderMimeType});
      if (!created.ok()) return created.status();
      id = created->id;
    }
  }
  Status s = env.properties.SetProperty(env.config.parent_folder_key, id);
  if (s.ok()) s = env.properties.SetProperty(env.config.parent_url_key,
                                             std::string(kFolderUrlPrefix) + id);
  if (!s.ok()) return s;
  return id;
}

RunResult RunDriveSheets(CoreEnv& outer, std::span<const DataSource> data_sources) {
  RunResult result;
  HeldRunLock guarded(outer.locks);
  CoreEnv env{outer.drive, outer.config.nested_lock_safe ? static_cast<LockService&>(guarded) : outer.locks,
              outer.properties, outer.clock, outer.random, outer.logger, outer.config, outer.notion, outer.sheets};
  std::optional<RunLogs> logs;
  if (env.config.init_logs) {
    StatusOr<RunLogs> init = InitRunLogs(env);  // before the lock, as in production
    if (!init.ok()) {
      result.error = init.status();  // init() threw: the run never reaches the lock
      return result;
    }
    logs = std::move(init).value();
  }
  std::unique_ptr<Lock> lock;
  bool lock_acquired = false;
  if (env.config.run_guard) {
    lock = env.locks.GetScriptLock();
    StatusOr<bool> got = lock->TryLock(env.config.run_lock_wait);
    lock_acquired = got.ok() && *got;
    if (!got.ok()) env.logger.Log(LogLevel::kWarn, "run.lock_error", {}, {});
  }
  guarded.set_held(lock_acquired);
  if (env.config.run_guard && !lock_acquired) {
    LogF(env.logger, LogLevel::kWarn, "run.skipped", {},
         "DriveSheetsSync: another run is already in progress. Aborting this trigger execution.");
    if (logs) FinalizeRunLogs(env, *logs, /*ok=*/true);  // a skipped run is logged "Completed"
    result.outcome = RunOutcome::kSkipped;
    return result;
  }
  env.logger.Log(LogLevel::kInfo, "run.locked", {}, {});
  const Instant start = env.clock.Now();  // the time budget excludes UL.init() and the lock wait
  StatusOr<std::string> parent = ResolveDriveParent(env);
  if (parent.ok() && env.config.sync.enabled && env.notion != nullptr) {
    SyncBatch(env, *parent, start, result);
  } else if (parent.ok()) {
    ProcessBatch(env, data_sources, *parent, start, result);
  } else {
    result.error = parent.status();
  }
  if (logs) FinalizeRunLogs(env, *logs, result.outcome == RunOutcome::kCompleted);
  if (lock_acquired) {  // finally { if (lockAcquired) lock.releaseLock() }
    Status released = lock->ReleaseLock();
    if (!released.ok()) env.logger.Log(LogLevel::kWarn, "run.release_failed", {}, {});
  }
  return result;
}

}  // namespace lockstep
