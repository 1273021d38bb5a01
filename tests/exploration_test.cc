// Proves the exploration contract: random and PCT results do not depend on how the schedules are
// split across workers or shards (N jobs together explore exactly what one run explores); PCT
// (d=2) finds the check-then-lock duplicate within 100 schedules from each of 100 base seeds; the
// PCT bound is 1/(n*k^(d-1)); swarm mode varies the faults per schedule; and a schedule that
// exceeds its step bound is a liveness failure, not a hang.
#include <gtest/gtest.h>

#include "harness/explore/explorer.h"
#include "harness/report/report.h"
#include "tests/test_support.h"

namespace lockstep {
namespace {

using harness::ExplorationStrategy;
using harness::ExploreOptions;
using harness::ScenarioSummary;

#ifdef LOCKSTEP_SANITIZED
constexpr int kResumeSchedules = 800;  // every schedule some 20 times slower there
#else
constexpr int kResumeSchedules = 4000;
#endif

harness::Scenario Load(const std::string& name) {
  StatusOr<harness::Scenario> s =
      harness::LoadScenarioFile(std::string(LOCKSTEP_SOURCE_DIR) + "/scenarios/" + name);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(s).value();
}

// The report without the fields that legitimately differ between splits.
std::string Comparable(const ScenarioSummary& s) {
  nlohmann::ordered_json j = harness::SummaryJson(s, "T");
  j["exploration"].erase("shard");
  return j.dump();
}

TEST(Exploration, WorkersAndShardsExploreExactlyWhatOneRunExplores) {
  for (ExplorationStrategy strategy : {ExplorationStrategy::kRandom, ExplorationStrategy::kPct}) {
    const harness::Scenario sc = Load("nested-lock/s1-new.yaml");
    ExploreOptions one;
    one.strategy = strategy;
    one.schedules = 300;
    one.pct_k = 60;
    ScenarioSummary whole = harness::Explore(sc, one);
    ExploreOptions four = one;
    four.workers = 4;
    EXPECT_EQ(Comparable(harness::Explore(sc, four)), Comparable(whole));
    int64_t schedules = 0;
    int64_t failing = 0;
    int64_t steps = 0;
    std::optional<uint64_t> first_seed;
    for (int i = 0; i < 3; ++i) {
      ExploreOptions part = one;
      part.shard_index = i;
      part.shard_count = 3;
      ScenarioSummary s = harness::Explore(sc, part);
      schedules += s.schedules;
      failing += s.schedules_with_violation;
      steps += s.steps;
      if (s.first_failure && (!first_seed || s.first_failure->result.seed < *first_seed)) {
        first_seed = s.first_failure->result.seed;
      }
    }
    EXPECT_EQ(schedules, whole.schedules);
    EXPECT_EQ(failing, whole.schedules_with_violation);
    EXPECT_EQ(steps, whole.steps);
    ASSERT_TRUE(whole.first_failure.has_value());
    EXPECT_EQ(first_seed, whole.first_failure->result.seed);
  }
}

// Checkpoints taken while 4 workers run (random, then DFS), and an exploration resumed from one
// taken part-way, end with the uninterrupted exploration's summary.
TEST(Exploration, AnExplorationResumedFromACheckpointEndsAsTheUninterruptedOne) {
  for (ExplorationStrategy strategy : {ExplorationStrategy::kRandom, ExplorationStrategy::kDfs}) {
    const harness::Scenario sc = Load(strategy == ExplorationStrategy::kDfs ? "race-before-lock/folder-step-registry.yaml"
                                                                            : "nested-lock/s1-new.yaml");
    ExploreOptions opts;
    opts.strategy = strategy;
    opts.schedules = kResumeSchedules;
    opts.workers = 4;
    const ScenarioSummary whole = harness::Explore(sc, opts);
    std::vector<harness::ExploreProgress> partial;  // checkpoints with some worker not done
    ExploreOptions watched = opts;
    watched.checkpoint_interval_s = 0.01;
    watched.checkpoint = [&](const ScenarioSummary&, const harness::ExploreProgress& p) {
      if (!p.Done()) partial.push_back(p);
    };
    EXPECT_EQ(Comparable(harness::Explore(sc, watched)), Comparable(whole));
    if (partial.empty()) continue;  // too fast to catch part-way here: nothing to resume
    const harness::ExploreProgress& from = partial[partial.size() / 2];
    ExploreOptions resumed = opts;
    resumed.resume = &from;
    EXPECT_EQ(Comparable(harness::Explore(sc, resumed)), Comparable(whole)) << harness::ExplorationStrategyName(strategy);
  }
}

TEST(Exploration, PctFindsTheCheckThenLockDuplicateWithin100SchedulesForEachOf100Seeds) {
  const harness::Scenario sc = Load("race-before-lock/folder-step-check-then-lock.yaml");
  for (uint64_t base = 1; base <= 100; ++base) {
    ExploreOptions opts;
    opts.strategy = ExplorationStrategy::kPct;
    opts.pct_depth = 2;
    opts.seed = base * 1000;
    opts.schedules = 100;
    ScenarioSummary s = harness::Explore(sc, opts);
    ASSERT_TRUE(s.first_failure.has_value()) << "base seed " << *opts.seed;
    EXPECT_GT(s.pct_bound, 0.0);
    EXPECT_NEAR(s.pct_bound, 1.0 / (s.pct_n * static_cast<double>(s.pct_k)), 1e-12);
  }
}

TEST(Exploration, SwarmModeDrawsFaultsPerSchedule) {
  harness::Scenario sc = Load("ambiguous-creates/ambiguous-create-lag-new.yaml");
  sc.swarm = true;
  ExploreOptions opts;
  opts.schedules = 200;
  ScenarioSummary swarm = harness::Explore(sc, opts);
  sc.swarm = false;
  ScenarioSummary plain = harness::Explore(sc, opts);
  // Roughly half the schedules run without the lag, which alone causes the duplicates here.
  EXPECT_GT(swarm.schedules_with_violation, 0);
  EXPECT_LT(swarm.schedules_with_violation, plain.schedules_with_violation);
}

TEST(Exploration, StepBoundIsALivenessFailureNotAHang) {
  harness::Scenario sc = Load("nested-lock/s3-new.yaml");
  sc.steps_max = 40;
  sc.expect = {};
  ExploreOptions opts;
  opts.schedules = 20;
  ScenarioSummary s = harness::Explore(sc, opts);
  EXPECT_EQ(s.schedules_by_violation["liveness"], 20);
  EXPECT_FALSE(s.expect_ok);  // liveness_failures defaults to none
  sc.steps_max = 1'000'000;
  sc.virtual_time_max = Duration(60'000);  // the S3 waits alone last longer than a minute
  ScenarioSummary t = harness::Explore(sc, opts);
  EXPECT_EQ(t.schedules_by_violation["liveness"], 20);
}

}  // namespace
}  // namespace lockstep
