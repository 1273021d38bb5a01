#include "src/internal/folder_step_common.h"

#include <fmt/format.h>

namespace lockstep::internal {

Status DeferError(std::string_view kind, const DataSource& ds) {
  return CoreError(StatusCode::kAborted,
                   fmt::format("{} creating folder for {}; deferring creation to avoid duplicates",
                               kind, ds.id));
}

// parent.createFolder(expectedName), logged as in production.
StatusOr<DriveFile> CreateDbFolder(CoreEnv& env, std::string_view parent_id, const DataSource& ds,
                                   std::string_view name, std::string_view id) {
  StatusOr<DriveFile> created = env.drive.Create(CreateFileRequest{
      .parent_id = parent_id, .name = name, .mime_type = kFolderMimeType, .id = id});
  if (created.ok()) {
    LogF(env.logger, LogLevel::kInfo, "folder.created", ds.id,
         "[INFO] Created new database folder: {}", name);
  }
  return created;
}

// The `finally { lock.releaseLock() }` of the production code: a failure is only logged.
void ReleaseQuietly(CoreEnv& env, Lock& lock, const DataSource& ds) {
  Status s = lock.ReleaseLock();
  if (!s.ok()) {
    LogF(env.logger, LogLevel::kWarn, "lock.release_failed", ds.id, "[WARN] releaseLock: {}",
         s.message());
  }
}

// NEW's acquisition: tryLock, then for each backoff w: sleep(w), tryLock, stop when had.
StatusOr<bool> AcquireWithBackoff(CoreEnv& env, Lock& lock) {
  StatusOr<bool> got = lock.TryLock(env.config.lock_wait);
  for (Duration wait : env.config.lock_backoff) {
    if (!got.ok() || *got) break;
    env.clock.Sleep(wait);
    got = lock.TryLock(env.config.lock_wait);
  }
  return got;
}

// The unlocked fallback shared by OLD, check-then-lock and NEW when the lock was not had: sleep,
// list again, and give up with `kind` if still nothing.
StatusOr<Matches> RelistAfterLockFailure(CoreEnv& env, std::string_view parent,
                                         const DataSource& ds, const std::string& name,
                                         std::string_view kind) {
  env.clock.Sleep(env.config.lock_fail_sleep);
  StatusOr<Matches> m = FindMatchingFolders(env, parent, ds, name);
  if (!m.ok()) return m.status();
  if (m->empty()) {
    env.logger.Log(LogLevel::kWarn, "folder.deferred", ds.id, {});
    return DeferError(kind, ds);
  }
  return m;
}

}  // namespace lockstep::internal
