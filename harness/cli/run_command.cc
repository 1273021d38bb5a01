// `lockstep run`: explore scenarios, print what was found, write the reports.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "harness/cli/commands.h"
#include "harness/cli/interrupt.h"
#include "harness/explore/explorer.h"
#include "harness/explore/shrink.h"
#include "harness/report/report.h"
#include "harness/report/report_formats.h"
#include "harness/scenario/scenario.h"
#include "mocks/apps_script/runtime/gas_project.h"
#include "src/folder_strategy.h"

namespace lockstep::harness {
namespace {

void PrintSummary(const ScenarioSummary& s) {
  const Scenario& sc = *s.scenario;
  fmt::print("{} [{} / {}{}]: {}\n", sc.name, CodeLabel(sc),
             mocks::ReentrancyName(sc.reentrancy),
             sc.mode == RunMode::kSim ? "" : fmt::format(" / {} mode, time x{}", RunModeName(sc.mode), sc.time_scale),
             s.expect_ok ? "PASS" : "FAIL");
  fmt::print("  {} schedules explored with {} (seed {}{}), {:.0f} schedules/s{}\n", s.schedules,
             ExplorationStrategyName(s.strategy), s.seed,
             s.shard_count > 1 ? fmt::format(", shard {}/{}", s.shard_index, s.shard_count) : "",
             s.wall_seconds > 0 ? s.schedules / s.wall_seconds : 0.0,
             s.stopped_by_budget ? " (stopped by the time budget)"
             : s.interrupted     ? fmt::format(" (interrupted: {} of {})", s.schedules, s.schedules_requested)
                                 : "");
  if (s.strategy == ExplorationStrategy::kPct) {
    fmt::print("  PCT d={} over n={} executions and k={} steps: each schedule finds a depth-{} bug "
               "with probability >= 1/(n*k^(d-1)) = {:.3g}\n",
               s.pct_depth, s.pct_n, s.pct_k, s.pct_depth, s.pct_bound);
  }
  if (s.strategy == ExplorationStrategy::kDfs) {
    const std::string bound = s.preemption_bound >= 0
                                  ? fmt::format(" with at most {} preemptions", s.preemption_bound)
                                  : "";
    if (s.dfs_exhausted) {
      fmt::print("  explored all {} classes of schedules{} ({} redundant branches pruned){}\n",
                 s.schedules, bound, s.dfs_pruned,
                 s.dfs_bound_pruned ? ": a proof within that bound" : ": a proof for this scenario");
    } else {
      fmt::print("  explored {} classes{} and stopped before the end of the tree ({} pruned)\n",
                 s.schedules, bound, s.dfs_pruned);
    }
  }
  fmt::print("  schedules with a violation: {} ({:.2f}%)", s.schedules_with_violation,
             100.0 * s.ViolationShare());
  for (const auto& [k, v] : s.schedules_by_violation) fmt::print("; {} {}", k, v);
  fmt::print("\n  duplicate rate over data sources: {:.2f}%; left without a folder: {}\n",
             100.0 * s.DuplicateRate(), s.missing_folders);
  // The audit's shape, when some data source ended with copies.
  if (s.extra_folders[1] + s.extra_folders[2] + s.extra_folders[3] + s.extra_csvs[1] + s.extra_csvs[2] + s.extra_csvs[3] > 0) {
    fmt::print("  {}\n", AuditShapeText(s));
  }
  fmt::print("  runs: {} completed, {} skipped, {} failed, {} killed\n", s.runs.completed,
             s.runs.skipped, s.runs.failed, s.runs.killed);
  fmt::print("  locks: {} attempts, {} acquired, {} timed out, mean wait {:.0f} ms, max {} ms\n",
             s.locks.attempts, s.locks.acquired, s.locks.timed_out,
             s.locks.acquired ? static_cast<double>(s.locks.wait_ms_sum) / s.locks.acquired : 0.0,
             s.locks.wait_ms_max);
  for (const ExpectationCheck& c : s.checks) {
    fmt::print("  expect {}: {} (observed {}) {}\n", c.what, c.expected, c.observed,
               c.ok ? "ok" : "NOT MET");
  }
  if (s.first_failure) {
    fmt::print("  first failing schedule (seed {}, {} preemptions): {}\n", s.first_failure->result.seed,
               s.first_failure->result.end.preemptions,
               s.first_failure->result.violations.front().detail);
    if (!s.ReproCommand().empty()) fmt::print("  reproduce: {}\n", s.ReproCommand());
    if (!s.replay_matched) fmt::print("  WARNING: the traced replay diverged (nondeterminism)\n");
  }
  if (s.shrunk) {
    fmt::print("  shrunk to {} executions, {} data sources, {} preemptions, {} steps (from {}, {}, {}, {})\n",
               s.shrunk->after.executions, s.shrunk->after.data_sources, s.shrunk->after.preemptions,
               s.shrunk->after.steps, s.shrunk->before.executions, s.shrunk->before.data_sources,
               s.shrunk->before.preemptions, s.shrunk->before.steps);
  }
}

bool ParseShard(const RunArgs& args, int& index, int& count, std::string& error) {
  std::string text;
  if (args.shard) {
    text = *args.shard;
  } else if (const char* i = std::getenv("GTEST_SHARD_INDEX"), *n = std::getenv("GTEST_TOTAL_SHARDS");
             i != nullptr && n != nullptr) {
    text = fmt::format("{}/{}", i, n);
  } else {
    return true;
  }
  if (std::sscanf(text.c_str(), "%d/%d", &index, &count) != 2 || count < 1 || index < 0 || index >= count) {
    error = fmt::format("--shard: expected I/N with 0 <= I < N, got '{}'", text);
    return false;
  }
  return true;
}

void AppendGithubSummary(const std::string& markdown) {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  if (path == nullptr || *path == '\0') return;
  if (std::FILE* f = std::fopen(path, "a")) {
    std::fputs(markdown.c_str(), f);
    std::fclose(f);
  }
}

}  // namespace

bool BuildOptions(const RunArgs& args, ExploreOptions& opts) {
  opts.seed = args.seed;
  opts.schedules = args.schedules;
  opts.pct_depth = args.depth;
  opts.pct_k = args.pct_k;
  opts.preemption_bound = args.preemption_bound;
  opts.time_budget_s = args.time_budget_s;
  opts.workers = args.workers.value_or(std::max(1u, std::thread::hardware_concurrency()));
  opts.trace_first_schedule = true;  // the report's timeline when nothing fails
  opts.shrink = !args.no_shrink;
  opts.progress = args.quiet ? ProgressMode::kOff
                  : isatty(fileno(stderr)) ? ProgressMode::kLive
                                           : ProgressMode::kLines;
  std::string error;
  if (!ParseShard(args, opts.shard_index, opts.shard_count, error)) {
    fmt::print(stderr, "lockstep: {}\n", error);
    return false;
  }
  if (args.strategy) {
    ExplorationStrategy st;
    if (!ParseExplorationStrategy(*args.strategy, st)) {
      fmt::print(stderr, "lockstep: --strategy: expected random, pct or dfs, got '{}'\n", *args.strategy);
      return false;
    }
    opts.strategy = st;
  }
  return true;
}

bool LoadAll(const std::vector<std::string>& files, std::vector<std::unique_ptr<Scenario>>& out,
             const RunArgs& args, std::vector<std::string>* skipped) {
  RunMode mode;
  if (!ParseRunMode(args.mode, mode)) {
    fmt::print(stderr, "lockstep: --mode: expected sim, threads or http, got '{}'\n", args.mode);
    return false;
  }
  if (mode != RunMode::kSim && args.strategy && *args.strategy != "random") {
    fmt::print(stderr, "lockstep: --mode {}: real time chooses the interleavings; --strategy {} needs --mode sim\n",
               args.mode, *args.strategy);
    return false;
  }
  std::vector<std::string> paths;  // a folder stands for every scenario under it
  std::set<std::string> named;     // the files named one by one
  for (const std::string& f : files) {
    if (!std::filesystem::is_directory(f)) {
      paths.push_back(f);
      named.insert(f);
      continue;
    }
    StatusOr<std::vector<std::string>> found = FindScenarioFiles(f);
    if (!found.ok()) {
      fmt::print(stderr, "lockstep: {}\n", found.status().message());
      return false;
    }
    paths.insert(paths.end(), found->begin(), found->end());
  }
  std::map<std::string, std::string> file_of;  // scenario name -> file: report folders are named so
  for (const std::string& f : paths) {  // validate everything before running anything
    StatusOr<Scenario> s = LoadScenarioFile(f);
    if (!s.ok()) {
      fmt::print(stderr, "lockstep: {}\n", s.status().message());
      return false;
    }
    if (auto [it, inserted] = file_of.emplace(s->name, f); !inserted) {
      fmt::print(stderr, "lockstep: {}: the scenario name '{}' is also the name of {}; report folders are named "
                 "after scenarios, so names must be unique\n", f, s->name, it->second);
      return false;
    }
    // --gas-project is the project of every gas scenario that names none, and of each scenario
    // file named on the command line; a scenario found in a folder keeps a project of its own
    // (the fixture's scenarios beside the production ones).
    if (s->gas.enabled && !args.gas_project.empty() && (s->gas.project_dir.empty() || named.count(f) > 0)) {
      s->gas.project_dir = std::filesystem::absolute(args.gas_project).lexically_normal().string();
    }
    if (s->gas.enabled && s->gas.project_dir.empty() && skipped != nullptr) {
      // The checklist lists the skipped items it would have run; the others are not its business.
      if (std::find(s->tags.begin(), s->tags.end(), "checklist") == s->tags.end()) continue;
      skipped->push_back(fmt::format("{}: runs a real Apps Script project and names none: skipped (give --gas-project DIR)",
                                     s->name));
      continue;
    }
    if (s->gas.enabled && s->gas.project_dir.empty()) {
      fmt::print(stderr, "lockstep: {}: runs a real Apps Script project (core: gas) but names none: give "
                 "--gas-project DIR (a checkout of the project)\n", f);
      return false;
    }
    if (s->gas.enabled && mode != RunMode::kSim) {
      fmt::print(stderr, "lockstep: {}: a real Apps Script project runs in the sim mode only (--mode sim)\n", f);
      return false;
    }
    if (s->gas.enabled) {
      StatusOr<mocks::GasProject> project = mocks::LoadGasProject(s->gas.project_dir);
      if (!project.ok()) {
        fmt::print(stderr, "lockstep: {}: {}\n", f, project.status().message());
        return false;
      }
    }
    s->mode = mode;
    s->time_scale = args.time_scale;
    s->endpoint = args.endpoint;
    out.push_back(std::make_unique<Scenario>(std::move(s).value()));
  }
  return true;
}

ExploredRun RunScenarios(const std::vector<std::unique_ptr<Scenario>>& scenarios,
                         const ExploreOptions& opts, const std::string& out, bool subdirs,
                         const std::string& title, const std::string& stamp,
                         const std::string& trace_out) {
  ExploredRun run;
  for (const auto& sc : scenarios) {
    if (opts.stop != nullptr && opts.stop->load()) break;  // interrupted: start nothing more
    ScenarioSummary s = Explore(*sc, opts);
    if (!s.bad_input.empty()) {
      fmt::print(stderr, "lockstep: {}: {}\n", sc->file, s.bad_input);
      run.exit_code = kExitBadInput;
      return run;
    }
    PrintSummary(s);
    const std::string dir = subdirs ? out + "/" + sc->name : out;
    run.reports.push_back(std::make_unique<ReportJson>());
    Status w = WriteScenarioReports(s, dir, stamp, run.reports.back().get());
    if (w.ok() && !trace_out.empty() && scenarios.size() == 1) {
      w = WriteFileAtomically(trace_out, TraceFileJson(*sc, s.seed, s.first_schedule_choices,
                                                       s.first_schedule_trace, {}).dump(2) + "\n");
      if (w.ok()) w = WriteFileAtomically(trace_out + ".txt", TraceTimeline(s.first_schedule_trace));
    }
    if (!w.ok()) {
      fmt::print(stderr, "lockstep: {}\n", w.message());
      run.exit_code = kExitIo;
      return run;
    }
    run.all_ok = run.all_ok && s.expect_ok;
  }
  std::vector<const ReportJson*> view;
  for (const auto& r : run.reports) view.push_back(r.get());
  Status w = WriteRunReports(view, out, title, stamp);
  if (!w.ok()) {
    fmt::print(stderr, "lockstep: {}\n", w.message());
    run.exit_code = kExitIo;
    return run;
  }
  run.table = MarkdownTable(view);
  AppendGithubSummary("## " + title + "\n\n" + run.table + "\n");
  run.exit_code = run.all_ok ? 0 : kExitExpectFailed;
  return run;
}

int Run(const RunArgs& args) {
  ExploreOptions opts;
  if (!BuildOptions(args, opts)) return kExitBadInput;
  std::vector<std::unique_ptr<Scenario>> scenarios;
  if (!LoadAll(args.files, scenarios, args)) return kExitBadInput;
  opts.stop = InstallInterruptHandlers();
  ExploredRun run = RunScenarios(scenarios, opts, args.out, scenarios.size() > 1,
                                 "lockstep scenario summary", UtcTimestampNow(), args.trace_out);
  if (run.exit_code == kExitIo || run.exit_code == kExitBadInput) return run.exit_code;
  if (scenarios.size() > 1) fmt::print("\n{}", run.table);
  if (InterruptSignal() != 0) {
    fmt::print("interrupted: {} of {} scenario(s) explored, reports of what was explored written under {}\n",
               run.reports.size(), scenarios.size(), args.out);
    return InterruptExitCode();
  }
  fmt::print("reports written under {}\n", args.out);
  return run.exit_code;
}

}  // namespace lockstep::harness
