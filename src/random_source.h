// RandomSource: the core's only source of randomness (Utilities.getUuid() in Apps Script).
// In simulation it is drawn from the run's seed, so runs stay reproducible.
#ifndef LOCKSTEP_SRC_RANDOM_SOURCE_H_
#define LOCKSTEP_SRC_RANDOM_SOURCE_H_

#include <string>

namespace lockstep {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // A random version-4 UUID in its 36-character dashed form. Never suspends the fiber.
  virtual std::string NewUuid() = 0;
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_RANDOM_SOURCE_H_
