// Proves the audit on a small Drive listing with one of each finding: exact same-name duplicates,
// "(n)" duplicates, two CSVs and two .archive folders in one database folder, a trashed folder
// that still holds a file, and (with the Notion list) a data source with no folder; the primary
// follows the core's order (exact name, then no "(n)", then newest); bad input is rejected with
// what was expected.
#include "harness/audit/audit.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace lockstep::harness {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(LOCKSTEP_SOURCE_DIR) + "/tests/fixtures/" + name);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

TEST(Audit, FindsEveryKindOfProblem) {
  StatusOr<AuditInput> in = ParseDriveListing(Fixture("drive-listing.json"), "listing.json");
  ASSERT_TRUE(in.ok()) << in.status().message();
  ASSERT_TRUE(AddNotionDataSources(Fixture("notion-data-sources.json"), "notion.json", *in).ok());
  AuditResult r = RunAudit(*in);
  EXPECT_EQ(r.database_folders, 5);
  EXPECT_EQ(r.data_sources_with_folders, 3);
  ASSERT_EQ(r.duplicates.size(), 2u);
  EXPECT_TRUE(r.duplicates[0].exact_same_name);
  EXPECT_EQ(r.duplicates[0].folders.front().id, "A2");  // both exact: the newest
  EXPECT_FALSE(r.duplicates[1].exact_same_name);
  EXPECT_EQ(r.duplicates[1].folders.front().id, "B1");  // no "(n)" beats newer "(n)"
  ASSERT_EQ(r.clashes.size(), 2u);
  EXPECT_EQ(r.clashes[0].what, "csv");
  EXPECT_EQ(r.clashes[1].what, ".archive");
  ASSERT_EQ(r.trashed_with_files.size(), 1u);
  EXPECT_EQ(r.trashed_with_files[0].id, "T1");
  ASSERT_EQ(r.missing_folders.size(), 1u);
  EXPECT_EQ(r.missing_folders[0], "New DB_aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
  EXPECT_FALSE(r.clean());
}

TEST(Audit, ReadsPagedAndPlainListings) {
  const std::string file =
      R"({"id":"X","name":"A_284e7361-6c27-8018-872a-eb14e82e0392","mimeType":"application/vnd.google-apps.folder","parents":["P"]})";
  StatusOr<AuditInput> pages = ParseDriveListing("[{\"files\":[" + file + "]},{\"files\":[]}]", "p.json");
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(pages->files.size(), 1u);
  StatusOr<AuditInput> plain = ParseDriveListing("[" + file + "]", "l.json");
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(RunAudit(*plain).clean());
}

TEST(Audit, RejectsBadInputWithWhatWasExpected) {
  StatusOr<AuditInput> a = ParseDriveListing("{not json", "x.json");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(std::string(a.status().message()).rfind("x.json: expected JSON", 0), 0u);
  StatusOr<AuditInput> b = ParseDriveListing(R"({"files":[{"id":"1"}]})", "y.json");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(std::string(b.status().message()).find("y.json: file #1: expected an object with string id, name"),
            std::string::npos);
}

TEST(Audit, FolderIdsFollowTheProductionNaming) {
  EXPECT_EQ(DataSourceIdOfFolder("Tasks_284e7361-6c27-8018-872a-eb14e82e0392"), "284e7361-6c27-8018-872a-eb14e82e0392");
  EXPECT_EQ(DataSourceIdOfFolder("Tasks_284e7361-6c27-8018-872a-eb14e82e0392 (3)"),
            "284e7361-6c27-8018-872a-eb14e82e0392");
  EXPECT_EQ(DataSourceIdOfFolder("SocialMediaAnalytics (1)_284e7361-6c27-8018-872a-eb14e82e0392"),
            "284e7361-6c27-8018-872a-eb14e82e0392");
  EXPECT_EQ(DataSourceIdOfFolder("logs"), "");
}

}  // namespace
}  // namespace lockstep::harness
