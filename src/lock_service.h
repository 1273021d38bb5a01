// LockService: Apps Script's LockService, as the core uses it.
//
// GetScriptLock() returns a new Lock object on every call, as in Apps Script; what a second
// acquisition in the same execution does (re-entrancy) is the service's behaviour, not the
// core's. Locks held by an execution are released when it ends or is killed.
//
//   std::unique_ptr<Lock> lock = locks.GetScriptLock();
//   StatusOr<bool> got = lock->TryLock(Duration(8000));
//   if (got.ok() && *got) { ...; lock->ReleaseLock(); }
#ifndef LOCKSTEP_SRC_LOCK_SERVICE_H_
#define LOCKSTEP_SRC_LOCK_SERVICE_H_

#include <memory>
#include <string_view>

#include "src/status.h"
#include "src/time.h"

namespace lockstep {

// The message Apps Script's waitLock throws on timeout.
inline constexpr std::string_view kLockTimeoutMessage =
    "Lock timeout: another process was holding the lock for too long.";

class Lock {
 public:
  virtual ~Lock() = default;

  // Tries to acquire the lock, waiting up to `timeout`. Returns true if acquired, false on
  // timeout. Fails (an exception in Apps Script) only when the service itself fails.
  // May suspend the calling fiber for up to `timeout` of virtual time.
  virtual StatusOr<bool> TryLock(Duration timeout) = 0;

  // As TryLock, but a timeout is a failure: kDeadlineExceeded with kLockTimeoutMessage.
  virtual Status WaitLock(Duration timeout) = 0;

  // Releases the lock. Has no effect if this lock was not acquired. May suspend the fiber.
  virtual Status ReleaseLock() = 0;

  // False if TryLock/WaitLock were never called, timed out, or ReleaseLock was called.
  virtual bool HasLock() = 0;
};

class LockService {
 public:
  virtual ~LockService() = default;

  // A lock shared by all users of this script (this deployment).
  virtual std::unique_ptr<Lock> GetScriptLock() = 0;
  // A lock for the current user of this script.
  virtual std::unique_ptr<Lock> GetUserLock() = 0;
  // A lock for the container document; null when the script is not container-bound.
  virtual std::unique_ptr<Lock> GetDocumentLock() = 0;
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_LOCK_SERVICE_H_
