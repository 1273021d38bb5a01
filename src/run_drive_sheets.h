// RunDriveSheets: manualRunDriveSheets() and runDriveSheetsOnce_() of the production job, the
// slice that touches Drive, the script lock and script properties (spec sections 2.2 and 2.3).
//
//   1. UL.init's log folders and files, check-then-create, before the lock;
//   2. the run guard: script lock tryLock(8000); not had: log "another run is already in
//      progress", finalize the logs as Completed, exit;
//   3. resolveDriveParent_ (property, get, else find-or-create "workspace-databases" in the
//      root; both properties written back every run);
//   4. the rotation pointer read once; a batch of BATCH_SIZE data sources from it, each through
//      EnsureDbFolder (a failure fails that data source only);
//   5. the pointer advanced (and the cycle counted) at the end, written back;
//   6. logs finalized; the lock released in `finally` by the local flag, not by hasLock().
//
// With config.sync.enabled (and env.notion), the run is the whole job: the registry spreadsheet
// get-or-create, searchAllDataSources_ for the list, the Agent-Tasks split (processed after the
// first data source of the batch), processSingleDatabase_ per data source (sync_database.h), the
// registry tabs cleared and rewritten. Otherwise the data source list is an input and each gets
// the folder step alone.
//
//   RunResult r = RunDriveSheets(env, data_sources);
#ifndef LOCKSTEP_SRC_RUN_DRIVE_SHEETS_H_
#define LOCKSTEP_SRC_RUN_DRIVE_SHEETS_H_

#include <span>
#include <string>
#include <vector>

#include "src/core_env.h"
#include "src/data_source.h"
#include "src/status.h"

namespace lockstep {

enum class RunOutcome {
  kCompleted,  // the batch ran (some data sources may have failed)
  kSkipped,    // the run guard was not had; production logs this as "Completed"
  kFailed,     // the run threw (before the lock, or inside it)
};

std::string_view RunOutcomeName(RunOutcome outcome);

struct RunResult {
  RunOutcome outcome = RunOutcome::kFailed;
  int begin = 0;        // the rotation pointer read
  int next = 0;         // the pointer written
  int processed = 0;    // data sources whose folder step succeeded
  int failed = 0;       // data sources whose folder step failed
  int pages_created = 0;  // Notion pages created from CSV rows (sync enabled)
  Status error;         // why the run failed, when it did
};

// May suspend the calling fiber many times.
RunResult RunDriveSheets(CoreEnv& env, std::span<const DataSource> data_sources);

// resolveDriveParent_: returns the parent folder id.
StatusOr<std::string> ResolveDriveParent(CoreEnv& env);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_RUN_DRIVE_SHEETS_H_
