// Folder checkers: one live folder per data source, none missing, no files left in trashed folders.
#include "harness/check/internal/checks.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "src/folder_naming.h"

namespace lockstep::harness::internal {

std::vector<int> MainCsvsPerFolder(const EndState& s) {
  const std::vector<DriveFile>& files = s.drive.files();
  std::vector<int> csvs(files.size(), 0);
  for (size_t i = 0; i < files.size(); ++i) {
    const DriveFile& f = files[i];
    if (s.drive.IsDeleted(static_cast<int>(i)) || f.trashed || !f.IsFolder() || f.parent_id != s.parent_id) continue;
    const int ds = DataSourceOfName(f.name, s.log);
    if (ds < 0) continue;
    const std::string main = DbFolderName(s.data_sources[ds]) + ".csv";
    for (int c : s.drive.ChildrenOf(static_cast<int>(i))) {
      if (!s.drive.IsDeleted(c) && !files[c].trashed && !files[c].IsFolder() && files[c].name == main) ++csvs[i];
    }
  }
  return csvs;
}

void CheckFolders(const EndState& s, ScheduleResult& r) {
  const size_t n = s.data_sources.size();
  std::vector<int> live(n, 0);
  std::vector<int> exact(n, 0);
  std::vector<int> suffixed(n, 0);
  std::set<std::string> trashed_folders;
  const std::vector<DriveFile>& files = s.drive.files();
  for (size_t i = 0; i < files.size(); ++i) {
    const DriveFile& f = files[i];
    if (s.drive.IsDeleted(static_cast<int>(i))) continue;
    if (f.IsFolder() && f.trashed) trashed_folders.insert(f.id);
    if (!f.IsFolder() || f.trashed || f.parent_id != s.parent_id) continue;
    const int ds = DataSourceOfName(f.name, s.log);
    if (ds < 0) continue;
    ++live[ds];
    if (f.name == DbFolderName(s.data_sources[ds])) ++exact[ds];
    if (HasCopySuffix(f.name)) ++suffixed[ds];
  }
  std::string first_lost;
  for (size_t i = 0; i < files.size(); ++i) {
    const DriveFile& f = files[i];
    if (s.drive.IsDeleted(static_cast<int>(i))) continue;
    if (!f.trashed && trashed_folders.count(f.parent_id) > 0) {
      if (r.files_in_trashed_folders++ == 0) first_lost = f.name;
    }
  }
  if (r.files_in_trashed_folders > 0) {
    r.violations.push_back(Violation{
        "files-in-trash", {},
        fmt::format("{} live file(s) left inside trashed folders, e.g. \"{}\"",
                    r.files_in_trashed_folders, first_lost)});
  }
  Violation dup{"duplicate-folders", {}, {}};
  for (size_t i = 0; i < n; ++i) {
    if (live[i] > 1) {
      ++r.duplicate_data_sources;
      if (exact[i] > 1) ++r.exact_duplicate_sets;
      if (suffixed[i] > 0) ++r.suffix_duplicate_sets;
      dup.data_sources.push_back(s.data_sources[i].id);
      if (dup.detail.empty()) {
        dup.detail = fmt::format("{} live folders for \"{}\" ({} with the exact name, {} with a (n) suffix)",
                                 live[i], DbFolderName(s.data_sources[i]), exact[i], suffixed[i]);
      }
    }
  }
  if (!dup.data_sources.empty()) r.violations.push_back(std::move(dup));
  // The audit's shape (ScheduleResult::extra_folders, extra_csvs).
  const std::vector<int> csvs = MainCsvsPerFolder(s);
  std::vector<int> extra_csvs(n, 0);
  for (size_t i = 0; i < files.size(); ++i) {
    if (csvs[i] < 2) continue;
    const int ds = DataSourceOfName(files[i].name, s.log);
    if (ds >= 0) extra_csvs[ds] += csvs[i] - 1;
  }
  for (size_t i = 0; i < n; ++i) {
    if (live[i] == 0) continue;
    ++r.extra_folders[std::min(live[i] - 1, 3)];
    ++r.extra_csvs[std::min(extra_csvs[i], 3)];
  }
  // Missing: a data source some execution worked on, left without any live folder.
  for (size_t i = 0; i < n; ++i) {
    if (s.log.ds_processed(static_cast<int>(i)) && live[i] == 0) ++r.missing_folders;
  }
}

}  // namespace lockstep::harness::internal
