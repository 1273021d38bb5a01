// lockstep: the command line.
//
//   lockstep run SCENARIO.yaml... [--seed N] [--schedules N] [--out DIR] [--trace-out FILE] [--quiet]
//
// Exit codes: 0 every scenario's `expect` held; 1 some did not; 2 bad input (the message names
// file:line and what was expected); 3 the reports could not be written.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "harness/explorer.h"
#include "harness/report.h"
#include "harness/scenario.h"
#include "src/folder_strategy.h"

namespace lockstep::harness {
namespace {

constexpr int kExitExpectFailed = 1;
}  // namespace

constexpr int kExitBadInput = 2;

namespace {
constexpr int kExitIo = 3;

struct RunArgs {
  std::vector<std::string> files;
  std::optional<uint64_t> seed;
  std::optional<int> schedules;
  std::string out = "reports/latest";
  std::string trace_out;
  bool quiet = false;
};

void PrintSummary(const ScenarioSummary& s) {
  const Scenario& sc = *s.scenario;
  fmt::print("{} [{} / {}]: {}\n", sc.name, FolderStrategyName(sc.core.folder_strategy),
             mocks::ReentrancyName(sc.reentrancy), s.expect_ok ? "PASS" : "FAIL");
  fmt::print("  schedules explored: {} (seed {}..{}), {:.0f} schedules/s\n", s.schedules, s.seed,
             s.seed + s.schedules - 1, s.wall_seconds > 0 ? s.schedules / s.wall_seconds : 0.0);
  fmt::print("  schedules with a violation: {} ({:.2f}%)", s.schedules_with_violation,
             100.0 * s.ViolationShare());
  for (const auto& [k, v] : s.schedules_by_violation) fmt::print("; {} {}", k, v);
  fmt::print("\n  duplicate rate over data sources: {:.2f}%; left without a folder: {}\n",
             100.0 * s.DuplicateRate(), s.missing_folders);
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
    fmt::print("  first failing seed {}: {}\n", s.first_failure->seed,
               s.first_failure->violations.front().detail);
    fmt::print("  reproduce: {}\n", s.ReproCommand(s.first_failure->seed));
    if (!s.replay_matched) fmt::print("  WARNING: the traced re-run diverged (nondeterminism)\n");
  }
}

int Run(const RunArgs& args) {
  std::vector<std::unique_ptr<Scenario>> scenarios;
  for (const std::string& f : args.files) {  // validate everything before running anything
    StatusOr<Scenario> s = LoadScenarioFile(f);
    if (!s.ok()) {
      fmt::print(stderr, "lockstep: {}\n", s.status().message());
      return kExitBadInput;
    }
    scenarios.push_back(std::make_unique<Scenario>(std::move(s).value()));
  }
  std::vector<std::unique_ptr<ScenarioSummary>> summaries;
  const std::string stamp = UtcTimestampNow();
  bool all_ok = true;
  for (const auto& sc : scenarios) {
    ExploreOptions opts;
    opts.seed = args.seed;
    opts.schedules = args.schedules;
    opts.trace_first_schedule = !args.trace_out.empty();
    auto s = std::make_unique<ScenarioSummary>(Explore(*sc, opts));
    if (!args.quiet) PrintSummary(*s);
    const std::string dir = scenarios.size() == 1 ? args.out : args.out + "/" + sc->name;
    Status w = WriteScenarioReports(*s, dir, stamp);
    if (w.ok() && !args.trace_out.empty() && scenarios.size() == 1) {
      w = WriteFileAtomically(args.trace_out, TraceJson(s->first_schedule_trace, s->seed).dump(2) + "\n");
      if (w.ok()) w = WriteFileAtomically(args.trace_out + ".txt", TraceTimeline(s->first_schedule_trace));
    }
    if (!w.ok()) {
      fmt::print(stderr, "lockstep: {}\n", w.message());
      return kExitIo;
    }
    all_ok = all_ok && s->expect_ok;
    summaries.push_back(std::move(s));
  }
  if (scenarios.size() > 1) {
    std::vector<const ScenarioSummary*> view;
    for (const auto& s : summaries) view.push_back(s.get());
    const std::string table = SummaryTable(view);
    fmt::print("\n{}", table);
    Status w = WriteFileAtomically(args.out + "/summary.md",
                                   "# lockstep scenario summary\n\nGenerated " + stamp + ".\n\n" + table);
    if (!w.ok()) {
      fmt::print(stderr, "lockstep: {}\n", w.message());
      return kExitIo;
    }
  }
  fmt::print("reports written under {}\n", args.out);
  return all_ok ? 0 : kExitExpectFailed;
}

}  // namespace
}  // namespace lockstep::harness

int main(int argc, char** argv) {
  using namespace lockstep::harness;
  CLI::App app{"lockstep: deterministic concurrency testing of the DriveSheetsSync core"};
  app.require_subcommand(1);
  RunArgs run;
  CLI::App* cmd = app.add_subcommand("run", "explore the schedules of one or more scenarios");
  cmd->add_option("scenarios", run.files, "scenario YAML files")->required()->check(CLI::ExistingFile);
  cmd->add_option("--seed", run.seed, "seed of the first schedule (schedule i uses seed + i)");
  cmd->add_option("--schedules", run.schedules, "how many schedules to explore")->check(CLI::PositiveNumber);
  cmd->add_option("--out", run.out, "report directory (default reports/latest)");
  cmd->add_option("--trace-out", run.trace_out, "write the first schedule's trace (JSON, and .txt)");
  cmd->add_flag("--quiet", run.quiet, "print only the final line");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitBadInput;
  }
  return Run(run);
}
