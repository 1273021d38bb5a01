#include "mocks/apps_script/trigger_model.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

namespace lockstep::mocks {

TriggerRecord TriggerModel::Create(int deployment, std::string_view handler, std::string_view spec) {
  TriggerRecord t{fmt::format("trigger-{}-{}", deployment, ++next_[deployment]), std::string(handler), std::string(spec)};
  tables_[deployment].push_back(t);
  return t;
}

void TriggerModel::Delete(int deployment, std::string_view id) {
  auto& table = tables_[deployment];
  table.erase(std::remove_if(table.begin(), table.end(), [id](const TriggerRecord& t) { return t.id == id; }), table.end());
}

}  // namespace lockstep::mocks
