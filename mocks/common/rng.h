// Rng: the one seeded generator of a simulation, split into named streams.
//
// SplitMix64: tiny state, fast, statistically fine for scheduling and fault draws, and identical
// on every platform (no std::*_distribution, whose results differ across standard libraries).
// Each consumer takes its own stream, so adding draws to one (say, Drive ids) never shifts
// another (say, scheduling choices).
//
//   Rng lag = Rng::Stream(seed, "drive.lag");
//   Duration d(lag.Range(min_ms, max_ms));
#ifndef LOCKSTEP_MOCKS_COMMON_RNG_H_
#define LOCKSTEP_MOCKS_COMMON_RNG_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace lockstep::mocks {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0) : state_(seed) {}

  // A stream named `name` of the run seeded by `seed`.
  static Rng Stream(uint64_t seed, std::string_view name) {
    uint64_t h = 14695981039346656037ull;  // FNV-1a of the name
    for (char c : name) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    Rng mix(seed ^ h);
    return Rng(mix.Next());
  }

  // Stream `name` of one actor (an execution), so that reordering actors' independent steps does
  // not reorder their draws.
  static Rng Stream(uint64_t seed, std::string_view name, int64_t actor) {
    return Stream(seed ^ (static_cast<uint64_t>(actor + 2) * 0x9E3779B97F4A7C15ull), name);
  }

  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n). REQUIRES: n > 0. Lemire's method with rejection: no modulo bias.
  uint64_t Uniform(uint64_t n) {
    uint64_t x = Next();
    __uint128_t m = static_cast<__uint128_t>(x) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        x = Next();
        m = static_cast<__uint128_t>(x) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Uniform(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability `per_million` / 1,000,000 (exact integer arithmetic).
  bool ChancePerMillion(uint32_t per_million) {
    if (per_million == 0) return false;
    return Uniform(1000000) < per_million;
  }

 private:
  uint64_t state_;
};

// The stream `name` of actor `who` (an execution id, or -1 for set-up), created in `streams` on
// first use.
inline Rng& ActorStream(std::vector<Rng>& streams, uint64_t seed, std::string_view name,
                        int64_t who) {
  const size_t index = static_cast<size_t>(who + 1);
  while (streams.size() <= index) {
    streams.push_back(Rng::Stream(seed, name, static_cast<int64_t>(streams.size()) - 1));
  }
  return streams[index];
}

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_RNG_H_
