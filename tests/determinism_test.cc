// Proves determinism: the same seed and build give a byte-identical report.json (apart from the
// one timestamp) and trace, and `--seed S --schedules 1` with the first failing seed reproduces
// that schedule's violations exactly.
#include <gtest/gtest.h>

#include "harness/explore/explorer.h"
#include "harness/report/report.h"

namespace lockstep {
namespace {

harness::Scenario Load(const std::string& name) {
  StatusOr<harness::Scenario> s =
      harness::LoadScenarioFile(std::string(LOCKSTEP_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(s).value();
}

TEST(Determinism, SameSeedSameReportAndTrace) {
  harness::Scenario s = Load("nested-lock/s1-new.yaml");
  harness::ExploreOptions opts;
  opts.schedules = 300;
  opts.trace_first_schedule = true;
  harness::ScenarioSummary a = harness::Explore(s, opts);
  harness::ScenarioSummary b = harness::Explore(s, opts);
  EXPECT_EQ(harness::SummaryJson(a, "T").dump(2), harness::SummaryJson(b, "T").dump(2));
  EXPECT_EQ(harness::SummaryMarkdown(a, "T"), harness::SummaryMarkdown(b, "T"));
  EXPECT_EQ(harness::StepsJson(a.first_schedule_trace).dump(),
            harness::StepsJson(b.first_schedule_trace).dump());
  ASSERT_TRUE(a.first_failure.has_value());
  EXPECT_TRUE(a.replay_matched);
}

TEST(Determinism, FirstFailingSeedReproducesAlone) {
  harness::Scenario s = Load("deployments/deployments-new.yaml");
  harness::ScenarioSummary all = harness::Explore(s, {});
  ASSERT_TRUE(all.first_failure.has_value());
  harness::ExploreOptions one;
  one.seed = all.first_failure->result.seed;
  one.schedules = 1;
  harness::ScenarioSummary again = harness::Explore(s, one);
  ASSERT_TRUE(again.first_failure.has_value());
  ASSERT_EQ(again.first_failure->result.violations.size(), all.first_failure->result.violations.size());
  for (size_t i = 0; i < again.first_failure->result.violations.size(); ++i) {
    EXPECT_EQ(again.first_failure->result.violations[i].detail, all.first_failure->result.violations[i].detail);
  }
  EXPECT_EQ(again.first_failure->result.end.steps, all.first_failure->result.end.steps);
}

}  // namespace
}  // namespace lockstep
