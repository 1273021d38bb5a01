// SimContext: what the simulated services need from the runtime that drives them (the harness's
// scheduler implements it). Mocks stay independent of the harness: they see only this.
//
// Every seam call of the core enters the mock through BeforeCall, which is a scheduling point:
// the runtime may run other executions before this call applies. Time is virtual.
#ifndef LOCKSTEP_MOCKS_SIM_CONTEXT_H_
#define LOCKSTEP_MOCKS_SIM_CONTEXT_H_

#include <string>
#include <string_view>

#include "src/time.h"

namespace lockstep::mocks {

using ExecutionId = int;
inline constexpr ExecutionId kNoExecution = -1;

// Identifies a set of blocked executions (for example the waiters of one lock). Opaque to mocks.
struct WaitQueue {
  int id = 0;
};

class SimContext {
 public:
  virtual ~SimContext() = default;

  // The current virtual instant.
  virtual Instant Now() const = 0;
  // The execution whose fiber is running. REQUIRES: called from an execution's fiber.
  virtual ExecutionId Current() const = 0;
  // The deployment (Apps Script project) of the current execution.
  virtual int CurrentDeployment() const = 0;

  // A scheduling point before a call that takes `latency` of virtual time before it applies.
  // Suspends the calling fiber; returns when the strategy schedules it again.
  virtual void BeforeCall(Duration latency) = 0;
  // Suspends the calling fiber for `duration` of virtual time.
  virtual void Sleep(Duration duration) = 0;
  // Suspends the calling fiber until NotifyAll(queue) or `deadline`, whichever comes first.
  virtual void BlockOn(WaitQueue& queue, Instant deadline) = 0;
  // Makes every execution blocked on `queue` runnable. Does not suspend.
  virtual void NotifyAll(WaitQueue& queue) = 0;

  // True if steps are being recorded (then TraceStep is worth building arguments for).
  virtual bool Tracing() const = 0;
  // Records one applied call of the current execution.
  virtual void TraceStep(std::string_view call, std::string args, std::string result) = 0;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SIM_CONTEXT_H_
