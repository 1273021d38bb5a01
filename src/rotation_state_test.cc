// Proves the rotation pointer's storage format: the production JSON shape and key order, and the
// defaults a missing or corrupt value falls back to.
#include "src/rotation_state.h"

#include <gtest/gtest.h>

namespace lockstep {
namespace {

TEST(RotationState, SerializesInProductionKeyOrder) {
  RotationState s{6, 2, std::string("2026-01-20T15:00:00.000Z")};
  EXPECT_EQ(SerializeRotationState(s), R"({"rp":6,"cycle":2,"lastRun":"2026-01-20T15:00:00.000Z"})");
  EXPECT_EQ(SerializeRotationState(RotationState{}), R"({"rp":0,"cycle":0,"lastRun":null})");
}

TEST(RotationState, RoundTrips) {
  RotationState s = ParseRotationState(R"({"rp":3,"cycle":1,"lastRun":"x"})");
  EXPECT_EQ(s.rp, 3);
  EXPECT_EQ(s.cycle, 1);
  EXPECT_EQ(s.last_run.value_or(""), "x");
}

TEST(RotationState, CorruptValuesGiveDefaults) {
  RotationState s = ParseRotationState("{not json");
  EXPECT_EQ(s.rp, 0);
  EXPECT_EQ(s.cycle, 0);
  EXPECT_FALSE(s.last_run.has_value());
  EXPECT_EQ(ParseRotationState(R"({"rp":"7"})").rp, 0);
}

}  // namespace
}  // namespace lockstep
