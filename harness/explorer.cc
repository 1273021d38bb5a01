#include "harness/explorer.h"

#include <chrono>
#include <set>

#include <fmt/format.h>

namespace lockstep::harness {
namespace {

void Accumulate(ScenarioSummary& s, const ScheduleResult& r) {
  if (!r.violations.empty()) ++s.schedules_with_violation;
  std::set<std::string> kinds;
  for (const Violation& v : r.violations) kinds.insert(v.kind);
  for (const std::string& k : kinds) ++s.schedules_by_violation[k];
  s.duplicate_data_sources += r.duplicate_data_sources;
  s.exact_duplicate_sets += r.exact_duplicate_sets;
  s.suffix_duplicate_sets += r.suffix_duplicate_sets;
  s.missing_folders += r.missing_folders;
  if (r.missing_folders > 0) ++s.schedules_with_missing;
  s.files_in_trashed_folders += r.files_in_trashed_folders;
  s.steps += r.end.steps;
  s.decisions += r.end.decisions;
  s.virtual_ms += (r.end.end_time - Simulation::Epoch()).count();
  s.runs.Add(r.runs);
  s.locks.Add(r.locks);
  for (int p = 0; p < kProbeCount; ++p) s.probe_hits[p] += r.probes[p] ? 1 : 0;
}

std::string Schedules(int64_t n, int total) { return fmt::format("{} of {} schedules", n, total); }

void CheckTri(ScenarioSummary& s, std::string what, Expectation e, int64_t hits) {
  if (e == Expectation::kAny) return;
  ExpectationCheck c{std::move(what), std::string(ExpectationName(e)), Schedules(hits, s.schedules)};
  c.ok = e == Expectation::kNone ? hits == 0 : hits > 0;
  s.checks.push_back(std::move(c));
}

void EvaluateExpect(ScenarioSummary& s) {
  const Expect& x = s.scenario->expect;
  auto by = [&s](const char* kind) {
    auto it = s.schedules_by_violation.find(kind);
    return it == s.schedules_by_violation.end() ? int64_t{0} : it->second;
  };
  CheckTri(s, "duplicates", x.duplicates, by("duplicate-folders"));
  if (x.duplicate_rate_min || x.duplicate_rate_max) {
    const double rate = s.DuplicateRate();
    ExpectationCheck c{"duplicate_rate", "", fmt::format("{:.4f}", rate)};
    if (x.duplicate_rate_min) c.expected += fmt::format(">= {:.4f}", *x.duplicate_rate_min);
    if (x.duplicate_rate_max) {
      c.expected += fmt::format("{}<= {:.4f}", c.expected.empty() ? "" : " and ", *x.duplicate_rate_max);
    }
    c.ok = (!x.duplicate_rate_min || rate >= *x.duplicate_rate_min) &&
           (!x.duplicate_rate_max || rate <= *x.duplicate_rate_max);
    s.checks.push_back(std::move(c));
  }
  CheckTri(s, "mutex_violations", x.mutex_violations, by("mutual-exclusion"));
  CheckTri(s, "rotation_violations", x.rotation_violations, by("rotation"));
  CheckTri(s, "missing_folders", x.missing_folders, s.schedules_with_missing);
  CheckTri(s, "lost_files", x.lost_files, by("files-in-trash"));
  CheckTri(s, "liveness_failures", x.liveness_failures, by("liveness"));
  s.expect_ok = true;
  for (const ExpectationCheck& c : s.checks) s.expect_ok = s.expect_ok && c.ok;
}

bool SameViolations(const ScheduleResult& a, const ScheduleResult& b) {
  if (a.violations.size() != b.violations.size()) return false;
  for (size_t i = 0; i < a.violations.size(); ++i) {
    if (a.violations[i].kind != b.violations[i].kind ||
        a.violations[i].detail != b.violations[i].detail ||
        a.violations[i].data_sources != b.violations[i].data_sources) {
      return false;
    }
  }
  return a.end.steps == b.end.steps;
}

}  // namespace

double ScenarioSummary::DuplicateRate() const {
  const double denom = static_cast<double>(schedules) * scenario->data_source_count;
  return denom > 0 ? static_cast<double>(duplicate_data_sources) / denom : 0.0;
}

double ScenarioSummary::ViolationShare() const {
  return schedules > 0 ? static_cast<double>(schedules_with_violation) / schedules : 0.0;
}

std::string ScenarioSummary::ReproCommand(uint64_t schedule_seed) const {
  return fmt::format("lockstep run {} --seed {} --schedules 1", scenario->file, schedule_seed);
}

ScenarioSummary Explore(const Scenario& scenario, const ExploreOptions& options) {
  ScenarioSummary s;
  s.scenario = &scenario;
  s.seed = options.seed.value_or(scenario.seed);
  s.schedules = options.schedules.value_or(scenario.schedules);
  Simulation sim(scenario);
  const auto wall_start = std::chrono::steady_clock::now();
  for (int i = 0; i < s.schedules; ++i) {
    const uint64_t seed = s.seed + static_cast<uint64_t>(i);
    const bool trace = i == 0 && options.trace_first_schedule;
    ScheduleResult r = sim.RunSchedule(seed, trace);
    if (trace) s.first_schedule_trace = sim.trace();
    Accumulate(s, r);
    if (!r.violations.empty() && !s.first_failure) s.first_failure = std::move(r);
  }
  s.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (s.first_failure) {  // re-run with tracing: the steps, and a nondeterminism check
    ScheduleResult again = sim.RunSchedule(s.first_failure->seed, /*tracing=*/true);
    s.first_failure_trace = sim.trace();
    s.replay_matched = SameViolations(*s.first_failure, again);
  }
  EvaluateExpect(s);
  return s;
}

}  // namespace lockstep::harness
