// Golden-file tests for every report writer: report.json, report.md, report.html, the index page,
// JUnit XML, Prometheus text, the Markdown table, and the two audits' JSON, Markdown, HTML (the
// mount's), JUnit and Prometheus output. The fixed inputs (two scenarios, 60 schedules each, one
// Drive listing, one mount listing) and a
// fixed generated_at make the outputs byte-identical; a golden file differs only when a writer's
// output changed. To accept a deliberate change: LOCKSTEP_UPDATE_GOLDEN=1 ctest -R Golden.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/audit/audit.h"
#include "harness/audit/mount_audit.h"
#include "harness/explore/explorer.h"
#include "harness/report/report.h"
#include "harness/report/report_formats.h"

namespace lockstep {
namespace {

const std::string kGolden = std::string(LOCKSTEP_SOURCE_DIR) + "/tests/golden/";

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = kGolden + name;
  if (std::getenv("LOCKSTEP_UPDATE_GOLDEN") != nullptr) {
    std::filesystem::create_directories(kGolden);
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing: run with LOCKSTEP_UPDATE_GOLDEN=1";
  const std::string expected = Read(path);
  if (expected == actual) return;
  size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  ADD_FAILURE() << name << " differs from its golden file at byte " << i << ":\n  golden: "
                << expected.substr(i, 80) << "\n  actual: " << actual.substr(i, 80);
}

// The scenario as loaded by `lockstep run scenarios/<name>` from the repository root.
harness::Scenario Load(const std::string& name) {
  StatusOr<harness::Scenario> s =
      harness::ParseScenario(Read(std::string(LOCKSTEP_SOURCE_DIR) + "/scenarios/" + name), "scenarios/" + name);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(s).value();
}

class GoldenReports : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const char* name : {"listing-lag/lag-new.yaml", "nested-lock/s2-new.yaml"}) {
      scenarios_.push_back(std::make_unique<harness::Scenario>(Load(name)));
      harness::ExploreOptions opts;
      opts.schedules = 60;
      opts.trace_first_schedule = true;
      opts.shrink = true;
      summaries_.push_back(std::make_unique<harness::ScenarioSummary>(harness::Explore(*scenarios_.back(), opts)));
      reports_.push_back(harness::SummaryJson(*summaries_.back(), "2026-01-20T15:00:00.000Z"));
    }
  }
  static inline std::vector<std::unique_ptr<harness::Scenario>> scenarios_;
  static inline std::vector<std::unique_ptr<harness::ScenarioSummary>> summaries_;
  static inline std::vector<nlohmann::ordered_json> reports_;
};

TEST_F(GoldenReports, ScenarioWriters) {
  ExpectGolden("lag-new.report.json", reports_[0].dump(2) + "\n");
  ExpectGolden("lag-new.report.md", harness::SummaryMarkdown(*summaries_[0], "2026-01-20T15:00:00.000Z"));
  ExpectGolden("lag-new.report.html", harness::ScenarioHtml(reports_[0]));
  ExpectGolden("s2-new.report.html", harness::ScenarioHtml(reports_[1]));
}

TEST_F(GoldenReports, RunWriters) {
  std::vector<const nlohmann::ordered_json*> view{&reports_[0], &reports_[1]};
  ExpectGolden("run.index.html", harness::IndexHtml(view, "lockstep", "2026-01-20T15:00:00.000Z"));
  ExpectGolden("run.junit.xml", harness::JUnitXml(view, "2026-01-20T15:00:00.000Z"));
  ExpectGolden("run.metrics.prom", harness::PrometheusText(view, "2026-01-20T15:00:00.000Z"));
  ExpectGolden("run.summary.md", harness::MarkdownTable(view));
}

TEST_F(GoldenReports, JUnitCarriesTheReproductionCommandOfAFailure) {
  nlohmann::ordered_json failing = reports_[0];
  failing["expect"]["ok"] = false;
  failing["expect"]["checks"][0]["ok"] = false;
  const std::string xml = harness::JUnitXml({&failing}, "T");
  EXPECT_NE(xml.find("failures=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("reproduce: lockstep run scenarios/listing-lag/lag-new.yaml --strategy random --seed"), std::string::npos);
}

TEST(GoldenAudit, AuditWriters) {
  const std::string fixtures = std::string(LOCKSTEP_SOURCE_DIR) + "/tests/fixtures/";
  StatusOr<harness::AuditInput> in =
      harness::ParseDriveListing(Read(fixtures + "drive-listing.json"), "drive-listing.json");
  ASSERT_TRUE(in.ok()) << in.status().message();
  ASSERT_TRUE(harness::AddNotionDataSources(Read(fixtures + "notion-data-sources.json"), "notion.json", *in).ok());
  const nlohmann::ordered_json j = harness::AuditJson(harness::RunAudit(*in), "drive-listing.json", "T");
  ExpectGolden("audit.json", j.dump(2) + "\n");
  ExpectGolden("audit.md", harness::AuditMarkdown(j));
  ExpectGolden("audit.junit.xml", harness::AuditJUnit(j));
  ExpectGolden("audit.metrics.prom", harness::AuditPrometheus(j));
}

TEST(GoldenAudit, MountAuditWriters) {
  const std::string fixtures = std::string(LOCKSTEP_SOURCE_DIR) + "/tests/fixtures/";
  StatusOr<harness::MountListing> l =
      harness::ParseMountListing(Read(fixtures + "mount-listing.jsonl"), "mount-listing.jsonl");
  ASSERT_TRUE(l.ok()) << l.status().message();
  StatusOr<harness::MountAudit> a = harness::RunMountAudit(*l, harness::MountAuditOptions{});
  ASSERT_TRUE(a.ok()) << a.status().message();
  const nlohmann::ordered_json j = harness::MountAuditJson(*a, "T");
  ExpectGolden("mount-audit.json", j.dump(2) + "\n");
  ExpectGolden("mount-audit.md", harness::MountAuditMarkdown(j));
  ExpectGolden("mount-audit.html", harness::MountAuditHtml(j));
  ExpectGolden("mount-audit.junit.xml", harness::MountAuditJUnit(j));
  ExpectGolden("mount-audit.metrics.prom", harness::MountAuditPrometheus(j));
}

}  // namespace
}  // namespace lockstep
