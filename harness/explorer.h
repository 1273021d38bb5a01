// Explorer: runs a scenario's schedules (seed, seed+1, ...), aggregates the checkers' results,
// re-runs the first failing schedule with tracing on (which also checks that it replays to the
// same violations) and evaluates the scenario's `expect`.
//
//   ExploreOptions opts;  opts.schedules = 100;
//   ScenarioSummary sum = Explore(scenario, opts);
//   if (!sum.expect_ok) return 1;
#ifndef LOCKSTEP_HARNESS_EXPLORER_H_
#define LOCKSTEP_HARNESS_EXPLORER_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario.h"
#include "harness/simulation.h"

namespace lockstep::harness {

struct ExploreOptions {
  std::optional<uint64_t> seed;     // overrides exploration.seed
  std::optional<int> schedules;     // overrides exploration.schedules
  bool trace_first_schedule = false;  // keep the trace of schedule 0 (for --trace-out)
};

struct ExpectationCheck {
  std::string what;      // "duplicates"
  std::string expected;  // "none"
  std::string observed;  // "17 of 1000 schedules"
  bool ok = true;
};

struct ScenarioSummary {
  const Scenario* scenario = nullptr;
  uint64_t seed = 0;  // the first schedule's seed; schedule i runs with seed + i
  int schedules = 0;
  int64_t schedules_with_violation = 0;
  std::map<std::string, int64_t> schedules_by_violation;  // kind -> schedules
  int64_t duplicate_data_sources = 0;                     // summed over schedules
  int64_t exact_duplicate_sets = 0;
  int64_t suffix_duplicate_sets = 0;
  int64_t missing_folders = 0;
  int64_t schedules_with_missing = 0;
  int64_t files_in_trashed_folders = 0;
  int64_t steps = 0;
  int64_t decisions = 0;
  int64_t virtual_ms = 0;  // summed schedule durations
  RunCounts runs;
  LockStats locks;
  std::array<int64_t, kProbeCount> probe_hits{};  // schedules that reached each probe
  std::optional<ScheduleResult> first_failure;
  std::vector<TraceRecord> first_failure_trace;
  bool replay_matched = true;  // the traced re-run showed the same violations
  std::vector<TraceRecord> first_schedule_trace;
  std::vector<ExpectationCheck> checks;
  bool expect_ok = true;
  double wall_seconds = 0;  // measured; printed, never written to report.json

  // Duplicate rate over data sources: data sources with a duplicate / (schedules x data sources).
  double DuplicateRate() const;
  double ViolationShare() const;
  std::string ReproCommand(uint64_t seed) const;
};

ScenarioSummary Explore(const Scenario& scenario, const ExploreOptions& options);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_EXPLORER_H_
