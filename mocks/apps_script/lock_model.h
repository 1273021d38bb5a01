// LockModel: Apps Script's LockService as the rules of an in-memory model.
//
// Locks are keyed by deployment (one namespace per Apps Script project) and scope (script, user,
// document). Each GetXLock() call makes a new lock object, as in Apps Script. What a second
// acquisition inside one execution does is the re-entrancy model, chosen per scenario:
//   S1  owned per execution, no count: a held lock is re-acquired at once; any release by an
//       object that acquired it frees it (so an inner release drops an outer run lock);
//   S2  owned per execution, counted: the lock is freed when every acquisition was released;
//   S3  not re-entrant, owned per lock object: a second object in the same execution waits
//       (and times out) like any other execution.
// Locks of an execution are released automatically when it ends or is killed.
//
// The model also keeps what the core *believes*: an object that acquired and has not released
// believes it holds the lock. Two executions believing they hold one lock at once is a
// mutual-exclusion violation (S1 produces it), recorded in violations().
//
// Not thread-safe: the simulation runs one execution at a time.
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_LOCK_MODEL_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_LOCK_MODEL_H_

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "mocks/common/sim_context.h"
#include "src/time.h"

namespace lockstep::mocks {

enum class Reentrancy { kS1, kS2, kS3 };
enum class LockScope { kScript, kUser, kDocument };

std::string_view ReentrancyName(Reentrancy r);  // "S1", "S2", "S3"
bool ParseReentrancy(std::string_view name, Reentrancy& out);
std::string_view LockScopeName(LockScope s);

struct LockKey {
  int deployment = 0;
  LockScope scope = LockScope::kScript;
  int user = 0;  // user locks only
  bool operator==(const LockKey&) const = default;
};

struct LockEvent {
  enum class Kind { kAttempt, kAcquire, kTimeout, kRelease, kReleaseNoop, kAutoRelease, kError };
  Kind kind;
  Instant time;
  ExecutionId execution;
  int object;        // the lock object (one per GetXLock call)
  LockKey key;
  ExecutionId holder;  // who holds the lock after the event (kNoExecution: free)
  Duration waited{0};  // for kAcquire and kTimeout: time since the attempt began
  bool contended = false;  // for kAcquire and kTimeout: the attempt had to wait for a holder
};
std::string_view LockEventKindName(LockEvent::Kind kind);

struct MutualExclusionViolation {
  LockKey key;
  Instant time;
  ExecutionId believer;  // still believes it holds the lock
  ExecutionId intruder;  // acquired it meanwhile
};

class LockModel {
 public:
  explicit LockModel(Reentrancy reentrancy) : reentrancy_(reentrancy) {}

  void Reset();
  Reentrancy reentrancy() const { return reentrancy_; }
  void set_reentrancy(Reentrancy r) { reentrancy_ = r; }

  // A new lock object for `key`, used by `execution`.
  int NewObject(ExecutionId execution, const LockKey& key);

  // One acquisition try of `object`, now. True if the object now holds the lock.
  bool TryAcquire(int object, Instant now);
  // releaseLock() of `object`. Returns true if it freed or decremented anything.
  bool Release(int object, Instant now);
  // hasLock() of `object`.
  bool HasLock(int object) const;
  // Releases everything `execution` holds (it ended, or was killed). Returns the wait queues of
  // the locks it freed, whose waiters the caller must wake.
  std::vector<WaitQueue*> ReleaseAllOf(ExecutionId execution, Instant now);

  void RecordAttempt(int object, Instant now);
  void RecordWaitEnd(int object, Instant now, Duration waited, bool acquired, bool contended);
  void RecordError(int object, Instant now);

  // Waiters of the lock `object` is for.
  WaitQueue& QueueOf(int object);

  const std::vector<LockEvent>& events() const { return events_; }
  const std::vector<MutualExclusionViolation>& violations() const { return violations_; }

 private:
  struct Object {
    ExecutionId execution;
    int lock;            // index into locks_
    bool believes_held;  // acquired and not yet released by this object
  };
  struct LockState {
    LockKey key;
    ExecutionId holder = kNoExecution;
    int holder_object = -1;  // S3 owner
    int count = 0;           // S2 acquisitions
    WaitQueue queue;
  };

  int LockIndex(const LockKey& key);
  void Record(LockEvent::Kind kind, int object, Instant now, Duration waited = Duration(0));
  void CheckBeliefs(int object, Instant now);

  Reentrancy reentrancy_;
  std::deque<LockState> locks_;  // deque: WaitQueue references stay valid
  std::vector<Object> objects_;
  std::vector<LockEvent> events_;
  std::vector<MutualExclusionViolation> violations_;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_LOCK_MODEL_H_
