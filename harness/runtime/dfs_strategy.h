// DfsStrategy: exhaustive depth-first search over scheduling choices, with sleep sets (partial-
// order reduction at seam-call granularity: steps on different resources commute) and an optional
// preemption bound. Stateless: every schedule re-runs the world from the start, following the
// recorded prefix of choices, then makes fresh ones.
//
//   DfsStrategy dfs(/*preemption_bound=*/-1);
//   sim.set_strategy(&dfs);
//   do { sim.RunSchedule(seed, false); } while (dfs.NextSchedule());
//   if (dfs.exhausted()) ... every class of schedules was explored (within the bound)
//
// Sleep sets (Godefroid): after exploring choice s at a node, s sleeps in the sibling branches
// that start with a step independent of s's, until a dependent step runs. A branch whose every
// runnable execution sleeps is redundant and is abandoned. Each complete schedule then stands for
// a distinct class of equivalent interleavings.
#ifndef LOCKSTEP_HARNESS_RUNTIME_DFS_STRATEGY_H_
#define LOCKSTEP_HARNESS_RUNTIME_DFS_STRATEGY_H_

#include <string>
#include <vector>

#include "harness/runtime/strategy.h"

namespace lockstep::harness {

class DfsStrategy final : public Strategy {
 public:
  // `preemption_bound` < 0: unbounded. `reduce` false: no sleep sets (every interleaving; for
  // checking the reduction itself).
  explicit DfsStrategy(int preemption_bound, bool reduce = true)
      : bound_(preemption_bound), reduce_(reduce) {}

  void BeginSchedule(uint64_t seed) override;
  size_t Pick(std::span<const Candidate> runnable, const PickContext& context) override;

  // Prepares the next unexplored branch. False when the tree is exhausted.
  bool NextSchedule();

  // Splits the tree into `count` shares: the subtree under each prefix of `depth` choices belongs
  // to the share its hash names; other shares' subtrees are abandoned at that depth.
  void set_shard(int index, int count, size_t depth) {
    shard_index_ = index;
    shard_count_ = count;
    shard_depth_ = depth;
  }
  // True if a complete schedule with these choices belongs to this share.
  bool Owns(const std::vector<ExecutionId>& choices) const;

  bool exhausted() const { return exhausted_; }
  // True if the bound cut off some branch (then exhaustion is a proof within the bound only).
  bool bound_pruned() const { return bound_pruned_; }
  // The last schedule was abandoned as redundant (sleep-set blocked).
  bool last_abandoned() const { return abandoned_; }
  // Set if a replayed prefix met a different runnable set: the world is not deterministic.
  const std::string& nondeterminism() const { return nondeterminism_; }
  int preemption_bound() const { return bound_; }

  // The search's position between two schedules (after NextSchedule), as integers, and back:
  // a resumed search continues with the next unexplored branch, exactly as this one would have.
  // RestoreState is false (and changes nothing) on a list SaveState did not write.
  std::vector<int64_t> SaveState() const;
  bool RestoreState(const std::vector<int64_t>& state);

 private:
  struct Frame {
    std::vector<Candidate> enabled;
    std::vector<Candidate> sleep;
    std::vector<ExecutionId> done;
    ExecutionId running = mocks::kNoExecution;
    ExecutionId chosen = mocks::kNoExecution;
    bool chosen_global = false;   // the chosen step turned out to touch everything
    int preemptions_before = 0;
  };

  bool IsPreemption(const Frame& f, ExecutionId choice) const;
  bool Allowed(const Frame& f, ExecutionId choice);
  std::vector<Candidate> ChildSleep(const Frame& parent, std::span<const Candidate> runnable) const;

  static uint64_t PrefixHash(const std::vector<ExecutionId>& choices, size_t length);

  int bound_;
  bool reduce_;
  int shard_index_ = 0;
  int shard_count_ = 1;
  size_t shard_depth_ = 0;
  std::vector<Frame> frames_;
  size_t depth_ = 0;
  bool exhausted_ = false;
  bool bound_pruned_ = false;
  bool abandoned_ = false;
  std::string nondeterminism_;
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_RUNTIME_DFS_STRATEGY_H_
