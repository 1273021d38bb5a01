// The subcommands of the lockstep CLI, callable from tests.
#ifndef LOCKSTEP_HARNESS_CLI_COMMANDS_H_
#define LOCKSTEP_HARNESS_CLI_COMMANDS_H_

#include <cstdint>
#include <memory>

#include <nlohmann/json.hpp>

#include "harness/explore/explorer.h"
#include "harness/scenario/scenario.h"
#include <optional>
#include <string>
#include <vector>

namespace lockstep::harness {

inline constexpr int kExitExpectFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitIo = 3;
inline constexpr int kExitDiverged = 4;
// A replay diverged, and the trace was recorded by another build (or names none).
inline constexpr int kExitDivergedOtherBuild = 5;
// lockstep exec: the program could not start; an execution did not end within --timeout.
inline constexpr int kExitCommandFailed = 6;
inline constexpr int kExitProgramTimedOut = 7;

struct RunArgs {
  std::vector<std::string> files;
  std::optional<std::string> strategy;
  std::optional<uint64_t> seed;
  std::optional<int> schedules;
  std::optional<int> depth;
  std::optional<int64_t> pct_k;
  std::optional<int> preemption_bound;
  std::optional<int> workers;
  std::optional<std::string> shard;
  std::optional<int> total_shards;  // with JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)
  std::string resume;               // continue the run whose --out this was, from its checkpoints
  double checkpoint_interval_s = 5;
  double time_budget_s = 0;
  std::string out = "reports/latest";
  std::string trace_out;
  bool quiet = false;
  bool no_shrink = false;
  std::string mode = "sim";  // sim, threads or http
  double time_scale = 1000;  // real modes: virtual ms per real ms
  std::string endpoint;      // http mode: an external lockstep serve
  std::string gas_project;   // core: gas scenarios run this Apps Script project (overrides gas.project)
};

int Run(const RunArgs& args);
int Replay(const std::string& trace_file);

struct MergeArgs {
  std::vector<std::string> dirs;  // the shards' --out folders
  std::string out = "reports/merged";
};
int Merge(const MergeArgs& args);

struct ChecklistArgs {
  std::string dir = "scenarios";
  std::string reports_root = "reports";
  RunArgs run;  // exploration options shared with `run`
};
int Checklist(const ChecklistArgs& args);

struct AuditArgs {
  std::string listing;        // a Drive files.list export
  std::string notion;
  std::string mount;          // or a Drive for Desktop mount (a directory)
  std::string mount_listing;  // or a JSON-lines listing of one
  std::string listing_out;    // write the mount's listing there too
  int per_run = 3;            // the rotation's batch, for the expected revisit interval
  int trigger_minutes = 10;
  std::string out = "reports/audit";
};
int Audit(const AuditArgs& args);

struct ServeArgs {
  int port = 8080;
  std::string bind = "127.0.0.1";
  std::string token;
  std::string state;   // JSON file: {"drive": {"files": [...]}}
  std::string faults;  // YAML file: a list of fault rules
  std::string scenario;  // seed the state, knobs and faults from a scenario; its checkers at /__admin/check
  double time_scale = 1;  // --scenario: virtual ms per real ms (the listing lag, fault delays)
  std::string intercept;  // a folder: the run's CA goes there, and a proxy and TLS listener start
  uint64_t seed = 1;
  int threads = 64;  // a keep-alive connection holds one worker while it stays open
};
int Serve(const ServeArgs& args);

struct CheckArgs {
  std::string server;  // base URL of a lockstep serve --scenario
  std::string token;
  std::string out = "reports/check";
};
// `lockstep check --server URL`: the server's checkers over its live state, as reports.
int Check(const CheckArgs& args);

struct ExecArgs {
  std::string scenario;
  std::vector<std::string> command;  // after --
  int repeat = 1;                    // seeded rounds (seed, seed + 1, ...)
  std::optional<uint64_t> seed;      // default: the scenario's
  double time_scale = 1000;          // virtual ms per real ms: start offsets, lag, fault delays
  double timeout_s = 300;            // per execution, real seconds
  std::string token;                 // default: one derived from the seed
  std::string out = "reports/exec";
  int threads = 64;                  // the server's
  bool quiet = false;
  // Programs that hard-code the real hosts: a CONNECT proxy (HTTPS_PROXY) in front of a TLS
  // listener with a certificate for them, signed by a CA made for this run (SSL_CERT_FILE, ...).
  bool intercept = false;
};
// `lockstep exec SCENARIO -- CMD ARGS...`: CMD as the scenario's executions against a seeded server.
int Exec(const ExecArgs& args);

struct GasArgs {
  std::string dir;  // a clasp project folder
  bool json = false;
  std::string out;  // gas probe: the folder to write LockstepProbe.js into
};
int GasSurface(const GasArgs& args);
int GasCoverage(const GasArgs& args);
int GasProbe(const GasArgs& args);

struct CalibrateArgs {
  std::string result;  // the probe's logged line (or a saved execution log holding it)
  std::string out;     // the fragment's file; "" = standard output
};
int Calibrate(const CalibrateArgs& args);

// Shared by `run`, `checklist` and `merge`: the reports of the scenarios explored so far (into
// out/<name>/ when `subdirs`), then the run-level files (summary.md, index.html, junit.xml,
// metrics.prom) and shard-run.json.
struct ExploredRun {
  std::vector<std::unique_ptr<nlohmann::ordered_json>> reports;
  std::string table;  // Markdown
  bool all_ok = true;
  int exit_code = 0;
};
struct RunOutput {
  std::string out;
  bool subdirs = false;
  std::string title;
  std::string stamp;
  std::string trace_out;  // one scenario: its first schedule's trace
  std::string resume;     // a former run's out: continue each scenario from its shard.json
  double checkpoint_interval_s = 5;
  std::string command = "run";         // for shard-run.json: run or checklist
  std::string checklist_dir;
  std::vector<std::string> skipped;
};
ExploredRun RunScenarios(const std::vector<std::unique_ptr<Scenario>>& scenarios, const ExploreOptions& opts,
                         const RunOutput& output);
// Writes one scenario's reports and its final shard.json into `dir`, and adds it to `run`.
Status WriteScenario(const ScenarioSummary& s, const std::string& dir, const std::string& stamp, bool shrink,
                     ExploredRun& run);
// The run-level files over run.reports, and shard-run.json; sets run.table and run.exit_code.
Status FinishRun(const std::vector<std::unique_ptr<Scenario>>& scenarios, const ExploreOptions& opts,
                 const RunOutput& output, ExploredRun& run);
void PrintSummary(const ScenarioSummary& s);
// checklist.md: one line per item (those without a report: not run), then the skipped ones.
// `failed` gets the items that failed.
std::string ChecklistMarkdown(const std::vector<const Scenario*>& items, const ExploredRun& run,
                              const std::vector<std::string>& skipped, const std::string& stamp,
                              const std::string& dir, bool interrupted, int& failed);
bool BuildOptions(const RunArgs& args, ExploreOptions& opts);
// Loads and checks every file before anything runs (false: bad input, already printed). With
// `skipped` (the checklist), a core: gas scenario that names no project and got no --gas-project
// is left out instead of failing the load, and described there if it is tagged checklist.
bool LoadAll(const std::vector<std::string>& files, std::vector<std::unique_ptr<Scenario>>& out, const RunArgs& args,
             std::vector<std::string>* skipped = nullptr);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_CLI_COMMANDS_H_
