// SimContext: what the simulated services need from the runtime that drives them (the harness's
// scheduler implements it). Mocks stay independent of the harness: they see only this.
//
// Every seam call of the core enters the mock through BeforeCall, which is a scheduling point:
// the runtime may run other executions before this call applies. Time is virtual.
#ifndef LOCKSTEP_MOCKS_COMMON_SIM_CONTEXT_H_
#define LOCKSTEP_MOCKS_COMMON_SIM_CONTEXT_H_

#include <string>
#include <string_view>

#include "src/time.h"

namespace lockstep::mocks {

using ExecutionId = int;
inline constexpr ExecutionId kNoExecution = -1;

// What an execution will do to shared state in its next step (from one suspension to the next):
// the partial-order reduction of exhaustive search treats two steps as commuting when neither
// writes what the other touches. Keys are hashes of resource names; key 0 means "all of kind".
struct Op {
  enum class Kind : uint8_t { kLocal, kDrive, kLock, kProps, kNotion, kSheets, kCache, kTriggers, kGlobal };
  Kind kind = Kind::kLocal;
  bool write = false;
  uint64_t key = 0;

  static Op Local() { return Op{}; }
  static Op Global() { return Op{Kind::kGlobal, true, 0}; }
  static Op Drive(bool is_write, uint64_t resource = 0) { return Op{Kind::kDrive, is_write, resource}; }
  static Op Lock(uint64_t resource) { return Op{Kind::kLock, true, resource}; }
  static Op Props(bool is_write, uint64_t resource) { return Op{Kind::kProps, is_write, resource}; }
  static Op Notion(bool is_write) { return Op{Kind::kNotion, is_write, 0}; }
  static Op Sheets(bool is_write) { return Op{Kind::kSheets, is_write, 0}; }
  static Op Cache(bool is_write, uint64_t resource) { return Op{Kind::kCache, is_write, resource}; }
  static Op Triggers(bool is_write) { return Op{Kind::kTriggers, is_write, 0}; }
};

// True if the two steps may not commute.
inline bool Dependent(const Op& a, const Op& b) {
  if (a.kind == Op::Kind::kGlobal || b.kind == Op::Kind::kGlobal) return true;
  if (a.kind == Op::Kind::kLocal || b.kind == Op::Kind::kLocal || a.kind != b.kind) return false;
  if (!a.write && !b.write) return false;
  return a.key == 0 || b.key == 0 || a.key == b.key;
}

// A stable 64-bit key for a resource name (FNV-1a; never 0).
inline uint64_t ResourceKey(std::string_view name, uint64_t salt = 0) {
  uint64_t h = 14695981039346656037ull ^ salt;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h == 0 ? 1 : h;
}

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

  // A scheduling point before a call that takes `latency` of virtual time before it applies and
  // then does `op`. Suspends the calling fiber; returns when the strategy schedules it again.
  virtual void BeforeCall(Duration latency, const Op& op) = 0;
  // Suspends the calling fiber for `duration` of virtual time.
  virtual void Sleep(Duration duration) = 0;
  // Suspends the calling fiber until NotifyAll(queue) or `deadline`, whichever comes first; on
  // waking it does `op` (typically a retry on the lock it waits for).
  virtual void BlockOn(WaitQueue& queue, Instant deadline, const Op& op) = 0;
  // Makes every execution blocked on `queue` runnable. Does not suspend.
  virtual void NotifyAll(WaitQueue& queue) = 0;

  // True if steps are being recorded (then TraceStep is worth building arguments for).
  virtual bool Tracing() const = 0;
  // Records one applied call of the current execution.
  virtual void TraceStep(std::string_view call, std::string args, std::string result) = 0;
  // Names where in the execution's own code its next calls come from ("Code.js:5360": a real
  // Apps Script project's call site); trace steps carry it until the next one. Default: ignored.
  virtual void SetCallSite(std::string site) { (void)site; }
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_SIM_CONTEXT_H_
