// RunGasExecution: one execution of a real Apps Script project, on the calling fiber.
//
// The execution's JavaScript runs in a worker of the GasHost; every Apps Script service call it
// makes arrives here as one request, is served through the seams of GasServices (in simulation,
// mocks/sim's adapters: a scheduling point each, the same models, faults and journals as the C++
// core's calls), and is answered. The fiber blocks reading the next request while the JavaScript
// runs, so nothing else runs meanwhile: the schedule is the scheduler's alone.
//
// If the scheduler kills the fiber (the execution time limit), the unwinding tells the worker to
// exit at once, as the platform ends a script; its locks are released by the platform's exit hook,
// not here. A call of a method the runtime does not implement ends the execution with kUnsupported
// and the method's name and call site.
//
//   GasServices services{.drive = drive, .locks = locks, ...};
//   GasOutcome out = RunGasExecution(host, start, services, observer);
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_EXECUTION_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_EXECUTION_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/apps_script/gas_services.h"
#include "mocks/apps_script/runtime/gas_host.h"
#include "mocks/common/sim_context.h"
#include "src/clock.h"
#include "src/drive_api.h"
#include "src/lock_service.h"
#include "src/script_properties.h"
#include "src/sheets_api.h"

namespace lockstep::mocks {

// What an execution reaches. Not owned; all outlive the execution.
struct GasServices {
  DriveApi& drive;
  LockService& locks;
  ScriptProperties& script_properties;
  ScriptProperties& user_properties;
  CacheService& cache;
  UrlFetch& fetch;
  ScriptTriggers& triggers;
  SheetsApi* sheets;  // null: SpreadsheetApp calls fail with a clear message
  Clock& clock;
  SimContext& ctx;    // tracing: call sites and the project's log lines
};

struct GasStart {
  ExecutionId execution = 0;
  int deployment = 0;
  std::string entry;  // a top-level function of the project
  uint64_t seed = 0;
  std::string user_email;
  std::string script_id;
  std::string time_zone;
  int iterator_page_size = 100;  // DriveApp iterators fetch pages of this size
  bool tracing = false;
};

struct GasOutcome {
  enum class Kind { kCompleted, kFailed, kUnsupported, kRuntimeError };
  Kind kind = Kind::kRuntimeError;
  std::string message;  // the exception (kFailed), the method (kUnsupported), what went wrong
  std::string site;     // kUnsupported: "Code.js:1234"
  nlohmann::json value;  // kCompleted: what the entry returned
  int64_t calls = 0;     // Apps Script calls that reached C++
};

// An effect an execution had, for the code probes and the checkers' bookkeeping (which data
// sources an execution worked on, created a folder for, finished). The bridge reports; the
// caller interprets.
struct GasEffect {
  enum class Kind { kList, kCreate, kUpdate, kWrite, kFetch };
  Kind kind;
  std::string parent;   // kList: the listed folder; kCreate: the new file's parent
  std::string name;     // kCreate, kUpdate (the new name), kWrite (the file's name)
  std::string mime;
  bool folders = false;             // kList of folders
  bool first_page = false;          // kList: a listing began
  bool last_page = false;           // kList: the listing ended
  bool trashed = false;             // kUpdate: the file is now in the trash
  std::vector<std::string> names;   // kList: what the page held
  std::string url;      // kFetch
};
using GasObserver = std::function<void(ExecutionId, const GasEffect&)>;

GasOutcome RunGasExecution(GasHost& host, const GasStart& start, GasServices& services,
                           const GasObserver& observer = {});

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_EXECUTION_H_
