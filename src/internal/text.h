// Small ASCII text helpers of the core (JavaScript's trim() and toLowerCase() as the job uses them
// on names and cells). Internal to the core.
#ifndef LOCKSTEP_SRC_INTERNAL_TEXT_H_
#define LOCKSTEP_SRC_INTERNAL_TEXT_H_

#include <cctype>
#include <string>
#include <string_view>

namespace lockstep::internal {

// `s` without leading and trailing white space.
inline std::string Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// `s` with ASCII letters lower-cased (other bytes kept).
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace lockstep::internal

#endif  // LOCKSTEP_SRC_INTERNAL_TEXT_H_
