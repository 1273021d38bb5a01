// Proves the LockService model: exclusion between executions, the three re-entrancy models S1,
// S2 and S3 on the production job's nested pattern (run lock held, inner lock taken and released,
// outer release), release of a lock never had, auto-release at the end of an execution, and the
// mutual-exclusion "belief" check that flags S1's hole.
#include "mocks/apps_script/lock_model.h"

#include <gtest/gtest.h>

namespace lockstep::mocks {
namespace {

const Instant kT = FromUnixMs(0);
const LockKey kScript{0, LockScope::kScript, 0};

TEST(LockModel, ExcludesOtherExecutions) {
  LockModel m(Reentrancy::kS2);
  const int a = m.NewObject(0, kScript);
  const int b = m.NewObject(1, kScript);
  EXPECT_TRUE(m.TryAcquire(a, kT));
  EXPECT_FALSE(m.TryAcquire(b, kT));
  EXPECT_TRUE(m.Release(a, kT));
  EXPECT_TRUE(m.TryAcquire(b, kT));
  EXPECT_TRUE(m.violations().empty());
}

TEST(LockModel, DeploymentsHaveSeparateLocks) {
  LockModel m(Reentrancy::kS2);
  EXPECT_TRUE(m.TryAcquire(m.NewObject(0, LockKey{0, LockScope::kScript, 0}), kT));
  EXPECT_TRUE(m.TryAcquire(m.NewObject(1, LockKey{1, LockScope::kScript, 0}), kT));
}

TEST(LockModel, S1InnerReleaseDropsTheOuterLock) {
  LockModel m(Reentrancy::kS1);
  const int outer = m.NewObject(0, kScript);
  const int inner = m.NewObject(0, kScript);
  ASSERT_TRUE(m.TryAcquire(outer, kT));
  EXPECT_TRUE(m.TryAcquire(inner, kT));  // re-acquired at once
  EXPECT_TRUE(m.Release(inner, kT));     // ... and this frees the lock entirely
  EXPECT_FALSE(m.HasLock(outer));
  const int other = m.NewObject(1, kScript);
  EXPECT_TRUE(m.TryAcquire(other, kT));  // another execution gets in
  ASSERT_EQ(m.violations().size(), 1u);  // while the outer still believes it holds the lock
  EXPECT_EQ(m.violations()[0].believer, 0);
  EXPECT_EQ(m.violations()[0].intruder, 1);
  EXPECT_FALSE(m.Release(outer, kT));    // the outer release does not free the other's lock
  EXPECT_TRUE(m.HasLock(other));
}

TEST(LockModel, S2CountsNestedAcquisitions) {
  LockModel m(Reentrancy::kS2);
  const int outer = m.NewObject(0, kScript);
  const int inner = m.NewObject(0, kScript);
  ASSERT_TRUE(m.TryAcquire(outer, kT));
  EXPECT_TRUE(m.TryAcquire(inner, kT));
  EXPECT_TRUE(m.Release(inner, kT));
  EXPECT_TRUE(m.HasLock(outer));  // still held
  EXPECT_FALSE(m.TryAcquire(m.NewObject(1, kScript), kT));
  EXPECT_TRUE(m.Release(outer, kT));
  EXPECT_TRUE(m.TryAcquire(m.NewObject(1, kScript), kT));
  EXPECT_TRUE(m.violations().empty());
}

TEST(LockModel, S3SecondObjectInTheSameExecutionCannotAcquire) {
  LockModel m(Reentrancy::kS3);
  const int outer = m.NewObject(0, kScript);
  const int inner = m.NewObject(0, kScript);
  ASSERT_TRUE(m.TryAcquire(outer, kT));
  EXPECT_FALSE(m.TryAcquire(inner, kT));
  EXPECT_FALSE(m.Release(inner, kT));  // never acquired: no effect
  EXPECT_TRUE(m.HasLock(outer));
  EXPECT_TRUE(m.TryAcquire(outer, kT));  // the same object again: it holds it
}

TEST(LockModel, ReleaseOfALockNeverHadHasNoEffect) {
  LockModel m(Reentrancy::kS2);
  const int a = m.NewObject(0, kScript);
  EXPECT_FALSE(m.Release(a, kT));
  ASSERT_FALSE(m.events().empty());
  EXPECT_EQ(m.events().back().kind, LockEvent::Kind::kReleaseNoop);
}

TEST(LockModel, EndOfExecutionReleasesEverythingItHeld) {
  LockModel m(Reentrancy::kS2);
  const int a = m.NewObject(0, kScript);
  ASSERT_TRUE(m.TryAcquire(a, kT));
  std::vector<WaitQueue*> freed = m.ReleaseAllOf(0, kT);
  EXPECT_EQ(freed.size(), 1u);
  EXPECT_FALSE(m.HasLock(a));
  EXPECT_TRUE(m.TryAcquire(m.NewObject(1, kScript), kT));
  EXPECT_TRUE(m.violations().empty());  // the killed execution no longer believes anything
  EXPECT_EQ(m.events().back().kind, LockEvent::Kind::kAutoRelease);
}

TEST(LockModel, ParsesReentrancyNames) {
  Reentrancy r;
  EXPECT_TRUE(ParseReentrancy("S1", r));
  EXPECT_EQ(r, Reentrancy::kS1);
  EXPECT_TRUE(ParseReentrancy("counted", r));
  EXPECT_EQ(r, Reentrancy::kS2);
  EXPECT_FALSE(ParseReentrancy("S4", r));
}

}  // namespace
}  // namespace lockstep::mocks
