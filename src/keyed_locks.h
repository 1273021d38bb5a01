// KeyedLocks: in-process named mutexes (a dict of Python threading.Lock objects), which the music
// workflow's fixed variant uses to single-flight a find-or-create per name and a relation append
// per track among the worker threads of one process. Another process shares nothing.
//
//   std::unique_ptr<Lock> lock = locks.Get("artist:daft punk");
//   if (lock->WaitLock(Duration(60'000)).ok()) { ...; lock->ReleaseLock(); }
#ifndef LOCKSTEP_SRC_KEYED_LOCKS_H_
#define LOCKSTEP_SRC_KEYED_LOCKS_H_

#include <memory>
#include <string_view>

#include "src/lock_service.h"

namespace lockstep {

class KeyedLocks {
 public:
  virtual ~KeyedLocks() = default;
  // A Lock object on the mutex named `key` (created on first use). Not re-entrant: a second
  // acquisition by the holder waits. Released when the holding execution ends.
  virtual std::unique_ptr<Lock> Get(std::string_view key) = 0;
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_KEYED_LOCKS_H_
