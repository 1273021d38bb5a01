// Names of the folder-step strategies, as scenario files and reports spell them.
//
//   FolderStrategy s;
//   if (!ParseFolderStrategy("double-checked", s)) ...;   // s == FolderStrategy::kDoubleChecked
#ifndef LOCKSTEP_SRC_FOLDER_STRATEGY_H_
#define LOCKSTEP_SRC_FOLDER_STRATEGY_H_

#include <string_view>

#include "src/core_env.h"

namespace lockstep {

// "no-lock", "check-then-lock", "double-checked", "lock-first", "lock-first-registry".
std::string_view FolderStrategyName(FolderStrategy strategy);

// Parses a name above; also accepts "old" (double-checked) and "new" (lock-first).
bool ParseFolderStrategy(std::string_view name, FolderStrategy& out);

// The accepted names, comma-separated, for error messages.
std::string_view FolderStrategyNames();

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_FOLDER_STRATEGY_H_
