// CallStats: how many calls each simulated endpoint served, and how many failed, per schedule.
#ifndef LOCKSTEP_MOCKS_COMMON_CALL_STATS_H_
#define LOCKSTEP_MOCKS_COMMON_CALL_STATS_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace lockstep::mocks {

enum class Endpoint {
  kDriveList, kDriveGet, kDriveCreate, kDriveUpdate, kDriveGenerateIds,
  kLockTry, kLockRelease, kPropsGet, kPropsSet, kPropsDelete,
  kNotionRead, kNotionWrite, kSheetsRead, kSheetsWrite,
  kCacheRead, kCacheWrite, kTriggers, kUrlFetch, kCount,
};
inline constexpr int kEndpointCount = static_cast<int>(Endpoint::kCount);

inline std::string_view EndpointName(Endpoint e) {
  switch (e) {
    case Endpoint::kDriveList: return "drive.files.list";
    case Endpoint::kDriveGet: return "drive.files.get";
    case Endpoint::kDriveCreate: return "drive.files.create";
    case Endpoint::kDriveUpdate: return "drive.files.update";
    case Endpoint::kDriveGenerateIds: return "drive.files.generateIds";
    case Endpoint::kLockTry: return "lock.tryLock";
    case Endpoint::kLockRelease: return "lock.releaseLock";
    case Endpoint::kPropsGet: return "properties.get";
    case Endpoint::kPropsSet: return "properties.set";
    case Endpoint::kPropsDelete: return "properties.delete";
    case Endpoint::kCacheRead: return "cache.get";
    case Endpoint::kCacheWrite: return "cache.put";
    case Endpoint::kTriggers: return "script.triggers";
    case Endpoint::kUrlFetch: return "url_fetch";
    case Endpoint::kNotionRead: return "notion.read";
    case Endpoint::kNotionWrite: return "notion.write";
    case Endpoint::kSheetsRead: return "sheets.read";
    case Endpoint::kSheetsWrite: return "sheets.write";
    case Endpoint::kCount: break;
  }
  return "?";
}

struct CallStats {
  std::array<int64_t, kEndpointCount> calls{};
  std::array<int64_t, kEndpointCount> errors{};
  void Count(Endpoint e, bool failed) {
    ++calls[static_cast<int>(e)];
    if (failed) ++errors[static_cast<int>(e)];
  }
  void Add(const CallStats& o) {
    for (int i = 0; i < kEndpointCount; ++i) {
      calls[i] += o.calls[i];
      errors[i] += o.errors[i];
    }
  }
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_CALL_STATS_H_
