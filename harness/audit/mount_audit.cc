#include "harness/audit/audit_checks.h"
#include "harness/audit/mount_audit.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "src/encoding.h"

namespace lockstep::harness {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Strips one trailing " (n)" into `n`; false when there is none.
bool StripCopySuffix(std::string& s, int& n) {
  if (s.size() < 4 || s.back() != ')') return false;
  const size_t open = s.rfind('(');
  if (open == std::string::npos || open < 1 || s[open - 1] != ' ') return false;
  const std::string digits = s.substr(open + 1, s.size() - open - 2);
  if (!AllDigits(digits) || digits.size() > 6) return false;
  n = std::stoi(digits);
  s.erase(open - 1);
  return true;
}

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Group {
  std::vector<const MountEntry*> entries;
};

struct Children {
  std::map<std::string, std::vector<const MountEntry*>> of;
  const std::vector<const MountEntry*>& Get(const std::string& path) const {
    static const std::vector<const MountEntry*> kNone;
    auto it = of.find(path);
    return it == of.end() ? kNone : it->second;
  }
};

// `name` is `base` + " (n)" one or more times + ".csv".
bool IsDriveCsvCopy(const std::string& name, const std::string& base) {
  if (name.size() <= base.size() + 4 || name.compare(0, base.size(), base) != 0 ||
      name.compare(name.size() - 4, 4, ".csv") != 0) {
    return false;
  }
  std::string rest = name.substr(base.size(), name.size() - base.size() - 4);
  int n = 0;
  while (StripCopySuffix(rest, n)) {
  }
  return rest.empty();
}

// `name` is `base` + " n" + ".csv" (macOS's copy of a file whose name is taken).
bool IsMacosCsvCopy(const std::string& name, const std::string& base) {
  if (name.size() < base.size() + 6 || name.compare(0, base.size(), base) != 0 ||
      name.compare(name.size() - 4, 4, ".csv") != 0 || name[base.size()] != ' ') {
    return false;
  }
  return AllDigits(std::string_view(name).substr(base.size() + 1, name.size() - base.size() - 5));
}

bool IsArchiveName(const std::string& name) {
  std::string s = name;
  int n = 0;
  while (StripCopySuffix(s, n)) {
  }
  return s == ".archive";
}

Status BadName(const MountListing& l, const MountEntry& e, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, 0, "mount", fmt::format("{}: \"{}\": {}", l.Where(e), e.Name(), what));
}

// Reads one folder of a data source into `ds`: its CSVs, other files and .archive backups.
Status ReadFolder(const MountListing& l, const Children& ch, const MountEntry& folder, const FolderName& fn,
                  MountDataSource& ds, MountAudit& a) {
  const std::string main_name = fn.base + ".csv";
  auto stack_time = [&ds](const MountEntry& f) {
    if (f.modified.empty()) return;
    if (ds.csv.oldest.empty() || f.modified < ds.csv.oldest) ds.csv.oldest = f.modified;
    if (ds.csv.newest.empty() || f.modified >= ds.csv.newest) {
      ds.csv.newest = f.modified;
      ds.csv.newest_name = f.path;
    }
  };
  for (const MountEntry* c : ch.Get(folder.path)) {
    const std::string name = c->Name();
    if (c->dir && IsArchiveName(name)) {
      ++ds.archive_folders;
      for (const MountEntry* b : ch.Get(c->path)) {
        const std::string bn = b->Name();
        const size_t at = bn.find(fn.uuid + "_v");
        if (b->dir || at == std::string::npos || bn.size() < 4 || bn.compare(bn.size() - 4, 4, ".csv") != 0) {
          ++a.other_archive_files;
          continue;
        }
        const size_t from = at + fn.uuid.size() + 2;
        std::string stamp = bn.substr(from, bn.size() - 4 - from);
        int64_t ms = ParseBackupStamp(stamp);
        // A later deployment wrote `_v<time>_<8 hex>.csv` (14 of production's 1,892 backups).
        const size_t tag = stamp.rfind('_');
        if (ms < 0 && tag != std::string::npos && tag + 1 < stamp.size() &&
            std::all_of(stamp.begin() + static_cast<std::ptrdiff_t>(tag) + 1, stamp.end(),
                        [](char x) { return std::isalnum(static_cast<unsigned char>(x)) != 0; })) {
          ms = ParseBackupStamp(stamp.substr(0, tag));
        }
        if (ms < 0) {
          return BadName(l, *b, "a versioned backup whose time cannot be read: expected "
                                "<name>_v<YYYY-MM-DD_HH-MM-SS-mmmZ>.csv, optionally with _<tag> before .csv "
                                "(or an ISO time after _v)");
        }
        ds.backups_ms.push_back(ms);
        ++a.backups;
      }
    } else if (!c->dir && name == main_name) {
      if (ds.csv.main.empty()) ds.csv.main = c->path;
      else ds.csv.drive_copies.push_back(c->path);  // the main CSV again, in another folder
      stack_time(*c);
    } else if (!c->dir && IsDriveCsvCopy(name, fn.base)) {
      ds.csv.drive_copies.push_back(c->path);
      stack_time(*c);
    } else if (!c->dir && IsMacosCsvCopy(name, fn.base)) {
      ds.csv.macos_copies.push_back(c->path);
      stack_time(*c);
    } else {
      ds.other_files.push_back(c->path);
    }
  }
  return Status();
}

}  // namespace

