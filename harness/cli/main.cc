// lockstep: the command line.
//
//   lockstep run SCENARIO.yaml|DIR... [--strategy random|pct|dfs] [--seed N] [--schedules N]
//                [--depth D] [--pct-k K] [--preemption-bound B] [--workers N] [--shard I/N]
//                [--time-budget S] [--out DIR] [--trace-out FILE] [--quiet]
//   lockstep run ... --resume DIR [--checkpoint-interval S]   (continue a killed run from its checkpoints)
//   lockstep merge SHARD_DIR... [--out DIR]   (the shards of a split run, merged into its reports)
//   lockstep replay TRACE.json
//   lockstep gas surface DIR [--json] | lockstep gas coverage [--json]
//   lockstep checklist [DIR] [--reports ROOT]   (every scenario under DIR, recursively, tagged checklist)
//   lockstep audit LISTING.json [--notion DATA_SOURCES.json] [--out DIR]
//   lockstep audit --mount DIR | --mount-listing FILE [--out DIR]
//   lockstep serve [--port P] [--bind ADDR] [--token T] [--state FILE.json | --scenario FILE.yaml] [--faults FILE.yaml]
//   lockstep check --server URL [--token T] [--out DIR]   (a serve --scenario's checkers, as reports)
//   lockstep exec SCENARIO [--repeat N] [--timeout S] [--out DIR] -- CMD ARGS...   (a real program as its executions)
//
// Exit codes: 0 every scenario's `expect` held (replay: reproduced exactly; gas surface: every
// call supported); 1 some expectation did not hold (gas surface: some call is not supported); 2 bad input (the message names file:line and what was expected); 3 reports could
// not be written; 4 a replay diverged from its trace (nondeterminism); 5 it diverged and the trace
// is another build's; exec: 6 the program could not start, 7 an execution did not end in time.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "harness/cli/commands.h"

