// Scenario: one YAML file that says what runs (workspace, executions, core variant), with which
// faults and lock semantics, how it is explored, and what must hold. docs/scenario-format.md
// documents every key.
//
//   StatusOr<Scenario> s = LoadScenarioFile("scenarios/new-s1.yaml");
//   if (!s.ok()) { std::cerr << s.status().message(); return 2; }   // "file:line: ..."
#ifndef LOCKSTEP_HARNESS_SCENARIO_SCENARIO_H_
#define LOCKSTEP_HARNESS_SCENARIO_SCENARIO_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mocks/apps_script/lock_model.h"
#include "mocks/drive/drive_model.h"
#include "mocks/sim/sim_services.h"
#include "src/core_env.h"
#include "src/djay_export.h"
#include "src/status.h"

namespace lockstep::harness {

// Pre-seeded duplicate folders for one data source (what earlier incidents left behind).
struct SeededDuplicates {
  int data_source = 0;
  std::vector<std::string> suffixes;  // "" is the canonical name; " (1)" a Drive-for-Desktop copy
  int files_per_copy = 1;
};

enum class Entry { kRun, kFolderStep, kMusic, kGas };
std::string_view EntryName(Entry e);

struct ExecutionPlan {
  Entry entry = Entry::kRun;
  std::vector<Duration> starts;  // one execution per start
  Duration jitter{0};            // each start gets + uniform [0, jitter], drawn per schedule
  Duration cadence{0};           // with cadence_count: triggers at 0, cadence, 2*cadence, ...
  int cadence_count = 0;
  // With phases (one per deployment), each deployment has its own cadence series, offset by its
  // phase: deployment d's triggers at phase[d] + k * cadence. Without, one series whose triggers
  // alternate between deployments.
  std::vector<Duration> cadence_phases;
  std::vector<Duration> manual;  // manual runs at these times (no jitter)
  int deployments = 1;           // execution i belongs to deployment i % deployments ...
  std::vector<int> deployment_of;  // ... unless given here, one per execution
  // The liveness phase (sim mode): after every execution above has ended, this many runs of
  // deployment 0, `liveness_every` apart, with the faults off (no listing lag, no fault rules, no
  // tryLock errors, the 6-minute limit); then the workspace must have converged.
  int liveness_runs = 0;
  Duration liveness_every{10 * 60 * 1000};
};

// none: no schedule may show it; some: at least one must; any: not checked.
enum class Expectation { kAny, kNone, kSome };
std::string_view ExpectationName(Expectation e);

struct Expect {
  Expectation duplicates = Expectation::kAny;
  std::optional<double> duplicate_rate_min;  // over data sources x schedules
  std::optional<double> duplicate_rate_max;
  Expectation mutex_violations = Expectation::kAny;
  Expectation rotation_violations = Expectation::kAny;  // one batch processed by two runs
  Expectation lost_advances = Expectation::kAny;        // a rotation pointer write based on a stale read
  Expectation missing_folders = Expectation::kAny;
  Expectation lost_files = Expectation::kAny;  // live files left inside trashed folders
  Expectation duplicate_pages = Expectation::kAny;  // two live Notion pages for one CSV row
  Expectation duplicate_files = Expectation::kAny;  // two main CSVs or two .archive in a folder
  Expectation lost_links = Expectation::kAny;  // a track not linked to one of its artists or playlists
  Expectation lost_column_data = Expectation::kAny;  // a value edited in Notion gone with its property
  Expectation renames_undone = Expectation::kAny;    // a renamed property re-added under its old name
  Expectation archive_unbounded = Expectation::kAny; // an .archive past its retention
  Expectation skipped_in_cycle = Expectation::kAny;  // a finished rotation cycle that missed a data source
  Expectation liveness_failures = Expectation::kNone;
};

// The none/some/any expectations: the YAML key, the member, and the violation kind whose schedules
// it counts ("" for missing_folders, counted from the schedules that left a folder missing). In
// the order reports list them; duplicate_rate comes after the first.
struct TriExpectation {
  const char* key;
  Expectation Expect::*member;
  const char* violation;
};
const std::vector<TriExpectation>& TriExpectations();

// How executions run: fibers in virtual time (sim, deterministic), real threads in scaled real
// time (threads), or real threads whose Drive calls go over HTTP to `lockstep serve` (http).
enum class RunMode { kSim, kThreads, kHttp };
std::string_view RunModeName(RunMode m);
bool ParseRunMode(std::string_view name, RunMode& out);

enum class ExplorationStrategy { kRandom, kPct, kDfs };
std::string_view ExplorationStrategyName(ExplorationStrategy s);
bool ParseExplorationStrategy(std::string_view name, ExplorationStrategy& out);

// The Notion side of the workspace (used when core.sync is on): each data source's schema is a
// title "Name" and a rich_text "Notes"; `rows` pages each, listed in the data source's CSV when its
// folder exists, followed by `new_rows` rows without a __page_id.
struct NotionWorkspace {
  int rows = 2;
  int new_rows = 0;
  mocks::LatencyKnob latency;
  double requests_per_second = 0;  // the token bucket (real Notion: 3); 0: no limit
  double burst = 10;
  // DS-002: since the CSV was exported, "Notes" was renamed to "Comments" in Notion (same property
  // id) and every page's value was edited there; the CSV still says "Notes" with the old values.
  bool renamed_since_export = false;
  // UL.init's Execution-Logs data source (kExecutionLogsDataSource), seeded and configured. It is
  // shared with the integration, so search finds it and the job syncs it like any other.
  bool execution_logs = false;
};

inline constexpr const char* kExecutionLogsDataSource = "e0e0e0e0-0000-4000-8000-00000000e109";

// The music workflow (entry: music): each deployment is one process (its own caches and in-process
// locks) whose executions are its worker threads, taking the export's tracks from one shared queue.
struct MusicWorkload {
  std::string export_file;  // a DJ-library export (src/djay_export.h), relative to the scenario file
  std::vector<TrackMeta> tracks;  // from the export, else generated from the counts below
  int track_count = 12;
  int artist_count = 4;
  int playlist_count = 3;
  bool fixed = false;  // MusicConfig::fixed
};

// core: gas: each execution runs a real Apps Script project (a clasp folder) under the scheduler
// (mocks/apps_script/runtime/): its `entry` function, with every Apps Script call a scheduling
// point on the same models. docs/apps-script.md.
struct GasScenario {
  bool enabled = false;
  std::string project;      // as the file says it (relative to the scenario's folder); may be empty
  std::string project_dir;  // resolved: the file's, or --gas-project; "" when none is known
  std::string entry = "manualRunDriveSheets";
  // Per execution (in ExecutionStarts order; the last repeats), when executions run different
  // functions (a trigger's handler beside a manual one); empty: every execution runs `entry`.
  std::vector<std::string> entries;
  const std::string& EntryOf(int execution) const {
    if (entries.empty()) return entry;
    return entries[std::min(static_cast<size_t>(execution), entries.size() - 1)];
  }
  // Seeded into every deployment's script properties, in file order. A value may name
  // ${parent_folder_id} (the seeded parent folder) or ${data_source_ids} (comma-separated).
  std::vector<std::pair<std::string, std::string>> script_properties;
  std::vector<std::string> user_emails;  // per deployment (the last one repeats); Session's account
  std::vector<std::string> script_ids;   // per deployment (default lockstep-script-<d>)
  int iterator_page_size = 100;          // DriveApp iterators' page size
  bool seed_log_folders = true;          // core.log_root_path exists in My Drive before the runs
  int stall_timeout_ms = 60'000;         // real time an execution may run without an Apps Script call
  uint32_t cache_evict_per_million = 0;  // CacheService's "no guarantee": the chance a read misses
  // The platform's execution limit (6 min consumer, 30 min Workspace), the same as
  // platform.kill_after_ms; set when gas.execution_limit_ms is given.
  std::optional<Duration> execution_limit;
};

struct Scenario {
  std::string file;  // as given on the command line
  std::vector<std::string> includes;  // the fragments `include:` merged in (resolved paths)
  std::string name;
  std::string description;
  std::vector<std::string> tags;

