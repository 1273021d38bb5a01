// Scheduler: runs concurrent executions of the core as fibers on one OS thread, in virtual time,
// choosing at every scheduling point who runs next with a Strategy.
//
// An execution is Runnable when its virtual ready time has come; it suspends at each seam call
// (BeforeCall), on Sleep, and while blocked on a lock (BlockOn, until notified or a deadline).
// When nothing is runnable, virtual time jumps to the next ready time, deadline, start or kill.
// Executions are killed at their kill time (6 minutes after start, as Apps Script does): the
// fiber unwinds from its suspension point and the exit hook releases what it held.
// Deterministic: the same strategy seed and the same executions give the same schedule.
//
//   Scheduler s(strategy, pool);
//   s.Reset(epoch, limits, /*tracing=*/false);
//   s.Spawn(epoch, /*deployment=*/0, [&] { RunDriveSheets(env, sources); });
//   ScheduleEnd end = s.Run();
#ifndef LOCKSTEP_HARNESS_RUNTIME_SCHEDULER_H_
#define LOCKSTEP_HARNESS_RUNTIME_SCHEDULER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <boost/context/fiber.hpp>

#include "harness/runtime/fiber_stack_pool.h"
#include "harness/runtime/strategy.h"
#include "mocks/common/sim_context.h"
#include "src/clock.h"

namespace lockstep::harness {

struct ScheduleLimits {
  int64_t steps_max = 1'000'000;                 // scheduling points per schedule
  Duration virtual_time_max{48LL * 3600 * 1000};  // from the epoch
  Duration kill_after{6 * 60 * 1000};            // Apps Script's execution limit
};

struct TraceRecord {
  int64_t step;
  Instant time;
  ExecutionId execution;
  std::string call;
  std::string args;
  std::string result;
  std::string site;  // the execution's call site, when its code is a real project ("Code.js:5360")

  // A call into a seam (Drive, Notion, Sheets, locks, properties, sleeps) or an execution's start,
  // end or kill: what sequence diagrams show.
  bool IsSeamStep() const {
    for (const char* prefix : {"drive.", "lock.", "props.", "notion.", "sheets.", "cache.", "script.", "fetch."}) {
      if (call.rfind(prefix, 0) == 0) return true;
    }
    return call == "clock.sleep" || call == "start" || call == "end" || call == "killed";
  }
};

struct ScheduleEnd {
  int64_t steps = 0;      // scheduling points passed
  int64_t decisions = 0;  // points where the strategy chose among >= 2
  int64_t preemptions = 0;  // decisions that switched away from a still-runnable execution
  Instant end_time{};
  bool step_limit_hit = false;
  bool time_limit_hit = false;
  bool abandoned = false;  // the strategy ended the schedule early (a pruned branch)
  std::vector<ExecutionId> killed;  // by the execution time limit
};

class Scheduler final : public mocks::SimContext {
 public:
  // Called when an execution ends, normally or killed, with the context still valid.
  using ExitHook = std::function<void(ExecutionId, bool killed)>;

  Scheduler(Strategy& strategy, FiberStackPool& pool) : strategy_(&strategy), pool_(pool) {}
  // The strategy of the next schedules. REQUIRES: not inside Run().
  void set_strategy(Strategy& strategy) { strategy_ = &strategy; }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Forgets all executions and prepares a schedule starting at `epoch`.
  // REQUIRES: not inside Run().
  void Reset(Instant epoch, const ScheduleLimits& limits, bool tracing);
  void set_exit_hook(ExitHook hook) { exit_hook_ = std::move(hook); }

  // The execution time limit of executions spawned from now on.
  void set_kill_after(Duration kill_after) { limits_.kill_after = kill_after; }
  // Adds an execution that starts at `start`. Returns its id (0, 1, ...). After a Run, more may be
  // spawned and a further Run continues the same schedule (a second phase).
  ExecutionId Spawn(Instant start, int deployment, std::function<void()> body);
  // Runs until every execution has ended, or a limit is hit (then the rest are killed). With
  // `last_phase` false the strategy is not told that the schedule ended (more executions follow).
  ScheduleEnd Run(bool last_phase = true);

  Instant epoch() const { return epoch_; }
  const std::vector<TraceRecord>& trace() const { return trace_; }
  // The execution chosen at each decision of the last schedule (what a replay needs).
  const std::vector<ExecutionId>& choices() const { return choices_; }
  // Marks the running step as touching every resource (an exit that released locks).
  void MarkGlobalEffect() { global_effect_ = true; }
  // Records a step that is not a seam call (start, end, kill), when tracing.
  void TraceEvent(ExecutionId execution, std::string call, std::string detail);

  // SimContext.
  Instant Now() const override { return now_; }
  ExecutionId Current() const override { return current_; }
  int CurrentDeployment() const override;
  void BeforeCall(Duration latency, const mocks::Op& op) override;
  void Sleep(Duration duration) override;
  void BlockOn(mocks::WaitQueue& queue, Instant deadline, const mocks::Op& op) override;
  void NotifyAll(mocks::WaitQueue& queue) override;
  bool Tracing() const override { return tracing_; }
  void TraceStep(std::string_view call, std::string args, std::string result) override;
  void SetCallSite(std::string site) override;

 private:
  enum class State { kNotStarted, kReady, kBlocked, kFinished };
  struct Execution {
    ExecutionId id;
    int deployment;
    State state = State::kNotStarted;
    Instant ready_at{};
    Instant deadline{};  // while blocked
    Instant kill_at{};
    mocks::WaitQueue* blocked_on = nullptr;
    mocks::Op next_op;  // what its next step does
    bool kill_requested = false;
    std::function<void()> body;
    boost::context::fiber fiber;
    // Sanitizer bookkeeping (unused in plain builds).
    const void* stack_bottom = nullptr;
    size_t stack_size = 0;
    void* asan_fake_stack = nullptr;
    void* tsan_fiber = nullptr;
    std::string call_site;  // the last SetCallSite of this execution
  };
  struct Killed {};  // thrown inside a fiber to unwind it

  void Resume(Execution& e);
  void Suspend();  // from inside the running fiber
  void Kill(Execution& e, ScheduleEnd& end);
  bool OtherRunnable() const;
  bool NextEventTime(Instant& next) const;

  Strategy* strategy_;
  FiberStackPool& pool_;
  ExitHook exit_hook_;
  ScheduleLimits limits_;
  bool tracing_ = false;
  Instant epoch_{};
  Instant now_{};
  int64_t steps_ = 0;
  ExecutionId current_ = mocks::kNoExecution;
  std::vector<Execution> executions_;
  std::vector<Candidate> runnable_;
  std::vector<ExecutionId> choices_;
  ExecutionId last_ran_ = mocks::kNoExecution;
  bool global_effect_ = false;
  std::vector<TraceRecord> trace_;
  boost::context::fiber scheduler_;  // the scheduler's continuation while a fiber runs
  const void* main_stack_bottom_ = nullptr;
  size_t main_stack_size_ = 0;
  void* main_tsan_fiber_ = nullptr;
};

// A Clock whose time is the scheduler's virtual time.
class SimClock final : public Clock {
 public:
  explicit SimClock(mocks::SimContext& ctx) : ctx_(ctx) {}
  Instant Now() override { return ctx_.Now(); }
  void Sleep(Duration duration) override { ctx_.Sleep(duration); }

 private:
  mocks::SimContext& ctx_;
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_RUNTIME_SCHEDULER_H_
