// Schedules per second of the deterministic simulator: the whole core (folder step, or the run
// skeleton) against the models, one schedule = reset the world, run every execution to the end
// under the random strategy, run the checkers. Tracing off, as in exploration. Also the bare cost
// of a Boost.Context fiber switch, for scale.
//
//   ./build/release/bench/lockstep_benchmarks --benchmark_min_time=2
#include <benchmark/benchmark.h>
#include <boost/context/fiber.hpp>

#include "harness/simulation.h"

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

void RunSchedules(benchmark::State& state, const std::string& yaml) {
  const harness::Scenario scenario = Parse(yaml);
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
