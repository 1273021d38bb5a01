// ParseRfc3339: the timestamps of Google's and Notion's APIs ("2026-01-20T15:00:00Z", with
// fractions and offsets) read into an Instant. Writing them is src/time.h's FormatRfc3339.
//
//   Instant t;
//   if (!ParseRfc3339("2026-01-20T15:00:00.250+01:00", t)) return InvalidQuery(...);
#ifndef LOCKSTEP_MOCKS_COMMON_RFC3339_H_
#define LOCKSTEP_MOCKS_COMMON_RFC3339_H_

#include <string_view>

#include "src/time.h"

namespace lockstep::mocks {

// True and `out` set if `text` is an RFC 3339 date-time (seconds required; fractions beyond
// milliseconds dropped; "Z" or a "+hh:mm"/"-hh:mm" offset; no zone means UTC, as Drive reads it).
bool ParseRfc3339(std::string_view text, Instant& out);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_RFC3339_H_
