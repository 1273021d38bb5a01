// Clock: the only way the core reads time or waits (Date.now() and Utilities.sleep()).
// In simulation both are virtual: Sleep advances virtual time and never sleeps for real.
#ifndef LOCKSTEP_SRC_CLOCK_H_
#define LOCKSTEP_SRC_CLOCK_H_

#include "src/time.h"

namespace lockstep {

class Clock {
 public:
  virtual ~Clock() = default;

  // The current instant. Never goes backwards within one execution.
  virtual Instant Now() = 0;

  // Waits for `duration` (>= 0). May suspend the calling fiber; other executions run meanwhile.
  virtual void Sleep(Duration duration) = 0;
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_CLOCK_H_
