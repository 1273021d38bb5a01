// Whole-job checkers: Notion pages, the files in the canonical folders, convergence after the
// liveness phase, and DS-002 column data.
#include "harness/check/internal/checks.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "src/csv.h"
#include "src/folder_naming.h"
#include "src/sync_database.h"

namespace lockstep::harness::internal {

void CheckPages(const EndState& s, ScheduleResult& r) {
  // The C++ core's whole job, or a real Apps Script project (which may create pages and CSVs).
  if (!s.scenario.core.sync.enabled && !s.scenario.gas.enabled) return;
  Violation pages{"duplicate-pages", {}, {}};
  for (const DataSource& ds : s.data_sources) {
    std::map<std::string, int> by_title;
    for (const mocks::NotionPage* p : s.notion.PagesOf(ds.id)) {
      if (p->in_trash) continue;
      auto t = p->values.find("title");
      ++by_title[t == p->values.end() ? std::string() : mocks::PlainText(t->second)];
    }
    bool listed = false;
    for (const auto& [title, count] : by_title) {
      if (count < 2) continue;
      r.duplicate_pages += count - 1;
      if (!listed) pages.data_sources.push_back(ds.id);
      listed = true;
      if (pages.detail.empty()) {
        pages.detail = fmt::format("{} live pages titled \"{}\" in data source {} (one CSV row)", count, title, ds.id);
      }
    }
  }
  if (!pages.data_sources.empty()) r.violations.push_back(std::move(pages));
  // Check-then-create files inside the canonical folders: the main CSV and .archive.
  Violation files{"duplicate-files", {}, {}};
  std::string archive_detail;
  const std::vector<DriveFile>& all = s.drive.files();
  for (const DataSource& ds : s.data_sources) {
    const std::string name = DbFolderName(ds);
    for (size_t i = 0; i < all.size(); ++i) {
      const DriveFile& folder = all[i];
      if (s.drive.IsDeleted(static_cast<int>(i)) || folder.trashed || !folder.IsFolder() ||
          folder.parent_id != s.parent_id || folder.name != name) {
        continue;
      }
      int csvs = 0;
      int archives = 0;
      for (int c : s.drive.ChildrenOf(static_cast<int>(i))) {
        const DriveFile& f = all[c];
        if (s.drive.IsDeleted(c) || f.trashed) continue;
        if (!f.IsFolder() && f.name == name + ".csv") ++csvs;
        if (!f.IsFolder() || f.name != kArchiveFolderName) continue;
        ++archives;
        int versions = 0;
        for (int v : s.drive.ChildrenOf(c)) versions += s.drive.IsDeleted(v) || all[v].trashed ? 0 : 1;
        // Retention keeps archive_keep versions; a run adds two before it prunes.
        if (versions > s.scenario.core.sync.archive_keep + 2 && archive_detail.empty()) {
          archive_detail = fmt::format("\"{}/.archive\" holds {} versions (retention: {})", name, versions,
                                       s.scenario.core.sync.archive_keep);
        }
      }
      const int extra = std::max(0, csvs - 1) + std::max(0, archives - 1);
      if (extra == 0) continue;
      r.duplicate_files += extra;
      files.data_sources.push_back(ds.id);
      if (files.detail.empty()) {
        files.detail = fmt::format("\"{}\" holds {} main CSV file(s) and {} .archive folder(s)", name, csvs, archives);
      }
    }
  }
  if (!files.data_sources.empty()) r.violations.push_back(std::move(files));
  if (!archive_detail.empty()) r.violations.push_back(Violation{"archive-unbounded", {}, archive_detail});
}

void CheckConvergence(const EndState& s, ScheduleResult& r) {
  if (s.liveness_first < 0) return;
  std::string failure;
  const std::vector<DriveFile>& all = s.drive.files();
  for (size_t d = 0; d < s.data_sources.size() && failure.empty(); ++d) {
    const DataSource& ds = s.data_sources[d];
    const std::string name = DbFolderName(ds);
    int folder = -1;
    for (size_t i = 0; i < all.size() && folder < 0; ++i) {
      if (!s.drive.IsDeleted(static_cast<int>(i)) && !all[i].trashed && all[i].IsFolder() &&
          all[i].parent_id == s.parent_id && all[i].name == name) {
        folder = static_cast<int>(i);
      }
    }
    if (folder < 0) {
      failure = fmt::format("data source {} has no folder named \"{}\"", ds.id, name);
      break;
    }
    if (!s.scenario.core.sync.enabled) continue;
    std::string csv;
    for (int c : s.drive.ChildrenOf(folder)) {
      if (!s.drive.IsDeleted(c) && !all[c].trashed && all[c].name == name + ".csv") csv = all[c].id;
    }
    if (csv.empty()) {
      failure = fmt::format("\"{}\" has no main CSV", name);
      break;
    }
    const CsvRows rows = ParseCsv(s.drive.Content(csv).value());
    const int csv_rows = rows.size() > 2 ? static_cast<int>(rows.size()) - 2 : 0;
    int pages = 0;
    for (const mocks::NotionPage* p : s.notion.PagesOf(ds.id)) pages += p->in_trash ? 0 : 1;
    if (csv_rows != pages) {
      failure = fmt::format("\"{}\": the CSV has {} rows, the data source {} live pages", name + ".csv", csv_rows, pages);
    }
    // Every row the CSV gained without a page id has become a page (none lost).
    for (int k = 0; k < s.scenario.notion.new_rows && failure.empty() && s.scenario.folders_exist; ++k) {
      const std::string title = fmt::format("New {}.{}", d + 1, k + 1);
      bool found = false;
      for (const mocks::NotionPage* p : s.notion.PagesOf(ds.id)) {
        auto t = p->values.find("title");
        found = found || (!p->in_trash && t != p->values.end() && mocks::PlainText(t->second) == title);
      }
      if (!found) failure = fmt::format("the CSV row \"{}\" of {} never became a page", title, ds.id);
    }
  }
  if (!failure.empty()) {
    r.violations.push_back(Violation{"liveness", {}, "after the liveness phase the workspace had not converged: " + failure});
  }
}

void CheckColumnData(const EndState& s, ScheduleResult& r) {
  if (!s.scenario.core.sync.enabled || !s.scenario.notion.renamed_since_export) return;
  std::string lost;
  int lost_count = 0;
  std::string undone;
  for (size_t i = 0; i < s.data_sources.size(); ++i) {
    const mocks::NotionDataSource& ds = s.notion.data_sources().at(s.data_sources[i].id);
    // The rename is undone by duplication when the old name is back beside the renamed property.
    const mocks::NotionProperty* back = ds.Find("Notes");
    if (back != nullptr && back->id != "nts1" && ds.Find("nts1") != nullptr && undone.empty()) {
      undone = fmt::format("data source {} has \"Notes\" ({}) re-added beside \"{}\" (nts1)", ds.id, back->id,
                           ds.Find("nts1")->name);
    }
    for (size_t k = 0; k < s.seeded_page_ids[i].size(); ++k) {
      const mocks::NotionPage* page = s.notion.pages().count(s.seeded_page_ids[i][k])
                                          ? &s.notion.pages().at(s.seeded_page_ids[i][k]) : nullptr;
      const std::string want = fmt::format("edited in Notion {}", k + 1);
      bool kept = false;
      for (const mocks::NotionProperty& p : ds.properties) {
        if (page == nullptr || p.type != "rich_text") continue;
        auto v = page->values.find(p.id);
        kept = kept || (v != page->values.end() && mocks::PlainText(v->second) == want);
      }
      if (!kept && lost_count++ == 0) {
        lost = fmt::format("page {} of {} lost \"{}\", edited in Notion after the CSV export", s.seeded_page_ids[i][k],
                           ds.id, want);
      }
    }
  }
  if (lost_count > 0) {
    r.violations.push_back(Violation{"column-data-lost", {}, fmt::format("{} value(s) lost, e.g. {}", lost_count, lost)});
  }
  if (!undone.empty()) r.violations.push_back(Violation{"rename-undone", {}, undone});
}

}  // namespace lockstep::harness::internal
