// Proves shrinking: pinning a scenario to a seed keeps the failing schedule; the shrunk result is
// no larger in any dimension, keeps the violation kind, and replays exactly from its own scenario;
// the sequence diagram has a column per execution.
#include "harness/explore/shrink.h"

#include <gtest/gtest.h>

#include "harness/explore/explorer.h"

namespace lockstep::harness {
namespace {

Scenario Load(const std::string& name) {
  StatusOr<Scenario> s = LoadScenarioFile(std::string(LOCKSTEP_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(s).value();
}

TEST(Shrink, PinningKeepsTheFailingSchedule) {
  const Scenario sc = Load("deployments/deployments-new.yaml");
  ScenarioSummary sum = Explore(sc, {});
  ASSERT_TRUE(sum.first_failure.has_value());
  const uint64_t seed = sum.first_failure->result.seed;
  ReplayOutcome pinned = ReplaySchedule(PinScenario(sc, seed), seed, sum.first_failure->choices);
  EXPECT_FALSE(pinned.diverged) << pinned.divergence;
  EXPECT_TRUE(SameViolations(pinned.result, sum.first_failure->result));
}

TEST(Shrink, ReducesAndReplays) {
  for (const char* file : {"listing-lag/lag-new.yaml", "nested-lock/s1-old.yaml", "consolidation/consolidation-new.yaml"}) {
    const Scenario sc = Load(file);
    ScenarioSummary sum = Explore(sc, {});
    ASSERT_TRUE(sum.first_failure.has_value()) << file;
    std::optional<ShrinkResult> k = Shrink(sc, *sum.first_failure, ShrinkOptions{});
    ASSERT_TRUE(k.has_value()) << file;
    EXPECT_EQ(k->kind, sum.first_failure->result.violations.front().kind);
    EXPECT_LE(k->after.executions, k->before.executions);
    EXPECT_LE(k->after.data_sources, k->before.data_sources);
    EXPECT_LE(k->after.steps, k->before.steps) << file;
    EXPECT_LE(k->after.preemptions, k->before.preemptions) << file;
    EXPECT_FALSE(k->reductions.empty()) << file;
    bool kept = false;
    for (const Violation& v : k->result.violations) kept = kept || v.kind == k->kind;
    EXPECT_TRUE(kept);
    // The shrunk scenario round-trips through YAML and replays to the same result.
    StatusOr<Scenario> again = ParseScenario(ScenarioToYaml(k->scenario), "shrunk.yaml");
    ASSERT_TRUE(again.ok()) << again.status().message();
    ReplayOutcome r = ReplaySchedule(*again, k->seed, k->choices);
    EXPECT_FALSE(r.diverged) << r.divergence;
    EXPECT_TRUE(SameViolations(r.result, k->result)) << file;
  }
}

TEST(Shrink, LagCounterexampleNeedsOnlyTwoRunsOneDataSourceAndTheLag) {
  const Scenario sc = Load("listing-lag/lag-old.yaml");
  ScenarioSummary sum = Explore(sc, {});
  ASSERT_TRUE(sum.first_failure.has_value());
  std::optional<ShrinkResult> k = Shrink(sc, *sum.first_failure, ShrinkOptions{});
  ASSERT_TRUE(k.has_value());
  EXPECT_EQ(k->after.executions, 2);
  EXPECT_EQ(k->after.data_sources, 1);
  EXPECT_EQ(k->after.faults, "listing lag");
  const std::string diagram = SequenceDiagram(k->trace, k->after.executions);
  EXPECT_NE(diagram.find("| E0"), std::string::npos);
  EXPECT_NE(diagram.find("| E1"), std::string::npos);
  EXPECT_NE(diagram.find("drive.create"), std::string::npos);
}

}  // namespace
}  // namespace lockstep::harness
