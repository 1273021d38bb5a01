#include "harness/explore/shrink.h"

#include <algorithm>
#include <chrono>
#include <functional>

#include <fmt/format.h>

#include "harness/runtime/dfs_strategy.h"
#include "harness/simulation/simulation.h"

namespace lockstep::harness {
namespace {

using SteadyClock = std::chrono::steady_clock;

bool HasKind(const ScheduleResult& r, const std::string& kind) {
  return std::any_of(r.violations.begin(), r.violations.end(),
                     [&](const Violation& v) { return v.kind == kind; });
}

std::string FaultList(const Scenario& s) {
  std::vector<std::string> f;
  if (s.drive.lag_max > Duration(0)) f.push_back("listing lag");
  if (s.drive_latency.max > Duration(0)) f.push_back("latency");
  for (const mocks::FaultRule& rule : s.drive_faults.rules) f.push_back(FaultRuleLabel(rule));
  if (s.lock.try_lock_error_per_million > 0) f.push_back("tryLock errors");
  if (s.drive.move_touches_parents) f.push_back("moves touch parents");
  if (s.drive.list_includes_trashed) f.push_back("lists trashed");
  std::string out;
  for (const std::string& x : f) out += (out.empty() ? "" : ", ") + x;
  return out.empty() ? "none" : out;
}

ShrinkSize SizeOf(const Scenario& s, const ScheduleResult& r) {
  return ShrinkSize{s.ExecutionCount(), s.data_source_count, r.end.preemptions, r.end.steps,
                    FaultList(s)};
}

struct Found {
  uint64_t seed;
  std::vector<ExecutionId> choices;
  ScheduleResult result;
};

class Shrinker {
 public:
  Shrinker(const ShrinkOptions& options, std::string kind)
      : options_(options), kind_(std::move(kind)), start_(SteadyClock::now()) {}

  bool OutOfTime() const {
    if (options_.stop != nullptr && options_.stop->load()) return true;
    return options_.time_budget_s > 0 &&
           std::chrono::duration<double>(SteadyClock::now() - start_).count() > options_.time_budget_s;
  }
  bool OutOfWork() const { return tried_ >= options_.candidates_max || OutOfTime(); }

  // A failing schedule of the kind for `sc`, with at most `max_preemptions` preemptions if DFS
  // finds one (bounds raised from 0), else from random schedules.
  std::optional<Found> Search(const Scenario& sc, uint64_t seed, int max_preemptions) {
    ++tried_;
    Simulation sim(sc);
    for (int bound = 0; bound <= max_preemptions && !OutOfTime(); ++bound) {
      DfsStrategy dfs(bound);
      sim.set_strategy(&dfs);
      int64_t classes = 0;
      do {
        ScheduleResult r = sim.RunSchedule(seed, false);
        if (r.end.abandoned) continue;
        ++classes;
        if (HasKind(r, kind_)) return Found{seed, sim.choices(), std::move(r)};
      } while (classes < options_.classes_per_search && dfs.NextSchedule() && !OutOfTime());
      if (dfs.exhausted() && !dfs.bound_pruned()) break;  // raising the bound adds nothing
    }
    sim.set_strategy(nullptr);
    for (int i = 0; i < options_.random_schedules && !OutOfTime(); ++i) {
      ScheduleResult r = sim.RunSchedule(seed + static_cast<uint64_t>(i), false);
      if (HasKind(r, kind_)) return Found{seed + static_cast<uint64_t>(i), sim.choices(), std::move(r)};
    }
    return std::nullopt;
  }

  int tried() const { return tried_; }

