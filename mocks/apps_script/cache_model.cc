#include "mocks/apps_script/cache_model.h"

#include <algorithm>

namespace lockstep::mocks {

std::optional<std::string> CacheModel::Get(CacheKey cache, std::string_view key, Instant now, Rng& rng) {
  auto c = caches_.find(cache);
  if (c == caches_.end()) return std::nullopt;
  auto it = c->second.find(key);
  if (it == c->second.end()) return std::nullopt;
  if (now >= it->second.expires_at) {
    c->second.erase(it);
    return std::nullopt;
  }
  if (knobs_.evict_per_million > 0 && rng.Uniform(1'000'000) < knobs_.evict_per_million) {
    c->second.erase(it);
    return std::nullopt;
  }
  return it->second.value;
}

void CacheModel::Put(CacheKey cache, std::string_view key, std::string_view value, Instant expires_at) {
  auto& entries = caches_[cache];
  auto it = entries.find(key);
  if (it == entries.end() && static_cast<int>(entries.size()) >= knobs_.entries_max) {
    auto first = std::min_element(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.second.expires_at < b.second.expires_at || (a.second.expires_at == b.second.expires_at && a.first < b.first);
    });
    entries.erase(first);
  }
  entries[std::string(key)] = Entry{std::string(value), expires_at};
}

void CacheModel::Remove(CacheKey cache, std::string_view key) {
  auto c = caches_.find(cache);
  if (c == caches_.end()) return;
  auto it = c->second.find(key);
  if (it != c->second.end()) c->second.erase(it);
}

size_t CacheModel::Size(CacheKey cache, Instant now) const {
  auto c = caches_.find(cache);
  if (c == caches_.end()) return 0;
  return static_cast<size_t>(std::count_if(c->second.begin(), c->second.end(),
                                           [now](const auto& e) { return now < e.second.expires_at; }));
}

}  // namespace lockstep::mocks
