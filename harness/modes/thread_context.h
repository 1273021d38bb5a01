// ThreadContext: the SimContext of the real-concurrency modes (--mode threads and http). Each
// execution runs on its own thread; Boost.Asio fires it at its start time (with its jitter) in
// real time, scaled by the time scale (virtual ms per real ms: 1000 runs a 10-minute cadence in
// 0.6 s).
//
// The shared state below the seams (the models, the logger's records, the trace) is guarded by one
// world mutex. An execution holds it while it runs core code and gives it up during every seam
// call's latency, every sleep and every lock wait, so which call applies first is decided by real
// time and the OS scheduler, not by a strategy: a run is not reproducible, and is checked by the
// same checkers as a simulated one. A call without modelled latency (locks, properties) still
// gives the world up for 50 µs of real time, so that an execution woken by a lock release can take
// it. Waits use one condition variable; kills (the execution time limit) and the schedule's time
// bound unwind an execution at its next seam call.
//
//   ThreadContext ctx(/*time_scale=*/1000);
//   ctx.Reset(epoch, limits, tracing);
//   ctx.Spawn(epoch + start, deployment, body);
//   ScheduleEnd end = ctx.Run();
#ifndef LOCKSTEP_HARNESS_MODES_THREAD_CONTEXT_H_
#define LOCKSTEP_HARNESS_MODES_THREAD_CONTEXT_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "harness/runtime/scheduler.h"
#include "mocks/common/sim_context.h"

namespace lockstep::harness {

class ThreadContext final : public mocks::SimContext {
 public:
  using ExitHook = std::function<void(ExecutionId, bool killed)>;

  explicit ThreadContext(double time_scale) : time_scale_(time_scale) {}
  ThreadContext(const ThreadContext&) = delete;
  ThreadContext& operator=(const ThreadContext&) = delete;

  // REQUIRES: not inside Run().
  void Reset(Instant epoch, const ScheduleLimits& limits, bool tracing);
  void set_exit_hook(ExitHook hook) { exit_hook_ = std::move(hook); }
  ExecutionId Spawn(Instant start, int deployment, std::function<void()> body);
  // Fires every execution at its start and waits for all to end (or to be killed at the time
  // bound). The exit hook runs on the execution's thread, holding the world mutex.
  ScheduleEnd Run();
  const std::vector<TraceRecord>& trace() const { return trace_; }
  double time_scale() const { return time_scale_; }
  // Runs `fn` holding the world mutex (for code outside an execution that touches shared state).
  void WithWorld(const std::function<void()>& fn);

  // Runs `fn` on the calling execution's thread without the world mutex (a blocking call that
  // touches no shared state, such as an HTTP request), then takes it back. May throw to kill.
  void Unlocked(const std::function<void()>& fn);

  // SimContext. Called from an execution's thread, holding the world mutex.
  Instant Now() const override;
  ExecutionId Current() const override;
  int CurrentDeployment() const override;
  void BeforeCall(Duration latency, const mocks::Op& op) override;
  void Sleep(Duration duration) override;
  void BlockOn(mocks::WaitQueue& queue, Instant deadline, const mocks::Op& op) override;
  void NotifyAll(mocks::WaitQueue& queue) override;
  bool Tracing() const override { return tracing_; }
  void TraceStep(std::string_view call, std::string args, std::string result) override;

 private:
  struct Execution {
    ExecutionId id;
    int deployment;
    Instant start;
    std::function<void()> body;
  };
  struct Killed {};  // thrown at a seam call to unwind an execution

  std::chrono::steady_clock::time_point RealAt(Instant t) const;
  // Waits (giving up the world mutex) until `until`, a notify, or a kill; throws Killed if the
  // execution is past its time limit or the schedule past its bound.
  void WaitUntil(Instant until, bool wake_on_notify);
  void CheckKill();
  void RunExecution(Execution& e);

  const double time_scale_;
  ExitHook exit_hook_;
  ScheduleLimits limits_;
  bool tracing_ = false;
  Instant epoch_{};
  std::chrono::steady_clock::time_point real_epoch_{};
  std::vector<Execution> executions_;

  mutable std::mutex world_;
  std::condition_variable changed_;  // lock releases, kills, the end of the schedule
  // Protected by world_.
  int64_t steps_ = 0;
  uint64_t notifications_ = 0;
  bool time_bound_hit_ = false;
  std::vector<ExecutionId> killed_;
  std::vector<TraceRecord> trace_;
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_MODES_THREAD_CONTEXT_H_
