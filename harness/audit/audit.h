// Audit: the production monitoring helper. Reads a real Drive files.list export (and optionally a
// Notion data-source list) and reports, with the same naming rules and primary choice the core
// uses, duplicate database folders (exact same-name and "(n)"-suffixed, grouped by the _<uuid>
// suffix), duplicate CSVs and .archive folders inside a database folder, trashed folders that
// still hold files, and the consolidation each needs.
//
//   StatusOr<AuditInput> in = ParseDriveListing(text, "listing.json");
//   AuditResult r = RunAudit(*in);
//   nlohmann::ordered_json j = AuditJson(r, generated_at);
#ifndef LOCKSTEP_HARNESS_AUDIT_AUDIT_H_
#define LOCKSTEP_HARNESS_AUDIT_AUDIT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/drive_api.h"
#include "src/status.h"

namespace lockstep::harness {

struct AuditFile {
  DriveFile file;
  std::string modified;  // modifiedTime as listed (RFC 3339 sorts chronologically)
  int64_t size = 0;
};

struct AuditInput {
  std::vector<AuditFile> files;
  std::map<std::string, std::string> notion_titles;  // data source id -> title (optional)
  bool has_notion = false;
};

// Accepts {"files":[...]} (one page), a list of such pages, or a plain list of files. Files need
// id, name, mimeType and parents; trashed, modifiedTime and size are read when present.
// Errors name the file and what was expected.
StatusOr<AuditInput> ParseDriveListing(const std::string& text, const std::string& label);
// Adds a Notion list: a search response {"results":[...]}, a list of responses, or a list of
// data-source objects with id and title[].plain_text.
Status AddNotionDataSources(const std::string& text, const std::string& label, AuditInput& input);

struct FolderEntry {
  std::string id;
  std::string name;
  std::string modified;  // RFC 3339 as listed
  int live_children = 0;
  bool exact = false;        // the canonical name (when Notion gives the title), else no "(n)"
  bool copy_suffix = false;  // "(n)"
};

struct DuplicateSet {
  std::string data_source_id;
  std::string parent_id;
  std::vector<FolderEntry> folders;  // in the order production would choose a primary: first
  bool exact_same_name = false;      // two or more folders with the same name
  std::vector<std::string> plan;     // the consolidation steps
};

struct NameClash {  // inside one database folder
  std::string folder_id;
  std::string folder_name;
  std::string what;  // "csv" or ".archive"
  std::vector<std::string> names;
};

struct TrashedWithFiles {
  std::string id;
  std::string name;
  int live_files = 0;
};

struct AuditResult {
  int database_folders = 0;      // live folders named *_<uuid>
  int data_sources_with_folders = 0;
  std::vector<DuplicateSet> duplicates;
  std::vector<NameClash> clashes;
  std::vector<TrashedWithFiles> trashed_with_files;
  std::vector<std::string> missing_folders;  // Notion data sources with no folder
  std::vector<std::string> orphan_folders;   // folders for no known data source
  bool clean() const {
    return duplicates.empty() && clashes.empty() && trashed_with_files.empty() && missing_folders.empty();
  }
};

AuditResult RunAudit(const AuditInput& input);
nlohmann::ordered_json AuditJson(const AuditResult& r, const std::string& source,
                                 const std::string& generated_at);
std::string AuditMarkdown(const nlohmann::ordered_json& audit);
std::string AuditHtml(const nlohmann::ordered_json& audit);
std::string AuditJUnit(const nlohmann::ordered_json& audit);
std::string AuditPrometheus(const nlohmann::ordered_json& audit);

// The dashed UUID after the last "_" of a database folder name (before an optional " (n)"), or "".
std::string DataSourceIdOfFolder(const std::string& name);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_AUDIT_AUDIT_H_
