// RotationState: the `State('drive_sheets')` object of the production job, the rotation pointer
// kept as JSON {"rp":N,"cycle":N,"lastRun":...} in script properties under
// nds_drive_sheets_drive_sheets. Read once at the start of a run and written at the end: a
// read-modify-write with no compare-and-set, as in production.
//
//   StatusOr<RotationState> st = LoadRotationState(env);
//   ... st->rp ...
//   SaveRotationState(env, *st);
#ifndef LOCKSTEP_SRC_ROTATION_STATE_H_
#define LOCKSTEP_SRC_ROTATION_STATE_H_

#include <optional>
#include <string>
#include <string_view>

#include "src/core_env.h"
#include "src/status.h"

namespace lockstep {

struct RotationState {
  int rp = 0;
  int cycle = 0;
  std::optional<std::string> last_run;  // ISO time of the last cycle end; null before the first
};

// Parses the stored JSON. Missing or unparsable values give the defaults {0, 0, null}, as the
// production `State` does.
RotationState ParseRotationState(std::string_view json);
std::string SerializeRotationState(const RotationState& state);

StatusOr<RotationState> LoadRotationState(CoreEnv& env);
Status SaveRotationState(CoreEnv& env, const RotationState& state);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_ROTATION_STATE_H_
