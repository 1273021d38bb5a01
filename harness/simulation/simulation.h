// Simulation: one scenario's world (Drive, LockService and script properties models, the sim
// services over them, the scheduler) and the checkers, run one schedule at a time.
//
//   Simulation sim(scenario);
//   ScheduleResult r = sim.RunSchedule(seed, /*tracing=*/false);
//   if (!r.violations.empty()) ...   // rerun with tracing=true for the steps
//
// A schedule: reset every model to the scenario's initial state, spawn the executions at their
// (jittered) start times, run them to the end under the random strategy, then check.
#ifndef LOCKSTEP_HARNESS_SIMULATION_SIMULATION_H_
#define LOCKSTEP_HARNESS_SIMULATION_SIMULATION_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/check/checkers.h"
#include "harness/check/schedule_result.h"
#include "harness/modes/http_mode.h"
#include "harness/simulation/gas_executions.h"
#include "harness/modes/thread_context.h"
#include "harness/runtime/fiber_stack_pool.h"
#include "harness/runtime/scheduler.h"
#include "harness/runtime/strategy.h"
#include "harness/scenario/scenario.h"
#include "mocks/apps_script/lock_model.h"
#include "mocks/apps_script/properties_model.h"
#include "mocks/common/call_stats.h"
#include "mocks/drive/drive_model.h"
#include "mocks/notion/notion_model.h"
#include "mocks/notion/notion_service.h"
#include "mocks/sheets/sheets_model.h"
#include "mocks/sheets/sheets_service.h"
#include "mocks/sim/sim_http_exchange.h"
#include "mocks/sim/sim_keyed_locks.h"
#include "mocks/sim/sim_notion.h"
#include "mocks/sim/sim_services.h"
#include "src/data_source.h"
#include "src/music_workflow.h"
#include "src/run_drive_sheets.h"

namespace lockstep::harness {

// The deployment of execution `i` of the plan (ExecutionStarts order).
int DeploymentOf(const ExecutionPlan& plan, int i);

class Simulation {
 public:
  explicit Simulation(const Scenario& scenario);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  ScheduleResult RunSchedule(uint64_t seed, bool tracing);
  // Black-box runs (`lockstep serve --scenario`, `lockstep exec`), where a program the harness
  // does not schedule talks to a server: the world schedule `seed` starts from, as the server's
  // admin state snapshot ({"drive": ..., "notion": ...}), and the knobs of the scenario's Drive
  // with its lag in real milliseconds (`time_scale` virtual ms per real ms).
  nlohmann::json InitialState(uint64_t seed);
  nlohmann::json ServerKnobs(double time_scale) const;
  // The checkers over a state read back from such a server: everything that can be judged from
  // the end state (duplicate folders, files in trashed folders, duplicate pages and files, lost
  // links, the CSVs against their data sources), with no execution of the harness's own.
  // r.bad_input says why a state could not be read.
  ScheduleResult CheckState(const nlohmann::json& state, uint64_t seed);
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
  void ResetWorld(uint64_t seed, bool tracing);
  std::string DrawSwarm(uint64_t seed);
  void SeedDrive();
  void SeedNotion();  // core.sync: the data sources, their pages, and the CSV text of each
  void SeedMusic();   // entry music: the Tracks, Artists and Playlists databases, one process each
  void MusicWorker(ExecutionId id);
  std::string SeededCsv(int data_source) const;
  void SpawnExecutions(uint64_t seed);
  void ExecutionBody(ExecutionId id);
  void PrepareHttp(uint64_t seed);  // http mode: load the seeded world into the server
  void OnExit(ExecutionId id, bool killed);
  // The liveness phase (executions.liveness): calm runs after the others, then convergence.
  bool WantsLivenessPhase() const;
  void RunLivenessPhase(ScheduleResult& r);

  const Scenario scenario_;  // a copy: a Simulation may outlive the caller's scenario
  RandomStrategy random_strategy_;
  Strategy* strategy_ = &random_strategy_;
  FiberStackPool stack_pool_;
  Scheduler scheduler_;
  std::unique_ptr<ThreadContext> threads_;  // the real modes
  mocks::SimContext& ctx_;                  // scheduler_ or *threads_
  SimClock clock_;
  mocks::SimRandom random_;
  mocks::SimLogger logger_;
  mocks::DriveModel drive_model_;
  mocks::LockModel lock_model_;
  mocks::PropertiesModel props_model_;
  mocks::SimDrive drive_;
  std::vector<std::unique_ptr<mocks::SimLockService>> lock_services_;  // per deployment
  std::vector<std::unique_ptr<mocks::SimProperties>> properties_;      // per deployment
  std::vector<DataSource> data_sources_;
  std::vector<std::string> ds_ids_;
  std::string parent_id_;
  std::vector<ExecutionRecord> records_;
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
  std::unique_ptr<GasExecutions> gas_;        // core: gas
  std::string gas_error_;                     // why the Apps Script runtime could not start
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_SIMULATION_SIMULATION_H_
