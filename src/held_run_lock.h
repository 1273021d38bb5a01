// HeldRunLock: the fixed run guard (DS-001). While the run holds the script lock, every further
// GetScriptLock() of the same execution (ensureDbFolder_'s nested lock) gets a lock that is
// already held: its tryLock succeeds at once and its releaseLock does nothing, so nested use
// cannot drop the run's lock whatever the platform's re-entrancy (S1, S2 or S3).
//
//   HeldRunLock guarded(env.locks);
//   CoreEnv inner{env.drive, guarded, ...};   // the run's seams, with this LockService
//   guarded.set_held(true);                   // after the run's own tryLock succeeded
#ifndef LOCKSTEP_SRC_HELD_RUN_LOCK_H_
#define LOCKSTEP_SRC_HELD_RUN_LOCK_H_

#include <memory>

#include "src/lock_service.h"

namespace lockstep {

class HeldRunLock final : public LockService {
 public:
  explicit HeldRunLock(LockService& inner) : inner_(inner) {}
  void set_held(bool held) { held_ = held; }

  std::unique_ptr<Lock> GetScriptLock() override;
  std::unique_ptr<Lock> GetUserLock() override { return inner_.GetUserLock(); }
  std::unique_ptr<Lock> GetDocumentLock() override { return inner_.GetDocumentLock(); }

 private:
  LockService& inner_;
  bool held_ = false;
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_HELD_RUN_LOCK_H_
