// Proves that each folder-step strategy makes exactly the seam calls of its step list in
// drivesheetssync-spec.md section 3 (3.3 OLD, 3.4 NEW, 3.5 lock failure, 3.6 consolidation), in
// order, with the production waits and error messages. It runs the core in the simulator with
// tracing on and reads the trace, so it checks what the core did, not what it meant to do.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/simulation/simulation.h"
#include "src/folder_naming.h"
#include "tests/test_support.h"

namespace lockstep {
namespace {

using testing::Calls;
using testing::MustParse;
using V = std::vector<std::string>;

std::string FolderStep(const std::string& strategy, const std::string& extra_workspace = "") {
  return "name: seq\nworkspace:\n  data_sources: 1\n" + extra_workspace +
         "executions:\n  entry: folder-step\n  count: 1\ncore:\n  strategy: " + strategy + "\n";
}

V RunCalls(const harness::Scenario& s, harness::ScheduleResult* out = nullptr,
           std::vector<harness::TraceRecord>* trace = nullptr) {
  harness::Simulation sim(s);
  harness::ScheduleResult r = sim.RunSchedule(1, /*tracing=*/true);
  if (out != nullptr) *out = r;
  if (trace != nullptr) *trace = sim.trace();
  return Calls(sim.trace());
}

TEST(FolderStepSequence, NoLockListsThenCreates) {
  EXPECT_EQ(RunCalls(MustParse(FolderStep("no-lock"))), (V{"drive.list", "drive.create"}));
}

TEST(FolderStepSequence, CheckThenLockLocksOnlyAroundTheCreate) {
  EXPECT_EQ(RunCalls(MustParse(FolderStep("check-then-lock"))),
            (V{"drive.list", "lock.tryLock", "drive.create", "lock.releaseLock"}));
}

TEST(FolderStepSequence, OldChecksLocksRechecksCreates) {
  EXPECT_EQ(RunCalls(MustParse(FolderStep("double-checked"))),
            (V{"drive.list", "lock.tryLock", "drive.list", "drive.create", "lock.releaseLock"}));
}

TEST(FolderStepSequence, OldNeverTouchesTheLockWhenTheFolderExists) {
  EXPECT_EQ(RunCalls(MustParse(FolderStep("double-checked", "  existing_folders: all\n"))),
            (V{"drive.list"}));
}

TEST(FolderStepSequence, NewLocksFirst) {
  EXPECT_EQ(RunCalls(MustParse(FolderStep("lock-first"))),
            (V{"lock.tryLock", "drive.list", "drive.create", "lock.releaseLock"}));
  EXPECT_EQ(RunCalls(MustParse(FolderStep("lock-first", "  existing_folders: all\n"))),
            (V{"lock.tryLock", "drive.list", "lock.releaseLock"}));
}

TEST(FolderStepSequence, RegistryRecordsAPreGeneratedIdBeforeCreating) {
  EXPECT_EQ(RunCalls(MustParse(FolderStep("lock-first-registry"))),
            (V{"lock.tryLock", "props.get", "drive.list", "drive.generateIds", "props.set",
               "drive.create", "lock.releaseLock"}));
}

// The run holds the script lock; under S3 the folder step's own lock object can never get it.
std::string NestedUnderS3(const std::string& strategy) {
  return "name: s3\nworkspace:\n  data_sources: 1\nexecutions:\n  entry: run\n  count: 1\n"
         "core:\n  strategy: " + strategy + "\n  init_logs: false\nlock:\n  reentrancy: S3\n";
}

// The calls of the folder step alone (from its first listing or lock attempt after the run lock).
V FolderStepPart(const V& calls) {
  V out;
  bool started = false;
  int locks = 0;
  for (const std::string& c : calls) {
    if (c == "lock.tryLock" && ++locks == 1) continue;  // the run guard
    if (c == "props.get" && !started) continue;
    if (c == "drive.get" && !started) continue;
    if (c == "props.set" && !started) continue;
    started = started || c == "lock.tryLock" || c == "drive.list";
    if (started) out.push_back(c);
  }
  return out;
}

TEST(FolderStepSequence, NewLockFailureWaitsFortyOneSecondsThenDefers) {
  std::vector<harness::TraceRecord> trace;
  V calls = RunCalls(MustParse(NestedUnderS3("lock-first")), nullptr, &trace);
  V step = FolderStepPart(calls);
  step.resize(11);
  EXPECT_EQ(step, (V{"lock.tryLock", "clock.sleep", "lock.tryLock", "clock.sleep", "lock.tryLock",
                     "clock.sleep", "lock.tryLock", "clock.sleep", "drive.list", "props.set",
                     "props.set"}));
  Instant first_try{};
  Instant deferred{};
  std::string message;
  int tries = 0;
  for (const harness::TraceRecord& t : trace) {
    if (t.call == "lock.tryLock" && ++tries == 2) first_try = t.time;  // folder step's first try
    if (t.call == "log.error") {
      deferred = t.time;
      message = t.result;
    }
  }
  // tryLock records when it returns: the first returns after 8 s of waiting.
  EXPECT_EQ((deferred - first_try).count(), 1000 + 8000 + 2000 + 8000 + 4000 + 8000 + 2000);
  EXPECT_NE(message.find("Lock timeout creating folder for "), std::string::npos) << message;
  EXPECT_NE(message.find("; deferring creation to avoid duplicates"), std::string::npos);
}

TEST(FolderStepSequence, OldLockFailureRelistsTwiceAndThrowsLockFailure) {
  std::vector<harness::TraceRecord> trace;
  V step = FolderStepPart(RunCalls(MustParse(NestedUnderS3("double-checked")), nullptr, &trace));
  step.resize(5);
  EXPECT_EQ(step, (V{"drive.list", "lock.tryLock", "clock.sleep", "drive.list", "drive.list"}));
  std::string message;
  for (const harness::TraceRecord& t : trace) {
    if (t.call == "log.error") message = t.result;
  }
  EXPECT_NE(message.find("Lock failure creating folder for "), std::string::npos) << message;
}

TEST(FolderStepSequence, ConsolidationMovesEverythingIntoThePrimaryAndTrashesTheRest) {
  const std::string ws =
      "  duplicates:\n    - data_source: 0\n      copies: [\"\", \" (1)\"]\n      files_per_copy: 2\n";
  harness::Scenario s = MustParse(FolderStep("lock-first", ws));
  harness::Simulation sim(s);
  harness::ScheduleResult r = sim.RunSchedule(1, true);
  EXPECT_EQ(Calls(sim.trace()),
            (V{"lock.tryLock", "drive.list", "lock.releaseLock",       // found two: no create
               "drive.list", "drive.update", "drive.update",           // files of the duplicate
               "drive.list", "drive.update"}));                        // its folders; trash it
  EXPECT_TRUE(r.violations.empty());
  int live_folders = 0;
  int files_in_primary = 0;
  std::string primary;
  for (const DriveFile& f : sim.drive().files()) {
    if (f.IsFolder() && !f.trashed && f.parent_id == sim.parent_id()) {
      ++live_folders;
      primary = f.id;
    }
  }
  for (const DriveFile& f : sim.drive().files()) files_in_primary += f.parent_id == primary;
  EXPECT_EQ(live_folders, 1);
  EXPECT_EQ(files_in_primary, 4);
}

TEST(FolderStepSequence, ConsolidationRenamesASuffixedPrimaryToTheCanonicalName) {
  const std::string ws =
      "  duplicates:\n    - data_source: 0\n      copies: [\" (1)\", \" (2)\"]\n      files_per_copy: 1\n";
  harness::Scenario s = MustParse(FolderStep("double-checked", ws));
  harness::Simulation sim(s);
  sim.RunSchedule(1, true);
  V calls = Calls(sim.trace());
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(calls[calls.size() - 2], "drive.list");  // getFoldersByName(expectedName)
  EXPECT_EQ(calls.back(), "drive.update");           // setName(expectedName)
  int canonical = 0;
  for (const DriveFile& f : sim.drive().files()) {
    canonical += !f.trashed && f.name == DbFolderName(sim.data_sources()[0]);
  }
  EXPECT_EQ(canonical, 1);
}

}  // namespace
}  // namespace lockstep
