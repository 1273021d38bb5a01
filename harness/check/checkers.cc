// CheckSchedule: every checker, the run counts and the code probes of one schedule.
#include "harness/check/checkers.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "harness/check/internal/checks.h"

namespace lockstep::harness {
namespace internal {

int DataSourceOfName(std::string_view name, const mocks::SimLogger& log) {
  for (size_t pos = name.find('_'); pos != std::string_view::npos; pos = name.find('_', pos + 1)) {
    if (pos + 37 > name.size()) break;
    const int i = log.DataSourceIndex(name.substr(pos + 1, 36));
    if (i >= 0) return i;
  }
  return -1;
}

std::string ExecName(ExecutionId e) { return fmt::format("E{}", e); }

std::string Ms(const EndState& s, Instant t) { return fmt::format("t={}ms", (t - s.epoch).count()); }

}  // namespace internal

void CheckSchedule(const EndState& s, ScheduleResult& r) {
  internal::CheckFolders(s, r);
  internal::CollectLockStats(s, r);
  internal::CheckRotation(s, r);
  internal::CheckCycles(s, r);
  internal::CheckPages(s, r);
  internal::CheckConvergence(s, r);
  internal::CheckMusic(s, r);
  internal::CheckColumnData(s, r);
  if (r.end.step_limit_hit || r.end.time_limit_hit) {
    r.violations.push_back(Violation{
        "liveness", {},
        r.end.step_limit_hit ? fmt::format("the schedule passed {} steps", s.scenario.steps_max)
                             : "the schedule ran past the virtual time limit"});
  }
  for (const ExecutionRecord& rec : s.executions) {
    if (rec.killed) {
      ++r.runs.killed;
      continue;
    }
    if (!rec.result) continue;
    switch (rec.result->outcome) {
      case RunOutcome::kCompleted: ++r.runs.completed; break;
      case RunOutcome::kSkipped: ++r.runs.skipped; break;
      case RunOutcome::kFailed: ++r.runs.failed; break;
    }
    r.pages_created += rec.result->pages_created;
    r.runs.folder_steps_ok += rec.result->processed;
    r.runs.folder_steps_failed += rec.result->failed;
  }
  auto pairs = [](const std::vector<mocks::DsEvent>& events) {
    std::set<std::pair<int, ExecutionId>> seen;
    std::map<int, int> per_ds;
    for (const mocks::DsEvent& ev : events) {
      if (seen.insert({ev.data_source, ev.execution}).second) ++per_ds[ev.data_source];
    }
    for (const auto& [ds, count] : per_ds) {
      if (count > 1) return true;
    }
    return false;
  };
  auto set = [&r](Probe p, bool v) { r.probes[static_cast<int>(p)] = r.probes[static_cast<int>(p)] || v; };
  set(Probe::kBothListedNone, pairs(s.log.none_found()));
  std::map<int, int> creates;
  for (const mocks::DsEvent& ev : s.log.created()) ++creates[ev.data_source];
  set(Probe::kCreatedTwice, std::any_of(creates.begin(), creates.end(),
                                        [](const auto& kv) { return kv.second > 1; }));
  set(Probe::kFolderLockTimedOut, s.log.folder_lock_timeouts() > 0);
  set(Probe::kRunSkipped, s.log.runs_skipped() > 0);
  set(Probe::kListingHidChild, s.drive.hidden_by_lag() > 0);
  set(Probe::kConsolidationRan, !s.log.consolidated().empty());
  set(Probe::kConcurrentConsolidation, pairs(s.log.consolidated()));
  set(Probe::kFolderDeferred, s.log.deferred() > 0);
  set(Probe::kExecutionKilled, r.runs.killed > 0);
  set(Probe::kPageKeyFound, s.log.page_keys_found() > 0);
  set(Probe::kPageKeyDeduplicated, s.log.page_keys_deduplicated() > 0);
  set(Probe::kKeyedLockWaited, s.keyed_lock_waits > 0);
}

}  // namespace lockstep::harness