std::string_view FolderClassName(FolderClass c) {
  switch (c) {
    case FolderClass::kCanonical: return "canonical";
    case FolderClass::kCopy: return "copy";
    case FolderClass::kRenamed: return "renamed";
    case FolderClass::kNoUuid: return "no_uuid";
  }
  return "?";
}

FolderName ParseFolderName(const std::string& name) {
  FolderName f;
  f.base = name;
  int n = 0;
  while (StripCopySuffix(f.base, n)) f.copy_suffixes.insert(f.copy_suffixes.begin(), n);
  const size_t us = f.base.rfind('_');
  if (us != std::string::npos && IsDashedUuid(std::string_view(f.base).substr(us + 1))) {
    f.uuid = f.base.substr(us + 1);
    f.title = f.base.substr(0, us);
  } else {
    // No uuid: the suffixes belong to the name as it is (`script_runs (1)` is a copy of `script_runs`).
    f.title = f.base;
  }
  return f;
}

int64_t ParseBackupStamp(const std::string& stamp) {
  std::string s = stamp;
  if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) s.pop_back();
  std::vector<std::string> groups(1);
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      groups.back() += c;
    } else if (c == '-' || c == '_' || c == ':' || c == '.' || c == 'T') {
      if (groups.back().empty()) return -1;
      groups.emplace_back();
    } else {
      return -1;
    }
  }
  static constexpr size_t kWidths[] = {4, 2, 2, 2, 2, 2};
  if (groups.size() < 6 || groups.size() > 7) return -1;
  for (size_t i = 0; i < 6; ++i) {
    if (groups[i].size() != kWidths[i]) return -1;
  }
  if (groups.size() == 7 && (groups[6].empty() || groups[6].size() > 9)) return -1;
  const int y = std::stoi(groups[0]), mo = std::stoi(groups[1]), d = std::stoi(groups[2]);
  const int h = std::stoi(groups[3]), mi = std::stoi(groups[4]), sec = std::stoi(groups[5]);
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || h > 23 || mi > 59 || sec > 60) return -1;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo == 2 && d == 29 && !leap) return -1;
  int64_t ms = groups.size() == 7 ? std::stoll((groups[6] + "00").substr(0, 3)) : 0;
  return ((DaysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60'000 + sec * 1000 + ms;
}

int MountAudit::ExtraFolderEntries() const {
  int n = 0;
  for (const MountDataSource& d : data_sources) n += d.ExtraFolders();
  return n;
}

bool MountAudit::clean() const {
  for (const MountDataSource& d : data_sources) {
    if (d.ExtraFolders() > 0 || d.csv.Copies() > 0) return false;
  }
  return intervals_histogram[0] + intervals_histogram[1] == 0;
}

StatusOr<MountAudit> RunMountAudit(const MountListing& l, const MountAuditOptions& options) {
  MountAudit a;
  a.source = l.source;
  a.options = options;
  a.interrupted = l.interrupted;
  a.entries = static_cast<int64_t>(l.entries.size());
  Children ch;
  for (const MountEntry& e : l.entries) {
    if (!IsValidUtf8(e.path)) return BadName(l, e, "the name is not UTF-8 (Drive names are Unicode): a damaged listing");
    ch.of[e.Parent()].push_back(&e);
  }
  std::set<std::string> parents;
  for (const MountEntry& e : l.entries) {
    if (e.dir && !ParseFolderName(e.Name()).uuid.empty()) parents.insert(e.Parent());
  }
  a.databases_parents.assign(parents.begin(), parents.end());
  std::map<std::string, Group> groups;
  for (const std::string& p : parents) {
    for (const MountEntry* e : ch.Get(p)) {
      if (!e->dir) continue;
      ++a.folder_entries;
      const FolderName fn = ParseFolderName(e->Name());
      if (fn.uuid.empty()) {
        a.without_uuid.push_back({e->path, e->Name(), e->modified, FolderClass::kNoUuid, false,
                                  static_cast<int>(ch.Get(e->path).size())});
      } else {
        groups[fn.uuid].entries.push_back(e);
      }
    }
  }
  for (auto& [uuid, g] : groups) {
    MountDataSource ds;
    ds.uuid = uuid;
    // The primary: a folder without a copy suffix, the one holding its main CSV first, then the
    // newest; with only copies, the first copy.
    const MountEntry* primary = nullptr;
    auto rank = [&ch](const MountEntry* e) {
      const FolderName fn = ParseFolderName(e->Name());
      bool has_main = false;
      for (const MountEntry* c : ch.Get(e->path)) has_main = has_main || (!c->dir && c->Name() == fn.base + ".csv");
      return std::make_tuple(fn.copy_suffixes.empty(), has_main, e->modified);
    };
    for (const MountEntry* e : g.entries) {
      if (primary == nullptr || rank(e) > rank(primary)) primary = e;
    }
    const FolderName pn = ParseFolderName(primary->Name());
    ds.title = pn.title;
    std::vector<const MountEntry*> ordered = {primary};
    for (const MountEntry* e : g.entries) {
      if (e != primary) ordered.push_back(e);
    }
    for (const MountEntry* e : ordered) {
      const FolderName fn = ParseFolderName(e->Name());
      MountFolder f{e->path, e->Name(), e->modified, FolderClass::kCanonical, false,
                    static_cast<int>(ch.Get(e->path).size())};
      if (!fn.copy_suffixes.empty()) f.cls = FolderClass::kCopy;
      else if (fn.title != pn.title) f.cls = FolderClass::kRenamed;
      std::string title = fn.title;
      int n = 0;
      f.title_suffixed = f.cls == FolderClass::kCanonical && StripCopySuffix(title, n);
      ds.folders.push_back(f);
      Status s = ReadFolder(l, ch, *e, fn, ds, a);
      if (!s.ok()) return s;
    }
    std::sort(ds.backups_ms.begin(), ds.backups_ms.end());
    for (size_t i = 1; i < ds.backups_ms.size(); ++i) {
      const int64_t gap = ds.backups_ms[i] - ds.backups_ms[i - 1];
      size_t bin = 0;
      while (bin < 4 && gap >= kIntervalBinUpperMs[bin]) ++bin;
      ++a.intervals_histogram[bin];
      ++a.intervals;
      if (a.min_interval_ms < 0 || gap < a.min_interval_ms) a.min_interval_ms = gap;
    }
    a.data_sources.push_back(std::move(ds));
  }
  const int n = static_cast<int>(a.data_sources.size());
  const int per_run = std::max(1, options.data_sources_per_run);
  a.expected_revisit_hours = std::ceil(static_cast<double>(n) / per_run) * options.trigger_minutes / 60.0;
  return a;
}

}  // namespace lockstep::harness
