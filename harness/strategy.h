// Strategy: who runs next at a scheduling point with more than one runnable execution.
//
//   RandomStrategy random;
//   random.BeginSchedule(seed);
//   size_t next = random.Pick(runnable);   // index into runnable
#ifndef LOCKSTEP_HARNESS_STRATEGY_H_
#define LOCKSTEP_HARNESS_STRATEGY_H_

#include <cstdint>
#include <span>

#include "mocks/rng.h"
#include "mocks/sim_context.h"

namespace lockstep::harness {

using mocks::ExecutionId;

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Called before each schedule with that schedule's seed.
  virtual void BeginSchedule(uint64_t seed) = 0;
  // Chooses one of `runnable` (ascending execution ids, size >= 2). Returns its index.
  virtual size_t Pick(std::span<const ExecutionId> runnable) = 0;
};

// Uniformly random among the runnable executions, from the schedule's "sched" stream.
class RandomStrategy final : public Strategy {
 public:
  void BeginSchedule(uint64_t seed) override { rng_ = mocks::Rng::Stream(seed, "sched"); }
  size_t Pick(std::span<const ExecutionId> runnable) override {
    return static_cast<size_t>(rng_.Uniform(runnable.size()));
  }

 private:
  mocks::Rng rng_;
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_STRATEGY_H_
