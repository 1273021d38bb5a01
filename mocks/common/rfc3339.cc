#include "mocks/common/rfc3339.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace lockstep::mocks {

bool ParseRfc3339(std::string_view s, Instant& out) {
  int y, mo, d, h, mi, sec;
  if (s.size() < 19 || std::sscanf(std::string(s.substr(0, 19)).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6) {
    return false;
  }
  size_t i = 19;
  int64_t ms = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      if (digits < 3) ms = ms * 10 + (s[i] - '0');
      ++digits;
      ++i;
    }
    for (; digits < 3; ++digits) ms *= 10;
  }
  int64_t offset_min = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
    const int oh = std::atoi(std::string(s.substr(i + 1, 2)).c_str());
    const int om = std::atoi(std::string(s.substr(i + 4, 2)).c_str());
    offset_min = (s[i] == '+' ? 1 : -1) * (oh * 60 + om);
    i += 6;
  } else if (i != s.size()) {
    return false;  // Drive defaults to UTC when no zone is given
  }
  if (i != s.size()) return false;
  namespace ch = std::chrono;
  const ch::year_month_day ymd{ch::year{y}, ch::month{static_cast<unsigned>(mo)}, ch::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return false;
  out = Instant(ch::sys_days(ymd).time_since_epoch() + ch::hours(h) + ch::minutes(mi) + ch::seconds(sec) +
                ch::milliseconds(ms) - ch::minutes(offset_min));
  return true;
}

}  // namespace lockstep::mocks
