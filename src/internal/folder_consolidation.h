// The search and consolidation phases of ensureDbFolder_ (spec sections 3.2 and 3.6), shared by
// every strategy. Internal to the core.
#ifndef LOCKSTEP_SRC_INTERNAL_FOLDER_CONSOLIDATION_H_
#define LOCKSTEP_SRC_INTERNAL_FOLDER_CONSOLIDATION_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/core_env.h"
#include "src/data_source.h"
#include "src/status.h"

namespace lockstep::internal {

struct FolderMatch {
  DriveFile folder;
  bool exact = false;        // name == expected name
  bool copy_suffix = false;  // name ends in "(n)"
};

// findMatchingFolders_: lists every child folder of the parent (all pages) and keeps those whose
// name contains "_<id>". Logs "folder.none_found" when nothing matches.
StatusOr<std::vector<FolderMatch>> FindMatchingFolders(CoreEnv& env, std::string_view parent_id,
                                                       const DataSource& ds,
                                                       std::string_view expected_name);

// Phase 4's order: `preferred_id` first (when not empty), then exact names, then names without
// "(n)", then the newest modifiedTime. Stable, like V8's sort.
void SortByPrimaryPreference(std::vector<FolderMatch>& matches, std::string_view preferred_id);

// Phases 3-6, without any lock: the fast path for one exact match, the primary choice (exact,
// then no "(n)", then newest; `preferred_primary_id` first when it is among the matches), moving
// every file and subfolder of the others into it, trashing them, and the rename to the canonical
// name. REQUIRES: !matches.empty().
StatusOr<DriveFile> ConsolidateMatches(CoreEnv& env, std::string_view parent_id,
                                       const DataSource& ds, std::string_view expected_name,
                                       std::vector<FolderMatch> matches,
                                       std::string_view preferred_primary_id = {});

}  // namespace lockstep::internal

#endif  // LOCKSTEP_SRC_INTERNAL_FOLDER_CONSOLIDATION_H_
