#include "src/time.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace lockstep {

std::string_view FormatRfc3339(Instant t, Rfc3339Text& out) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const year_month_day ymd(day);
  const hh_mm_ss<milliseconds> hms(t - day);
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // outside four digits: the general formatter
    const auto end = fmt::format_to_n(out.bytes, sizeof out.bytes, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", year,
                                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                                      hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                                      hms.subseconds().count());
    return std::string_view(out.bytes, std::min(end.size, sizeof out.bytes));
  }
  // Every listed file and page formats two of these: written digit by digit (fmt's parsing of
  // the format string cost more than the rest of a page's rendering).
  std::memcpy(out.bytes, "0000-00-00T00:00:00.000Z", 24);
  auto put = [&out](size_t at, int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) out.bytes[at + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  put(5, static_cast<unsigned>(ymd.month()), 2);
  put(8, static_cast<unsigned>(ymd.day()), 2);
  put(11, hms.hours().count(), 2);
  put(14, hms.minutes().count(), 2);
  put(17, hms.seconds().count(), 2);
  put(20, hms.subseconds().count(), 3);
  return std::string_view(out.bytes, 24);
}

std::string FormatRfc3339(Instant t) {
  Rfc3339Text text;
  return std::string(FormatRfc3339(t, text));
}

}  // namespace lockstep
