// The wall clock of lockstep serve, in the models' Instant (milliseconds since the epoch): the
// request path (mock_server.cc) and the state snapshot (mock_server_state.cc) both read it.
#ifndef LOCKSTEP_MOCKS_SERVER_INTERNAL_SERVER_CLOCK_H_
#define LOCKSTEP_MOCKS_SERVER_INTERNAL_SERVER_CLOCK_H_

#include <chrono>

#include "src/time.h"

namespace lockstep::mocks::internal {

inline Instant WallNow() {
  return Instant(std::chrono::floor<Duration>(std::chrono::system_clock::now()).time_since_epoch());
}

}  // namespace lockstep::mocks::internal

#endif  // LOCKSTEP_MOCKS_SERVER_INTERNAL_SERVER_CLOCK_H_
