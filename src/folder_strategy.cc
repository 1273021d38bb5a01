#include "src/folder_strategy.h"

namespace lockstep {

std::string_view FolderStrategyName(FolderStrategy strategy) {
  switch (strategy) {
    case FolderStrategy::kNoLock: return "no-lock";
    case FolderStrategy::kCheckThenLock: return "check-then-lock";
    case FolderStrategy::kDoubleChecked: return "double-checked";
    case FolderStrategy::kLockFirst: return "lock-first";
    case FolderStrategy::kLockFirstRegistry: return "lock-first-registry";
  }
  return "unknown";
}

bool ParseFolderStrategy(std::string_view name, FolderStrategy& out) {
  static constexpr FolderStrategy kAll[] = {
      FolderStrategy::kNoLock, FolderStrategy::kCheckThenLock, FolderStrategy::kDoubleChecked,
      FolderStrategy::kLockFirst, FolderStrategy::kLockFirstRegistry};
  for (FolderStrategy s : kAll) {
    if (name == FolderStrategyName(s)) {
      out = s;
      return true;
    }
  }
  if (name == "old") {
    out = FolderStrategy::kDoubleChecked;
    return true;
  }
  if (name == "new") {
    out = FolderStrategy::kLockFirst;
    return true;
  }
  return false;
}

std::string_view FolderStrategyNames() {
  return "no-lock, check-then-lock, double-checked (old), lock-first (new), lock-first-registry";
}

}  // namespace lockstep