 private:
  ShrinkOptions options_;
  std::string kind_;
  SteadyClock::time_point start_;
  int tried_ = 0;
};

Scenario WithoutExecution(Scenario s, size_t i) {
  s.executions.starts.erase(s.executions.starts.begin() + static_cast<long>(i));
  s.executions.deployment_of.erase(s.executions.deployment_of.begin() + static_cast<long>(i));
  return s;
}

Scenario WithoutDataSource(Scenario s, int j) {
  s.ids.erase(s.ids.begin() + j);
  s.titles.erase(s.titles.begin() + j);
  s.data_source_count -= 1;
  std::vector<SeededDuplicates> kept;
  for (SeededDuplicates d : s.duplicates) {
    if (d.data_source == j) continue;
    if (d.data_source > j) --d.data_source;
    kept.push_back(d);
  }
  s.duplicates = kept;
  return s;
}

// Every one-step reduction of `s`, smallest effect last.
std::vector<std::pair<std::string, Scenario>> Reductions(const Scenario& s) {
  std::vector<std::pair<std::string, Scenario>> out;
  for (size_t i = s.executions.starts.size(); i-- > 0 && s.executions.starts.size() > 1;) {
    out.emplace_back(fmt::format("dropped execution E{}", i), WithoutExecution(s, i));
  }
  for (int j = s.data_source_count; j-- > 0 && s.data_source_count > 1;) {
    out.emplace_back(fmt::format("dropped data source {} ({})", j, s.titles[j]), WithoutDataSource(s, j));
  }
  auto variant = [&](const std::string& what, const std::function<bool(Scenario&)>& change) {
    Scenario c = s;
    if (change(c)) out.emplace_back(what, std::move(c));
  };
  variant("removed the listing lag", [](Scenario& c) {
    if (c.drive.lag_max <= Duration(0)) return false;
    c.drive.lag_min = c.drive.lag_max = Duration(0);
    return true;
  });
  for (size_t i = 0; i < s.drive_faults.rules.size(); ++i) {
    variant("removed the fault " + FaultRuleLabel(s.drive_faults.rules[i]), [i](Scenario& c) {
      if (i >= c.drive_faults.rules.size()) return false;
      c.drive_faults.rules.erase(c.drive_faults.rules.begin() + static_cast<std::ptrdiff_t>(i));
      return true;
    });
  }
  variant("removed tryLock errors", [](Scenario& c) {
    if (c.lock.try_lock_error_per_million == 0) return false;
    c.lock = {};
    return true;
  });
  variant("removed the log set-up before the lock", [](Scenario& c) {
    if (!c.core.init_logs || c.executions.entry != Entry::kRun) return false;
    c.core.init_logs = false;
    return true;
  });
  variant("removed call latency", [](Scenario& c) {
    if (c.drive_latency.max <= Duration(0)) return false;
    c.drive_latency = {};
    return true;
  });
  variant("stopped listing trashed children", [](Scenario& c) {
    if (!c.drive.list_includes_trashed) return false;
    c.drive.list_includes_trashed = false;
    return true;
  });
  return out;
}

}  // namespace

Scenario PinScenario(const Scenario& scenario, uint64_t seed) {
  Scenario s = scenario;
  const ExecutionPlan& plan = scenario.executions;
  s.executions.starts = Simulation::ExecutionStarts(plan, seed);
  s.executions.deployment_of.clear();
  for (size_t i = 0; i < s.executions.starts.size(); ++i) {
    s.executions.deployment_of.push_back(DeploymentOf(plan, static_cast<int>(i)));
  }
  s.executions.jitter = Duration(0);
  s.executions.cadence = Duration(0);
  s.executions.cadence_count = 0;
  s.executions.cadence_phases.clear();
  s.executions.manual.clear();
  s.ids.clear();
  s.titles.clear();
  for (const DataSource& ds : Simulation::DataSources(scenario)) {
    s.ids.push_back(ds.id);
    s.titles.push_back(ds.title);
  }
  return s;
}

std::optional<ShrinkResult> Shrink(const Scenario& scenario, const FailingSchedule& failure,
                                   const ShrinkOptions& options) {
  if (failure.result.violations.empty()) return std::nullopt;
  ShrinkResult out;
  out.kind = failure.result.violations.front().kind;
  out.before = SizeOf(scenario, failure.result);
  Shrinker shrinker(options, out.kind);
  Scenario current = PinScenario(scenario, failure.result.seed);
  current.name = scenario.name + "-shrunk";
  Found best{failure.result.seed, failure.choices, failure.result};
  {  // the pinned scenario must replay the failure as it is
    ReplayOutcome check = ReplaySchedule(current, best.seed, best.choices);
    if (check.diverged || !HasKind(check.result, out.kind)) return std::nullopt;
  }
  bool progress = true;
  while (progress && !shrinker.OutOfWork()) {
    progress = false;
    for (auto& [what, candidate] : Reductions(current)) {
      if (shrinker.OutOfWork()) break;
      const int bound = static_cast<int>(std::min<int64_t>(best.result.end.preemptions,
                                                           options.preemption_bound_max));
      std::optional<Found> f = shrinker.Search(candidate, best.seed, bound);
      if (!f) continue;
      current = std::move(candidate);
      best = std::move(*f);
      out.reductions.push_back(what);
      progress = true;
      break;
    }
  }
  if (!shrinker.OutOfTime() && best.result.end.preemptions > 0) {  // the fewest preemptions
    std::optional<Found> f =
        shrinker.Search(current, best.seed, static_cast<int>(best.result.end.preemptions) - 1);
    if (f && f->result.end.preemptions < best.result.end.preemptions) {
      out.reductions.push_back(fmt::format("preemptions {} -> {}", best.result.end.preemptions,
                                           f->result.end.preemptions));
      best = std::move(*f);
    }
  }
  out.budget_exhausted = shrinker.OutOfTime();
  out.candidates_tried = shrinker.tried();
  ReplayOutcome traced = ReplaySchedule(current, best.seed, best.choices);
  out.scenario = std::move(current);
  out.seed = best.seed;
  out.choices = std::move(best.choices);
  out.result = traced.result;
  out.trace = std::move(traced.trace);
  out.after = SizeOf(out.scenario, out.result);
  return out;
}

std::string SequenceDiagram(const std::vector<TraceRecord>& trace, int executions) {
  constexpr size_t kWidth = 44;
  auto cell = [](std::string text) {
    if (text.size() > kWidth - 2) text = text.substr(0, kWidth - 5) + "...";
    return text + std::string(kWidth - text.size(), ' ');
  };
  std::string out = fmt::format("{:>9} ", "t (ms)");
  for (int e = 0; e < executions; ++e) out += "| " + cell(fmt::format("E{}", e));
  out += "\n";
  out += std::string(10, '-');
  for (int e = 0; e < executions; ++e) out += "+" + std::string(kWidth + 1, '-');
  out += "\n";
  for (const TraceRecord& t : trace) {
    const bool seam = t.IsSeamStep() || t.call == "log.warn" || t.call == "log.error";
    if (!seam || t.execution < 0 || t.execution >= executions) continue;
    std::string result = t.result;
    if (const size_t bracket = result.find(" ["); bracket != std::string::npos && bracket < 6) {
      result = result.substr(0, bracket);  // listing: the count is enough here
    }
    std::string text = t.call;
    if (t.call == "log.warn" || t.call == "log.error") text = t.args.substr(0, t.args.find(' '));
    else if (!result.empty()) text += " -> " + result;
    out += fmt::format("{:>9} ", (t.time - Simulation::Epoch()).count());
    for (int e = 0; e < executions; ++e) out += "| " + cell(e == t.execution ? text : "");
    out += "\n";
  }
  return out;
}

}  // namespace lockstep::harness
