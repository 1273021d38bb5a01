// The audit of a Drive for Desktop mount: what production leaves behind, read from its names.
// Every directory in a databases folder (a folder holding `<title>_<uuid>` folders) is classified;
// entries are grouped by uuid into data sources, the CSVs inside each folder are classified, and
// the versioned backups in each `.archive/` (`<name>_v<time>.csv`, one per processing) give the
// intervals between two processings of one data source, which say whether runs overlapped.
//
//   StatusOr<MountListing> m = WalkMount(dir);
//   StatusOr<MountAudit> a = RunMountAudit(*m, MountAuditOptions{});
//   nlohmann::ordered_json j = MountAuditJson(*a, generated_at);   // audit.json
//   std::string md = MountAuditMarkdown(j);                         // and Html, JUnit, Prometheus
//
// Names as the mount shows them: Drive's same-name siblings get " (n)" after the whole name
// (`T_<uuid> (1)`, `T_<uuid> (1).csv`); macOS copies get " n" before the extension
// (`T_<uuid> 2.csv`); a Notion title may carry " (1)" itself (`T (1)_<uuid>`: its own data source).
#ifndef LOCKSTEP_HARNESS_AUDIT_MOUNT_AUDIT_H_
#define LOCKSTEP_HARNESS_AUDIT_MOUNT_AUDIT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/audit/mount_listing.h"
#include "src/status.h"

namespace lockstep::harness {

// The classes of a directory inside a databases folder.
enum class FolderClass {
  kCanonical,  // `<title>_<uuid>`: the data source's folder
  kCopy,       // `<title>_<uuid> (n)` (n may repeat: a copy of a copy): a same-name sibling
  kRenamed,    // `<other title>_<uuid>` beside the canonical one: the title changed since creation
  kNoUuid,     // no `_<uuid>`: not a data source's folder (its copies included)
};
std::string_view FolderClassName(FolderClass c);

// The parts of a folder name: `title` `_` `uuid` then `copy_suffixes` (" (1)" -> {1}).
struct FolderName {
  std::string title;
  std::string uuid;                // dashed, as written; "" when there is none
  std::vector<int> copy_suffixes;  // outermost last
  std::string base;                // the name without its copy suffixes
};
FolderName ParseFolderName(const std::string& name);

// A versioned backup's time from its name `<base>_v<time>.csv`, where <time> is the ISO time
// with ':' and '.' written '-' and 'T' written '_' (`2025-12-06_23-43-11-153Z`, what production
// writes) or ISO itself. Returns milliseconds since the epoch (UTC), or -1 when `stamp` is no time.
int64_t ParseBackupStamp(const std::string& stamp);

struct MountAuditOptions {
  int data_sources_per_run = 3;  // the rotation's batch (production: 3)
  int trigger_minutes = 10;      // the trigger's cadence (production: every 10 minutes)
};

struct MountFolder {
  std::string path;
  std::string name;
  std::string modified;
  FolderClass cls = FolderClass::kCanonical;
  bool title_suffixed = false;  // a canonical (or renamed) folder whose title ends in " (n)"
  int items = 0;                // entries directly inside
};

struct CsvStack {  // the main CSV of one data source and its same-name copies
  std::string main;              // "" when the folder has no main CSV
  std::vector<std::string> drive_copies;  // ` (n).csv`
  std::vector<std::string> macos_copies;  // ` n.csv`
  std::string oldest, newest;    // modification times over the main CSV and its copies
  std::string newest_name;
  int Copies() const { return static_cast<int>(drive_copies.size() + macos_copies.size()); }
};

struct MountDataSource {
  std::string uuid;
  std::string title;                 // the canonical folder's title
  std::vector<MountFolder> folders;  // the primary first (the one to keep), then the others
  CsvStack csv;
  std::vector<std::string> other_files;   // in its folders: not the CSV, its copies or .archive
  int archive_folders = 0;
  std::vector<int64_t> backups_ms;        // versioned backup times, sorted
  int ExtraFolders() const { return static_cast<int>(folders.size()) - 1; }
};

// Intervals between two consecutive processings of one data source, in disjoint bins.
inline constexpr const char* kIntervalBins[] = {"under_10s", "10s_to_2min", "2min_to_15min",
                                               "15min_to_1day", "1day_or_more"};
inline constexpr int64_t kIntervalBinUpperMs[] = {10'000, 120'000, 900'000, 86'400'000};

struct MountAudit {
  std::string source;
  std::vector<std::string> databases_parents;  // the folders holding `<title>_<uuid>` folders
  std::vector<MountDataSource> data_sources;   // by uuid
  std::vector<MountFolder> without_uuid;       // directories of a databases folder with no uuid
  int folder_entries = 0;
  int backups = 0;
  int other_archive_files = 0;
  int64_t intervals_histogram[5] = {0, 0, 0, 0, 0};
  int64_t intervals = 0;
  int64_t min_interval_ms = -1;
  double expected_revisit_hours = 0;  // what a working guard and rotation would give
  MountAuditOptions options;
  bool interrupted = false;  // the listing is a walk stopped by a signal: the figures cover its part
  int64_t entries = 0;       // entries read (walked or listed)

  int ExtraFolderEntries() const;
  bool clean() const;
};

// Bad input: a backup name whose time cannot be read, a database folder name that cannot be
// parsed. Errors name the entry (listing line or path) and what was expected.
StatusOr<MountAudit> RunMountAudit(const MountListing& listing, const MountAuditOptions& options);

nlohmann::ordered_json MountAuditJson(const MountAudit& a, const std::string& generated_at);
std::string MountAuditMarkdown(const nlohmann::ordered_json& audit);
std::string MountAuditHtml(const nlohmann::ordered_json& audit);
std::string MountAuditJUnit(const nlohmann::ordered_json& audit);
std::string MountAuditPrometheus(const nlohmann::ordered_json& audit);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_AUDIT_MOUNT_AUDIT_H_
