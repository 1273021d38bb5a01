// StringHash: the hash of string-keyed unordered maps that are looked up by string_view without
// allocating a string per lookup.
//
//   std::unordered_map<std::string, int, StringHash, std::equal_to<>> by_id;
//   by_id.find(std::string_view(id));  // no temporary std::string
//
// Such maps are for lookups only: nothing the simulation decides may depend on their iteration
// order, which differs across standard libraries.
#ifndef LOCKSTEP_MOCKS_COMMON_STRING_HASH_H_
#define LOCKSTEP_MOCKS_COMMON_STRING_HASH_H_

#include <cstddef>
#include <functional>
#include <string_view>

namespace lockstep::mocks {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_STRING_HASH_H_
