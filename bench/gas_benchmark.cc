// Schedules per second with a real Apps Script project as the code of every execution, beside the
// C++ port running the same scenario in the same binary and run: one schedule = reset the world,
// run every execution (each in a fresh context of the runtime's Node host, every Apps Script call
// a scheduling point), run the checkers. One exploration worker (the benchmark thread and its Node
// host, whose worker threads run beside it). Also the host's resident memory.
//
//   ./build/release/bench/lockstep_benchmarks --benchmark_filter='Gas|Port' --benchmark_min_time=5
//   LOCKSTEP_GAS_PROJECT=/path/to/drive-sheets-sync ./build/release/bench/lockstep_benchmarks --benchmark_filter=Production
#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "harness/simulation/simulation.h"

namespace lockstep {
namespace {

harness::Scenario Parse(const std::string& yaml) {
  StatusOr<harness::Scenario> s = harness::ParseScenario(yaml, "bench.yaml");
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", std::string(s.status().message()).c_str());
    std::abort();
  }
  return std::move(s).value();
}

// The resident memory (MB) of this process's Node hosts, summed, and how many there are.
std::pair<double, int> HostRssMb() {
  double kb = 0;
  int hosts = 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return {0, 0};
  const std::string me = std::to_string(getpid());
  while (dirent* e = readdir(proc)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::ifstream status(std::string("/proc/") + e->d_name + "/status");
    std::string line;
    std::string ppid;
    double rss = 0;
    while (std::getline(status, line)) {
      if (line.rfind("PPid:", 0) == 0) ppid = line.substr(line.find_first_not_of(" \t", 5));
      if (line.rfind("VmRSS:", 0) == 0) rss = std::atof(line.c_str() + 6);
    }
    std::ifstream cmd(std::string("/proc/") + e->d_name + "/cmdline");
    std::stringstream text;
    text << cmd.rdbuf();
    if (ppid == me && text.str().find("host.mjs") != std::string::npos) {
      kb += rss;
      ++hosts;
    }
  }
  closedir(proc);
  return {kb / 1024, hosts};
}

void RunSchedules(benchmark::State& state, const harness::Scenario& scenario) {
  harness::Simulation sim(scenario);
  uint64_t seed = 1;
  int64_t violations = 0;
  for (int i = 0; i < 3; ++i) sim.RunSchedule(seed++, false);  // the host and its workers start
  for (auto _ : state) {
    harness::ScheduleResult r = sim.RunSchedule(seed++, /*tracing=*/false);
    if (!r.bad_input.empty()) {
      state.SkipWithError(r.bad_input.c_str());
      return;
    }
    violations += static_cast<int64_t>(r.violations.size());
    benchmark::DoNotOptimize(r);
  }
  state.counters["schedules/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["violations"] = static_cast<double>(violations);
  if (scenario.gas.enabled) {
    const auto [mb, hosts] = HostRssMb();
    state.counters["host_rss_MB"] = mb;
    state.counters["hosts"] = hosts;
  }
}

// The runtime's target: the fixture's folder step, 2 executions x 1 data source, NEW strategy ...
void BM_GasFixtureFolderStep2x1(benchmark::State& state) {
  RunSchedules(state, Parse(fmt::format(R"(name: bench
workspace: {{data_sources: 1}}
executions: {{count: 2}}
core: gas
gas:
  project: {}/scenarios/gas/fixture
  entry: folderStepOnly
  script_properties: {{NOTION_TOKEN: t, FOLDER_STRATEGY: new}}
lock: {{reentrancy: S2}}
)",
                                        LOCKSTEP_SOURCE_DIR)));
}
BENCHMARK(BM_GasFixtureFolderStep2x1)->UseRealTime();

// ... and the C++ port of the same step on the same workspace, in the same run.
void BM_PortFolderStep2x1(benchmark::State& state) {
  RunSchedules(state, Parse(R"(name: bench
workspace: {data_sources: 1}
executions: {entry: folder-step, count: 2}
core: {strategy: lock-first}
lock: {reentrancy: S2}
)"));
}
BENCHMARK(BM_PortFolderStep2x1)->UseRealTime();

// Two whole runs of the production project (LOCKSTEP_GAS_PROJECT: a checkout of
// gas-scripts/drive-sheets-sync/) over 3 data sources, 10 minutes apart.
void BM_GasProductionTwoRuns3(benchmark::State& state) {
  const char* project = std::getenv("LOCKSTEP_GAS_PROJECT");
  if (project == nullptr || *project == '\0') {
    state.SkipWithError("set LOCKSTEP_GAS_PROJECT to a checkout of the production project");
    return;
  }
  RunSchedules(state, Parse(fmt::format(R"(name: bench
workspace: {{data_sources: 3}}
executions: {{starts_ms: [0, 600000]}}
core: gas
gas:
  project: {}
  entry: manualRunDriveSheets
  execution_limit_ms: 1800000
  script_properties: {{NOTION_TOKEN: t, NOTION_API_KEY: t, WORKSPACE_DATABASES_FOLDER_ID: "${{parent_folder_id}}"}}
lock: {{reentrancy: S2}}
drive: {{latency_ms: {{min: 100, max: 600}}}}
)",
                                        project)));
}
BENCHMARK(BM_GasProductionTwoRuns3)->UseRealTime();

// The same two runs of the C++ port's whole job (core.sync), for scale.
void BM_PortWholeJobTwoRuns3(benchmark::State& state) {
  RunSchedules(state, Parse(R"(name: bench
workspace: {data_sources: 3}
executions: {entry: run, starts_ms: [0, 600000]}
core: {strategy: lock-first, sync: true}
lock: {reentrancy: S2}
drive: {latency_ms: {min: 100, max: 600}}
)"));
}
BENCHMARK(BM_PortWholeJobTwoRuns3)->UseRealTime();

}  // namespace
}  // namespace lockstep
