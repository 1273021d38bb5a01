#include "src/internal/folder_consolidation.h"

#include <algorithm>

#include "src/folder_naming.h"

namespace lockstep::internal {

StatusOr<std::vector<FolderMatch>> FindMatchingFolders(CoreEnv& env, std::string_view parent_id,
                                                       const DataSource& ds,
                                                       std::string_view expected_name) {
  std::vector<DriveFile> children;
  Status listed = ListAllChildren(
      env.drive, ListChildrenRequest{.parent_id = parent_id, .kind = ChildKind::kFolders}, children);
  if (!listed.ok()) return listed;
  std::vector<FolderMatch> matches;
  for (DriveFile& child : children) {
    if (!MatchesDataSource(child.name, ds.id)) continue;
    FolderMatch m;
    m.exact = child.name == expected_name;
    m.copy_suffix = HasCopySuffix(child.name);
    m.folder = std::move(child);
    matches.push_back(std::move(m));
  }
  if (matches.empty()) env.logger.Log(LogLevel::kDebug, "folder.none_found", ds.id, {});
  return matches;
}

namespace {

// Moves every child of one kind from `dup` into `primary`. Counts what moved.
Status MoveChildren(CoreEnv& env, const DriveFile& dup, const DriveFile& primary, ChildKind kind,
                    int& moved) {
  std::vector<DriveFile> children;
  Status listed = ListAllChildren(
      env.drive, ListChildrenRequest{.parent_id = dup.id, .kind = kind}, children);
  if (!listed.ok()) return listed;
  for (const DriveFile& child : children) {
    FileUpdate move;
    move.new_parent_id = primary.id;
    StatusOr<DriveFile> r = env.drive.Update(child.id, move);
    if (!r.ok()) return r.status();
    ++moved;
  }
  return Status();
}

// Moves the files, then the subfolders, of `dup` into `primary` and trashes `dup`.
Status ConsolidateOne(CoreEnv& env, const DriveFile& dup, const DriveFile& primary,
                      int& files_moved, int& folders_moved) {
  Status s = MoveChildren(env, dup, primary, ChildKind::kFiles, files_moved);
  if (s.ok()) s = MoveChildren(env, dup, primary, ChildKind::kFolders, folders_moved);
  if (!s.ok()) return s;
  FileUpdate trash;
  trash.trashed = true;
  StatusOr<DriveFile> r = env.drive.Update(dup.id, trash);
  return r.ok() ? Status() : r.status();
}

}  // namespace

void SortByPrimaryPreference(std::vector<FolderMatch>& matches, std::string_view preferred_id) {
  // V8's Array.prototype.sort is stable, so ties keep listing order.
  std::stable_sort(matches.begin(), matches.end(), [&](const FolderMatch& a, const FolderMatch& b) {
    const bool a_pref = !preferred_id.empty() && a.folder.id == preferred_id;
    const bool b_pref = !preferred_id.empty() && b.folder.id == preferred_id;
    if (a_pref != b_pref) return a_pref;
    if (a.exact != b.exact) return a.exact;
    if (a.copy_suffix != b.copy_suffix) return !a.copy_suffix;
    return a.folder.modified_time > b.folder.modified_time;
  });
}

namespace {

// Phase 6: rename the primary to the canonical name unless a folder of that name is listed.
Status RenameToCanonical(CoreEnv& env, std::string_view parent_id, const DataSource& ds,
                         std::string_view expected_name, DriveFile& primary) {
  StatusOr<FileList> same_name = env.drive.ListChildren(ListChildrenRequest{
      .parent_id = parent_id, .kind = ChildKind::kFolders, .name_equals = expected_name});
  if (!same_name.ok()) return same_name.status();
  if (!same_name->files.empty()) return Status();
  FileUpdate rename;
  rename.name = std::string(expected_name);
  StatusOr<DriveFile> renamed = env.drive.Update(primary.id, rename);
  if (!renamed.ok()) return renamed.status();
  primary = std::move(renamed).value();
  LogF(env.logger, LogLevel::kInfo, "folder.renamed", ds.id,
       "[INFO] Renamed folder to canonical name: {}", expected_name);
  return Status();
}

}  // namespace

StatusOr<DriveFile> ConsolidateMatches(CoreEnv& env, std::string_view parent_id,
                                       const DataSource& ds, std::string_view expected_name,
                                       std::vector<FolderMatch> matches,
                                       std::string_view preferred_primary_id) {
  LOCKSTEP_CHECK(!matches.empty());
  if (matches.size() == 1 && matches[0].exact) return std::move(matches[0].folder);
  SortByPrimaryPreference(matches, preferred_primary_id);
  DriveFile primary = matches[0].folder;
  if (matches.size() > 1) {
    LogF(env.logger, LogLevel::kWarn, "folder.consolidate", ds.id,
         "[WARN] Found {} folders for database {}. Using: {}", matches.size(), ds.id, primary.name);
    int files_moved = 0;
    int folders_moved = 0;
    for (size_t i = 1; i < matches.size(); ++i) {
      const DriveFile& dup = matches[i].folder;
      Status s = ConsolidateOne(env, dup, primary, files_moved, folders_moved);
      if (s.ok()) {
        LogF(env.logger, LogLevel::kInfo, "folder.trashed_duplicate", ds.id,
             "[INFO] Consolidated and trashed duplicate folder: {}", dup.name);
      } else {
        LogF(env.logger, LogLevel::kWarn, "folder.consolidate_failed", ds.id,
             "[WARN] Failed to consolidate duplicate folder {}: {}", dup.name, s.message());
      }
    }
    if (files_moved + folders_moved > 0) {
      LogF(env.logger, LogLevel::kInfo, "folder.consolidated", ds.id,
           "[INFO] Consolidation complete: moved {} files and {} folders", files_moved,
           folders_moved);
    }
  }
  if (!matches[0].exact) {
    Status s = RenameToCanonical(env, parent_id, ds, expected_name, primary);
    if (!s.ok()) return s;
  }
  return primary;
}

}  // namespace lockstep::internal
