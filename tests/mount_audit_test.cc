// Proves the mount audit on a tree with known counts of every class: tests/audit/
// make_fixture_mount.mjs writes the tree, the same entries as a JSON-lines listing, and the counts
// it put there (expected.json); the walk and the listing must each give every one of them. Then
// the name rules one by one (copies, titles that carry " (n)", macOS copies, backup times), and
// bad input: each error names the entry or the line and says what was expected.
#include "harness/audit/mount_audit.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

namespace lockstep::harness {
namespace {

namespace fs = std::filesystem;
using OJson = nlohmann::ordered_json;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

// The generated fixture, made once for the whole suite.
class MountFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("lockstep-mount-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    const std::string cmd = "node '" + std::string(LOCKSTEP_SOURCE_DIR) + "/tests/audit/make_fixture_mount.mjs' '" +
                            dir_->string() + "' > /dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static OJson Expected() { return OJson::parse(ReadFile(*dir_ / "expected.json"))["summary"]; }
  static OJson Summary(const MountListing& m) {
    StatusOr<MountAudit> a = RunMountAudit(m, MountAuditOptions{});
    EXPECT_TRUE(a.ok()) << a.status().message();
    return a.ok() ? MountAuditJson(*a, "2026-01-01T00:00:00.000Z")["summary"] : OJson();
  }
  static void ExpectEveryField(const OJson& expected, const OJson& got) {
    ASSERT_GE(expected.size(), 20u);
    for (const auto& [k, v] : expected.items()) {
      ASSERT_TRUE(got.contains(k)) << "summary lacks " << k;
      EXPECT_EQ(got[k], v) << k;
    }
  }
  static fs::path* dir_;
};
fs::path* MountFixture::dir_ = nullptr;

TEST_F(MountFixture, WalkGivesEveryCountTheGeneratorPutThere) {
  StatusOr<MountListing> m = WalkMount((*dir_ / "mount").string());
  ASSERT_TRUE(m.ok()) << m.status().message();
  const OJson got = Summary(*m);
  ExpectEveryField(Expected(), got);
  // The issue's figures for this tree, so a generator change that breaks a class is seen here too.
  EXPECT_EQ(got["data_sources"], 18);
  EXPECT_EQ(got["extra_folders_histogram"], OJson::parse(R"({"0":11,"1":4,"2":2,"3+":1})"));
  EXPECT_EQ(got["title_suffixed_folders"], 2);
  EXPECT_EQ(got["entries_without_uuid"], 3);
  EXPECT_EQ(got["largest_csv_stack"], 120);
  EXPECT_EQ(got["data_sources_reprocessed_within_2_min"], 2);
  EXPECT_FALSE(got["clean"].get<bool>());
}

// A signal during the walk (the stop flag the CLI's handlers set): the walk ends with what it
// has, the audit of that part says it is a part, and a whole walk is not marked.
TEST_F(MountFixture, AnInterruptedWalkIsAuditedAsAPart) {
  const std::atomic<bool> stop{true};
  StatusOr<MountListing> part = WalkMount((*dir_ / "mount").string(), &stop);
  ASSERT_TRUE(part.ok()) << part.status().message();
  EXPECT_TRUE(part->interrupted);
  StatusOr<MountListing> whole = WalkMount((*dir_ / "mount").string());
  ASSERT_TRUE(whole.ok());
  EXPECT_FALSE(whole->interrupted);
  EXPECT_LT(part->entries.size(), whole->entries.size());
  StatusOr<MountAudit> a = RunMountAudit(*part, MountAuditOptions{});
  ASSERT_TRUE(a.ok()) << a.status().message();
  const OJson j = MountAuditJson(*a, "T");
  EXPECT_TRUE(j["interrupted"].get<bool>());
  EXPECT_EQ(j["entries"], static_cast<int64_t>(part->entries.size()));
  EXPECT_NE(MountAuditMarkdown(j).find("**INTERRUPTED**"), std::string::npos);
  StatusOr<MountAudit> full = RunMountAudit(*whole, MountAuditOptions{});
  ASSERT_TRUE(full.ok());
  EXPECT_FALSE(MountAuditJson(*full, "T")["interrupted"].get<bool>());
}

TEST_F(MountFixture, ListingGivesWhatTheWalkGives) {
  StatusOr<MountListing> l = ParseMountListing(ReadFile(*dir_ / "mount.jsonl"), "mount.jsonl");
  ASSERT_TRUE(l.ok()) << l.status().message();
  StatusOr<MountListing> m = WalkMount((*dir_ / "mount").string());
  ASSERT_TRUE(m.ok());
  ExpectEveryField(Expected(), Summary(*l));
  StatusOr<MountAudit> a = RunMountAudit(*l, MountAuditOptions{});
  StatusOr<MountAudit> b = RunMountAudit(*m, MountAuditOptions{});
  ASSERT_TRUE(a.ok() && b.ok());
  OJson ja = MountAuditJson(*a, "t"), jb = MountAuditJson(*b, "t");
  ja.erase("source");
  jb.erase("source");
  EXPECT_EQ(ja.dump(), jb.dump());  // the same entries, times and plan, not only the counts
}

TEST_F(MountFixture, ListingLinesRoundTrip) {
  StatusOr<MountListing> m = WalkMount((*dir_ / "mount").string());
  ASSERT_TRUE(m.ok());
  std::string text;
  for (const MountEntry& e : m->entries) text += MountListingLine(e) + "\n";
  StatusOr<MountListing> back = ParseMountListing(text, "out.jsonl");
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->entries.size(), m->entries.size());
  for (size_t i = 0; i < m->entries.size(); ++i) {
    EXPECT_EQ(back->entries[i].path, m->entries[i].path);
    EXPECT_EQ(back->entries[i].dir, m->entries[i].dir);
    EXPECT_EQ(back->entries[i].size, m->entries[i].size);
    EXPECT_EQ(back->entries[i].modified, m->entries[i].modified);
  }
}

TEST(MountNames, CopySuffixesTitlesAndUuids) {
  FolderName a = ParseFolderName("Artists_2a0e7361-6c27-8000-9c1d-000000000002 (1) (2)");
  EXPECT_EQ(a.title, "Artists");
  EXPECT_EQ(a.uuid, "2a0e7361-6c27-8000-9c1d-000000000002");
  EXPECT_EQ(a.copy_suffixes, (std::vector<int>{1, 2}));
  EXPECT_EQ(a.base, "Artists_2a0e7361-6c27-8000-9c1d-000000000002");
  // A title that carries " (1)" itself: no copy suffix, the title keeps it.
  FolderName t = ParseFolderName("SocialMediaAnalytics (1)_2a0e7361-6c27-8000-9c1d-000000000005");
  EXPECT_EQ(t.title, "SocialMediaAnalytics (1)");
  EXPECT_TRUE(t.copy_suffixes.empty());
  // Brackets, parentheses inside the title, an underscore in it, Unicode.
  FolderName p = ParseFolderName("Notes (draft)_x [v2]_2a0e7361-6c27-8000-9c1d-000000000009 (3)");
  EXPECT_EQ(p.title, "Notes (draft)_x [v2]");
  EXPECT_EQ(p.copy_suffixes, (std::vector<int>{3}));
  FolderName u = ParseFolderName("Café — 日本語_2a0e7361-6c27-8000-9c1d-000000000004");
  EXPECT_EQ(u.title, "Café — 日本語");
  // No uuid (a folder the job keeps beside the data sources), with and without a copy suffix.
  FolderName n = ParseFolderName("script_runs (1)");
  EXPECT_EQ(n.uuid, "");
  EXPECT_EQ(n.copy_suffixes, (std::vector<int>{1}));
  EXPECT_EQ(ParseFolderName("Workspace-Areas").uuid, "");
  // Not a copy suffix: no space before it, not digits, a zero-padded or empty number.
  EXPECT_TRUE(ParseFolderName("x_2a0e7361-6c27-8000-9c1d-000000000002(1)").uuid.empty());
  EXPECT_TRUE(ParseFolderName("Photos (a)").copy_suffixes.empty());
  EXPECT_TRUE(ParseFolderName("Photos ()").copy_suffixes.empty());
}

TEST(MountNames, BackupStamps) {
  // Production's form: the ISO time with ':' and '.' as '-' and 'T' as '_'.
  EXPECT_EQ(ParseBackupStamp("2025-12-06_23-43-11-153Z"), 1765064591153);
  EXPECT_EQ(ParseBackupStamp("2025-12-06T23:43:11.153Z"), 1765064591153);
  EXPECT_EQ(ParseBackupStamp("2025-12-06T23:43:11Z"), 1765064591000);
  EXPECT_EQ(ParseBackupStamp("1970-01-01_00-00-00-000Z"), 0);
  EXPECT_EQ(ParseBackupStamp("2024-02-29_12-00-00-000Z"), 1709208000000);  // a leap day
  // No zone: read as UTC. Intervals between two stamps of one writer come out right either way.
  EXPECT_EQ(ParseBackupStamp("2025-12-06_23-43-11-153"), 1765064591153);
  for (const char* bad : {"", "2025-12-06", "2025-13-06_23-43-11-153Z", "2025-12-32_23-43-11-153Z",
                          "2025-12-06_24-43-11-153Z", "latest", "2025-12-06_23-43-1x-153Z"}) {
    EXPECT_EQ(ParseBackupStamp(bad), -1) << bad;
  }
}

MountListing Listing(const std::string& jsonl) {
  StatusOr<MountListing> l = ParseMountListing(jsonl, "t.jsonl");
  EXPECT_TRUE(l.ok()) << l.status().message();
  return l.ok() ? std::move(l).value() : MountListing{};
}

TEST(MountAudit, ClassifiesCsvsInsideOneFolder) {
  const std::string d = "db/T_2a0e7361-6c27-8000-9c1d-000000000001";
  const std::string b = d + "/T_2a0e7361-6c27-8000-9c1d-000000000001";
  MountListing l = Listing("{\"path\":\"" + b + ".csv\",\"size\":1}\n"
                           "{\"path\":\"" + b + " (1).csv\"}\n"
                           "{\"path\":\"" + b + " (1) (1).csv\"}\n"
                           "{\"path\":\"" + b + " 2.csv\"}\n"
                           "{\"path\":\"" + b + " 2 (1).csv\"}\n"       // neither: another file
                           "{\"path\":\"" + b + "(1).csv\"}\n"          // no space: another file
                           "{\"path\":\"" + b + " (1).csv.tmp\"}\n"     // not a CSV
                           "{\"path\":\"" + d + "/.archive/" + "T_2a0e7361-6c27-8000-9c1d-000000000001_v2025-12-06_23-43-11-153Z.csv\"}\n"
                           "{\"path\":\"" + d + "/.archive (1)/" + "T_2a0e7361-6c27-8000-9c1d-000000000001_v2025-12-06_23-43-15-000Z.csv\"}\n"
                           "{\"path\":\"" + d + "/.archive (1)/" + "T_2a0e7361-6c27-8000-9c1d-000000000001_v2025-12-06_23-53-15-000Z_04dda1af.csv\"}\n");
  StatusOr<MountAudit> a = RunMountAudit(l, MountAuditOptions{});
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_EQ(a->data_sources.size(), 1u);
  const MountDataSource& ds = a->data_sources[0];
  EXPECT_EQ(ds.csv.main, b + ".csv");
  EXPECT_EQ(ds.csv.drive_copies.size(), 2u);
  EXPECT_EQ(ds.csv.macos_copies.size(), 1u);
  EXPECT_EQ(ds.other_files.size(), 3u);
  EXPECT_EQ(ds.archive_folders, 2);
  EXPECT_EQ(a->intervals, 2);
  EXPECT_EQ(a->intervals_histogram[0], 1);  // 3.847 s apart: under 10 s
  EXPECT_EQ(a->intervals_histogram[2], 1);  // 10 min later, the backup with a tag after its time
  EXPECT_EQ(a->min_interval_ms, 3847);
  EXPECT_FALSE(a->clean());
}

TEST(MountAudit, ACleanMountIsClean) {
  MountListing l = Listing(
      "{\"path\":\"db/A_2a0e7361-6c27-8000-9c1d-000000000001/A_2a0e7361-6c27-8000-9c1d-000000000001.csv\"}\n"
      "{\"path\":\"db/B (1)_2a0e7361-6c27-8000-9c1d-000000000002/B (1)_2a0e7361-6c27-8000-9c1d-000000000002.csv\"}\n");
  StatusOr<MountAudit> a = RunMountAudit(l, MountAuditOptions{});
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->clean());
  const OJson s = MountAuditJson(*a, "t")["summary"];
  EXPECT_EQ(s["title_suffixed_folders"], 1);
  EXPECT_EQ(s["extra_folder_entries"], 0);
  EXPECT_TRUE(s["clean"].get<bool>());
}

