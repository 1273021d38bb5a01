// ProcessSingleDatabase: processSingleDatabase_(ds, ...) of the production job after the data
// source was read (spec section 2.4, with sections 4.1-4.6 and 4.8):
//
//   1. refresh the schema (GET data_sources/{id});
//   2. EnsureDbFolder (the configured strategy);
//   3. syncSchemaFromCsvToNotion_: the folder's CSV (first file of the exact name) authorises
//      additions; deletions of properties missing from it only with ALLOW_SCHEMA_DELETIONS;
//      properties are matched by name, so a rename is an addition plus a deletion (DS-002);
//   4. the Lifecycle select when missing;
//   5. syncCsvToNotion_: rows with __page_id update their page (guarded by last_edited_time >
//      __last_synced_iso, compared as strings); rows without one create a page; then a versioned
//      backup in .archive/ and the CSV rewritten with the new ids;
//   6. writeDataSourceCsv_: every page (at most 1000; a failed query exports what it read) as a
//      fresh CSV in the main file (getOrCreateMainCsvFile_), the previous content backed up first;
//   7. the registry rows of this data source.
//
// Every step that reads or writes shared state goes through a seam, so each is a scheduling point
// in simulation. ensureItemTypePropertyExists_ does nothing (DB_CONFIG.ITEM_TYPES is unset in the
// modelled workspace); relation, people, files, formula and rollup columns are never written.
//
//   DatabaseSyncResult r = ProcessSingleDatabase(env, data_source_json, parent_id);
#ifndef LOCKSTEP_SRC_SYNC_DATABASE_H_
#define LOCKSTEP_SRC_SYNC_DATABASE_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/core_env.h"
#include "src/data_source.h"
#include "src/status.h"

namespace lockstep {

inline constexpr std::string_view kPageIdColumn = "__page_id";
inline constexpr std::string_view kSyncedColumn = "__last_synced_iso";
inline constexpr std::string_view kRowKeyProperty = "__row_key";  // the idempotent variant's key
inline constexpr std::string_view kArchiveFolderName = ".archive";

struct DatabaseSyncResult {
  Status error;  // ok: processed; else why processSingleDatabase_ caught an exception
  std::string folder_id;
  std::string csv_file_id;  // empty when the export failed
  int row_count = 0;        // rows exported
  int pages_created = 0;
  int pages_updated = 0;
  int rows_guarded = 0;     // skipped: edited in Notion after the CSV snapshot
  int properties_added = 0;
  int properties_deleted = 0;
  std::vector<std::string> renames;          // schema_by_id: "old -> new" detected
  std::vector<std::string> deletion_report;  // properties deleted, or that would be (dry run)
  std::vector<std::string> database_row;             // registry 'Databases' row
  std::vector<std::vector<std::string>> property_rows;  // registry 'Properties' rows
};

// The data source object's title (dsTitle_: title[0].plain_text, "" when none).
DataSource DataSourceFromJson(const nlohmann::json& ds);

// REQUIRES: env.notion. May suspend the calling fiber many times.
DatabaseSyncResult ProcessSingleDatabase(CoreEnv& env, const nlohmann::json& ds, std::string_view parent_id);

// getOrCreateMainCsvFile_: the newest exact-name CSV in the folder; else a "<base> (n).csv" copy
// renamed to the canonical name; else a new empty text/csv file. Check-then-create, no lock.
StatusOr<DriveFile> GetOrCreateMainCsv(CoreEnv& env, std::string_view folder_id, std::string_view base);

// ensureArchiveFolder_: the first ".archive" folder in the folder, else a new one (no lock).
StatusOr<DriveFile> EnsureArchiveFolder(CoreEnv& env, std::string_view folder_id);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_SYNC_DATABASE_H_
