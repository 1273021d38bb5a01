#include "src/ensure_db_folder.h"

#include <string>
#include <vector>

#include "src/folder_naming.h"
#include "src/internal/folder_consolidation.h"
#include "src/internal/folder_step_common.h"

namespace lockstep {
namespace {

using internal::AcquireWithBackoff;
using internal::ConsolidateMatches;
using internal::CreateDbFolder;
using internal::DeferError;
using internal::FindMatchingFolders;
using internal::FolderMatch;
using internal::LockFirstRegistry;
using internal::ReleaseQuietly;
using internal::RelistAfterLockFailure;
using internal::Matches;

StatusOr<DriveFile> NoLock(CoreEnv& env, std::string_view parent, const DataSource& ds,
                           const std::string& name) {
  StatusOr<Matches> m = FindMatchingFolders(env, parent, ds, name);
  if (!m.ok()) return m.status();
  if (m->empty()) return CreateDbFolder(env, parent, ds, name);
  return ConsolidateMatches(env, parent, ds, name, std::move(m).value());
}

// check-then-lock and OLD: the locked block entered only when the first listing found nothing.
// Returns the created folder, or the matches of the re-check (`recheck` false: no re-check).
StatusOr<Matches> LockedCreate(CoreEnv& env, std::string_view parent, const DataSource& ds,
                               const std::string& name, bool recheck, DriveFile& created) {
  std::unique_ptr<Lock> lock = env.locks.GetScriptLock();
  StatusOr<bool> got = lock->TryLock(env.config.lock_wait);
  if (!got.ok()) return got.status();
  if (!*got) {
    env.logger.Log(LogLevel::kWarn, "folder.lock_timeout", ds.id, {});
    return RelistAfterLockFailure(env, parent, ds, name, "Lock timeout");
  }
  Matches matches;
  if (recheck) {
    StatusOr<Matches> m = FindMatchingFolders(env, parent, ds, name);
    if (!m.ok()) {
      ReleaseQuietly(env, *lock, ds);
      return m.status();
    }
    matches = std::move(m).value();
  }
  if (matches.empty()) {
    StatusOr<DriveFile> c = CreateDbFolder(env, parent, ds, name);
    ReleaseQuietly(env, *lock, ds);
    if (!c.ok()) return c.status();
    created = std::move(c).value();
    return Matches{};
  }
  ReleaseQuietly(env, *lock, ds);
  return matches;
}

StatusOr<DriveFile> CheckThenLockOrOld(CoreEnv& env, std::string_view parent,
                                       const DataSource& ds, const std::string& name,
                                       bool recheck) {
  StatusOr<Matches> first = FindMatchingFolders(env, parent, ds, name);
  if (!first.ok()) return first.status();
  if (!first->empty()) return ConsolidateMatches(env, parent, ds, name, std::move(first).value());
  DriveFile created;
  StatusOr<Matches> m = LockedCreate(env, parent, ds, name, recheck, created);
  if (!recheck) {  // check-then-lock has no catch: errors propagate raw
    if (!m.ok()) return m.status();
  } else if (!m.ok()) {
    // OLD's catch (lockErr): log, list again, continue with what exists or give up.
    LogF(env.logger, LogLevel::kWarn, "folder.lock_error", ds.id,
         "[WARN] Lock error while creating folder for {}: {}", ds.id, m.status().message());
    m = FindMatchingFolders(env, parent, ds, name);
    if (!m.ok()) return m.status();
    if (m->empty()) return DeferError("Lock failure", ds);
  }
  if (!created.id.empty()) return created;
  return ConsolidateMatches(env, parent, ds, name, std::move(m).value());
}

StatusOr<DriveFile> LockFirst(CoreEnv& env, std::string_view parent, const DataSource& ds,
                              const std::string& name) {
  std::unique_ptr<Lock> lock = env.locks.GetScriptLock();
  StatusOr<bool> got = AcquireWithBackoff(env, *lock);
  if (!got.ok()) return got.status();  // a throwing tryLock propagates raw in NEW
  Matches matches;
  if (*got) {
    StatusOr<Matches> m = FindMatchingFolders(env, parent, ds, name);
    if (!m.ok()) {
      ReleaseQuietly(env, *lock, ds);
      return m.status();
    }
    if (m->empty()) {
      StatusOr<DriveFile> created = CreateDbFolder(env, parent, ds, name);
      ReleaseQuietly(env, *lock, ds);
      return created;
    }
    ReleaseQuietly(env, *lock, ds);
    matches = std::move(m).value();
  } else {
    LogF(env.logger, LogLevel::kWarn, "folder.lock_timeout", ds.id,
         "[WARN] Lock timeout for database {}; checking for existing folder", ds.id);
    StatusOr<Matches> m = RelistAfterLockFailure(env, parent, ds, name, "Lock timeout");
    if (!m.ok()) return m.status();
    matches = std::move(m).value();
  }
  return ConsolidateMatches(env, parent, ds, name, std::move(matches));
}

}  // namespace

StatusOr<DriveFile> EnsureDbFolder(CoreEnv& env, std::string_view parent_id, const DataSource& ds) {
  const std::string name = DbFolderName(ds);
  switch (env.config.folder_strategy) {
    case FolderStrategy::kNoLock: return NoLock(env, parent_id, ds, name);
    case FolderStrategy::kCheckThenLock: return CheckThenLockOrOld(env, parent_id, ds, name, false);
    case FolderStrategy::kDoubleChecked: return CheckThenLockOrOld(env, parent_id, ds, name, true);
    case FolderStrategy::kLockFirst: return LockFirst(env, parent_id, ds, name);
    case FolderStrategy::kLockFirstRegistry: return LockFirstRegistry(env, parent_id, ds, name);
  }
  return CoreError(StatusCode::kInvalidArgument, "unknown folder strategy");
}

}  // namespace lockstep
