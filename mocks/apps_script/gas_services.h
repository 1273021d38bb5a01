// The Apps Script services the C++ core has no seam for, as seams of their own: CacheService,
// UrlFetchApp (the network) and ScriptApp's trigger table. The Apps Script runtime
// (mocks/apps_script/runtime/) calls them; mocks/sim/ implements them over the models (a
// scheduling point per call, as for the core's seams). The core's own seams (DriveApi,
// LockService, ScriptProperties, SheetsApi, Clock) serve the rest of the platform.
//
//   StatusOr<FetchResponse> r = fetch.Fetch({.method = "POST", .url = "https://api.notion.com/v1/search", ...});
//   StatusOr<std::optional<std::string>> v = cache.Get(CacheScope::kScript, "token");
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_GAS_SERVICES_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_GAS_SERVICES_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/status.h"
#include "src/time.h"

namespace lockstep::mocks {

enum class CacheScope { kScript, kUser };

// CacheService.getScriptCache() / getUserCache(). Values are strings; every method may suspend
// the calling fiber.
class CacheService {
 public:
  virtual ~CacheService() = default;
  // The value, or nullopt: never put, expired, or evicted (the platform promises nothing).
  virtual StatusOr<std::optional<std::string>> Get(CacheScope scope, std::string_view key) = 0;
  // The values of the keys that are present.
  virtual StatusOr<std::map<std::string, std::string>> GetAll(CacheScope scope, const std::vector<std::string>& keys) = 0;
  // Puts values that expire `ttl` from now.
  virtual Status Put(CacheScope scope, const std::map<std::string, std::string>& values, Duration ttl) = 0;
  virtual Status Remove(CacheScope scope, const std::vector<std::string>& keys) = 0;
};

struct FetchRequest {
  std::string method;  // upper case
  std::string url;     // absolute: https://host/path?query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct FetchResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in the order the service set them
  std::string body;
};

// UrlFetchApp.fetch: one HTTP request to an absolute URL, and the whole answer. Fails (an
// exception in Apps Script) only when no answer came: an unknown host (kNotFound: nothing leaves
// the machine), a dropped connection or a timeout (kUnavailable, kDeadlineExceeded). May suspend.
class UrlFetch {
 public:
  virtual ~UrlFetch() = default;
  virtual StatusOr<FetchResponse> Fetch(const FetchRequest& request) = 0;
};

struct TriggerRecord {
  std::string id;
  std::string handler;
  std::string spec;  // the builder's settings, as JSON text
};

// ScriptApp's project triggers, one table per deployment: recorded, never fired. May suspend.
class ScriptTriggers {
 public:
  virtual ~ScriptTriggers() = default;
  virtual StatusOr<TriggerRecord> Create(std::string_view handler, std::string_view spec) = 0;
  virtual StatusOr<std::vector<TriggerRecord>> List() = 0;
  // Removes the trigger; no effect if there is none with that id.
  virtual Status Delete(std::string_view id) = 0;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_GAS_SERVICES_H_
