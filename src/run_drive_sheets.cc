#include "run_drive_sheets.h"

#include <algorithm>

#include "ensure_db_folder.h"
#include "rotation_state.h"
#include "run_logs.h"

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

// runDriveSheetsOnce_ after the parent: rotation, batch, pointer advance.
void ProcessBatch(CoreEnv& env, std::span<const DataSource> data_sources, const std::string& parent,
                  RunResult& result) {
  const Instant start = env.clock.Now();
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
    if (env.clock.Now() - start > env.config.max_runtime * 9 / 10) {
      env.logger.Log(LogLevel::kWarn, "run.time_limit", {}, {});
      break;
    }
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
  int np = result.begin + count;  // advanced even when the loop stopped early
  if (np >= n) {
    np = 0;
    st->cycle++;  // st.cycleInc() saves {rp: old, cycle+1, lastRun: now}
    st->last_run = FormatRfc3339(env.clock.Now());
    Status saved = SaveRotationState(env, *st);
    if (!saved.ok()) {
      result.outcome = RunOutcome::kFailed;
      result.error = saved;
      return;
    }
  }
  st->rp = np;  // the setter saves immediately
  Status saved = SaveRotationState(env, *st);
  result.next = np;
  result.outcome = saved.ok() ? RunOutcome::kCompleted : RunOutcome::kFailed;
  result.error = saved;
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

RunResult RunDriveSheets(CoreEnv& env, std::span<const DataSource> data_sources) {
  RunResult result;
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
  if (env.config.run_guard && !lock_acquired) {
    LogF(env.logger, LogLevel::kWarn, "run.skipped", {},
         "DriveSheetsSync: another run is already in progress. Aborting this trigger execution.");
    if (logs) FinalizeRunLogs(env, *logs, /*ok=*/true);  // a skipped run is logged "Completed"
    result.outcome = RunOutcome::kSkipped;
    return result;
  }
  env.logger.Log(LogLevel::kInfo, "run.locked", {}, {});
  StatusOr<std::string> parent = ResolveDriveParent(env);
  if (parent.ok()) {
    ProcessBatch(env, data_sources, *parent, result);
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
