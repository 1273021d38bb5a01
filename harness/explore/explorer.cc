#include "harness/explore/explorer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "harness/explore/shrink.h"
#include "harness/runtime/dfs_strategy.h"

namespace lockstep::harness {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kPctPilotSchedules = 10;

// Shared by the workers of one exploration and the progress printer.
struct Shared {
  Clock::time_point start = Clock::now();
  double budget_s = 0;
  const std::atomic<bool>* stop = nullptr;  // ExploreOptions::stop
  std::atomic<int64_t> done{0};
  std::atomic<int64_t> failing{0};
  std::atomic<bool> out_of_time{false};
  std::atomic<bool> interrupted{false};
  std::atomic<bool> bad_input{false};  // a schedule could not run: stop everything
  std::atomic<int> finished{0};  // workers done
  std::mutex finished_mu;        // with finished_cv: the watcher wakes when the last worker ends
  std::condition_variable finished_cv;
  void WorkerFinished() {
    std::lock_guard<std::mutex> lock(finished_mu);
    ++finished;
    finished_cv.notify_all();
  }
  // Sleeps up to `ms`, or until every one of `workers` has finished; true then.
  bool WaitFinished(int workers, int64_t ms) {
    std::unique_lock<std::mutex> lock(finished_mu);
    return finished_cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return finished.load() >= workers; });
  }
  // Checkpoints: each worker publishes where it stands about every publish_s seconds.
  double publish_s = 0;  // 0: no checkpoints
  std::mutex slots_mu;
  ExploreProgress slots;
  bool OutOfTime() {
    if (bad_input) return true;
    if (stop != nullptr && stop->load()) {
      interrupted = true;
      return true;
    }
    if (budget_s <= 0) return false;
    if (std::chrono::duration<double>(Clock::now() - start).count() >= budget_s) out_of_time = true;
    return out_of_time;
  }
  // True when worker progress is due for publishing (then `last` restarts).
  bool PublishDue(Clock::time_point& last) {
    if (publish_s <= 0) return false;
    const Clock::time_point now = Clock::now();
    if (std::chrono::duration<double>(now - last).count() < publish_s) return false;
    last = now;
    return true;
  }
  void Publish(size_t worker, const WorkerProgress& p) {
    std::lock_guard<std::mutex> lock(slots_mu);
    slots.workers[worker] = p;
  }
  ExploreProgress Snapshot() {
    std::lock_guard<std::mutex> lock(slots_mu);
    return slots;
  }
};

bool Earlier(const FailingSchedule& a, const FailingSchedule& b, ExplorationStrategy s) {
  if (s == ExplorationStrategy::kDfs) {
    return std::lexicographical_compare(a.choices.begin(), a.choices.end(), b.choices.begin(),
                                        b.choices.end());
  }
  return a.index < b.index;
}

void NoteFailure(ScenarioSummary& part, const ScheduleResult& r, const Simulation& sim, int64_t index) {
  if (r.violations.empty()) return;
  FailingSchedule f{r, sim.choices(), index};
  if (!part.first_failure || Earlier(f, *part.first_failure, part.strategy)) {
    part.first_failure = std::move(f);
  }
}

// Random or PCT: schedule i (seed + i) for every i of this worker's share, from wp.next_index on
// (its share's first index, or where a checkpoint left it) in steps of `stride`.
void RunIndexed(const Scenario& sc, WorkerProgress& wp, size_t worker, int64_t stride, int64_t pct_k,
                Shared& shared) {
  ScenarioSummary& part = wp.part;
  Simulation sim(sc);
  PctStrategy pct(part.pct_depth, pct_k);
  if (part.strategy == ExplorationStrategy::kPct) sim.set_strategy(&pct);
  Clock::time_point last = Clock::now();
  for (int64_t i = wp.next_index; i < part.schedules; i += stride) {
    if (shared.OutOfTime()) break;
    ScheduleResult r = sim.RunSchedule(part.seed + static_cast<uint64_t>(i), false);
    if (!r.bad_input.empty()) {
      part.bad_input = r.bad_input;
      shared.bad_input = true;
      return;
    }
    part.Accumulate(r);
    ++part.explored;
    if (!r.violations.empty()) ++shared.failing;
    NoteFailure(part, r, sim, i);
    ++shared.done;
    wp.next_index = i + stride;
    if (shared.PublishDue(last)) shared.Publish(worker, wp);
  }
  wp.done = wp.next_index >= part.schedules;
}

