// Proves exhaustive search: it terminates with "exhausted", its sleep-set reduction loses no
// outcome (the set of distinct end states with and without reduction is the same, on scenarios
// where order matters) while exploring fewer schedules, a preemption bound of 0 explores exactly
// the non-preemptive schedules, and the shards of a split tree add up to the whole tree.
#include "harness/runtime/dfs_strategy.h"

#include <cstdio>
#include <set>

#include <gtest/gtest.h>

#include "harness/explore/explorer.h"
#include "harness/simulation/simulation.h"

namespace lockstep::harness {
namespace {

Scenario Parse(const std::string& strategy, int executions, const std::string& extra = "") {
  StatusOr<Scenario> s = ParseScenario(
      "name: t\nworkspace:\n  data_sources: 1\nexecutions:\n  entry: folder-step\n  count: " +
          std::to_string(executions) + "\ncore:\n  strategy: " + strategy + "\n" + extra,
      "t.yaml");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(s).value();
}

// The distinct outcomes (live folder count and violation kinds) over the whole tree.
std::set<std::string> Outcomes(const Scenario& sc, bool reduce, int bound, int64_t* classes) {
  Simulation sim(sc);
  DfsStrategy dfs(bound, reduce);
  sim.set_strategy(&dfs);
  std::set<std::string> out;
  *classes = 0;
  do {
    ScheduleResult r = sim.RunSchedule(1, false);
    if (r.end.abandoned) continue;
    ++*classes;
    std::string o = std::to_string(r.duplicate_data_sources);
    for (const Violation& v : r.violations) o += "," + v.kind;
    out.insert(o);
  } while (dfs.NextSchedule() && *classes < 200000);
  EXPECT_TRUE(dfs.exhausted());
  EXPECT_TRUE(dfs.nondeterminism().empty());
  return out;
}

TEST(DfsStrategy, ReductionKeepsEveryOutcomeAndExploresLess) {
  int64_t all_full = 0;
  int64_t all_reduced = 0;
  for (const char* strategy : {"check-then-lock", "no-lock", "lock-first", "double-checked"}) {
    const Scenario sc = Parse(strategy, 2);
    int64_t full = 0;
    int64_t reduced = 0;
    EXPECT_EQ(Outcomes(sc, false, -1, &full), Outcomes(sc, true, -1, &reduced)) << strategy;
    EXPECT_LE(reduced, full) << strategy;
    EXPECT_GT(reduced, 0);
    all_full += full;
    all_reduced += reduced;
  }
  EXPECT_LT(all_reduced, all_full);
  std::printf("schedules without reduction %lld, with sleep sets %lld\n",
              static_cast<long long>(all_full), static_cast<long long>(all_reduced));
}

TEST(DfsStrategy, FindsTheCheckThenLockDuplicateAndProvesNew) {
  int64_t classes = 0;
  std::set<std::string> ctl = Outcomes(Parse("check-then-lock", 3), true, -1, &classes);
  EXPECT_TRUE(ctl.count("1,duplicate-folders") > 0);
  std::set<std::string> fixed = Outcomes(Parse("lock-first", 3), true, -1, &classes);
  EXPECT_EQ(fixed, (std::set<std::string>{"0"}));
  EXPECT_GT(classes, 1);
}

TEST(DfsStrategy, BoundZeroExploresOnlyNonPreemptiveSchedules) {
  Simulation sim(Parse("no-lock", 2));
  DfsStrategy dfs(0);
  sim.set_strategy(&dfs);
  int64_t classes = 0;
  do {
    ScheduleResult r = sim.RunSchedule(1, false);
    if (r.end.abandoned) continue;
    ++classes;
    EXPECT_EQ(r.end.preemptions, 0);
  } while (dfs.NextSchedule());
  EXPECT_TRUE(dfs.exhausted());
  EXPECT_TRUE(dfs.bound_pruned());
  EXPECT_GE(classes, 1);
}

TEST(DfsStrategy, ShardsAddUpToTheWholeTree) {
  const Scenario sc = Parse("check-then-lock", 3);
  ExploreOptions one;
  one.strategy = ExplorationStrategy::kDfs;
  one.schedules = 1000000;
  ScenarioSummary whole = Explore(sc, one);
  ASSERT_TRUE(whole.dfs_exhausted);
  int64_t classes = 0;
  int64_t failing = 0;
  for (int i = 0; i < 3; ++i) {
    ExploreOptions part = one;
    part.shard_index = i;
    part.shard_count = 3;
    ScenarioSummary s = Explore(sc, part);
    EXPECT_TRUE(s.dfs_exhausted);
    classes += s.schedules;
    failing += s.schedules_with_violation;
  }
  EXPECT_EQ(classes, whole.schedules);
  EXPECT_EQ(failing, whole.schedules_with_violation);
}

}  // namespace
}  // namespace lockstep::harness
