// Shrink: reduces a failing schedule to the smallest one that still shows the same kind of
// violation, and draws it as a sequence diagram.
//
//   std::optional<ShrinkResult> small = Shrink(scenario, *summary.first_failure, {});
//   std::cout << SequenceDiagram(small->trace, small->scenario.ExecutionCount());
//
// Steps: pin the scenario to the failing seed (explicit start times, deployments and data-source
// ids, no jitter); then, greedily and until nothing more goes, drop an execution, a data source,
// a fault or the log set-up, keeping a change only if a failing schedule of the same kind is
// found for the smaller scenario (exhaustive search with iteratively raised preemption bounds,
// then random schedules); last, the fewest preemptions: iterative preemption bounding returns a
// failing schedule with the minimum number of preemptions that exhaustive search can reach.
#ifndef LOCKSTEP_HARNESS_EXPLORE_SHRINK_H_
#define LOCKSTEP_HARNESS_EXPLORE_SHRINK_H_

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "harness/explore/explorer.h"
#include "harness/scenario/scenario.h"

namespace lockstep::harness {

// Work is bounded in schedules, not seconds, so that the same failure always shrinks to the same
// result on any machine (a sanitizer build, a loaded CI runner). A caller may add a wall-clock
// budget (time_budget_s > 0), reported when it cuts a shrink short; by default there is none.
struct ShrinkOptions {
  int candidates_max = 40;            // smaller scenarios tried
  int64_t classes_per_search = 2000;  // DFS classes per preemption bound per candidate
  int random_schedules = 200;         // random schedules per candidate when DFS finds nothing
  int preemption_bound_max = 3;
  double time_budget_s = 0;  // seconds; 0: none
  const std::atomic<bool>* stop = nullptr;  // set from outside (a signal): stop at once
};

struct ShrinkSize {
  int executions = 0;
  int data_sources = 0;
  int64_t preemptions = 0;
  int64_t steps = 0;
  std::string faults;
};

struct ShrinkResult {
  Scenario scenario;  // the reduced scenario (pinned: replayable as is)
  uint64_t seed = 0;
  std::vector<ExecutionId> choices;
  ScheduleResult result;
  std::vector<TraceRecord> trace;
  std::string kind;  // the violation kind kept
  ShrinkSize before;
  ShrinkSize after;
  std::vector<std::string> reductions;  // what was removed, in order
  int candidates_tried = 0;
  bool budget_exhausted = false;
};

std::optional<ShrinkResult> Shrink(const Scenario& scenario, const FailingSchedule& failure,
                                   const ShrinkOptions& options);

// The scenario with this seed's jitter, cadence and manual runs turned into explicit start
// times, explicit deployments and data-source ids: the same schedules, independent of jitter.
Scenario PinScenario(const Scenario& scenario, uint64_t seed);

// One column per execution, one row per seam call (time, call, short result).
std::string SequenceDiagram(const std::vector<TraceRecord>& trace, int executions);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_EXPLORE_SHRINK_H_
