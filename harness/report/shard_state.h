// Shard state: what one job explored of one scenario, written as shard.json beside its report.json
// (as a checkpoint while it runs, and when it ends), and the run-level shard-run.json beside the
// run's summary. `lockstep merge` sums the shards of a split run into the reports one unsplit run
// would have written; `lockstep run --resume` continues a job that was killed from its last
// checkpoint.
//
//   WriteFileAtomically(dir + "/shard.json", ShardStateJson(state).dump(2) + "\n");
//   StatusOr<ShardState> s = ParseShardState(text, dir + "/shard.json");
//   std::string why = SameExploration(a, b);  // "" when a and b are shards of one exploration
//   ScenarioSummary sum = SummaryFromShards(scenario, {&a, &b}, options);
#ifndef LOCKSTEP_HARNESS_REPORT_SHARD_STATE_H_
#define LOCKSTEP_HARNESS_REPORT_SHARD_STATE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/explore/explorer.h"
#include "harness/explore/shrink.h"
#include "src/status.h"

namespace lockstep::harness {

// The shrunk counterexample of a shard's first failure, as far as it cannot be re-derived by a
// replay of its scenario, seed and choices.
struct StoredShrink {
  std::string scenario_file;
  std::string scenario_yaml;
  uint64_t seed = 0;
  std::vector<ExecutionId> choices;
  std::string kind;
  ShrinkSize before;
  ShrinkSize after;
  std::vector<std::string> reductions;
  int candidates_tried = 0;
  bool budget_exhausted = false;
};

struct ShardState {
  std::string build;          // BuildId() of the program that explored
  std::string scenario_name;
  std::string scenario_file;
  std::string scenario_yaml;  // the scenario as it ran: includes resolved, overrides applied
  ExplorationStrategy strategy = ExplorationStrategy::kRandom;
  uint64_t seed = 0;
  int schedules = 0;  // requested (DFS: the budget of classes)
  int shard_index = 0;
  int shard_count = 1;
  int pct_depth = 0;
  int64_t pct_k = 0;
  int pct_n = 0;
  int preemption_bound = -1;
  bool shrink = false;
  bool finished = false;  // the exploration ended and its reports were written
  bool interrupted = false;
  bool stopped_by_budget = false;
  ExploreProgress progress;
  std::optional<StoredShrink> shrunk;
};

// The state of an exploration of `summary.scenario` after `progress` (a checkpoint) or at its end
// (`summary` finished: its first failure shrunk, its flags final).
ShardState ShardStateOf(const ScenarioSummary& summary, const ExploreProgress& progress, bool shrink,
                        bool finished);
nlohmann::ordered_json ShardStateJson(const ShardState& state);
// Checks every field's type; errors name the file and line.
StatusOr<ShardState> ParseShardState(const std::string& text, const std::string& label);

// "" when `a` and `b` are parts of one exploration (the same build, scenario, seed, strategy,
// schedules, shard count and settings); otherwise what differs, for an error message.
std::string SameExploration(const ShardState& a, const ShardState& b);

// The summary one exploration of `scenario` over every part of `shards` would have ended with:
// the parts summed, the first failure replayed traced, the shrunk counterexample of the shard it
// came from rebuilt (its scenario read back and its schedule replayed), the first schedule
// traced, the expectations evaluated. The scenario must outlive the summary.
ScenarioSummary SummaryFromShards(const Scenario& scenario, const std::vector<const ShardState*>& shards);

// The run-level file: what a job ran (its scenarios in order), so that a merge can tell a shard
// that never started a scenario from one that is missing.
struct ShardRun {
  std::string build;
  std::string command = "run";  // run or checklist
  std::string title;
  std::string checklist_dir;           // checklist: the folder it walked
  std::vector<std::string> skipped;    // checklist: the items it skipped
  std::vector<std::string> scenarios;  // names, in the order they ran
  bool subdirs = false;                // reports in <dir>/<scenario name>/
  int shard_index = 0;
  int shard_count = 1;
};
nlohmann::ordered_json ShardRunJson(const ShardRun& run);
StatusOr<ShardRun> ParseShardRun(const std::string& text, const std::string& label);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_REPORT_SHARD_STATE_H_
