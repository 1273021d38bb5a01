// The production-size day (scenarios/day-*.yaml): 241 data sources, a trigger every 10 minutes for
// 24 hours (and a second deployment), three manual runs, the whole job per run (Notion discovery,
// schema and value sync, CSV export). One iteration = one schedule of a simulated day. Also the
// whole job and the music workflow at small size, for their schedules per second.
//
//   ./build/release/bench/lockstep_benchmarks --benchmark_filter=Day
#include <fstream>
#include <sstream>

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "harness/simulation/simulation.h"

namespace lockstep {
namespace {

harness::Scenario Load(const std::string& name) {
  StatusOr<harness::Scenario> s = harness::LoadScenarioFile(std::string(LOCKSTEP_SOURCE_DIR) + "/scenarios/" + name);
  if (!s.ok()) std::abort();
  return std::move(s).value();
}

void Schedules(benchmark::State& state, const std::string& scenario_file) {
  harness::Simulation sim(Load(scenario_file));
  uint64_t seed = 1;
  int64_t runs = 0;
  for (auto _ : state) {
    harness::ScheduleResult r = sim.RunSchedule(seed++, /*tracing=*/false);
    runs += r.runs.completed + r.runs.skipped + r.runs.failed + r.runs.killed;
    benchmark::DoNotOptimize(r);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["runs_per_schedule"] = static_cast<double>(runs) / static_cast<double>(state.iterations());
  state.counters["max_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_DayOneDeployment(benchmark::State& state) { Schedules(state, "day/day-baseline-new.yaml"); }
void BM_DayTwoDeployments(benchmark::State& state) { Schedules(state, "day/day-deployments-new.yaml"); }
void BM_WholeJobKilledRuns(benchmark::State& state) { Schedules(state, "whole-job/pages-killed-new.yaml"); }
void BM_MusicFourWorkers(benchmark::State& state) { Schedules(state, "music/music-workers-faithful.yaml"); }

BENCHMARK(BM_DayOneDeployment)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_DayTwoDeployments)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_WholeJobKilledRuns)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MusicFourWorkers)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lockstep
