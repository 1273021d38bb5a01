// Pieces of ensureDbFolder_ that several strategies share: the lock acquisition with backoff,
// the create, the quiet release and the unlocked fallback. Internal to the core.
#ifndef LOCKSTEP_SRC_INTERNAL_FOLDER_STEP_COMMON_H_
#define LOCKSTEP_SRC_INTERNAL_FOLDER_STEP_COMMON_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/core_env.h"
#include "src/data_source.h"
#include "src/internal/folder_consolidation.h"

namespace lockstep::internal {

using Matches = std::vector<FolderMatch>;

// "<kind> creating folder for <id>; deferring creation to avoid duplicates", code kAborted.
Status DeferError(std::string_view kind, const DataSource& ds);

// parent.createFolder(name) (with a pre-generated `id` when not empty), logged as in production.
StatusOr<DriveFile> CreateDbFolder(CoreEnv& env, std::string_view parent_id, const DataSource& ds,
                                   std::string_view name, std::string_view id = {});

// `finally { lock.releaseLock() }`: a failure is only logged.
void ReleaseQuietly(CoreEnv& env, Lock& lock, const DataSource& ds);

// NEW's acquisition: tryLock, then for each backoff w: sleep(w), tryLock; stops when had.
// A failing tryLock is returned as is.
StatusOr<bool> AcquireWithBackoff(CoreEnv& env, Lock& lock);

// The unlocked fallback when the lock was not had: sleep, list again, and fail with
// DeferError(kind) if still nothing matches.
StatusOr<Matches> RelistAfterLockFailure(CoreEnv& env, std::string_view parent,
                                         const DataSource& ds, const std::string& name,
                                         std::string_view kind);

// lock-first-registry (registry_folder_step.cc).
StatusOr<DriveFile> LockFirstRegistry(CoreEnv& env, std::string_view parent, const DataSource& ds,
                                      const std::string& name);

}  // namespace lockstep::internal

#endif  // LOCKSTEP_SRC_INTERNAL_FOLDER_STEP_COMMON_H_
