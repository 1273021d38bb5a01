// Explorer: runs a scenario's schedules under a strategy, aggregates the checkers' results,
// re-runs the first failing schedule with tracing (replaying its recorded choices, which also
// checks determinism) and evaluates the scenario's `expect`.
//
//   ExploreOptions opts;  opts.schedules = 100;  opts.workers = 2;
//   ScenarioSummary sum = Explore(scenario, opts);
//   if (!sum.expect_ok) return 1;
//
// Strategies: random and PCT run schedule i with seed + i, so any split of the indices across
// workers or shards explores exactly the same schedules. DFS runs one seed and splits the choice
// tree: the subtree under each choice prefix of length kDfsShardDepth belongs to one shard.
#ifndef LOCKSTEP_HARNESS_EXPLORE_EXPLORER_H_
#define LOCKSTEP_HARNESS_EXPLORE_EXPLORER_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/scenario.h"
#include "harness/simulation/simulation.h"

namespace lockstep::harness {
struct ShrinkResult;
}

namespace lockstep::harness {

inline constexpr size_t kDfsShardDepth = 3;

enum class ProgressMode { kOff, kLive, kLines };

// Schedules per scenario in the real modes unless --schedules says otherwise (each is a real run).
inline constexpr int kRealModeSchedulesDefault = 20;

struct ExploreProgress;
struct ScenarioSummary;

struct ExploreOptions {
  std::optional<uint64_t> seed;                  // overrides exploration.seed
  std::optional<int> schedules;                  // overrides exploration.schedules (DFS: budget)
  std::optional<ExplorationStrategy> strategy;   // overrides exploration.strategy
  std::optional<int> pct_depth;
  std::optional<int64_t> pct_k;  // PCT's step count k; default: the most of 10 pilot schedules
  std::optional<int> preemption_bound;
  int workers = 1;        // threads, each with its own simulation
  int shard_index = 0;    // this job's share of the work: shard_index of shard_count
  int shard_count = 1;
  double time_budget_s = 0;  // > 0: stop starting schedules after this much wall time
  ProgressMode progress = ProgressMode::kOff;
  bool trace_first_schedule = false;  // keep the trace of schedule 0 (for --trace-out)
  bool shrink = false;                // shrink the first failure
  // Set from outside (a signal): stop starting schedules, let each worker finish the one it runs,
  // and summarise what was explored, marked interrupted; the first failure is then not shrunk.
  const std::atomic<bool>* stop = nullptr;
  // Checkpoints: `checkpoint` is called with the exploration's settings (a summary of nothing
  // yet: strategy, seed, schedules requested, PCT's k) and where every worker stands, about every
  // checkpoint_interval_s seconds and once when the last schedule has run. An exploration given it back as `resume`
  // (same scenario and options; its worker count is taken from it) continues after the last
  // schedule each worker had completed and ends with the summary the uninterrupted one would have.
  std::function<void(const ScenarioSummary&, const ExploreProgress&)> checkpoint;
  double checkpoint_interval_s = 5;
  const ExploreProgress* resume = nullptr;
};

struct ExpectationCheck {
  std::string what;      // "duplicates"
  std::string expected;  // "none"
  std::string observed;  // "17 of 1000 schedules"
  bool ok = true;
};

struct FailingSchedule {
  ScheduleResult result;
  std::vector<ExecutionId> choices;
  int64_t index = 0;  // schedule index (random, PCT); position in DFS order otherwise
};

struct ScenarioSummary {
  const Scenario* scenario = nullptr;
  ExplorationStrategy strategy = ExplorationStrategy::kRandom;
  uint64_t seed = 0;  // the first schedule's seed; schedule i runs with seed + i (DFS: all)
  int schedules = 0;  // complete schedules explored (DFS: classes)
  int shard_index = 0;
  int shard_count = 1;
  int workers = 1;
  int64_t explored = 0;  // complete schedules run by this part (summed into `schedules`)
  int64_t schedules_with_violation = 0;
  std::map<std::string, int64_t> schedules_by_violation;  // kind -> schedules
  int64_t duplicate_data_sources = 0;                     // summed over schedules
  int64_t exact_duplicate_sets = 0;
  int64_t suffix_duplicate_sets = 0;
  int64_t missing_folders = 0;
  int64_t schedules_with_missing = 0;
  int64_t files_in_trashed_folders = 0;
  int64_t duplicate_pages = 0;  // extra live Notion pages for one CSV row, summed
  int64_t duplicate_files = 0;  // extra main CSVs and .archive folders, summed
  int64_t pages_created = 0;    // pages created from CSV rows, summed
  // The audit's shape (ScheduleResult::extra_folders, extra_csvs), summed over schedules: data
  // sources with a live folder and 0, 1, 2, 3+ extra same-name folders, and CSVs.
  std::array<int64_t, 4> extra_folders{};
  std::array<int64_t, 4> extra_csvs{};
  int64_t steps = 0;
  int64_t decisions = 0;
  int64_t preemptions = 0;
  int64_t virtual_ms = 0;  // summed schedule durations
  RunCounts runs;
  LockStats locks;
  mocks::CallStats calls;
  std::array<int64_t, kProbeCount> probe_hits{};  // schedules that reached each probe
  // PCT.
  int pct_depth = 0;
  int64_t pct_k = 0;
  int pct_n = 0;
  double pct_bound = 0;
  // DFS.
  int preemption_bound = -1;
  int64_t dfs_pruned = 0;        // branches abandoned as redundant (sleep sets) or another shard's
  bool dfs_exhausted = false;    // every class was explored (within the bound)
  bool dfs_bound_pruned = false; // the preemption bound cut some branch
  std::string nondeterminism;    // set if a re-execution diverged
  std::string bad_input;         // set if a schedule could not run (ScheduleResult::bad_input)
  bool stopped_by_budget = false;
  bool interrupted = false;  // ExploreOptions::stop was set before every schedule ran or before the shrink ended
  int schedules_requested = 0;  // what the exploration was to run (schedules: what it did)
  std::optional<FailingSchedule> first_failure;
  std::vector<TraceRecord> first_failure_trace;
  bool replay_matched = true;  // the traced replay showed the same violations
  std::vector<TraceRecord> first_schedule_trace;
  std::vector<ExecutionId> first_schedule_choices;
  std::shared_ptr<const ShrinkResult> shrunk;  // the first failure, shrunk (when asked)
  std::vector<ExpectationCheck> checks;
  bool expect_ok = true;
  double wall_seconds = 0;  // measured; printed, never written to report.json
  // A black-box check: one "schedule" is the state a program left on a server (lockstep serve
  // --scenario, exec); nothing of it can be replayed or shrunk.
  bool black_box = false;
  std::shared_ptr<const ExploreProgress> progress;  // where each worker ended (Explore fills it)

