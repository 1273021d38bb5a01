// CoreEnv and CoreConfig: what one execution of the production core runs against.
//
// CoreEnv bundles the seams of one execution (one Apps Script execution, one trigger firing).
// CoreConfig holds the production constants and the variant choices (strategy, fixes), with the
// production values as defaults.
#ifndef LOCKSTEP_SRC_CORE_ENV_H_
#define LOCKSTEP_SRC_CORE_ENV_H_

#include <array>
#include <string>
#include <vector>

#include "src/clock.h"
#include "src/drive_api.h"
#include "src/lock_service.h"
#include "src/logger.h"
#include "src/notion_api.h"
#include "src/random_source.h"
#include "src/script_properties.h"
#include "src/sheets_api.h"
#include "src/time.h"

namespace lockstep {

// How ensureDbFolder_ serialises its check-then-create (see folder_strategy.h for the steps).
enum class FolderStrategy {
  kNoLock,             // search; create if none
  kCheckThenLock,      // search; if none: lock; create; release
  kDoubleChecked,      // OLD: search; if none: lock; search again; create if none; release
  kLockFirst,          // NEW: lock with 1/2/4 s backoff; search; create if none; release
  kLockFirstRegistry,  // NEW + folder-id registry in script properties + create with a fresh id
};

// processSingleDatabase_ beyond the folder step: Notion discovery, schema and value sync, the CSV
// export with its archive, the registry sheet (spec sections 2.3, 2.4, 4). Off: the folder step
// alone, over a data source list given as input.
struct SyncConfig {
  bool enabled = false;
  bool allow_schema_deletions = false;  // CONFIG.SYNC.ALLOW_SCHEMA_DELETIONS
  bool conflict_guard = true;           // CONFLICT_MODE 'guard' (false: 'csv_wins')
  bool lifecycle = true;                // ENABLE_LIFECYCLE_TRACKING
  bool registry_sheet = true;           // the 'Notion Meta-DB Registry' spreadsheet
  int pages_max = 1000;                 // CONFIG.MAX_PAGES_PER_DATA_SOURCE
  int search_pages_max = 30;            // searchAllDataSources_'s loop bound
  std::string agent_tasks_title = "Agent-Tasks";
  std::string registry_title = "Notion Meta-DB Registry";
  std::string registry_key = "REGISTRY_SHEET_ID";
  // Fixed variant: a CSV row without __page_id gets a key from its cells, stored in the hidden
  // rich_text property __row_key; the page is looked up by key before it is created, and after a
  // create every page with that key but the oldest is moved to the trash, so neither a kill
  // before the write-back nor two overlapping runs leave two pages for one row.
  bool idempotent_page_create = false;
  // Fixed variant (DS-002, DS-004): properties keyed by Notion property id. Each export records
  // the CSV's column names with their property ids in script property SCHEMA_IDS_<ds id>; the next
  // schema sync maps a CSV column whose name Notion no longer has to the property that now holds
  // its id (a rename: no addition, no deletion, values flow to the renamed property), treats only
  // exported-then-removed columns as deletion candidates, and logs a dry-run report of both.
  bool schema_by_id = false;
  // archiveOldVersions_ keeps this many versions. Its production pattern
  // (_v\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.csv$) never matches the names the backups get (they end
  // in -SSSZ), so nothing is ever pruned; the fixed variant matches them.
  // The Notion Execution-Logs data source of UL.init (EXECUTION_LOGS_DB_ID); empty: no Notion log
  // page (the Drive log files are still written).
  std::string execution_logs_data_source;
  int archive_keep = 50;
  bool archive_retention_fixed = false;
  std::string schema_ids_prefix = "SCHEMA_IDS_";
};

struct CoreConfig {
  FolderStrategy folder_strategy = FolderStrategy::kLockFirst;
  Duration lock_wait{8000};                       // CONFIG.SYNC.LOCK_WAIT_MS
  std::vector<Duration> lock_backoff{Duration(1000), Duration(2000), Duration(4000)};
  Duration lock_fail_sleep{2000};                 // sleep before the unlocked re-list
  Duration run_lock_wait{8000};                   // manualRunDriveSheets tryLock
  int batch_size = 3;                             // CONFIG.BATCH_SIZE
  Duration max_runtime{29 * 60 * 1000};           // CONFIG.MAX_RUNTIME_MS (soft stop at 90%)
  std::string rotation_key = "nds_drive_sheets_drive_sheets";
  std::string parent_folder_key = "WORKSPACE_DATABASES_FOLDER_ID";
  std::string parent_url_key = "WORKSPACE_DATABASES_URL";
  std::string parent_fallback_name = "workspace-databases";
  std::string folder_registry_prefix = "DB_FOLDER_ID_";  // lock-first-registry only
  std::string script_name = "DriveSheetsSync v2.6";      // LOG_SCRIPT_NAME default
  std::string log_env = "DEV";                           // LOG_ENV default
  // The fixed part of UL.init's log folder path, walked from the Drive root.
  std::array<std::string, 4> log_root_path{"Seren Internal", "Automation Files", "script_runs",
                                           "logs"};
  std::string root_folder_id = "root";
  Duration script_utc_offset{-5 * 3600 * 1000};  // America/New_York in winter (EST)
  bool init_logs = true;  // UL.init's log folders and files before the lock (faithful)
  bool run_guard = true;  // false: the run takes no script lock (the job before any lock existed)
  // Fixed run guard (held_run_lock.h): nested GetScriptLock() calls inside a held run are no-ops.
  bool nested_lock_safe = false;
  // Fixed pointer advance: re-read the pointer at the end and write it only if no other run moved
  // it since this run read it (a compare-and-set under the run lock), instead of a blind write.
  bool pointer_cas = false;
  SyncConfig sync;
};

// The seams of one execution. Not owned.
struct CoreEnv {
  DriveApi& drive;
  LockService& locks;
  ScriptProperties& properties;
  Clock& clock;
  RandomSource& random;
  Logger& logger;
  const CoreConfig& config;
  NotionClient* notion = nullptr;  // required when config.sync.enabled
  SheetsApi* sheets = nullptr;     // the registry sheet; none: skipped
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_CORE_ENV_H_
