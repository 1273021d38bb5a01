// Simulation: one scenario's world (Drive, LockService and script properties models, the sim
// services over them, the scheduler) and the checkers, run one schedule at a time.
//
//   Simulation sim(scenario);
//   ScheduleResult r = sim.RunSchedule(seed, /*tracing=*/false);
//   if (!r.violations.empty()) ...   // rerun with tracing=true for the steps
//
// A schedule: reset every model to the scenario's initial state, spawn the executions at their
// (jittered) start times, run them to the end under the random strategy, then check.
#ifndef LOCKSTEP_HARNESS_SIMULATION_H_
#define LOCKSTEP_HARNESS_SIMULATION_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/fiber_stack_pool.h"
#include "harness/scenario.h"
#include "harness/scheduler.h"
#include "harness/http_mode.h"
#include "harness/thread_context.h"
#include "harness/sim_logger.h"
#include "harness/strategy.h"
#include "mocks/call_stats.h"
#include "mocks/drive_model.h"
#include "mocks/lock_model.h"
#include "mocks/notion_model.h"
#include "mocks/notion_service.h"
#include "mocks/properties_model.h"
#include "mocks/sheets_model.h"
#include "mocks/sheets_service.h"
#include "mocks/sim_http_exchange.h"
#include "mocks/sim_keyed_locks.h"
#include "mocks/sim_notion.h"
#include "mocks/sim_services.h"
#include "src/data_source.h"
#include "src/music_workflow.h"
#include "src/run_drive_sheets.h"

namespace lockstep::harness {

// Code probes: situations a schedule reached, so that a clean result is never vacuous.
enum class Probe {
  kBothListedNone,           // two executions both listed no folder for one data source
  kCreatedTwice,             // two creates for one data source
  kLockContended,            // a tryLock waited or timed out
  kFolderLockTimedOut,       // ensureDbFolder_ gave up waiting for the lock
  kRunSkipped,               // the run guard turned a run away
  kListingHidChild,          // the listing lag hid a child from a listing
  kConsolidationRan,         // some execution consolidated duplicates
  kConcurrentConsolidation,  // two executions consolidated one data source
  kFolderDeferred,           // "deferring creation" was thrown
  kExecutionKilled,          // the 6-minute limit killed an execution
  kPageKeyFound,             // idempotent page creation found the row's page already
  kPageKeyDeduplicated,      // idempotent page creation trashed a second page of one row
  kKeyedLockWaited,          // music: a worker waited for another's find-or-create or link
  kCount,
};
std::string_view ProbeName(Probe p);
inline constexpr int kProbeCount = static_cast<int>(Probe::kCount);

struct Violation {
  // "duplicate-folders", "files-in-trash", "mutual-exclusion", "rotation", "lost-advance", "liveness",
  // "duplicate-pages", "duplicate-files", "lost-links", "column-data-lost", "rename-undone"
  std::string kind;
  std::vector<std::string> data_sources;
  std::string detail;
};

struct LockStats {
  int64_t attempts = 0;
  int64_t acquired = 0;
  int64_t timed_out = 0;
  int64_t errors = 0;
  int64_t auto_released = 0;
  int64_t wait_ms_sum = 0;  // over acquisitions
  int64_t wait_ms_max = 0;
  // Acquisition waits: 0 ms, <= 1 s, <= 8 s, > 8 s.
  std::array<int64_t, 4> wait_histogram{};
  void Add(const LockStats& o);
};

struct RunCounts {
  int64_t completed = 0;
  int64_t skipped = 0;
  int64_t failed = 0;
  int64_t killed = 0;
  int64_t folder_steps_ok = 0;
  int64_t folder_steps_failed = 0;
  void Add(const RunCounts& o);
};

struct ScheduleResult {
  uint64_t seed = 0;
  ScheduleEnd end;
  std::vector<Violation> violations;
  int duplicate_data_sources = 0;  // data sources with more than one live folder
  int exact_duplicate_sets = 0;    // ... of which with two live folders of the exact same name
  int suffix_duplicate_sets = 0;   // ... of which with a "(n)"-suffixed live folder
  int missing_folders = 0;         // processed data sources left with no live folder
  int files_in_trashed_folders = 0;
  int duplicate_pages = 0;  // extra live Notion pages for one CSV row (title), over data sources
  int duplicate_files = 0;  // extra main CSVs and .archive folders in the canonical folders
  int pages_created = 0;    // pages the runs created from CSV rows
  int lost_links = 0;       // music: track-to-artist or -playlist links missing at the end
  RunCounts runs;
  LockStats locks;
  std::array<bool, kProbeCount> probes{};
  std::string swarm;  // the faults swarm mode switched on for this schedule ("" when off)
  mocks::CallStats calls;  // per endpoint
  bool HasViolation(std::string_view kind) const;
};

// The deployment of execution `i` of the plan (ExecutionStarts order).
int DeploymentOf(const ExecutionPlan& plan, int i);

class Simulation {
 public:
  explicit Simulation(const Scenario& scenario);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  ScheduleResult RunSchedule(uint64_t seed, bool tracing);
  // The strategy of the next schedules (default: random). Not owned. nullptr restores random.
  void set_strategy(Strategy* strategy);
  // The choices of the last schedule (execution ids, one per decision).
  const std::vector<ExecutionId>& choices() const { return scheduler_.choices(); }

