// The checkers of harness/check/checkers.h, one function per concern, and their shared helpers.
// Each reads the end state and appends violations and counts to the schedule's result.
#ifndef LOCKSTEP_HARNESS_CHECK_INTERNAL_CHECKS_H_
#define LOCKSTEP_HARNESS_CHECK_INTERNAL_CHECKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "harness/check/checkers.h"

namespace lockstep::harness::internal {

// Folders: duplicates (exact and "(n)"), files left inside trashed folders, missing folders.
void CheckFolders(const EndState& s, ScheduleResult& r);
// The rotation pointer: lost advances and one batch processed twice.
void CheckRotation(const EndState& s, ScheduleResult& r);
// A finished rotation cycle that skipped a data source.
void CheckCycles(const EndState& s, ScheduleResult& r);
// Lock statistics and mutual exclusion.
void CollectLockStats(const EndState& s, ScheduleResult& r);
// The whole job: duplicate pages, duplicate main CSVs and .archive folders, unbounded archives.
void CheckPages(const EndState& s, ScheduleResult& r);
// After the liveness phase: one folder per data source and each CSV equal to its data source.
void CheckConvergence(const EndState& s, ScheduleResult& r);
// DS-002: column data lost to a rename, and renames undone by re-adding the old name.
void CheckColumnData(const EndState& s, ScheduleResult& r);
// The music workflow: duplicate artists, playlists and tracks, and lost links.
void CheckMusic(const EndState& s, ScheduleResult& r);

// Per Drive file: the live main CSVs ("<folder name>.csv") inside it when it is a live database
// folder of the parent (0 otherwise).
std::vector<int> MainCsvsPerFolder(const EndState& s);
// The data source a folder name belongs to ("_<id>" anywhere in the name), or -1.
int DataSourceOfName(std::string_view name, const mocks::SimLogger& log);
// "E3": an execution as messages name it.
std::string ExecName(ExecutionId e);
// "t=1200ms": an instant as an offset from the schedule's epoch.
std::string Ms(const EndState& s, Instant t);

}  // namespace lockstep::harness::internal

#endif  // LOCKSTEP_HARNESS_CHECK_INTERNAL_CHECKS_H_
