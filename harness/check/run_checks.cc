// Run checkers: the rotation pointer (the same batch twice, lost advances, skipped data sources) and
// the script lock (statistics, mutual exclusion).
#include "harness/check/internal/checks.h"

#include <algorithm>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "src/rotation_state.h"

namespace lockstep::harness::internal {

void CheckRotation(const EndState& s, ScheduleResult& r) {
  // Whole runs keep a rotation pointer: the C++ port's run, and a real Apps Script project's.
  if (s.scenario.executions.entry != Entry::kRun && s.scenario.executions.entry != Entry::kGas) return;
  const std::string& key = s.scenario.core.rotation_key;
  for (const mocks::LostUpdate& lu : s.properties.lost_updates()) {
    if (lu.key != key) continue;
    r.violations.push_back(Violation{
        "lost-advance", {},
        fmt::format("{} wrote the rotation pointer of deployment {} at {} having read version {}, "
                    "but it was at version {}: an advance was lost",
                    ExecName(lu.execution), lu.deployment, Ms(s, lu.time), lu.seen_version,
                    lu.current_version)});
    break;
  }
  // The same batch twice: two executions read the same pointer version and both processed it. The
  // read a run acts on is its first read of the pointer by key: the port reads it once (a
  // compare-and-set reads it again at the end); a real project may also have read it with every
  // other property (getProperties() at load, before its guard), which only counts when the run never
  // read the key itself.
  const std::vector<mocks::PropertyRead>& all = s.properties.tracked_reads();
  std::map<ExecutionId, size_t> acted_on;  // execution -> index of that read (in time order)
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].key != key) continue;
    auto [it, inserted] = acted_on.emplace(all[i].execution, i);
    if (!inserted && all[it->second].bulk && !all[i].bulk) it->second = i;  // the first read by key wins
  }
  std::vector<size_t> order;
  for (const auto& [e, i] : acted_on) order.push_back(i);
  std::sort(order.begin(), order.end());
  std::map<std::pair<int, int>, ExecutionId> first_reader;
  for (const size_t i : order) {
    const mocks::PropertyRead& rd = all[i];
    // A killed run's batch is retried by the next run by design; only finished runs count.
    if (!s.log.processed_any(rd.execution) || s.executions[rd.execution].killed) continue;
    auto [it, inserted] = first_reader.emplace(std::pair(rd.deployment, rd.version), rd.execution);
    if (!inserted) {
      r.violations.push_back(Violation{
          "rotation", {},
          fmt::format("{} and {} both read rotation pointer version {} of deployment {} and "
                      "processed the same batch",
                      ExecName(it->second), ExecName(rd.execution), rd.version, rd.deployment)});
      break;
    }
  }
}

// A deployment whose pointer finished a cycle has processed every data source in it (none skipped
// by an early stop, a failure or a shifting discovery order).
void CheckCycles(const EndState& s, ScheduleResult& r) {
  // Whole runs keep a rotation pointer: the C++ port's run, and a real Apps Script project's.
  if (s.scenario.executions.entry != Entry::kRun && s.scenario.executions.entry != Entry::kGas) return;
  for (int d = 0; d < s.scenario.executions.deployments; ++d) {
    const std::optional<std::string> v = s.properties.Peek(d, s.scenario.core.rotation_key);
    if (!v || ParseRotationState(*v).cycle < 1) continue;
    std::vector<char> done(s.data_sources.size(), 0);
    for (const mocks::DsEvent& ev : s.log.done()) {
      if (ev.execution >= 0 && static_cast<size_t>(ev.execution) < s.executions.size() &&
          s.executions[ev.execution].deployment == d) {
        done[ev.data_source] = 1;
      }
    }
    for (size_t i = 0; i < done.size(); ++i) {
      if (done[i]) continue;
      r.violations.push_back(Violation{
          "rotation-skipped", {s.data_sources[i].id},
          fmt::format("deployment {} finished a rotation cycle without processing data source {}", d, s.data_sources[i].id)});
      return;
    }
  }
}

void CollectLockStats(const EndState& s, ScheduleResult& r) {
  for (const mocks::LockEvent& ev : s.locks.events()) {
    switch (ev.kind) {
      case mocks::LockEvent::Kind::kAttempt: ++r.locks.attempts; break;
      case mocks::LockEvent::Kind::kAcquire: {
        ++r.locks.acquired;
        const int64_t w = ev.waited.count();
        r.locks.wait_ms_sum += w;
        r.locks.wait_ms_max = std::max(r.locks.wait_ms_max, w);
        r.locks.wait_histogram[w == 0 ? 0 : w <= 1000 ? 1 : w <= 8000 ? 2 : 3]++;
        if (ev.contended) r.probes[static_cast<int>(Probe::kLockContended)] = true;
        break;
      }
      case mocks::LockEvent::Kind::kTimeout:
        ++r.locks.timed_out;
        r.probes[static_cast<int>(Probe::kLockContended)] = true;
        break;
      case mocks::LockEvent::Kind::kError: ++r.locks.errors; break;
      case mocks::LockEvent::Kind::kAutoRelease: ++r.locks.auto_released; break;
      default: break;
    }
  }
  for (const mocks::MutualExclusionViolation& v : s.locks.violations()) {
    r.violations.push_back(Violation{
        "mutual-exclusion", {},
        fmt::format("{} acquired the {} lock of deployment {} at {} while {} still held it by its "
                    "own account (it had not released it)",
                    ExecName(v.intruder), mocks::LockScopeName(v.key.scope), v.key.deployment,
                    Ms(s, v.time), ExecName(v.believer))});
    break;
  }
}

}  // namespace lockstep::harness::internal
