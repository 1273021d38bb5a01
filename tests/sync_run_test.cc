// The whole job in simulation, one execution at a time, checked against the mocks' end state: the
// CSV's new rows become Notion pages and get their ids written back, the export leaves the CSV
// equal to the data source, the previous versions go to .archive/, the registry sheet lists the
// batch; and the schema gate: a CSV without a column keeps the property unless deletions are on.
#include <gtest/gtest.h>

#include "harness/simulation/simulation.h"
#include "src/csv.h"
#include "src/folder_naming.h"

namespace lockstep {
namespace {

harness::Scenario OneRun(bool allow_deletions) {
  StatusOr<harness::Scenario> s = harness::ParseScenario(fmt::format(R"(
name: one-run
workspace: {{data_sources: 2, existing_folders: all}}
executions: {{entry: run, starts_ms: [0]}}
core:
  strategy: lock-first
  sync: {{allow_schema_deletions: {}}}
notion: {{rows: 3, new_rows: 2, latency_ms: 100}}
drive: {{latency_ms: 100}}
exploration: {{schedules: 1}}
)", allow_deletions ? "true" : "false"), "one-run");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return *s;
}

const DriveFile* Child(const mocks::DriveModel& drive, const std::string& parent, const std::string& name) {
  for (const DriveFile& f : drive.files()) {
    if (f.parent_id == parent && f.name == name && !f.trashed) return &f;
  }
  return nullptr;
}

TEST(SyncRun, NewRowsBecomePagesAndTheCsvMatchesNotion) {
  const harness::Scenario scenario = OneRun(false);
  harness::Simulation sim(scenario);
  const harness::ScheduleResult r = sim.RunSchedule(1, false);
  EXPECT_TRUE(r.violations.empty()) << r.violations.front().detail;
  EXPECT_EQ(r.pages_created, 4);  // 2 new rows in each of 2 CSVs
  for (const DataSource& ds : sim.data_sources()) {
    int live = 0;
    for (const auto* p : sim.notion().PagesOf(ds.id)) live += p->in_trash ? 0 : 1;
    EXPECT_EQ(live, 5);
    const DriveFile* folder = Child(sim.drive(), sim.parent_id(), DbFolderName(ds));
    ASSERT_NE(folder, nullptr);
    const DriveFile* csv = Child(sim.drive(), folder->id, DbFolderName(ds) + ".csv");
    ASSERT_NE(csv, nullptr);
    const CsvRows rows = ParseCsv(sim.drive().Content(csv->id).value());
    ASSERT_EQ(rows.size(), 7u);  // header, types, 5 pages
    for (size_t i = 2; i < rows.size(); ++i) EXPECT_FALSE(rows[i][0].empty()) << "row " << i << " has no __page_id";
    const DriveFile* archive = Child(sim.drive(), folder->id, ".archive");
    ASSERT_NE(archive, nullptr);
    int backups = 0;
    for (const DriveFile& f : sim.drive().files()) backups += f.parent_id == archive->id ? 1 : 0;
    EXPECT_EQ(backups, 2);  // before the write-back and before the export
    // The Lifecycle select was added, and the new pages are "Proposed".
    const auto& source = sim.notion().data_sources().at(ds.id);
    EXPECT_NE(source.Find("Lifecycle"), nullptr);
  }
  ASSERT_EQ(sim.sheets().spreadsheets().size(), 1u);
  const mocks::Spreadsheet& ss = sim.sheets().spreadsheets().begin()->second;
  const int tab = ss.IndexOfTitle("Databases");
  ASSERT_GE(tab, 0);
  EXPECT_EQ(ss.sheets[tab].rows.size(), 3u);  // the header and the batch's two data sources
}

// UL.init's Notion side: the run's Execution-Logs page, its properties ensured before the lock,
// finalized as Completed; the log database is synced like any other data source it shares.
TEST(SyncRun, TheRunLogsToAnExecutionLogsPage) {
  harness::Scenario scenario = OneRun(false);
  scenario.notion.execution_logs = true;
  scenario.core.sync.execution_logs_data_source = harness::kExecutionLogsDataSource;
  harness::Simulation sim(scenario);
  const harness::ScheduleResult r = sim.RunSchedule(1, false);
  EXPECT_TRUE(r.violations.empty()) << r.violations.front().detail;
  const mocks::NotionDataSource& logs = sim.notion().data_sources().at(harness::kExecutionLogsDataSource);
  for (const char* p : {"Start Time", "Final Status", "Session ID", "Environment", "Script ID", "User Email"}) {
    EXPECT_NE(logs.Find(p), nullptr) << p;
  }
  const std::vector<mocks::NotionPage*>& pages = sim.notion().PagesOf(harness::kExecutionLogsDataSource);
  ASSERT_EQ(pages.size(), 1u);
  const mocks::NotionProperty* status = logs.Find("Final Status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(pages[0]->values.at(status->id).value("name", std::string()), "Completed");
}

TEST(SyncRun, ASecondRunCreatesNothingAndUpdatesEveryRow) {
  harness::Scenario scenario = OneRun(false);
  scenario.executions.starts = {Duration(0), Duration(600'000)};
  harness::Simulation sim(scenario);
  const harness::ScheduleResult r = sim.RunSchedule(1, false);
  EXPECT_TRUE(r.violations.empty());
  EXPECT_EQ(r.pages_created, 4);  // all by the first run: the second finds every __page_id
  EXPECT_EQ(r.runs.completed, 2);
}

// DS-002 and its fix, one run each: "Notes" was renamed "Comments" in Notion after the export.
TEST(SyncRun, ARenameIsUndoneByNameDroppedWithDeletionsAndKeptById) {
  struct Case {
    bool deletions;
    bool by_id;
    bool notes_back;     // an empty "Notes" re-added beside the renamed property
    bool comments_kept;  // the renamed property (and its values) still there
  };
  for (const Case c : {Case{false, false, true, true}, Case{true, false, true, false}, Case{true, true, false, true}}) {
    harness::Scenario scenario = OneRun(c.deletions);
    scenario.core.sync.schema_by_id = c.by_id;
    scenario.notion.renamed_since_export = true;
    harness::Simulation sim(scenario);
    const harness::ScheduleResult r = sim.RunSchedule(1, false);
    for (const DataSource& ds : sim.data_sources()) {
      const mocks::NotionDataSource& source = sim.notion().data_sources().at(ds.id);
      const mocks::NotionProperty* notes = source.Find("Notes");
      EXPECT_EQ(notes != nullptr, c.notes_back) << "deletions=" << c.deletions << " by_id=" << c.by_id;
      EXPECT_EQ(source.Find("Comments") != nullptr, c.comments_kept) << "deletions=" << c.deletions << " by_id=" << c.by_id;
    }
    EXPECT_EQ(r.HasViolation("column-data-lost"), !c.comments_kept);
    EXPECT_EQ(r.HasViolation("rename-undone"), c.notes_back && c.comments_kept);
  }
}

}  // namespace
}  // namespace lockstep
