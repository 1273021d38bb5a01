#include "harness/runtime/strategy.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace lockstep::harness {

void PctStrategy::BeginSchedule(uint64_t seed) {
  rng_ = mocks::Rng::Stream(seed, "pct");
  priority_.clear();
  change_points_.clear();
  next_change_ = 0;
  const int64_t k = std::max<int64_t>(k_, 1);
  for (int i = 0; i < depth_ - 1; ++i) change_points_.push_back(1 + static_cast<int64_t>(rng_.Uniform(k)));
  std::sort(change_points_.begin(), change_points_.end());
}

uint64_t PctStrategy::PriorityOf(ExecutionId e) {
  const size_t i = static_cast<size_t>(e);
  if (priority_.size() <= i) priority_.resize(i + 1, 0);
  // Initial priorities sit above every change-point priority (1..d-1); 64 random bits make ties
  // vanishingly rare, and ties fall back to the lower id.
  if (priority_[i] == 0) priority_[i] = static_cast<uint64_t>(depth_) + (rng_.Next() >> 1);
  return priority_[i];
}

size_t PctStrategy::Pick(std::span<const Candidate> runnable, const PickContext& context) {
  // Apply every change point that has passed: the execution running then drops to priority
  // d-1, d-2, ..., 1 in the order of the change points.
  while (next_change_ < change_points_.size() && change_points_[next_change_] <= context.step) {
    if (context.running != mocks::kNoExecution) {
      PriorityOf(context.running);
      priority_[static_cast<size_t>(context.running)] =
          static_cast<uint64_t>(depth_ - 1 - static_cast<int>(next_change_));
    }
    ++next_change_;
  }
  size_t best = 0;
  for (size_t i = 1; i < runnable.size(); ++i) {
    if (PriorityOf(runnable[i].id) > PriorityOf(runnable[best].id)) best = i;
  }
  PriorityOf(runnable[best].id);
  return best;
}

void PctStrategy::EndSchedule(int64_t, int executions) {
  // k stays fixed for the whole run, so that schedule i does not depend on which schedules ran
  // before it in this worker (splits across workers and shards must explore the same schedules).
  n_ = std::max(n_, executions);
}

double PctStrategy::ProbabilityBound() const {
  const double n = std::max(n_, 1);
  const double k = static_cast<double>(std::max<int64_t>(k_, 1));
  return 1.0 / (n * std::pow(k, depth_ - 1));
}

size_t ReplayStrategy::Pick(std::span<const Candidate> runnable, const PickContext& context) {
  if (next_ >= choices_.size()) {
    if (divergence_.empty()) {
      divergence_ = fmt::format("step {}: the schedule needs more than the {} recorded choices",
                                context.step, choices_.size());
    }
    return 0;
  }
  const ExecutionId want = choices_[next_++];
  for (size_t i = 0; i < runnable.size(); ++i) {
    if (runnable[i].id == want) return i;
  }
  if (divergence_.empty()) {
    std::string ids;
    for (const Candidate& c : runnable) ids += fmt::format("{}E{}", ids.empty() ? "" : ",", c.id);
    divergence_ = fmt::format("decision {} at step {}: recorded E{} is not runnable (runnable: {})",
                              next_, context.step, want, ids);
  }
  return 0;
}

}  // namespace lockstep::harness