// DFS over this worker's share of the choice tree, from the start or from wp.dfs_state.
void RunDfs(const Scenario& sc, WorkerProgress& wp, size_t worker, int share, int shares, int64_t budget,
            Shared& shared) {
  ScenarioSummary& part = wp.part;
  if (wp.done) return;
  Simulation sim(sc);
  DfsStrategy dfs(part.preemption_bound);
  dfs.set_shard(share, shares, kDfsShardDepth);
  if (!wp.dfs_state.empty() && !dfs.RestoreState(wp.dfs_state)) {
    part.bad_input = "the checkpoint's search state is not one this build writes";
    shared.bad_input = true;
    return;
  }
  sim.set_strategy(&dfs);
  Clock::time_point last = Clock::now();
  for (;;) {
    if (shared.OutOfTime()) break;
    ScheduleResult r = sim.RunSchedule(part.seed, false);
    if (!r.bad_input.empty()) {
      part.bad_input = r.bad_input;
      shared.bad_input = true;
      return;
    }
    const bool owned = dfs.Owns(sim.choices());
    if (r.end.abandoned || !owned) {
      // A redundant branch is counted by the share that owns its choices, so that the shares'
      // counts add up to one run's; the branches of other shares are not counted at all.
      if (r.end.abandoned && owned) ++part.dfs_pruned;
    } else {
      part.Accumulate(r);
      ++part.explored;
      if (!r.violations.empty()) ++shared.failing;
      NoteFailure(part, r, sim, wp.dfs_position++);
      ++shared.done;
    }
    if (part.explored >= budget || !dfs.NextSchedule()) {
      wp.done = true;
      break;
    }
    if (shared.PublishDue(last)) {
      part.dfs_exhausted = dfs.exhausted();
      part.dfs_bound_pruned = dfs.bound_pruned();
      wp.dfs_state = dfs.SaveState();
      shared.Publish(worker, wp);
    }
  }
  wp.dfs_state = dfs.SaveState();
  part.dfs_exhausted = dfs.exhausted();
  part.dfs_bound_pruned = dfs.bound_pruned();
  if (part.nondeterminism.empty()) part.nondeterminism = dfs.nondeterminism();
}

int64_t PctStepsEstimate(const Scenario& sc, uint64_t seed) {
  Simulation sim(sc);
  int64_t k = 1;
  for (int i = 0; i < kPctPilotSchedules; ++i) {
    const ScheduleResult r = sim.RunSchedule(seed + static_cast<uint64_t>(i), false);
    if (!r.bad_input.empty()) break;  // the exploration reports it
    k = std::max(k, r.end.steps);
  }
  return k;
}