TEST(MountAudit, ExpectedRevisitFollowsTheRotation) {
  MountListing l = Listing("{\"path\":\"db/A_2a0e7361-6c27-8000-9c1d-000000000001/\"}\n");
  MountAuditOptions o;
  StatusOr<MountAudit> a = RunMountAudit(l, o);
  ASSERT_TRUE(a.ok());
  EXPECT_DOUBLE_EQ(a->expected_revisit_hours, 10.0 / 60);  // one data source: every run
  // 241 data sources, 3 a run, every 10 minutes: 81 runs, 13.5 hours (the issue's "about 13").
  std::string many;
  for (int i = 0; i < 241; ++i) {
    many += fmt::format("{{\"path\":\"db/D{}_2a0e7361-6c27-8000-9c1d-{:012}/\"}}\n", i, i);
  }
  StatusOr<MountAudit> b = RunMountAudit(Listing(many), o);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->data_sources.size(), 241u);
  EXPECT_DOUBLE_EQ(b->expected_revisit_hours, 13.5);
}

void ExpectError(const StatusOr<MountListing>& r, const std::string& starts, const std::string& has) {
  ASSERT_FALSE(r.ok()) << "accepted: " << starts;
  const std::string m(r.status().message());
  EXPECT_EQ(m.rfind(starts, 0), 0u) << m;
  EXPECT_NE(m.find(has), std::string::npos) << m;
}

