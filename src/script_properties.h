// ScriptProperties: Apps Script's PropertiesService.getScriptProperties(), one store per
// deployment. Not transactional: a read-modify-write by two executions can lose an update.
//
//   StatusOr<std::optional<std::string>> v = props.GetProperty("REGISTRY_SHEET_ID");
#ifndef LOCKSTEP_SRC_SCRIPT_PROPERTIES_H_
#define LOCKSTEP_SRC_SCRIPT_PROPERTIES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "src/status.h"

namespace lockstep {

class ScriptProperties {
 public:
  virtual ~ScriptProperties() = default;

  // Returns the value, or nullopt when the key is not set. May suspend the calling fiber.
  virtual StatusOr<std::optional<std::string>> GetProperty(std::string_view key) = 0;

  // Sets the value (at most 9 KB; larger fails with kInvalidArgument). May suspend the fiber.
  virtual Status SetProperty(std::string_view key, std::string_view value) = 0;

  // Deletes the key; no effect if it is not set. May suspend the calling fiber.
  virtual Status DeleteProperty(std::string_view key) = 0;

  // Every key and value (a copy, as Apps Script's getProperties returns one). May suspend.
  virtual StatusOr<std::map<std::string, std::string>> GetProperties() = 0;

  // Sets every key of `values` in one call (setProperties), and with `delete_others` deletes every
  // key not in it. Atomic: no other call sees half of it. Fails with kInvalidArgument, changing
  // nothing, if a value is over 9 KB. May suspend.
  virtual Status SetProperties(const std::map<std::string, std::string>& values, bool delete_others) = 0;
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_SCRIPT_PROPERTIES_H_
