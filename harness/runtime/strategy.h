// Strategy: who runs next at a scheduling point with more than one runnable execution.
//
//   RandomStrategy random;
//   random.BeginSchedule(seed);
//   size_t next = random.Pick(runnable, context);   // index into runnable, or kAbandon
//
// Strategies here: random (uniform), PCT (priorities with d-1 change points), replay (a recorded
// list of choices). Exhaustive search is in dfs_strategy.h.
#ifndef LOCKSTEP_HARNESS_RUNTIME_STRATEGY_H_
#define LOCKSTEP_HARNESS_RUNTIME_STRATEGY_H_

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "mocks/common/rng.h"
#include "mocks/common/sim_context.h"

namespace lockstep::harness {

using mocks::ExecutionId;

// A runnable execution and the step it will take if chosen.
struct Candidate {
  ExecutionId id;
  mocks::Op op;
};

struct PickContext {
  ExecutionId running;        // the execution that took the previous step (may be in runnable)
  int64_t step;               // scheduling points passed so far
  int64_t decision;           // decisions (points with a choice) made so far, this one excluded
  bool previous_step_global;  // the previous step touched every resource (an exit released locks)
};

inline constexpr size_t kAbandon = std::numeric_limits<size_t>::max();

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Called before each schedule with that schedule's seed.
  virtual void BeginSchedule(uint64_t seed) = 0;
  // Chooses one of `runnable` (ascending execution ids, size >= 2): its index, or kAbandon to end
  // the schedule here (exhaustive search does so on sleep-set-blocked branches).
  virtual size_t Pick(std::span<const Candidate> runnable, const PickContext& context) = 0;
  // Called after each schedule with its scheduling points and executions.
  virtual void EndSchedule(int64_t steps, int executions) {
    (void)steps;
    (void)executions;
  }
};

// Uniformly random among the runnable executions, from the schedule's "sched" stream.
class RandomStrategy final : public Strategy {
 public:
  void BeginSchedule(uint64_t seed) override { rng_ = mocks::Rng::Stream(seed, "sched"); }
  size_t Pick(std::span<const Candidate> runnable, const PickContext&) override {
    return static_cast<size_t>(rng_.Uniform(runnable.size()));
  }

 private:
  mocks::Rng rng_;
};

// PCT (Burckhardt et al., ASPLOS 2010): every execution gets a random distinct priority >= d; the
// highest-priority runnable one runs; at d-1 change points drawn uniformly from [1, k] the running
// execution's priority drops to 1..d-1. Steps are scheduling points (seam calls, sleeps, waits). k is fixed for a run (the explorer estimates it from
// pilot schedules). A bug of depth d is found in one schedule with probability >= 1/(n*k^(d-1)).
class PctStrategy final : public Strategy {
 public:
  PctStrategy(int depth, int64_t steps_estimate) : depth_(depth), k_(steps_estimate) {}

  void BeginSchedule(uint64_t seed) override;
  size_t Pick(std::span<const Candidate> runnable, const PickContext& context) override;
  void EndSchedule(int64_t steps, int executions) override;

  int depth() const { return depth_; }
  int64_t k() const { return k_; }
  int max_executions() const { return n_; }
  // 1 / (n * k^(d-1)) for the largest n and k observed.
  double ProbabilityBound() const;

 private:
  uint64_t PriorityOf(ExecutionId e);

  int depth_;
  int64_t k_;
  int n_ = 0;
  mocks::Rng rng_;
  std::vector<uint64_t> priority_;       // by execution id; 0 = not drawn yet
  std::vector<int64_t> change_points_;   // ascending steps
  size_t next_change_ = 0;
};

// Replays a recorded list of choices (execution ids, one per decision). If a recorded choice is
// not runnable, or the schedule needs more decisions than recorded, the replay has diverged.
class ReplayStrategy final : public Strategy {
 public:
  explicit ReplayStrategy(std::vector<ExecutionId> choices) : choices_(std::move(choices)) {}
  void BeginSchedule(uint64_t) override { next_ = 0; divergence_.clear(); }
  size_t Pick(std::span<const Candidate> runnable, const PickContext& context) override;

  bool diverged() const { return !divergence_.empty(); }
  const std::string& divergence() const { return divergence_; }
  bool consumed_all() const { return next_ == choices_.size(); }

 private:
  std::vector<ExecutionId> choices_;
  size_t next_ = 0;
  std::string divergence_;
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_RUNTIME_STRATEGY_H_