void PrintProgress(const ScenarioSummary& s, Shared& shared, bool live, bool final) {
  const double elapsed = std::chrono::duration<double>(Clock::now() - shared.start).count();
  const int64_t done = shared.done.load();
  const double rate = elapsed > 0 ? done / elapsed : 0;
  std::string left;
  if (s.strategy != ExplorationStrategy::kDfs && rate > 0) {
    const int64_t share = (s.schedules + s.shard_count - 1) / s.shard_count;
    left = fmt::format(", {:.1f} s left", std::max<double>(0, (share - done) / rate));
  }
  if (shared.budget_s > 0) left += fmt::format(" (budget {:.0f} s)", shared.budget_s);
  const std::string line =
      fmt::format("{}: {} schedules, {:.0f}/s, {} with a violation, {:.1f} s{}",
                  s.scenario->name, done, rate, shared.failing.load(), elapsed, left);
  if (live) {
    std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

void CheckTri(ScenarioSummary& s, std::string what, Expectation e, int64_t hits) {
  if (e == Expectation::kAny) return;
  ExpectationCheck c{std::move(what), std::string(ExpectationName(e)),
                     fmt::format("{} of {} schedules", hits, s.schedules)};
  c.ok = e == Expectation::kNone ? hits == 0 : hits > 0;
  s.checks.push_back(std::move(c));
}

void EvaluateExpect(ScenarioSummary& s) {
  const Expect& x = s.scenario->ExpectFor();
  auto by = [&s](const char* kind) {
    auto it = s.schedules_by_violation.find(kind);
    return it == s.schedules_by_violation.end() ? int64_t{0} : it->second;
  };
  const std::vector<TriExpectation>& all = TriExpectations();
  for (size_t i = 0; i < all.size(); ++i) {
    const TriExpectation& t = all[i];
    CheckTri(s, t.key, x.*t.member, *t.violation == '\0' ? s.schedules_with_missing : by(t.violation));
    if (i > 0) continue;
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
  }
  if (!s.nondeterminism.empty()) {
    s.checks.push_back(ExpectationCheck{"determinism", "replays match", s.nondeterminism, false});
  }
  s.expect_ok = true;
  for (const ExpectationCheck& c : s.checks) s.expect_ok = s.expect_ok && c.ok;
}

}  // namespace

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

void ScenarioSummary::Accumulate(const ScheduleResult& r) {
  if (!r.violations.empty()) ++schedules_with_violation;
  std::set<std::string> kinds;
  for (const Violation& v : r.violations) kinds.insert(v.kind);
  for (const std::string& k : kinds) ++schedules_by_violation[k];
  duplicate_data_sources += r.duplicate_data_sources;
  exact_duplicate_sets += r.exact_duplicate_sets;
  suffix_duplicate_sets += r.suffix_duplicate_sets;
  missing_folders += r.missing_folders;
  if (r.missing_folders > 0) ++schedules_with_missing;
  files_in_trashed_folders += r.files_in_trashed_folders;
  duplicate_pages += r.duplicate_pages;
  duplicate_files += r.duplicate_files;
  pages_created += r.pages_created;
  for (size_t b = 0; b < extra_folders.size(); ++b) {
    extra_folders[b] += r.extra_folders[b];
    extra_csvs[b] += r.extra_csvs[b];
  }
  steps += r.end.steps;
  decisions += r.end.decisions;
  preemptions += r.end.preemptions;
  virtual_ms += (r.end.end_time - Simulation::Epoch()).count();
  runs.Add(r.runs);
  locks.Add(r.locks);
  calls.Add(r.calls);
  for (int p = 0; p < kProbeCount; ++p) probe_hits[p] += r.probes[p] ? 1 : 0;
}

void ScenarioSummary::Merge(const ScenarioSummary& o) {
  explored += o.explored;
  schedules_with_violation += o.schedules_with_violation;
  for (const auto& [k, v] : o.schedules_by_violation) schedules_by_violation[k] += v;
  duplicate_data_sources += o.duplicate_data_sources;
  exact_duplicate_sets += o.exact_duplicate_sets;
  suffix_duplicate_sets += o.suffix_duplicate_sets;
  missing_folders += o.missing_folders;
  schedules_with_missing += o.schedules_with_missing;
  files_in_trashed_folders += o.files_in_trashed_folders;
  duplicate_pages += o.duplicate_pages;
  duplicate_files += o.duplicate_files;
  pages_created += o.pages_created;
  for (size_t b = 0; b < extra_folders.size(); ++b) {
    extra_folders[b] += o.extra_folders[b];
    extra_csvs[b] += o.extra_csvs[b];
  }
  steps += o.steps;
  decisions += o.decisions;
  preemptions += o.preemptions;
  virtual_ms += o.virtual_ms;
  runs.Add(o.runs);
  locks.Add(o.locks);
  calls.Add(o.calls);
  for (int p = 0; p < kProbeCount; ++p) probe_hits[p] += o.probe_hits[p];
  dfs_pruned += o.dfs_pruned;
  dfs_exhausted = dfs_exhausted && o.dfs_exhausted;
  dfs_bound_pruned = dfs_bound_pruned || o.dfs_bound_pruned;
  if (nondeterminism.empty()) nondeterminism = o.nondeterminism;
  if (bad_input.empty()) bad_input = o.bad_input;
  if (o.first_failure && (!first_failure || Earlier(*o.first_failure, *first_failure, strategy))) {
    first_failure = o.first_failure;
  }
}

double ScenarioSummary::DuplicateRate() const {
  const double denom = static_cast<double>(schedules) * scenario->data_source_count;
  return denom > 0 ? static_cast<double>(duplicate_data_sources) / denom : 0.0;
}

double ScenarioSummary::ViolationShare() const {
  return schedules > 0 ? static_cast<double>(schedules_with_violation) / schedules : 0.0;
}

std::string ScenarioSummary::ReproCommand() const {
  if (!first_failure || black_box) return {};  // a program's run is not a seed's
  const uint64_t s = seed + static_cast<uint64_t>(first_failure->index);
  switch (strategy) {
    case ExplorationStrategy::kRandom:
      if (scenario->mode != RunMode::kSim) {  // real time: the same inputs, not the same interleaving
        return fmt::format("lockstep run {} --mode {} --time-scale {} --seed {} --schedules 1", scenario->file,
                           RunModeName(scenario->mode), scenario->time_scale, s);
      }
      return fmt::format("lockstep run {} --strategy random --seed {} --schedules 1", scenario->file, s);
    case ExplorationStrategy::kPct:
      return fmt::format("lockstep run {} --strategy pct --depth {} --pct-k {} --seed {} --schedules 1",
                         scenario->file, pct_depth, pct_k, s);
    case ExplorationStrategy::kDfs:
      break;
  }
  return {};  // a DFS schedule is named by its choices: replay its trace file
}

ReplayOutcome ReplaySchedule(const Scenario& scenario, uint64_t seed,
                             const std::vector<ExecutionId>& choices) {
  Simulation sim(scenario);
  ReplayStrategy replay(choices);
  sim.set_strategy(&replay);
  ReplayOutcome out;
  out.result = sim.RunSchedule(seed, /*tracing=*/true);
  out.trace = sim.trace();
  out.diverged = replay.diverged() || !replay.consumed_all();
  out.divergence = replay.diverged() ? replay.divergence()
                   : replay.consumed_all() ? std::string()
                                           : "the schedule ended before every recorded choice was used";
  return out;
}

ScenarioSummary BlackBoxSummary(const Scenario& sc, const std::vector<ScheduleResult>& rounds, uint64_t seed) {
  ScenarioSummary s;
  s.scenario = &sc;
  s.black_box = true;
  s.strategy = ExplorationStrategy::kRandom;
  s.seed = seed;
  for (size_t i = 0; i < rounds.size(); ++i) {
    const ScheduleResult& r = rounds[i];
    if (s.bad_input.empty()) s.bad_input = r.bad_input;
    s.Accumulate(r);
    ++s.explored;
    if (!r.violations.empty() && !s.first_failure) s.first_failure = FailingSchedule{r, {}, static_cast<int64_t>(i)};
  }
  s.schedules = static_cast<int>(s.explored);
  s.schedules_requested = s.schedules;
  EvaluateExpect(s);
  return s;
}

bool ExploreProgress::Done() const {
  return std::all_of(workers.begin(), workers.end(), [](const WorkerProgress& w) { return w.done; });
}

ScenarioSummary ExplorationBase(const Scenario& sc, const ExploreOptions& options) {
  ScenarioSummary s;
  s.scenario = &sc;
  const bool real = sc.mode != RunMode::kSim;
  // Real time decides the interleavings in the real modes: schedules are seeds (start jitter,
  // latencies, faults), explored as random ones, and cannot be replayed or shrunk.
  s.strategy = real ? ExplorationStrategy::kRandom : options.strategy.value_or(sc.strategy);
  s.seed = options.seed.value_or(sc.seed);
  s.schedules = options.schedules.value_or(real ? std::min(sc.schedules, kRealModeSchedulesDefault) : sc.schedules);
  s.pct_depth = options.pct_depth.value_or(sc.pct_depth);
  s.preemption_bound = options.preemption_bound.value_or(sc.preemption_bound);
  s.shard_index = options.shard_index;
  s.shard_count = std::max(1, options.shard_count);
  s.workers = options.resume != nullptr ? std::max<int>(1, static_cast<int>(options.resume->workers.size()))
                                        : std::max(1, options.workers);
  s.dfs_exhausted = s.strategy == ExplorationStrategy::kDfs;
  if (s.strategy == ExplorationStrategy::kPct) {
    s.pct_k = options.pct_k.value_or(0);
    s.pct_n = sc.ExecutionCount();
  }
  return s;
}

ScenarioSummary Explore(const Scenario& sc, const ExploreOptions& options) {
  ScenarioSummary s = ExplorationBase(sc, options);
  if (s.strategy == ExplorationStrategy::kPct && !options.pct_k) s.pct_k = PctStepsEstimate(sc, s.seed);
  // Each worker's starting point: its share's beginning, or where the checkpoint left it (the
  // counters summed onto a fresh part, which carries this exploration's settings).
  std::vector<WorkerProgress> workers(static_cast<size_t>(s.workers));
  for (int w = 0; w < s.workers; ++w) {
    WorkerProgress& wp = workers[static_cast<size_t>(w)];
    wp.part = s;
    wp.next_index = s.shard_index * s.workers + w;
    if (options.resume != nullptr && static_cast<size_t>(w) < options.resume->workers.size()) {
      const WorkerProgress& saved = options.resume->workers[static_cast<size_t>(w)];
      wp.next_index = saved.next_index;
      wp.dfs_position = saved.dfs_position;
      wp.dfs_state = saved.dfs_state;
      wp.done = saved.done;
      wp.part.Merge(saved.part);
    }
  }
  Shared shared;
  shared.budget_s = options.time_budget_s;
  shared.stop = options.stop;
  const bool checkpoints = static_cast<bool>(options.checkpoint);
  if (checkpoints) {
    shared.publish_s = std::max(0.01, options.checkpoint_interval_s / 4);
    shared.slots.workers = workers;
  }
  std::vector<std::thread> threads;
  const int64_t stride = static_cast<int64_t>(s.shard_count) * s.workers;
  for (int w = 0; w < s.workers; ++w) {
    threads.emplace_back([&, w] {
      WorkerProgress& wp = workers[static_cast<size_t>(w)];
      const int share = s.shard_index * s.workers + w;
      if (s.strategy == ExplorationStrategy::kDfs) {
        // The budget of classes is the whole exploration's: each share of the tree gets its part.
        const int64_t shares = static_cast<int64_t>(s.shard_count) * s.workers;
        const int64_t budget = (s.schedules + shares - 1) / shares;
        RunDfs(sc, wp, static_cast<size_t>(w), share, s.shard_count * s.workers, budget, shared);
      } else {
        RunIndexed(sc, wp, static_cast<size_t>(w), stride, s.pct_k, shared);
      }
      shared.WorkerFinished();
    });
  }
  if (options.progress != ProgressMode::kOff || checkpoints) {
    const bool live = options.progress == ProgressMode::kLive;
    auto last = Clock::now();
    auto last_checkpoint = last;
    const int64_t tick_ms =
        checkpoints ? std::clamp<int64_t>(static_cast<int64_t>(options.checkpoint_interval_s * 250), 5, 50) : 50;
    while (!shared.WaitFinished(s.workers, tick_ms)) {
      if (options.progress != ProgressMode::kOff &&
          Clock::now() - last >= std::chrono::milliseconds(live ? 250 : 5000)) {
        PrintProgress(s, shared, live, false);
        last = Clock::now();
      }
      if (checkpoints &&
          std::chrono::duration<double>(Clock::now() - last_checkpoint).count() >= options.checkpoint_interval_s) {
        options.checkpoint(s, shared.Snapshot());
        last_checkpoint = Clock::now();
      }
    }
  }
  for (std::thread& t : threads) t.join();
  if (options.progress != ProgressMode::kOff) PrintProgress(s, shared, options.progress == ProgressMode::kLive, true);
  s.wall_seconds = std::chrono::duration<double>(Clock::now() - shared.start).count();
  s.stopped_by_budget = shared.out_of_time.load();
  s.interrupted = shared.interrupted.load();
  auto progress = std::make_shared<ExploreProgress>();
  progress->workers = workers;
  if (checkpoints && !shared.bad_input) options.checkpoint(s, *progress);
  std::vector<const ScenarioSummary*> parts;
  for (const WorkerProgress& wp : workers) parts.push_back(&wp.part);
  ScenarioSummary merged = FinishExploration(sc, s, parts, options);
  merged.progress = std::move(progress);
  return merged;
}

ScenarioSummary FinishExploration(const Scenario& sc, const ScenarioSummary& base,
                                  const std::vector<const ScenarioSummary*>& parts, const ExploreOptions& options) {
  const bool real = sc.mode != RunMode::kSim;
  ScenarioSummary merged = base;
  merged.scenario = &sc;
  merged.dfs_exhausted = base.strategy == ExplorationStrategy::kDfs;
  for (const ScenarioSummary* part : parts) merged.Merge(*part);
  merged.schedules_requested = base.schedules;
  merged.schedules = static_cast<int>(merged.explored);
  if (merged.strategy != ExplorationStrategy::kDfs) merged.dfs_exhausted = false;
  if (merged.strategy == ExplorationStrategy::kPct) {
    const double k = static_cast<double>(std::max<int64_t>(merged.pct_k, 1));
    merged.pct_bound = 1.0 / (std::max(merged.pct_n, 1) * std::pow(k, merged.pct_depth - 1));
  }
  if (!merged.bad_input.empty()) return merged;  // nothing explored means anything
  if (merged.first_failure && real) {
    merged.replay_matched = true;  // not applicable: nothing to replay in real time
  } else if (merged.first_failure) {  // replay it traced: the steps, and a nondeterminism check
    ReplayOutcome again = ReplaySchedule(sc, merged.seed + (merged.strategy == ExplorationStrategy::kDfs
                                                                ? 0
                                                                : static_cast<uint64_t>(merged.first_failure->index)),
                                         merged.first_failure->choices);
    merged.first_failure_trace = std::move(again.trace);
    merged.replay_matched = !again.diverged && SameViolations(merged.first_failure->result, again.result);
    // The same schedule: its whole result (a failure read back from a checkpoint keeps only its
    // violations and counts).
    if (merged.replay_matched) merged.first_failure->result = std::move(again.result);
    if (options.shrink && !merged.interrupted) {
      ShrinkOptions budget;
      budget.candidates_max = sc.shrink.candidates_max;
      budget.classes_per_search = sc.shrink.classes_per_search;
      budget.random_schedules = sc.shrink.random_schedules;
      budget.stop = options.stop;
      std::optional<ShrinkResult> small = Shrink(sc, *merged.first_failure, budget);
      merged.interrupted = options.stop != nullptr && options.stop->load();
      if (small && !merged.interrupted) merged.shrunk = std::make_shared<const ShrinkResult>(std::move(*small));
    }
  }
  if (options.trace_first_schedule) {
    Simulation sim(sc);
    PctStrategy pct(merged.pct_depth, merged.pct_k);
    DfsStrategy dfs(merged.preemption_bound);
    if (merged.strategy == ExplorationStrategy::kPct) sim.set_strategy(&pct);
    if (merged.strategy == ExplorationStrategy::kDfs) sim.set_strategy(&dfs);
    sim.RunSchedule(merged.seed, true);
    merged.first_schedule_trace = sim.trace();
    merged.first_schedule_choices = sim.choices();
  }
  EvaluateExpect(merged);
  return merged;
}

}  // namespace lockstep::harness
