// Proves the scenario loader: a complete file loads with every field, and each kind of bad input
// is rejected with "file:line: what was expected" pointing at the offending line.
#include "harness/scenario/scenario.h"

#include <gtest/gtest.h>

namespace lockstep::harness {
namespace {

constexpr const char* kGood = R"yaml(name: t
description: d
tags: [checklist]
workspace:
  data_sources: 2
  titles: [A, B]
  duplicates:
    - data_source: 1
      copies: ["", " (1)"]
      files_per_copy: 3
executions:
  entry: folder-step
  starts_ms: [0, 100]
  jitter_ms: 50
  deployments: 2
core:
  strategy: old
lock:
  reentrancy: S1
drive:
  listing_lag_ms: {min: 10, max: 20}
  latency_ms: 5
platform:
  kill_after_ms: 1000
exploration:
  schedules: 7
  seed: 9
expect:
  duplicates: none
  duplicate_rate: {max: 0.5}
)yaml";

TEST(ScenarioLoader, LoadsEveryField) {
  StatusOr<Scenario> s = ParseScenario(kGood, "good.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->name, "t");
  EXPECT_EQ(s->titles.size(), 2u);
  EXPECT_EQ(s->duplicates[0].files_per_copy, 3);
  EXPECT_EQ(s->executions.entry, Entry::kFolderStep);
  EXPECT_EQ(s->ExecutionCount(), 2);
  EXPECT_EQ(s->core.folder_strategy, FolderStrategy::kDoubleChecked);
  EXPECT_EQ(s->reentrancy, mocks::Reentrancy::kS1);
  EXPECT_EQ(s->drive.lag_max, Duration(20));
  EXPECT_EQ(s->drive_latency.min, Duration(5));
  EXPECT_EQ(s->kill_after, Duration(1000));
  EXPECT_EQ(s->schedules, 7);
  EXPECT_EQ(s->seed, 9u);
  EXPECT_EQ(s->expect.duplicates, Expectation::kNone);
  EXPECT_DOUBLE_EQ(s->expect.duplicate_rate_max.value_or(-1), 0.5);
}

// Replaces `from` by `to` in the good file and returns the loader's error message.
std::string ErrorOf(const std::string& from, const std::string& to) {
  std::string text = kGood;
  const size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  text.replace(pos, from.size(), to);
  StatusOr<Scenario> s = ParseScenario(text, "bad.yaml");
  EXPECT_FALSE(s.ok());
  return s.ok() ? std::string() : std::string(s.status().message());
}

TEST(ScenarioLoader, NamesFileLineAndWhatWasExpected) {
  EXPECT_EQ(ErrorOf("strategy: old", "strategy: fast"),
            "bad.yaml:17: strategy: expected one of no-lock, check-then-lock, double-checked "
            "(old), lock-first (new), lock-first-registry, got 'fast'");
  EXPECT_EQ(ErrorOf("reentrancy: S1", "reentrancy: S9"), "bad.yaml:19: reentrancy: expected S1, S2 or S3");
  EXPECT_EQ(ErrorOf("jitter_ms: 50", "jitter_ms: -1"), "bad.yaml:14: jitter_ms: expected a value >= 0, got -1");
  EXPECT_EQ(ErrorOf("schedules: 7", "schedules: many"), "bad.yaml:26: schedules: expected an integer");
  EXPECT_EQ(ErrorOf("duplicates: none", "duplicates: few"),
            "bad.yaml:29: duplicates: expected none, some or any, got 'few'");
}

TEST(ScenarioLoader, RejectsUnknownKeysWithTheAllowedOnes) {
  const std::string e = ErrorOf("  jitter_ms: 50", "  jiter_ms: 50");
  EXPECT_EQ(e.rfind("bad.yaml:14: unknown key 'jiter_ms' in executions; expected one of:", 0), 0u) << e;
}

TEST(ScenarioLoader, RejectsMissingSectionsAndBadRanges) {
  EXPECT_EQ(ErrorOf("core:\n  strategy: old\n", ""), "bad.yaml:1: missing key 'core' (with core.strategy)");
  EXPECT_EQ(ErrorOf("{min: 10, max: 20}", "{min: 30, max: 20}"),
            "bad.yaml:21: listing_lag_ms: max (20) is below min (30)");
  EXPECT_EQ(ErrorOf("    - data_source: 1", "    - data_source: 5"), "bad.yaml:8: data_source: expected 0..1");
  EXPECT_EQ(ErrorOf("titles: [A, B]", "titles: [A]"), "bad.yaml:6: titles: expected 2 titles (data_sources), got 1");
}

TEST(ScenarioLoader, RejectsInvalidYaml) {
  StatusOr<Scenario> s = ParseScenario("name: [unclosed\n", "x.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(std::string(s.status().message()).rfind("x.yaml:", 0), 0u);
  EXPECT_NE(std::string(s.status().message()).find("invalid YAML"), std::string::npos);
}

TEST(ScenarioLoader, MissingFileIsReported) {
  StatusOr<Scenario> s = LoadScenarioFile("/nonexistent/s.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "/nonexistent/s.yaml: cannot open the file");
}

}  // namespace
}  // namespace lockstep::harness
