// The checkers of a schedule: duplicate folders (exact and "(n)"), missing folders, files left in
// trashed folders, duplicate main CSVs and .archive folders, an unbounded archive, duplicate
// pages, lost links, lost column data and undone renames, lock mutual exclusion, the rotation
// pointer (the same batch twice, lost advances, skipped data sources), liveness and convergence;
// and the code probes. They read the models' end state and journals, never the core's own view,
// so they judge a C++ execution and a real Apps Script one alike.
//
//   EndState end{.scenario = scenario, .drive = drive_model, ...};
//   ScheduleResult r;
//   CheckSchedule(end, r);  // appends violations, fills the counts and the probes
#ifndef LOCKSTEP_HARNESS_CHECK_CHECKERS_H_
#define LOCKSTEP_HARNESS_CHECK_CHECKERS_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/check/schedule_result.h"
#include "harness/scenario/scenario.h"
#include "mocks/apps_script/lock_model.h"
#include "mocks/apps_script/properties_model.h"
#include "mocks/drive/drive_model.h"
#include "mocks/notion/notion_model.h"
#include "mocks/sim/sim_logger.h"
#include "src/data_source.h"
#include "src/music_workflow.h"
#include "src/run_drive_sheets.h"

namespace lockstep::harness {

// What one execution of a schedule came to.
struct ExecutionRecord {
  int deployment = 0;
  std::optional<RunResult> result;  // unset when it never returned (killed, or still blocked)
  bool killed = false;
};

// Everything the checkers read after a schedule. References, not copies: valid while the
// simulation that filled it is.
struct EndState {
  const Scenario& scenario;
  Instant epoch;  // virtual time zero, for messages
  const std::vector<DataSource>& data_sources;
  const std::string& parent_id;
  const mocks::DriveModel& drive;
  const mocks::LockModel& locks;
  const mocks::PropertiesModel& properties;
  const mocks::NotionModel& notion;
  const mocks::SimLogger& log;                // the core's log events (probes, processed sets)
  const std::vector<ExecutionRecord>& executions;
  ExecutionId liveness_first = -1;            // the first liveness-phase execution, -1 if none ran
  const std::vector<std::vector<std::string>>& seeded_page_ids;  // per data source (core.sync)
  const MusicConfig& music;                   // the music databases (entry: music)
  int keyed_lock_waits = 0;                   // music: in-process single-flight waits
};

// Runs every checker that applies to the scenario and sets the probes. Appends to r.violations.
void CheckSchedule(const EndState& s, ScheduleResult& r);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_CHECK_CHECKERS_H_
