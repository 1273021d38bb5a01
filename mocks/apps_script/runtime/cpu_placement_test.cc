// CPU placement: a pin holds the calling thread on one CPU and gives it back its mask, also when
// pins of one thread end out of order; hosts take the allowed CPUs in turn; nothing is placed when
// the process has one CPU only.
#include "mocks/apps_script/runtime/cpu_placement.h"

#include <sched.h>
#include <unistd.h>

#include <memory>
#include <set>
#include <thread>

#include <gtest/gtest.h>

namespace lockstep::mocks {
namespace {

cpu_set_t ThreadMask() {
  cpu_set_t set;
  CPU_ZERO(&set);
  EXPECT_EQ(::sched_getaffinity(0, sizeof(set), &set), 0);
  return set;
}

TEST(CpuPlacement, APinHoldsTheThreadOnOneCpuAndRestoresItsMask) {
  const cpu_set_t before = ThreadMask();
  if (CPU_COUNT(&before) < 2) GTEST_SKIP() << "one CPU: nothing to place";
  const int cpu = NextHostCpu();
  ASSERT_GE(cpu, 0);
  EXPECT_TRUE(CPU_ISSET(cpu, &before));
  {
    const ScopedCpuPin pin(cpu);
    const cpu_set_t during = ThreadMask();
    EXPECT_EQ(CPU_COUNT(&during), 1);
    EXPECT_TRUE(CPU_ISSET(cpu, &during));
    EXPECT_EQ(::sched_getcpu(), cpu);
  }
  const cpu_set_t after = ThreadMask();
  EXPECT_TRUE(CPU_EQUAL(&after, &before));
}

TEST(CpuPlacement, APinDestroyedOnAnotherThreadRestoresTheThreadItPinned) {
  const cpu_set_t before = ThreadMask();
  if (CPU_COUNT(&before) < 2) GTEST_SKIP() << "one CPU: nothing to place";
  auto pin = std::make_unique<ScopedCpuPin>(NextHostCpu());
  const cpu_set_t during = ThreadMask();
  EXPECT_EQ(CPU_COUNT(&during), 1);
  std::thread([&pin] { pin.reset(); }).join();
  const cpu_set_t after = ThreadMask();
  EXPECT_TRUE(CPU_EQUAL(&after, &before));
}

TEST(CpuPlacement, PinsReleasedOutOfOrderGiveTheThreadItsFirstMaskBack) {
  const cpu_set_t before = ThreadMask();
  if (CPU_COUNT(&before) < 2) GTEST_SKIP() << "one CPU: nothing to place";
  auto first = std::make_unique<ScopedCpuPin>(NextHostCpu());
  auto second = std::make_unique<ScopedCpuPin>(NextHostCpu());  // made before the first goes
  first.reset();
  const cpu_set_t held = ThreadMask();
  EXPECT_EQ(CPU_COUNT(&held), 1);  // the second pin still holds the thread
  second.reset();
  const cpu_set_t after = ThreadMask();
  EXPECT_TRUE(CPU_EQUAL(&after, &before));
}

TEST(CpuPlacement, HostsTakeTheAllowedCpusInTurn) {
  const cpu_set_t allowed = ThreadMask();
  const int n = CPU_COUNT(&allowed);
  if (n < 2) {
    EXPECT_EQ(NextHostCpu(), -1);
    return;
  }
  std::set<int> seen;
  for (int i = 0; i < n; ++i) {
    const int cpu = NextHostCpu();
    EXPECT_TRUE(CPU_ISSET(cpu, &allowed)) << cpu;
    seen.insert(cpu);
  }
  EXPECT_EQ(static_cast<int>(seen.size()), n);  // n hosts in a row: every allowed CPU once
}

TEST(CpuPlacement, NoCpuNoPin) {
  const cpu_set_t before = ThreadMask();
  { const ScopedCpuPin pin(-1); }
  const cpu_set_t after = ThreadMask();
  EXPECT_TRUE(CPU_EQUAL(&after, &before));
}

}  // namespace
}  // namespace lockstep::mocks
