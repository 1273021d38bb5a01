// How deep a JSON request body may nest. Every request body is checked before it is parsed, so
// that no walker of a parsed body (filters, rich text, property values, the serializer) recurses
// without bound on a body such as 10^5 nested arrays.
//
//   if (JsonNestingDepth(body) > kJsonNestingMax) return 400;  // in the API's own error shape
//
// [unverified] Neither Google nor Notion documents a nesting limit; 64 is deeper than any request
// the official clients build (Notion's compound filters nest at most two levels, 5 objects
// deep with their conditions) and shallow enough for every recursive walker.
#ifndef LOCKSTEP_MOCKS_COMMON_JSON_LIMITS_H_
#define LOCKSTEP_MOCKS_COMMON_JSON_LIMITS_H_

#include <cstddef>
#include <string_view>

namespace lockstep::mocks {

inline constexpr int kJsonNestingMax = 64;

// The deepest nesting of arrays and objects in `text`, counting brackets outside strings; it
// stops counting once past `stop_above` (the caller only needs to know it is too deep). Malformed
// text is measured as far as it goes: the parser rejects it afterwards.
inline int JsonNestingDepth(std::string_view text, int stop_above = kJsonNestingMax) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > stop_above) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_JSON_LIMITS_H_
