// Proves the scheduler's contract: the same seed gives the same interleaving (and other seeds
// other interleavings), virtual time jumps instead of sleeping, blocked executions wake on notify
// or at their deadline, kills unwind the fiber (destructors run) and call the exit hook, and a
// step limit ends a schedule as a liveness failure instead of hanging.
#include "harness/runtime/scheduler.h"

#include <string>

#include <gtest/gtest.h>

namespace lockstep::harness {
namespace {

const Instant kEpoch = FromUnixMs(1'768'900'000'000);

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest() : pool_(64 * 1024), scheduler_(strategy_, pool_) {}

  // Two executions, each making `steps` scheduling points; returns who ran each step.
  std::string Interleaving(uint64_t seed, int steps) {
    std::string order;
    scheduler_.Reset(kEpoch, ScheduleLimits{}, false);
    strategy_.BeginSchedule(seed);
    for (char name : {'a', 'b'}) {
      scheduler_.Spawn(kEpoch, 0, [this, name, steps, &order] {
        for (int i = 0; i < steps; ++i) {
          scheduler_.BeforeCall(Duration(0), mocks::Op::Local());
          order.push_back(name);
        }
      });
    }
    scheduler_.Run();
    return order;
  }

  RandomStrategy strategy_;
  FiberStackPool pool_;
  Scheduler scheduler_;
};

TEST_F(SchedulerTest, SameSeedSameInterleaving) {
  EXPECT_EQ(Interleaving(7, 20), Interleaving(7, 20));
  int distinct = 0;
  const std::string first = Interleaving(1, 20);
  for (uint64_t s = 2; s < 10; ++s) distinct += Interleaving(s, 20) != first;
  EXPECT_GT(distinct, 0);
  EXPECT_EQ(first.size(), 40u);
}

TEST_F(SchedulerTest, SleepAdvancesVirtualTimeOnly) {
  scheduler_.Reset(kEpoch, ScheduleLimits{}, false);
  Instant woke{};
  scheduler_.Spawn(kEpoch + Duration(1000), 0, [&] {
    scheduler_.Sleep(Duration(5 * 60 * 1000 - 1));
    woke = scheduler_.Now();
  });
  ScheduleEnd end = scheduler_.Run();
  EXPECT_EQ(woke, kEpoch + Duration(1000 + 5 * 60 * 1000 - 1));
  EXPECT_TRUE(end.killed.empty());
}

TEST_F(SchedulerTest, BlockedExecutionsWakeOnNotifyOrDeadline) {
  scheduler_.Reset(kEpoch, ScheduleLimits{}, false);
  mocks::WaitQueue q;
  Instant notified_at{};
  Instant timed_out_at{};
  scheduler_.Spawn(kEpoch, 0, [&] {
    scheduler_.BlockOn(q, kEpoch + Duration(60000), mocks::Op::Lock(1));
    notified_at = scheduler_.Now();
  });
  scheduler_.Spawn(kEpoch, 0, [&] {
    scheduler_.Sleep(Duration(2000));
    scheduler_.NotifyAll(q);
  });
  mocks::WaitQueue nobody;
  scheduler_.Spawn(kEpoch, 0, [&] {
    scheduler_.BlockOn(nobody, kEpoch + Duration(8000), mocks::Op::Lock(1));
    timed_out_at = scheduler_.Now();
  });
  scheduler_.Run();
  EXPECT_EQ(notified_at, kEpoch + Duration(2000));
  EXPECT_EQ(timed_out_at, kEpoch + Duration(8000));
}

TEST_F(SchedulerTest, KillUnwindsTheFiberAndCallsTheExitHook) {
  ScheduleLimits limits;
  limits.kill_after = Duration(6 * 60 * 1000);
  scheduler_.Reset(kEpoch, limits, false);
  struct Guard {
    int* count;
    ~Guard() { ++*count; }
  };
  int destroyed = 0;
  bool reached_end = false;
  std::vector<std::pair<ExecutionId, bool>> exits;
  scheduler_.set_exit_hook([&](ExecutionId id, bool killed) { exits.emplace_back(id, killed); });
  scheduler_.Spawn(kEpoch, 0, [&] {
    Guard g{&destroyed};
    scheduler_.Sleep(Duration(10 * 60 * 1000));
    reached_end = true;
  });
  ScheduleEnd end = scheduler_.Run();
  scheduler_.set_exit_hook(nullptr);
  EXPECT_FALSE(reached_end);
  EXPECT_EQ(destroyed, 1);
  ASSERT_EQ(end.killed.size(), 1u);
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_TRUE(exits[0].second);
  EXPECT_EQ(end.end_time, kEpoch + Duration(6 * 60 * 1000));
}

TEST_F(SchedulerTest, StepLimitEndsTheScheduleAsALivenessFailure) {
  ScheduleLimits limits;
  limits.steps_max = 100;
  scheduler_.Reset(kEpoch, limits, false);
  for (int i = 0; i < 2; ++i) {
    scheduler_.Spawn(kEpoch, 0, [this] {
      while (true) scheduler_.BeforeCall(Duration(0), mocks::Op::Local());
    });
  }
  ScheduleEnd end = scheduler_.Run();
  EXPECT_TRUE(end.step_limit_hit);
  EXPECT_EQ(end.killed.size(), 2u);
}

TEST_F(SchedulerTest, TracesStepsWhenAsked) {
  scheduler_.Reset(kEpoch, ScheduleLimits{}, true);
  scheduler_.Spawn(kEpoch, 0, [this] {
    scheduler_.BeforeCall(Duration(0), mocks::Op::Local());
    scheduler_.TraceStep("drive.get", "x", "ok");
  });
  scheduler_.Run();
  ASSERT_EQ(scheduler_.trace().size(), 3u);  // start, the call, end
  EXPECT_EQ(scheduler_.trace()[1].call, "drive.get");
}

}  // namespace
}  // namespace lockstep::harness
