// ScheduleResult: what one schedule showed, as the checkers computed it from the end state: the
// violations, the counts reports sum over schedules, the run and lock statistics, and the code
// probes (situations the schedule reached, so that a clean result is never vacuous).
//
//   ScheduleResult r = sim.RunSchedule(seed, /*tracing=*/false);
//   if (r.HasViolation("duplicate-folders")) ...
#ifndef LOCKSTEP_HARNESS_CHECK_SCHEDULE_RESULT_H_
#define LOCKSTEP_HARNESS_CHECK_SCHEDULE_RESULT_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/runtime/scheduler.h"
#include "mocks/common/call_stats.h"

namespace lockstep::harness {

// Code probes: situations a schedule reached, so that a clean result is never vacuous.
enum class Probe {
  kBothListedNone,           // two executions both listed no folder for one data source
  kCreatedTwice,             // two creates for one data source
  kLockContended,            // a tryLock waited or timed out
  kFolderLockTimedOut,       // ensureDbFolder_ gave up waiting for the lock
  kRunSkipped,               // the run guard turned a run away
  kListingHidChild,          // the listing lag hid a child from a listing
  kConsolidationRan,         // some execution consolidated duplicates
  kConcurrentConsolidation,  // two executions consolidated one data source
  kFolderDeferred,           // "deferring creation" was thrown
  kExecutionKilled,          // the 6-minute limit killed an execution
  kPageKeyFound,             // idempotent page creation found the row's page already
  kPageKeyDeduplicated,      // idempotent page creation trashed a second page of one row
  kKeyedLockWaited,          // music: a worker waited for another's find-or-create or link
  kCount,
};
std::string_view ProbeName(Probe p);
inline constexpr int kProbeCount = static_cast<int>(Probe::kCount);

struct Violation {
  // "duplicate-folders", "files-in-trash", "mutual-exclusion", "rotation", "lost-advance", "liveness",
  // "duplicate-pages", "duplicate-files", "lost-links", "column-data-lost", "rename-undone"
  std::string kind;
  std::vector<std::string> data_sources;
  std::string detail;
};

struct LockStats {
  int64_t attempts = 0;
  int64_t acquired = 0;
  int64_t timed_out = 0;
  int64_t errors = 0;
  int64_t auto_released = 0;
  int64_t wait_ms_sum = 0;  // over acquisitions
  int64_t wait_ms_max = 0;
  // Acquisition waits: 0 ms, <= 1 s, <= 8 s, > 8 s.
  std::array<int64_t, 4> wait_histogram{};
  void Add(const LockStats& o);
};

struct RunCounts {
  int64_t completed = 0;
  int64_t skipped = 0;
  int64_t failed = 0;
  int64_t killed = 0;
  int64_t folder_steps_ok = 0;
  int64_t folder_steps_failed = 0;
  void Add(const RunCounts& o);
};

struct ScheduleResult {
  uint64_t seed = 0;
  ScheduleEnd end;
  std::vector<Violation> violations;
  int duplicate_data_sources = 0;  // data sources with more than one live folder
  int exact_duplicate_sets = 0;    // ... of which with two live folders of the exact same name
  int suffix_duplicate_sets = 0;   // ... of which with a "(n)"-suffixed live folder
  int missing_folders = 0;         // processed data sources left with no live folder
  int files_in_trashed_folders = 0;
  int duplicate_pages = 0;  // extra live Notion pages for one CSV row (title), over data sources
  int duplicate_files = 0;  // extra main CSVs and .archive folders in the canonical folders
  int pages_created = 0;    // pages the runs created from CSV rows
  int lost_links = 0;       // music: track-to-artist or -playlist links missing at the end
  // The audit's shape: over the data sources with a live folder, how many have 0, 1, 2, 3 or more
  // extra same-name folders (live folders beyond one), and 0, 1, 2, 3 or more extra same-name main
  // CSVs in their folders (what a Drive for Desktop mount shows as "Name (1)", "Name (2)").
  std::array<int, 4> extra_folders{};
  std::array<int, 4> extra_csvs{};
  RunCounts runs;
  LockStats locks;
  std::array<bool, kProbeCount> probes{};
  std::string swarm;  // the faults swarm mode switched on for this schedule ("" when off)
  mocks::CallStats calls;  // per endpoint
  // Set when the schedule could not mean anything: a real Apps Script project called a method
  // the runtime does not implement, or the runtime failed. The run is bad input (exit 2).
  std::string bad_input;
  bool HasViolation(std::string_view kind) const;
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_CHECK_SCHEDULE_RESULT_H_
