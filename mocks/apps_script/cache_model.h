// CacheModel: Apps Script's CacheService state, one script cache per deployment and one user cache
// per deployment's user, in virtual time.
//
// An entry expires at the instant it was given; a read at or after it misses. The platform "does
// not guarantee" an entry until then: with `evict_per_million` each read of a present entry misses
// with that probability (drawn from the caller's stream), and an entry so missed is gone. At most
// 1000 entries per cache: a put past that evicts the entry that expires first.
//
//   CacheModel cache(CacheKnobs{.evict_per_million = 100'000});
//   cache.Put(key, "k", "v", now + Duration(600'000));
//   std::optional<std::string> v = cache.Get(key, "k", now, rng);
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_CACHE_MODEL_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_CACHE_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "mocks/apps_script/gas_services.h"
#include "mocks/common/rng.h"
#include "src/time.h"

namespace lockstep::mocks {

struct CacheKnobs {
  uint32_t evict_per_million = 0;  // chance that a read of a live entry finds it evicted
  int entries_max = 1000;          // per cache
};

class CacheModel {
 public:
  // Which cache: the deployment and the scope (script, or the deployment's user).
  using CacheKey = std::pair<int, CacheScope>;

  explicit CacheModel(CacheKnobs knobs = {}) : knobs_(knobs) {}
  void Reset() { caches_.clear(); }
  const CacheKnobs& knobs() const { return knobs_; }
  void set_knobs(CacheKnobs knobs) { knobs_ = knobs; }

  std::optional<std::string> Get(CacheKey cache, std::string_view key, Instant now, Rng& rng);
  void Put(CacheKey cache, std::string_view key, std::string_view value, Instant expires_at);
  void Remove(CacheKey cache, std::string_view key);
  // Live entries of a cache (inspection).
  size_t Size(CacheKey cache, Instant now) const;

 private:
  struct Entry {
    std::string value;
    Instant expires_at{};
  };
  CacheKnobs knobs_;
  std::map<CacheKey, std::map<std::string, Entry, std::less<>>> caches_;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_CACHE_MODEL_H_
