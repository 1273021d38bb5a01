// TriggerModel: ScriptApp's project triggers, one table per deployment (a project's triggers are
// the project's, whichever execution created them). Recorded, never fired: the scenario's
// executions are what runs. Ids are "trigger-<deployment>-<n>", in creation order.
//
//   TriggerModel triggers;
//   TriggerRecord t = triggers.Create(0, "manualRunDriveSheets", R"({"every_minutes":10})");
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_TRIGGER_MODEL_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_TRIGGER_MODEL_H_

#include <map>
#include <string_view>
#include <vector>

#include "mocks/apps_script/gas_services.h"

namespace lockstep::mocks {

class TriggerModel {
 public:
  void Reset() {
    tables_.clear();
    next_.clear();
  }
  TriggerRecord Create(int deployment, std::string_view handler, std::string_view spec);
  const std::vector<TriggerRecord>& List(int deployment) { return tables_[deployment]; }
  void Delete(int deployment, std::string_view id);

 private:
  std::map<int, std::vector<TriggerRecord>> tables_;
  std::map<int, int> next_;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_TRIGGER_MODEL_H_
