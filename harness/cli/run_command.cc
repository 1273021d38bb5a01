// `lockstep run`: explore scenarios, print what was found, write the reports.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "harness/cli/commands.h"
#include "harness/cli/interrupt.h"
#include "harness/explore/explorer.h"
#include "harness/explore/shrink.h"
#include "harness/report/report.h"
#include "harness/report/report_formats.h"
#include "harness/report/shard_state.h"
#include "harness/report/trace_file.h"
#include "harness/scenario/scenario.h"
#include "mocks/apps_script/runtime/gas_project.h"
#include "src/file_text.h"
#include "src/folder_strategy.h"

namespace lockstep::harness {
namespace {

// "I/N" with 0 <= I < N, nothing else.
bool ParseShardText(const std::string& text, int& index, int& count) {
  const char* p = text.data();
  const char* end = p + text.size();
  auto [a, e1] = std::from_chars(p, end, index);
  if (e1 != std::errc() || a == end || *a != '/') return false;
  auto [b, e2] = std::from_chars(a + 1, end, count);
  return e2 == std::errc() && b == end && count >= 1 && index >= 0 && index < count;
}

bool ParseShard(const RunArgs& args, int& index, int& count, std::string& error) {
  std::string text;
  std::string source = "--shard";
  const char* gtest_index = std::getenv("GTEST_SHARD_INDEX");
  const char* gtest_total = std::getenv("GTEST_TOTAL_SHARDS");
  const char* job_index = std::getenv("JOB_COMPLETION_INDEX");
  if (args.shard) {
    text = *args.shard;
  } else if (gtest_index != nullptr && gtest_total != nullptr) {
    text = fmt::format("{}/{}", gtest_index, gtest_total);
    source = "GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS";
  } else if (job_index != nullptr && *job_index != '\0') {
    // A Kubernetes Indexed Job names the pod's index; the count comes from us.
    const char* total_env = std::getenv("LOCKSTEP_TOTAL_SHARDS");
    std::string total = args.total_shards ? std::to_string(*args.total_shards)
                        : total_env != nullptr ? std::string(total_env)
                                               : std::string();
    if (total.empty()) {
      error = "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but the shard count is not: give "
              "--total-shards N or set LOCKSTEP_TOTAL_SHARDS to the Job's completions";
      return false;
    }
    text = fmt::format("{}/{}", job_index, total);
    source = args.total_shards ? "JOB_COMPLETION_INDEX/--total-shards" : "JOB_COMPLETION_INDEX/LOCKSTEP_TOTAL_SHARDS";
  } else if (args.total_shards) {
    error = "--total-shards goes with JOB_COMPLETION_INDEX (a Kubernetes Indexed Job); elsewhere give --shard I/N";
    return false;
  } else {
    return true;
  }
  if (!ParseShardText(text, index, count)) {
    error = fmt::format("{}: expected I/N with 0 <= I < N, got '{}'", source, text);
    return false;
  }
  return true;
}

}  // namespace

void PrintSummary(const ScenarioSummary& s) {
  const Scenario& sc = *s.scenario;
  if (s.black_box) {
    fmt::print("{} [black-box]: {}\n", sc.name, s.expect_ok ? "PASS" : "FAIL");
  } else {
    fmt::print("{} [{} / {}{}]: {}\n", sc.name, CodeLabel(sc), mocks::ReentrancyName(sc.reentrancy),
               sc.mode == RunMode::kSim ? "" : fmt::format(" / {} mode, time x{}", RunModeName(sc.mode), sc.time_scale),
               s.expect_ok ? "PASS" : "FAIL");
  }
  if (s.black_box) {
    fmt::print("  {} round(s) of the program against the seeded server (seed {}{}){}\n", s.schedules, s.seed,
               s.schedules > 1 ? fmt::format(" to {}", s.seed + static_cast<uint64_t>(s.schedules) - 1) : "",
               s.interrupted ? " (interrupted)" : "");
  } else {
  fmt::print("  {} schedules explored with {} (seed {}{}){}{}\n", s.schedules,
             ExplorationStrategyName(s.strategy), s.seed,
             s.shard_count > 1 ? fmt::format(", shard {}/{}", s.shard_index, s.shard_count) : "",
             s.wall_seconds > 0 ? fmt::format(", {:.0f} schedules/s", s.schedules / s.wall_seconds) : "",
             s.stopped_by_budget ? " (stopped by the time budget)"
             : s.interrupted     ? fmt::format(" (interrupted: {} of {})", s.schedules, s.schedules_requested)
                                 : "");
  }
  if (s.strategy == ExplorationStrategy::kPct && !s.black_box) {
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
  if (!s.black_box) {  // a program's runs and locks are its own business
  fmt::print("  runs: {} completed, {} skipped, {} failed, {} killed\n", s.runs.completed,
             s.runs.skipped, s.runs.failed, s.runs.killed);
  fmt::print("  locks: {} attempts, {} acquired, {} timed out, mean wait {:.0f} ms, max {} ms\n",
             s.locks.attempts, s.locks.acquired, s.locks.timed_out,
             s.locks.acquired ? static_cast<double>(s.locks.wait_ms_sum) / s.locks.acquired : 0.0,
             s.locks.wait_ms_max);
  }
  for (const ExpectationCheck& c : s.checks) {
    fmt::print("  expect {}: {} (observed {}) {}\n", c.what, c.expected, c.observed,
               c.ok ? "ok" : "NOT MET");
  }
  if (s.first_failure) {
    if (s.black_box) {
      fmt::print("  first round with a violation: {} (seed {}): {}\n", s.first_failure->index,
                 s.seed + static_cast<uint64_t>(s.first_failure->index), s.first_failure->result.violations.front().detail);
    } else {
    fmt::print("  first failing schedule (seed {}, {} preemptions): {}\n", s.first_failure->result.seed,
               s.first_failure->result.end.preemptions,
               s.first_failure->result.violations.front().detail);
    }
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

namespace {

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

namespace {

// The checkpoint a resumed run continues from: none when the former run wrote none for this
// scenario (it was stopped before), an error when it is not this exploration's.
StatusOr<std::optional<ShardState>> LoadCheckpoint(const std::string& path, const Scenario& sc,
                                                   const ExploreOptions& opts) {
  const std::optional<std::string> text = ReadFileText(path);
  if (!text) return std::optional<ShardState>();
  StatusOr<ShardState> saved = ParseShardState(*text, path);
  if (!saved.ok()) return saved.status();
  ScenarioSummary base = ExplorationBase(sc, opts);
  if (base.strategy == ExplorationStrategy::kPct && !opts.pct_k) base.pct_k = saved->pct_k;  // estimated then
  const ShardState want = ShardStateOf(base, {}, opts.shrink, false);
  std::string why = SameExploration(*saved, want);
  if (why.empty() && saved->shard_index != want.shard_index) {
    why = fmt::format("it is shard {}/{}, this is {}/{}", saved->shard_index, saved->shard_count, want.shard_index,
                      want.shard_count);
  }
  if (!why.empty()) {
    return Status(StatusCode::kInvalidArgument, 0, "badResume",
                  fmt::format("{}: cannot resume from it: {}; give the command that wrote it", path, why));
  }
  return std::optional<ShardState>(std::move(saved).value());
}

}  // namespace

Status WriteScenario(const ScenarioSummary& s, const std::string& dir, const std::string& stamp, bool shrink,
                     ExploredRun& run) {
  run.reports.push_back(std::make_unique<ReportJson>());
  Status w = WriteScenarioReports(s, dir, stamp, run.reports.back().get());
  if (w.ok() && s.progress) {
    w = WriteFileAtomically(dir + "/shard.json", ShardStateJson(ShardStateOf(s, *s.progress, shrink, true)).dump(2) + "\n");
  }
  run.all_ok = run.all_ok && s.expect_ok;
  return w;
}

Status FinishRun(const std::vector<std::unique_ptr<Scenario>>& scenarios, const ExploreOptions& opts,
                 const RunOutput& output, ExploredRun& run) {
  std::vector<const ReportJson*> view;
  for (const auto& r : run.reports) view.push_back(r.get());
  Status w = WriteRunReports(view, output.out, output.title, output.stamp);
  if (w.ok() && !output.command.empty()) {
    ShardRun info;
    info.build = BuildId();
    info.command = output.command;
    info.title = output.title;
    info.checklist_dir = output.checklist_dir;
    info.skipped = output.skipped;
    for (const auto& sc : scenarios) info.scenarios.push_back(sc->name);
    info.subdirs = output.subdirs;
    info.shard_index = opts.shard_index;
    info.shard_count = std::max(1, opts.shard_count);
    w = WriteFileAtomically(output.out + "/shard-run.json", ShardRunJson(info).dump(2) + "\n");
  }
  if (!w.ok()) return w;
  run.table = MarkdownTable(view);
  AppendGithubSummary("## " + output.title + "\n\n" + run.table + "\n");
  run.exit_code = run.all_ok ? 0 : kExitExpectFailed;
  return w;
}

ExploredRun RunScenarios(const std::vector<std::unique_ptr<Scenario>>& scenarios, const ExploreOptions& opts,
                         const RunOutput& output) {
  ExploredRun run;
  const bool resuming = !output.resume.empty() && std::filesystem::exists(output.resume);
  if (!output.resume.empty() && !resuming) {
    fmt::print(stderr, "lockstep: note: --resume {}: not there yet; the run starts from the beginning there\n",
               output.resume);
  } else if (resuming && !std::filesystem::is_directory(output.resume)) {
    fmt::print(stderr, "lockstep: --resume {}: expected the folder a run wrote its reports into\n", output.resume);
    run.exit_code = kExitBadInput;
    return run;
  }
  for (const auto& sc : scenarios) {
    if (opts.stop != nullptr && opts.stop->load()) break;  // interrupted: start nothing more
    const std::string dir = output.subdirs ? output.out + "/" + sc->name : output.out;
    std::optional<ShardState> saved;
    if (resuming) {
      const std::string from = (output.subdirs ? output.resume + "/" + sc->name : output.resume) + "/shard.json";
      StatusOr<std::optional<ShardState>> loaded = LoadCheckpoint(from, *sc, opts);
      if (!loaded.ok()) {
        fmt::print(stderr, "lockstep: {}\n", loaded.status().message());
        run.exit_code = kExitBadInput;
        return run;
      }
      saved = std::move(loaded).value();
      if (!saved) fmt::print(stderr, "lockstep: note: {}: no checkpoint; {} is explored from the start\n", from, sc->name);
    }
    ScenarioSummary s;
    if (saved && saved->finished && !saved->interrupted && saved->progress.Done()) {
      s = SummaryFromShards(*sc, {&*saved});  // it had ended: its reports once more, nothing re-explored
      s.shard_index = saved->shard_index;
      s.shard_count = saved->shard_count;
      s.progress = std::make_shared<const ExploreProgress>(saved->progress);
    } else {
      ExploreOptions o = opts;
      if (saved) {
        o.resume = &saved->progress;
        if (!o.pct_k && saved->pct_k > 0) o.pct_k = saved->pct_k;
      }
      bool warned = false;
      o.checkpoint_interval_s = output.checkpoint_interval_s;
      o.checkpoint = [&](const ScenarioSummary& base, const ExploreProgress& p) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        Status w = WriteFileAtomically(dir + "/shard.json", ShardStateJson(ShardStateOf(base, p, opts.shrink, false)).dump(2) + "\n");
        if (!w.ok() && !warned) fmt::print(stderr, "lockstep: warning: no checkpoint: {}\n", w.message());
        warned = warned || !w.ok();
      };
      s = Explore(*sc, o);
    }
    if (!s.bad_input.empty()) {
      fmt::print(stderr, "lockstep: {}: {}\n", sc->file, s.bad_input);
      run.exit_code = kExitBadInput;
      return run;
    }
    PrintSummary(s);
    Status w = WriteScenario(s, dir, output.stamp, opts.shrink, run);
    if (w.ok() && !output.trace_out.empty() && scenarios.size() == 1) {
      w = WriteFileAtomically(output.trace_out, TraceFileJson(*sc, s.seed, s.first_schedule_choices,
                                                              s.first_schedule_trace, {}).dump(2) + "\n");
      if (w.ok()) w = WriteFileAtomically(output.trace_out + ".txt", TraceTimeline(s.first_schedule_trace));
    }
    if (!w.ok()) {
      fmt::print(stderr, "lockstep: {}\n", w.message());
      run.exit_code = kExitIo;
      return run;
    }
  }
  Status w = FinishRun(scenarios, opts, output, run);
  if (!w.ok()) {
    fmt::print(stderr, "lockstep: {}\n", w.message());
    run.exit_code = kExitIo;
  }
  return run;
}

int Run(const RunArgs& args) {
  ExploreOptions opts;
  if (!BuildOptions(args, opts)) return kExitBadInput;
  std::vector<std::unique_ptr<Scenario>> scenarios;
  if (!LoadAll(args.files, scenarios, args)) return kExitBadInput;
  opts.stop = InstallInterruptHandlers();
  RunOutput output;
  output.out = args.out;
  output.subdirs = scenarios.size() > 1;
  output.title = "lockstep scenario summary";
  output.stamp = UtcTimestampNow();
  output.trace_out = args.trace_out;
  output.resume = args.resume;
  output.checkpoint_interval_s = args.checkpoint_interval_s;
  ExploredRun run = RunScenarios(scenarios, opts, output);
  if (run.exit_code == kExitIo || run.exit_code == kExitBadInput) return run.exit_code;
  if (scenarios.size() > 1) fmt::print("\n{}", run.table);
  if (InterruptSignal() != 0) {
    fmt::print("interrupted: {} of {} scenario(s) explored, reports of what was explored written under {}; "
               "continue with --resume {}\n",
               run.reports.size(), scenarios.size(), args.out, args.out);
    return InterruptExitCode();
  }
  fmt::print("reports written under {}\n", args.out);
  return run.exit_code;
}

}  // namespace lockstep::harness
