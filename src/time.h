// Time types of the core. Instants are wall-clock instants with millisecond resolution; in
// simulation the Clock seam maps virtual time onto them, so the core never sees the difference.
//
//   Instant deadline = clock.Now() + Duration(8000);
#ifndef LOCKSTEP_SRC_TIME_H_
#define LOCKSTEP_SRC_TIME_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace lockstep {

using Duration = std::chrono::milliseconds;
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

inline int64_t ToUnixMs(Instant t) { return t.time_since_epoch().count(); }
inline Instant FromUnixMs(int64_t ms) { return Instant(Duration(ms)); }

// RFC 3339 in UTC with milliseconds: "2026-01-20T00:00:00.000Z".
std::string FormatRfc3339(Instant t);
// The same text in a caller's buffer, without an allocation (renderers of many timestamps).
struct Rfc3339Text {
  char bytes[32];
};
std::string_view FormatRfc3339(Instant t, Rfc3339Text& out);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_TIME_H_
