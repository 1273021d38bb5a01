// Schedules per second of the deterministic simulator: the whole core (folder step, or the run
// skeleton) against the models, one schedule = reset the world, run every execution to the end
// under the random strategy, run the checkers. Tracing off, as in exploration. Also the bare cost
// of a Boost.Context fiber switch, for scale.
//
//   ./build/release/bench/lockstep_benchmarks --benchmark_min_time=2
#include <benchmark/benchmark.h>
#include <boost/context/fiber.hpp>

#include "harness/explore/explorer.h"
#include "harness/runtime/dfs_strategy.h"
#include "harness/simulation/simulation.h"

namespace lockstep {
namespace {

harness::Scenario Parse(const std::string& yaml) {
  StatusOr<harness::Scenario> s = harness::ParseScenario(yaml, "bench.yaml");
  if (!s.ok()) std::abort();
  return std::move(s).value();
}

std::string Yaml(const std::string& entry, const std::string& strategy, int data_sources) {
  return "name: bench\nworkspace:\n  data_sources: " + std::to_string(data_sources) +
         "\nexecutions:\n  entry: " + entry + "\n  count: 2\ncore:\n  strategy: " + strategy +
         "\nlock:\n  reentrancy: S2\n";
}

void RunSchedules(benchmark::State& state, const std::string& yaml,
                  harness::RunMode mode = harness::RunMode::kSim) {
  harness::Scenario scenario = Parse(yaml);
  scenario.mode = mode;
  scenario.time_scale = 1000;
  harness::Simulation sim(scenario);
  uint64_t seed = 1;
  int64_t violations = 0;
  for (auto _ : state) {
    harness::ScheduleResult r = sim.RunSchedule(seed++, /*tracing=*/false);
    violations += static_cast<int64_t>(r.violations.size());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["schedules/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                     benchmark::Counter::kIsRate);
  state.counters["violations"] = static_cast<double>(violations);
}

// The foundation's target: 2 executions x 1 data source, NEW strategy, folder step.
void BM_FolderStepNew2x1(benchmark::State& state) {
  RunSchedules(state, Yaml("folder-step", "lock-first", 1));
}
BENCHMARK(BM_FolderStepNew2x1);

void BM_FolderStepOld2x1(benchmark::State& state) {
  RunSchedules(state, Yaml("folder-step", "double-checked", 1));
}
BENCHMARK(BM_FolderStepOld2x1);

// The whole run skeleton (logs before the lock, run guard, parent, pointer, folder step).
void BM_RunNew2x1(benchmark::State& state) { RunSchedules(state, Yaml("run", "lock-first", 1)); }
BENCHMARK(BM_RunNew2x1);

void BM_RunNew2x3(benchmark::State& state) { RunSchedules(state, Yaml("run", "lock-first", 3)); }
BENCHMARK(BM_RunNew2x3);

// One scenario in the three modes: two whole runs (NEW, S2) over 3 data sources with Drive calls
// of 100-600 ms and starts 0-5 s apart; the real modes at time scale 1000 (virtual ms per real ms).
std::string ModesYaml() {
  return Yaml("run", "lock-first", 3) + "drive:\n  latency_ms: {min: 100, max: 600}\n";
}
void BM_ModeSim(benchmark::State& state) { RunSchedules(state, ModesYaml(), harness::RunMode::kSim); }
BENCHMARK(BM_ModeSim);
void BM_ModeThreads(benchmark::State& state) { RunSchedules(state, ModesYaml(), harness::RunMode::kThreads); }
BENCHMARK(BM_ModeThreads)->Unit(benchmark::kMillisecond)->UseRealTime();
void BM_ModeHttp(benchmark::State& state) { RunSchedules(state, ModesYaml(), harness::RunMode::kHttp); }
BENCHMARK(BM_ModeHttp)->Unit(benchmark::kMillisecond)->UseRealTime();

// Exhaustive search of NEW under S2, 3 executions x 1 data source, to the end of the tree.
void BM_DfsProveNew3x1(benchmark::State& state) {
  const harness::Scenario sc = Parse(
      "name: bench\nworkspace:\n  data_sources: 1\nexecutions:\n  entry: folder-step\n  count: 3\n"
      "core:\n  strategy: lock-first\nlock:\n  reentrancy: S2\n");
  int64_t classes = 0;
  bool exhausted = true;
  for (auto _ : state) {
    harness::Simulation sim(sc);
    harness::DfsStrategy dfs(-1);
    sim.set_strategy(&dfs);
    classes = 0;
    do {
      if (!sim.RunSchedule(1, false).end.abandoned) ++classes;
    } while (dfs.NextSchedule());
    exhausted = exhausted && dfs.exhausted();
  }
  state.counters["classes"] = static_cast<double>(classes);
  state.counters["exhausted"] = exhausted ? 1 : 0;
}
BENCHMARK(BM_DfsProveNew3x1)->Unit(benchmark::kMillisecond);

// Schedules until the first check-then-lock duplicate over 100 base seeds, PCT d=2 (k from the
// explorer's pilot schedules) against random, with no latency so that only the scheduler's choices decide the interleaving:
// the folder step alone (3 executions x 1 data source), and two whole runs (logs, guard, pointer,
// 3 data sources) under S1, where the second run gets in only through the inner release.
constexpr const char* kRunsUnderS1 =
    "name: bench\nworkspace:\n  data_sources: 3\nexecutions:\n  entry: run\n  count: 2\n"
    "core:\n  strategy: check-then-lock\nlock:\n  reentrancy: S1\n";
constexpr const char* kFolderStep3x1 =
    "name: bench\nworkspace:\n  data_sources: 1\nexecutions:\n  entry: folder-step\n  count: 3\n"
    "core:\n  strategy: check-then-lock\nlock:\n  reentrancy: S2\n";

void TimeToDuplicate(benchmark::State& state, harness::ExplorationStrategy strategy,
                     const char* yaml) {
  const harness::Scenario sc = Parse(yaml);
  int64_t worst = 0;
  int64_t total = 0;
  int found = 0;
  int64_t k = 0;
  for (auto _ : state) {
    worst = total = 0;
    found = 0;
    for (uint64_t base = 1; base <= 100; ++base) {
      harness::ExploreOptions opts;  // as `lockstep run --strategy ... --schedules 100` does
      opts.strategy = strategy;
      opts.pct_depth = 2;
      opts.seed = base * 1000;
      opts.schedules = 100;
      harness::ScenarioSummary s = harness::Explore(sc, opts);
      k = s.pct_k;
      if (!s.first_failure) continue;
      ++found;
      total += s.first_failure->index + 1;
      worst = std::max<int64_t>(worst, s.first_failure->index + 1);
    }
  }
  state.counters["seeds_found_within_100"] = found;
  state.counters["mean_schedules_to_bug"] = found ? static_cast<double>(total) / found : 0;
  state.counters["worst_schedules_to_bug"] = static_cast<double>(worst);
  if (strategy == harness::ExplorationStrategy::kPct) state.counters["pct_k"] = static_cast<double>(k);
}
void BM_PctTimeToDuplicateFolderStep(benchmark::State& state) {
  TimeToDuplicate(state, harness::ExplorationStrategy::kPct, kFolderStep3x1);
}
BENCHMARK(BM_PctTimeToDuplicateFolderStep)->Unit(benchmark::kMillisecond);
void BM_RandomTimeToDuplicateFolderStep(benchmark::State& state) {
  TimeToDuplicate(state, harness::ExplorationStrategy::kRandom, kFolderStep3x1);
}
BENCHMARK(BM_RandomTimeToDuplicateFolderStep)->Unit(benchmark::kMillisecond);
void BM_PctTimeToDuplicateRunsS1(benchmark::State& state) {
  TimeToDuplicate(state, harness::ExplorationStrategy::kPct, kRunsUnderS1);
}
BENCHMARK(BM_PctTimeToDuplicateRunsS1)->Unit(benchmark::kMillisecond);
void BM_RandomTimeToDuplicateRunsS1(benchmark::State& state) {
  TimeToDuplicate(state, harness::ExplorationStrategy::kRandom, kRunsUnderS1);
}
BENCHMARK(BM_RandomTimeToDuplicateRunsS1)->Unit(benchmark::kMillisecond);

// One round trip scheduler -> fiber -> scheduler (two switches).
void BM_FiberSwitchRoundTrip(benchmark::State& state) {
  namespace ctx = boost::context;
  bool done = false;
  ctx::fiber f([&done](ctx::fiber&& main) {
    while (!done) main = std::move(main).resume();
    return std::move(main);
  });
  for (auto _ : state) f = std::move(f).resume();
  done = true;
  f = std::move(f).resume();
}
BENCHMARK(BM_FiberSwitchRoundTrip);

}  // namespace
}  // namespace lockstep

BENCHMARK_MAIN();