  // Duplicate rate over data sources: data sources with a duplicate / (schedules x data sources).
  double DuplicateRate() const;
  double ViolationShare() const;
  // The one-line command that re-runs the first failure, when a seed alone determines it.
  std::string ReproCommand() const;
  void Accumulate(const ScheduleResult& r);
  void Merge(const ScenarioSummary& other);
};

// Where one worker of an exploration stands between two schedules: its part of the summary (the
// schedules it completed) and where it goes on.
struct WorkerProgress {
  ScenarioSummary part;
  int64_t next_index = 0;          // random, PCT: its next schedule index
  int64_t dfs_position = 0;        // DFS: complete schedules it owned so far
  std::vector<int64_t> dfs_state;  // DFS: DfsStrategy::SaveState() after NextSchedule
  bool done = false;               // it ran its whole share
};
struct ExploreProgress {
  std::vector<WorkerProgress> workers;
  bool Done() const;
};

ScenarioSummary Explore(const Scenario& scenario, const ExploreOptions& options);

// The summary of black-box checks: the checkers' results over the states a program left, each
// as one schedule of `scenario` (round i's world seeded with seed + i), its expectations evaluated;
// the first failure is the first round with a violation.
ScenarioSummary BlackBoxSummary(const Scenario& scenario, const std::vector<ScheduleResult>& rounds, uint64_t seed);

// The settings an exploration of `scenario` with `options` runs with (strategy, seed, schedules,
// shard, PCT and DFS settings), as a summary of nothing yet. PCT's k is options.pct_k, or 0 when
// Explore would estimate it from pilot schedules.
ScenarioSummary ExplorationBase(const Scenario& scenario, const ExploreOptions& options);

// The end of an exploration over `parts` (the workers' or several shards'): sums them into a
// summary of `base` (strategy, seed, schedules requested, PCT and DFS settings), replays the
// first failure traced (and shrinks it when options.shrink), traces the first schedule when
// options.trace_first_schedule and evaluates the expectations. `lockstep merge` ends so too.
ScenarioSummary FinishExploration(const Scenario& scenario, const ScenarioSummary& base,
                                  const std::vector<const ScenarioSummary*>& parts, const ExploreOptions& options);

// Re-runs one schedule of `scenario` with `seed` and the recorded `choices`, traced.
struct ReplayOutcome {
  ScheduleResult result;
  std::vector<TraceRecord> trace;
  bool diverged = false;
  std::string divergence;
};
ReplayOutcome ReplaySchedule(const Scenario& scenario, uint64_t seed,
                             const std::vector<ExecutionId>& choices);

// True if the two results show the same violations after the same number of steps.
bool SameViolations(const ScheduleResult& a, const ScheduleResult& b);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_EXPLORE_EXPLORER_H_