TEST(MountAudit, BadListingsNameTheLineAndWhatWasExpected) {
  ExpectError(ParseMountListing("{\"path\":\"a\"}\n\n{not json\n", "m.jsonl"), "m.jsonl:3", "JSON");
  ExpectError(ParseMountListing("[1,2]\n", "m.jsonl"), "m.jsonl:1", "object");
  ExpectError(ParseMountListing("{\"size\":1}\n", "m.jsonl"), "m.jsonl:1", "path");
  ExpectError(ParseMountListing("{\"path\":\"a\",\"size\":-1}\n", "m.jsonl"), "m.jsonl:1", "size");
  ExpectError(ParseMountListing("{\"path\":\"a\",\"size\":\"12\"}\n", "m.jsonl"), "m.jsonl:1", "size");
  ExpectError(ParseMountListing("{\"path\":\"a\",\"modified\":\"yesterday\"}\n", "m.jsonl"), "m.jsonl:1",
              "modified");
  ExpectError(ParseMountListing("{\"path\":\"a/../b\"}\n", "m.jsonl"), "m.jsonl:1", "..");
  ExpectError(ParseMountListing("{\"path\":\"a\"}\n{\"path\":\"a\"}\n", "m.jsonl"), "m.jsonl:2", "also at m.jsonl:1");
}