  int data_source_count = 1;
  std::vector<std::string> titles;  // optional; default "Database <i>"
  std::vector<std::string> ids;     // optional explicit data source ids (default: generated)
  bool folders_exist = false;       // one canonical folder per data source before the run
  std::vector<SeededDuplicates> duplicates;

  ExecutionPlan executions;
  CoreConfig core;  // strategy and production constants
  mocks::Reentrancy reentrancy = mocks::Reentrancy::kS2;
  mocks::LockKnobs lock;
  mocks::DriveKnobs drive;
  mocks::LatencyKnob drive_latency;
  mocks::DriveFaultKnobs drive_faults;
  NotionWorkspace notion;
  MusicWorkload music;
  GasScenario gas;
  Duration kill_after{6 * 60 * 1000};

  int schedules = 1000;
  uint64_t seed = 1;
  int64_t steps_max = 1'000'000;
  Duration virtual_time_max{48LL * 3600 * 1000};  // a schedule's virtual duration bound
  ExplorationStrategy strategy = ExplorationStrategy::kRandom;
  int pct_depth = 2;
  int preemption_bound = -1;  // dfs only; < 0: unbounded
  bool swarm = false;         // draw each configured fault on or off per schedule
  // How much work shrinking a failure may do (harness/shrink.h's ShrinkOptions): bounded in
  // candidates and schedules, never in time, so a failure always shrinks to the same result.
  struct ShrinkBudget {
    int candidates_max = 40;
    int64_t classes_per_search = 2000;
    int random_schedules = 200;
    bool operator==(const ShrinkBudget&) const = default;
  } shrink;