int main(int argc, char** argv) {
  using namespace lockstep::harness;
  CLI::App app{"lockstep: deterministic concurrency testing of the DriveSheetsSync core"};
  app.require_subcommand(1);
  RunArgs run;
  CLI::App* cmd = app.add_subcommand("run", "explore the schedules of one or more scenarios");
  cmd->add_option("scenarios", run.files, "scenario YAML files, or folders of them (recursively)")->required()->check(CLI::ExistingPath);
  cmd->add_option("--strategy", run.strategy, "random, pct or dfs (default: the scenario's)");
  cmd->add_option("--seed", run.seed, "seed of the first schedule (schedule i uses seed + i)");
  cmd->add_option("--schedules", run.schedules, "schedules to explore (dfs: at most)")->check(CLI::PositiveNumber);
  cmd->add_option("--depth", run.depth, "PCT depth d (bug depth to target)")->check(CLI::Range(1, 10));
  cmd->add_option("--pct-k", run.pct_k, "PCT's step count k (default: from 10 pilot schedules)");
  cmd->add_option("--preemption-bound", run.preemption_bound, "dfs: at most B preemptions per schedule");
  cmd->add_option("--workers", run.workers, "parallel workers (default: one per core)")->check(CLI::Range(1, 256));
  auto shard_options = [](CLI::App* c, RunArgs& r) {
    c->add_option("--shard", r.shard, "this job's share I/N (also GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS, or "
                                      "JOB_COMPLETION_INDEX with --total-shards)");
    c->add_option("--total-shards", r.total_shards, "the shard count when JOB_COMPLETION_INDEX names the shard "
                                                    "(a Kubernetes Indexed Job; also LOCKSTEP_TOTAL_SHARDS)")
        ->check(CLI::Range(1, 1000000));
    c->add_option("--resume", r.resume, "continue the run whose --out was DIR from its checkpoints (shard.json); "
                                        "a DIR not there yet starts the run there (a retried pod)");
    c->add_option("--checkpoint-interval", r.checkpoint_interval_s, "seconds between two checkpoints (default 5)")
        ->check(CLI::Range(0.01, 86400.0));
  };
  shard_options(cmd, run);
  cmd->add_option("--time-budget", run.time_budget_s, "stop starting schedules after S seconds");
  cmd->add_option("--out", run.out, "report directory (default reports/latest)");
  cmd->add_option("--trace-out", run.trace_out, "write the first schedule's trace (JSON, and .txt)");
  cmd->add_flag("--quiet", run.quiet, "no progress, only results");
  cmd->add_flag("--no-shrink", run.no_shrink, "do not shrink the first failing schedule");
  cmd->add_option("--mode", run.mode, "sim (fibers, virtual time), threads (real threads, scaled real time) or http "
                                      "(threads, Drive over HTTP)");
  cmd->add_option("--time-scale", run.time_scale, "threads/http: virtual ms per real ms (default 1000)")
      ->check(CLI::Range(1.0, 1e6));
  cmd->add_option("--endpoint", run.endpoint, "http: the base URL of a running lockstep serve (default: one in-process)");
  cmd->add_option("--gas-project", run.gas_project, "the Apps Script project (a clasp folder) of core: gas scenarios that name none and of scenario files named here")
      ->check(CLI::ExistingDirectory);
  ChecklistArgs checklist;
  CLI::App* check = app.add_subcommand("checklist", "run the scenarios tagged checklist; pass/fail list");
  check->add_option("dir", checklist.dir, "folder of scenarios (default scenarios)")->check(CLI::ExistingDirectory);
  check->add_option("--reports", checklist.reports_root, "where <timestamp>/ and latest/ go (default reports)");
  check->add_option("--workers", checklist.run.workers, "parallel workers (default: one per core)")->check(CLI::Range(1, 256));
  check->add_option("--seed", checklist.run.seed, "override every scenario's seed");
  check->add_option("--schedules", checklist.run.schedules, "override every scenario's schedules")->check(CLI::PositiveNumber);
  check->add_flag("--quiet", checklist.run.quiet, "no progress, only results");
  check->add_flag("--no-shrink", checklist.run.no_shrink, "do not shrink failures");
  check->add_option("--mode", checklist.run.mode, "sim, threads or http (default sim)");
  check->add_option("--time-scale", checklist.run.time_scale, "threads/http: virtual ms per real ms (default 1000)")
      ->check(CLI::Range(1.0, 1e6));
  check->add_option("--endpoint", checklist.run.endpoint, "http: the base URL of a running lockstep serve");
  check->add_option("--gas-project", checklist.run.gas_project, "the Apps Script project of core: gas items that name none (the production ones)")
      ->check(CLI::ExistingDirectory);
  shard_options(check, checklist.run);
  MergeArgs merge;
  CLI::App* mrg = app.add_subcommand("merge", "merge the reports of a split run's shards into the one run's reports");
  mrg->add_option("dirs", merge.dirs, "the shards' --out folders (of lockstep run or checklist)")->required()
      ->check(CLI::ExistingDirectory);
  mrg->add_option("--out", merge.out, "report directory (default reports/merged)");
  AuditArgs audit;
  CLI::App* aud = app.add_subcommand("audit", "report duplicate folders and clashes in a real Drive listing or mount");
  aud->add_option("listing", audit.listing, "a Drive files.list export (JSON)")->check(CLI::ExistingFile);
  aud->add_option("--notion", audit.notion, "a Notion data-source list (search response JSON)")->check(CLI::ExistingFile);
  CLI::Option* mount = aud->add_option("--mount", audit.mount, "a Drive for Desktop mount, or a copy of its tree");
  CLI::Option* mount_listing =
      aud->add_option("--mount-listing", audit.mount_listing, "a listing of a mount: JSON lines {path, size, modified}");
  mount->excludes(mount_listing);
  aud->add_option("--listing-out", audit.listing_out, "--mount: also write the mount's listing (JSON lines) there");
  aud->add_option("--per-run", audit.per_run, "data sources a run processes (default 3)")->check(CLI::Range(1, 100000));
  aud->add_option("--trigger-minutes", audit.trigger_minutes, "minutes between two triggered runs (default 10)")
      ->check(CLI::Range(1, 100000));
  aud->add_option("--out", audit.out, "report directory (default reports/audit)");
  ServeArgs serve;
  CLI::App* srv = app.add_subcommand("serve", "the mock Drive service over HTTP on loopback");
  srv->add_option("--port", serve.port, "port (0: any free port; default 8080)")->check(CLI::Range(0, 65535));
  srv->add_option("--bind", serve.bind, "address (default 127.0.0.1)");
  srv->add_option("--token", serve.token, "require Authorization: Bearer TOKEN (or ?key=TOKEN)");
  srv->add_option("--state", serve.state, "seed the state from a JSON snapshot")->check(CLI::ExistingFile);
  srv->add_option("--faults", serve.faults, "fault rules (YAML list)")->check(CLI::ExistingFile);
  srv->add_option("--seed", serve.seed, "seed of ids and fault draws (--scenario: the schedule seed its world is seeded as)");
  srv->add_option("--scenario", serve.scenario, "seed the world, knobs and faults from a scenario; its checkers answer "
                                                "GET /__admin/check")->check(CLI::ExistingFile);
  srv->add_option("--time-scale", serve.time_scale, "--scenario: virtual ms per real ms for its lag and fault delays "
                                                    "(default 1: real time)")->check(CLI::Range(1e-3, 1e6));
  ExecArgs exec_args;
  CLI::App* exe = app.add_subcommand("exec", "run a real program as a scenario's executions against a server seeded "
                                             "from it, then its checkers (lockstep exec SCENARIO -- CMD ARGS...)");
  exe->add_option("scenario", exec_args.scenario, "the scenario: world, executions, faults, expectations")
      ->required()->check(CLI::ExistingFile);
  exe->add_option("command", exec_args.command, "the program and its arguments, after --")->required();
  exe->add_option("--repeat", exec_args.repeat, "seeded rounds (default 1)")->check(CLI::Range(1, 100000));
  exe->add_option("--seed", exec_args.seed, "the first round's seed (default: the scenario's)");
  exe->add_option("--time-scale", exec_args.time_scale, "virtual ms per real ms (default 1000)")->check(CLI::Range(1e-3, 1e6));
  exe->add_option("--timeout", exec_args.timeout_s, "seconds an execution may run before it is ended (default 300)")
      ->check(CLI::Range(0.01, 86400.0));
  exe->add_option("--token", exec_args.token, "the server's bearer token (default: derived from the seed)");
  exe->add_option("--out", exec_args.out, "reports and the executions' output (default reports/exec)");
  exe->add_flag("--quiet", exec_args.quiet, "no line per round");
  exe->add_flag("--intercept", exec_args.intercept, "programs that hard-code api.notion.com and www.googleapis.com: an HTTPS "
                                                    "proxy and a CA made for the run send them to the mocks; any other host is refused");
  srv->add_option("--intercept", serve.intercept, "also an HTTPS proxy for programs that hard-code the real hosts, "
                                                  "with a CA made for this run written into DIR (ca.pem)");
  CheckArgs check_args;
  CLI::App* chk = app.add_subcommand("check", "the checkers of a lockstep serve --scenario over its live state, as reports");
  chk->add_option("--server", check_args.server, "base URL of the server (http://127.0.0.1:PORT)")->required();
  chk->add_option("--token", check_args.token, "its bearer token, if it has one");
  chk->add_option("--out", check_args.out, "report directory (default reports/check)");
  srv->add_option("--threads", serve.threads, "worker threads; each open keep-alive connection holds one (default 64)")->check(CLI::Range(2, 1024));
  GasArgs gas;
  CLI::App* gas_cmd = app.add_subcommand("gas", "the Apps Script runtime's tools");
  gas_cmd->require_subcommand(1);
  CLI::App* surface = gas_cmd->add_subcommand("surface", "every Apps Script call site of a project, supported or not");
  surface->add_option("dir", gas.dir, "a clasp project folder (appsscript.json, .js/.gs files)")->required();
  surface->add_flag("--json", gas.json, "JSON instead of a table");
  CLI::App* coverage = gas_cmd->add_subcommand("coverage", "the platform's methods the runtime shims, per service");
  coverage->add_flag("--json", gas.json, "JSON instead of a table");
  CLI::App* probe = gas_cmd->add_subcommand("probe", "write LockstepProbe.js, which measures the platform's knobs (docs/calibration.md)");
  probe->add_option("--out", gas.out, "the folder to write it into")->required();
  CalibrateArgs calibrate;
  CLI::App* cal = app.add_subcommand("calibrate", "turn the probe's result into a scenario fragment");
  cal->add_option("result", calibrate.result, "the line lockstepProbe logged (or a saved log holding it)")->required();
  cal->add_option("--out", calibrate.out, "write the fragment there (default: standard output)");
  std::string trace_file;
  CLI::App* replay = app.add_subcommand("replay", "re-run a trace file exactly and compare");
  replay->add_option("trace", trace_file, "a trace written by lockstep")->required()->check(CLI::ExistingFile);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitBadInput;
  }
  // Resumed, a run finishes in the folder it was writing unless told otherwise.
  if (!run.resume.empty() && cmd->count("--out") == 0) run.out = run.resume;
  if (replay->parsed()) return Replay(trace_file);
  if (mrg->parsed()) return Merge(merge);
  if (surface->parsed()) return GasSurface(gas);
  if (coverage->parsed()) return GasCoverage(gas);
  if (probe->parsed()) return GasProbe(gas);
  if (cal->parsed()) return Calibrate(calibrate);
  if (check->parsed()) return Checklist(checklist);
  if (aud->parsed()) return Audit(audit);
  if (srv->parsed()) return Serve(serve);
  if (chk->parsed()) return Check(check_args);
  if (exe->parsed()) return Exec(exec_args);
  return Run(run);
}
