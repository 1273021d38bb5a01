// RunLogs: the Drive side of UL.init() and UL.finalize() (spec section 2.5).
//
// init walks (or creates) the log folder path from the Drive root, one getFoldersByName
// check-then-create per level and no lock, then creates the run's .jsonl and .log files named
// "<script> — 2.5 — <env> — <YYYY-MM-DD_HHMMSS> — Running [<scriptId>] (<runId>)". finalize
// renames both to "— Completed " or "— Failed ". With an Execution-Logs data source (and Notion),
// init also creates the run's page "<script> — <env> — <runId>", makes sure its eight properties
// exist (ensurePropertyExists_: check, then PATCH; no lock), and writes their values; finalize sets
// Final Status, End Time and Duration (s). Log contents are out of scope.
//
//   StatusOr<RunLogs> logs = InitRunLogs(env);      // before the lock, as in production
//   FinalizeRunLogs(env, *logs, /*ok=*/true);
#ifndef LOCKSTEP_SRC_RUN_LOGS_H_
#define LOCKSTEP_SRC_RUN_LOGS_H_

#include <string>

#include "src/core_env.h"
#include "src/status.h"

namespace lockstep {

struct RunLogs {
  std::string run_id;     // Utilities.getUuid().slice(0, 12)
  std::string folder_id;  // the month folder
  std::string jsonl_id;
  std::string log_id;
  std::string base_name;  // the file name without extension, "— Running " form
  std::string notion_page_id;  // the Execution-Logs page, when there is one
  Instant started{};
};

StatusOr<RunLogs> InitRunLogs(CoreEnv& env);

// Renames both files to Completed (ok) or Failed. Errors are returned, not thrown: the caller logs.
Status FinalizeRunLogs(CoreEnv& env, const RunLogs& logs, bool ok);

// The placeholder script id in file names (ScriptApp.getScriptId()).
inline constexpr std::string_view kScriptId = "lockstep-script";

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_RUN_LOGS_H_
