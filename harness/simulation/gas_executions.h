// GasExecutions: the part of a simulation whose executions run a real Apps Script project
// (core: gas). It owns what the C++ core does not need: the platform services with no core seam
// (CacheService, ScriptApp's triggers, UrlFetchApp routed to the in-process Notion, Drive and
// Sheets services), each deployment's user properties, and the Node host (one per thread and
// project, shared by the thread's simulations). The rest of the world (Drive, locks, script
// properties, Sheets, the clock) is the simulation's, through the same seams the C++ core uses.
//
// What the executions did is turned into the log events the checkers and probes read (which data
// sources an execution worked on, created a folder for, found no folder for, finished), from the
// calls themselves: the project's own log lines are only traced.
//
//   GasExecutions gas(world);
//   Status s = gas.Start();            // the host: fails on a project that does not compile
//   gas.Reset(seed, data_sources, parent_id);
//   RunResult r = gas.Run(id, deployment);   // on the execution's fiber
#ifndef LOCKSTEP_HARNESS_SIMULATION_GAS_EXECUTIONS_H_
#define LOCKSTEP_HARNESS_SIMULATION_GAS_EXECUTIONS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/scenario/scenario.h"
#include "mocks/apps_script/cache_model.h"
#include "mocks/apps_script/properties_model.h"
#include "mocks/apps_script/runtime/cpu_placement.h"
#include "mocks/apps_script/runtime/gas_execution.h"
#include "mocks/apps_script/runtime/gas_host.h"
#include "mocks/apps_script/trigger_model.h"
#include "mocks/drive/drive_service.h"
#include "mocks/notion/notion_service.h"
#include "mocks/sheets/sheets_service.h"
#include "mocks/sim/sim_gas.h"
#include "mocks/sim/sim_logger.h"
#include "mocks/sim/sim_services.h"
#include "src/data_source.h"
#include "src/run_drive_sheets.h"

namespace lockstep::harness {

class GasExecutions {
 public:
  // What it uses of the simulation. Not owned; all outlive it.
  struct World {
    const Scenario& scenario;
    mocks::SimContext& ctx;
    mocks::DriveModel& drive_model;
    mocks::SimDrive& drive;
    mocks::NotionService& notion;
    mocks::SheetsService& sheets_service;
    SheetsApi* sheets;
    std::vector<std::unique_ptr<mocks::SimLockService>>& locks;       // per deployment
    std::vector<std::unique_ptr<mocks::SimProperties>>& properties;   // per deployment
    Clock& clock;
    mocks::SimLogger& log;
    mocks::CallStats* stats;
  };

  explicit GasExecutions(World world);
  ~GasExecutions();

  // Loads the project and gets this thread's host for it. Fails with what is wrong with the
  // project (kInvalidArgument, kNotFound) or the host (kUnavailable).
  Status Start();
  // A new schedule: models empty, the seed's streams.
  void Reset(uint64_t seed, const std::vector<DataSource>& data_sources, const std::string& parent_id);
  // Seeds every deployment's script properties from gas.script_properties.
  void SeedProperties(mocks::PropertiesModel& script_properties);
  // Runs execution `id` of `deployment` to its end, on its fiber. May be killed (the scheduler
  // unwinds the fiber through it; the worker exits with it).
  RunResult Run(mocks::ExecutionId id, int deployment);
  // Late commits of UrlFetchApp requests still pending (the end of a schedule).
  void FlushDeferred();
  // The liveness phase's calm: no fault rules from now on (until Reset).
  void Calm();

  // Set when an execution made a call the runtime cannot serve (an unsupported method, a project
  // with no such entry, a dead host): the schedule means nothing, and the run is bad input.
  const std::string& bad_input() const { return bad_input_; }
  // Executions that ran too long without an Apps Script call (an endless loop), as messages.
  const std::vector<std::string>& stalls() const { return stalls_; }

 private:
  struct Observed;  // per execution: the data sources it touched, its current listing
  void Observe(mocks::ExecutionId id, const mocks::GasEffect& effect);
  int DataSourceIn(std::string_view text) const;  // the data source whose id `text` carries, or -1

  World world_;
  mocks::GasProject project_;
  mocks::GasHost* host_ = nullptr;  // this thread's, for this project
  std::unique_ptr<mocks::ScopedCpuPin> pin_;  // this thread on its host's CPU while the simulation lives
  uint64_t seed_ = 0;
  std::string parent_id_;
  std::vector<DataSource> data_sources_;
  std::map<std::string, int> ds_by_compact_id_;  // lower-case id without dashes -> index
  mocks::CacheModel cache_model_;
  mocks::TriggerModel trigger_model_;
  mocks::PropertiesModel user_properties_model_;
  std::vector<std::unique_ptr<mocks::SimCache>> caches_;
  std::vector<std::unique_ptr<mocks::SimTriggers>> triggers_;
  std::vector<std::unique_ptr<mocks::SimProperties>> user_properties_;
  mocks::DriveService drive_service_;  // www.googleapis.com for UrlFetchApp
  std::unique_ptr<mocks::SimUrlFetch> fetch_;
  std::map<mocks::ExecutionId, std::unique_ptr<Observed>> observed_;
  std::string bad_input_;
  std::vector<std::string> stalls_;
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_SIMULATION_GAS_EXECUTIONS_H_
