// SimKeyedLocks: the KeyedLocks seam in simulation, one set per simulated process. Acquiring is a
// scheduling point; a waiter blocks on the mutex's queue in virtual time. Locks an execution holds
// are released when it ends (ReleaseAllOf), as a thread's would be when its process moves on.
//
//   SimKeyedLocks locks(ctx);
//   std::unique_ptr<Lock> l = locks.Get("artist:x");
#ifndef LOCKSTEP_MOCKS_SIM_SIM_KEYED_LOCKS_H_
#define LOCKSTEP_MOCKS_SIM_SIM_KEYED_LOCKS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mocks/common/sim_context.h"
#include "src/keyed_locks.h"

namespace lockstep::mocks {

class SimKeyedLocks final : public KeyedLocks {
 public:
  explicit SimKeyedLocks(SimContext& ctx) : ctx_(ctx) {}
  void Reset() {
    mutexes_.clear();
    waits_ = 0;
  }
  // How many acquisitions had to wait for another holder (a code probe).
  int waits() const { return waits_; }
  std::unique_ptr<Lock> Get(std::string_view key) override;
  // Frees every mutex `execution` holds; returns the queues to notify.
  std::vector<WaitQueue*> ReleaseAllOf(ExecutionId execution);

 private:
  friend class SimKeyedLock;
  struct Mutex {
    ExecutionId holder = kNoExecution;
    WaitQueue queue;
  };
  SimContext& ctx_;
  std::map<std::string, std::unique_ptr<Mutex>> mutexes_;  // stable addresses for the queues
  int waits_ = 0;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SIM_SIM_KEYED_LOCKS_H_