  Expect expect;  // in every mode, unless the mode has its own (expect.threads, expect.http)
  std::optional<Expect> expect_threads;
  std::optional<Expect> expect_http;

  // Set by the command line, not by the file.
  RunMode mode = RunMode::kSim;
  double time_scale = 1000;  // real modes: virtual ms per real ms
  std::string endpoint;      // http mode: an external `lockstep serve` ("" starts one in-process)

  int ExecutionCount() const;
  // The expectations of the mode the scenario runs in.
  const Expect& ExpectFor() const;
};

// What the executions run, as reports name it: the C++ port's folder strategy ("lock-first"), or
// for core: gas the project's entry ("gas manualRunDriveSheets").
std::string CodeLabel(const Scenario& scenario);

// The chaos rule that `drive.folder_create_commit_then_fail_rate` stands for: a folder create
// commits, then answers 500 backendError.
mocks::FaultRule FolderCreateCommitThenFail(uint32_t per_million);
// A short name of a fault rule for reports: "create commits then fails" for the rule above,
// else mocks::DescribeRule.
std::string FaultRuleLabel(const mocks::FaultRule& rule);

// Loads and validates a scenario. Errors are kInvalidArgument with "file:line: message".
StatusOr<Scenario> LoadScenarioFile(const std::string& path);
StatusOr<Scenario> ParseScenario(const std::string& yaml_text, const std::string& file_label);

// Every scenario file (.yaml, .yml) under `dir`, recursively, sorted by path. Folders named
// `data` hold a scenario's inputs, not scenarios, and are skipped. kNotFound if `dir` is not a
// folder.
StatusOr<std::vector<std::string>> FindScenarioFiles(const std::string& dir);

// The scenario as YAML that ParseScenario reads back to an equal scenario (traces embed it, and
// shrinking writes its reduced scenarios with it).
std::string ScenarioToYaml(const Scenario& scenario);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_SCENARIO_SCENARIO_H_
