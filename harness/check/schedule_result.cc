#include "harness/check/schedule_result.h"

#include <algorithm>

namespace lockstep::harness {

std::string_view ProbeName(Probe p) {
  switch (p) {
    case Probe::kBothListedNone: return "two executions both listed no folder for one data source";
    case Probe::kCreatedTwice: return "two creates for one data source";
    case Probe::kLockContended: return "a tryLock waited or timed out";
    case Probe::kFolderLockTimedOut: return "the folder step gave up waiting for the lock";
    case Probe::kRunSkipped: return "the run guard turned a run away";
    case Probe::kListingHidChild: return "the listing lag hid a child from a listing";
    case Probe::kConsolidationRan: return "duplicates were consolidated";
    case Probe::kConcurrentConsolidation: return "two executions consolidated one data source";
    case Probe::kFolderDeferred: return "folder creation was deferred (lock not had)";
    case Probe::kExecutionKilled: return "an execution was killed at the time limit";
    case Probe::kPageKeyFound: return "a CSV row's page existed already when it was to be created";
    case Probe::kPageKeyDeduplicated: return "a second page of one CSV row was trashed";
    case Probe::kKeyedLockWaited: return "a music worker waited for another's find-or-create or link";
    case Probe::kCount: break;
  }
  return "?";
}

void LockStats::Add(const LockStats& o) {
  attempts += o.attempts;
  acquired += o.acquired;
  timed_out += o.timed_out;
  errors += o.errors;
  auto_released += o.auto_released;
  wait_ms_sum += o.wait_ms_sum;
  wait_ms_max = std::max(wait_ms_max, o.wait_ms_max);
  for (size_t i = 0; i < wait_histogram.size(); ++i) wait_histogram[i] += o.wait_histogram[i];
}

void RunCounts::Add(const RunCounts& o) {
  completed += o.completed;
  skipped += o.skipped;
  failed += o.failed;
  killed += o.killed;
  folder_steps_ok += o.folder_steps_ok;
  folder_steps_failed += o.folder_steps_failed;
}

bool ScheduleResult::HasViolation(std::string_view kind) const {
  for (const Violation& v : violations) {
    if (v.kind == kind) return true;
  }
  return false;
}

}  // namespace lockstep::harness