  // After RunSchedule: the steps (when tracing) and the end state.
  const std::vector<TraceRecord>& trace() const { return threads_ ? threads_->trace() : scheduler_.trace(); }
  const mocks::DriveModel& drive() const { return drive_model_; }
  const mocks::LockModel& locks() const { return lock_model_; }
  const mocks::PropertiesModel& properties() const { return props_model_; }
  const mocks::NotionModel& notion() const { return notion_model_; }
  const mocks::SheetsModel& sheets() const { return sheets_model_; }
  const std::vector<DataSource>& data_sources() const { return data_sources_; }
  const std::string& parent_id() const { return parent_id_; }
  // The start instant of every schedule (virtual time zero).
  static Instant Epoch();
  // The start of each execution (offset from the epoch) in the schedule with this seed.
  static std::vector<Duration> ExecutionStarts(const ExecutionPlan& plan, uint64_t seed);
  // The data sources of a scenario (explicit ids, else ids fixed across schedules).
  static std::vector<DataSource> DataSources(const Scenario& scenario);

 private:
  struct ExecRecord {
    int deployment = 0;
    std::optional<RunResult> result;
    bool killed = false;
  };

  void ResetWorld(uint64_t seed, bool tracing);
  std::string DrawSwarm(uint64_t seed);
  void SeedDrive();
  void SeedNotion();  // core.sync: the data sources, their pages, and the CSV text of each
  void SeedMusic();   // entry music: the Tracks, Artists and Playlists databases, one process each
  void MusicWorker(ExecutionId id);
  void CheckMusic(ScheduleResult& r);
  void CheckColumnData(ScheduleResult& r);  // notion.renamed_since_export (DS-002)
  std::string SeededCsv(int data_source) const;
  void SpawnExecutions(uint64_t seed);
  void ExecutionBody(ExecutionId id);
  void PrepareHttp(uint64_t seed);  // http mode: load the seeded world into the server
  void OnExit(ExecutionId id, bool killed);
  void Check(ScheduleResult& r);
  void CheckFolders(ScheduleResult& r);
  void CheckRotation(ScheduleResult& r);
  void CheckPages(ScheduleResult& r);
  void CheckCycles(ScheduleResult& r);
  // The liveness phase (executions.liveness): calm runs after the others, then convergence.
  bool WantsLivenessPhase() const;
  void RunLivenessPhase(ScheduleResult& r);
  void CheckConvergence(ScheduleResult& r);
  void CollectLockStats(ScheduleResult& r);

  const Scenario scenario_;  // a copy: a Simulation may outlive the caller's scenario
  RandomStrategy random_strategy_;
  Strategy* strategy_ = &random_strategy_;
  FiberStackPool stack_pool_;
  Scheduler scheduler_;
  std::unique_ptr<ThreadContext> threads_;  // the real modes
  mocks::SimContext& ctx_;                  // scheduler_ or *threads_
  SimClock clock_;
  SimRandom random_;
  SimLogger logger_;
  mocks::DriveModel drive_model_;
  mocks::LockModel lock_model_;
  mocks::PropertiesModel props_model_;
  mocks::SimDrive drive_;
  std::vector<std::unique_ptr<mocks::SimLockService>> lock_services_;  // per deployment
  std::vector<std::unique_ptr<mocks::SimProperties>> properties_;      // per deployment
  std::vector<DataSource> data_sources_;
  std::vector<std::string> ds_ids_;
  std::string parent_id_;
  std::vector<ExecRecord> records_;
  ExecutionId liveness_first_ = -1;  // the first liveness-phase execution, -1 when none ran
  mocks::CallStats calls_;
  mocks::NotionModel notion_model_;
  mocks::NotionService notion_service_;
  mocks::SimNotion notion_transport_;
  mocks::SimNotion notion_2022_;  // the music workflow's Notion-Version
  mocks::SheetsModel sheets_model_;
  mocks::SheetsService sheets_service_;
  mocks::SimHttpExchange sheets_exchange_;
  std::unique_ptr<SheetsApi> sheets_;  // the core's Sheets HTTP client over sheets_exchange_
  std::vector<std::vector<std::string>> seeded_page_ids_;  // per data source (core.sync)
  MusicConfig music_config_;
  std::vector<std::unique_ptr<mocks::SimKeyedLocks>> keyed_locks_;  // per process (deployment)
  std::vector<std::unique_ptr<MusicWorkflow>> music_processes_;      // per process
  std::vector<size_t> next_track_;                                   // per process: the shared queue
  std::vector<NotionPacer> pacers_;                                  // per process (fixed variant)
  std::unique_ptr<HttpWorld> http_;           // http mode
  std::unique_ptr<ContextDrive> http_drive_;  // http mode: what executions use for Drive
  std::unique_ptr<ContextNotion> http_notion_;  // ... for Notion (core.sync)
  std::unique_ptr<ContextSheets> http_sheets_;  // ... for Sheets
  std::string http_error_;                    // the last schedule's admin failure, if any
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_SIMULATION_H_
