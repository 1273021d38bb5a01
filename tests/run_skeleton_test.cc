// Proves the run skeleton (spec 2.2, 2.3): the rotation pointer advances by BATCH_SIZE and wraps
// with a cycle count; the run guard turns an overlapping run away and logs it as Completed; the
// log files are created before the lock and renamed at the end.
#include <gtest/gtest.h>

#include "harness/simulation/simulation.h"
#include "src/rotation_state.h"
#include "tests/test_support.h"

namespace lockstep {
namespace {

using testing::MustParse;

// Files whose name contains `needle`.
int CountNamed(const harness::Simulation& sim, std::string_view needle) {
  int n = 0;
  for (const DriveFile& f : sim.drive().files()) n += f.name.find(needle) != std::string::npos;
  return n;
}

TEST(RunSkeleton, PointerAdvancesByBatchAndWrapsWithACycle) {
  harness::Scenario s = MustParse(
      "name: rot\nworkspace:\n  data_sources: 4\nexecutions:\n  starts_ms: [0, 60000]\n"
      "core:\n  strategy: lock-first\n");
  harness::Simulation sim(s);
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  EXPECT_TRUE(r.violations.empty());
  EXPECT_EQ(r.runs.completed, 2);
  EXPECT_EQ(r.runs.folder_steps_ok, 4);  // 3, then the remaining 1
  std::optional<std::string> v = sim.properties().Peek(0, "nds_drive_sheets_drive_sheets");
  ASSERT_TRUE(v.has_value());
  RotationState st = ParseRotationState(*v);
  EXPECT_EQ(st.rp, 0);
  EXPECT_EQ(st.cycle, 1);
  EXPECT_EQ(st.last_run.value_or(""), "2026-01-20T15:01:00.000Z");
}

TEST(RunSkeleton, GuardSkipsAnOverlappingRunAndLogsItCompleted) {
  harness::Scenario s = MustParse(
      "name: guard\nworkspace:\n  data_sources: 3\nexecutions:\n  starts_ms: [0, 100]\n"
      "core:\n  strategy: lock-first\ndrive:\n  latency_ms: 3000\n");
  harness::Simulation sim(s);
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  EXPECT_EQ(r.runs.completed, 1);
  EXPECT_EQ(r.runs.skipped, 1);
  EXPECT_TRUE(r.probes[static_cast<int>(harness::Probe::kRunSkipped)]);
  EXPECT_EQ(CountNamed(sim, " — Completed ["), 4);  // .jsonl and .log of both runs, skipped included
  EXPECT_EQ(CountNamed(sim, " — Running ["), 0);
}

TEST(RunSkeleton, KilledRunsKeepRunningLogsAndDoNotAdvanceThePointer) {
  harness::Scenario s = MustParse(
      "name: kill\nworkspace:\n  data_sources: 3\nexecutions:\n  count: 1\n"
      "core:\n  strategy: lock-first\ndrive:\n  latency_ms: 1000\nplatform:\n  kill_after_ms: 20000\n");
  harness::Simulation sim(s);
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  EXPECT_EQ(r.runs.killed, 1);
  EXPECT_FALSE(sim.properties().Peek(0, "nds_drive_sheets_drive_sheets").has_value());
  EXPECT_EQ(CountNamed(sim, " — Running ["), 2);
  EXPECT_EQ(r.locks.auto_released, 1);  // the platform released the run lock
}

}  // namespace
}  // namespace lockstep
