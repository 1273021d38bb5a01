// EnsureDbFolder: ensureDbFolder_(parentId, ds) of the production job, in each of its variants.
//
// Finds the data source's folder among the children of `parent_id` (by the "_<id>" suffix, never
// by a name query), creates it if none exists, consolidates duplicates, and returns the folder.
// The strategy (env.config.folder_strategy) decides how the check-then-create is serialised:
//
//   no-lock              list; create if none
//   check-then-lock      list; if none: tryLock; create; release
//   double-checked (OLD) list; if none: tryLock(8000); list again; create if none; release.
//                        Lock not had: sleep 2 s, list, fail "deferring" if none.
//   lock-first (NEW)     tryLock(8000), retried after sleeps of 1, 2, 4 s; list; create if none;
//                        release. Not had: sleep 2 s, list unlocked, fail if none.
//   lock-first-registry  NEW, plus the folder id kept in script properties under
//                        DB_FOLDER_ID_<ds id> and a create with a pre-generated id, so a retried
//                        or lagging create cannot duplicate within one deployment.
//
// Consolidation (phases 3-6) always runs without the lock, as in production. Errors the
// production code throws come back as a Status with its exact message, e.g.
// "Lock timeout creating folder for <id>; deferring creation to avoid duplicates".
//
//   StatusOr<DriveFile> folder = EnsureDbFolder(env, parent_id, ds);
#ifndef LOCKSTEP_SRC_ENSURE_DB_FOLDER_H_
#define LOCKSTEP_SRC_ENSURE_DB_FOLDER_H_

#include <string_view>

#include "src/core_env.h"
#include "src/data_source.h"
#include "src/drive_api.h"
#include "src/status.h"

namespace lockstep {

// May suspend the calling fiber many times (every seam call is a scheduling point).
StatusOr<DriveFile> EnsureDbFolder(CoreEnv& env, std::string_view parent_id, const DataSource& ds);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_ENSURE_DB_FOLDER_H_