TEST(MountAudit, NamesThatCannotBeReadAreErrorsNotFindings) {
  // A versioned backup whose time is no time: the intervals would be wrong without it.
  MountListing l = Listing(
      "{\"path\":\"db/A_2a0e7361-6c27-8000-9c1d-000000000001/.archive/A_2a0e7361-6c27-8000-9c1d-000000000001_vlatest.csv\"}\n");
  StatusOr<MountAudit> a = RunMountAudit(l, MountAuditOptions{});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(std::string(a.status().message()).rfind("t.jsonl:1", 0), 0u) << a.status().message();
  // A name that is not UTF-8 (a mount copied through a tool that mangled it).
  StatusOr<MountListing> bad = ParseMountListing("{\"path\":\"db/A_2a0e7361-6c27-8000-9c1d-000000000001/x\"}\n", "u.jsonl");
  ASSERT_TRUE(bad.ok());
  bad->entries.back().path += "\xff.csv";
  StatusOr<MountAudit> b = RunMountAudit(*bad, MountAuditOptions{});
  ASSERT_FALSE(b.ok());
  EXPECT_NE(std::string(b.status().message()).find("UTF-8"), std::string::npos) << b.status().message();
}

TEST(MountAudit, AWalkOfWhatIsNotADirectoryIsAnError) {
  const fs::path f = fs::temp_directory_path() / ("lockstep-not-a-dir-" + std::to_string(::getpid()));
  std::ofstream(f) << "x";
  StatusOr<MountListing> r = WalkMount(f.string());
  fs::remove(f);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.status().message()).find("expected a directory"), std::string::npos) << r.status().message();
  EXPECT_FALSE(WalkMount("/nonexistent/lockstep").ok());
}

}  // namespace
}  // namespace lockstep::harness
