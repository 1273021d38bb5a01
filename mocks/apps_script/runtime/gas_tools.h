// The runtime's Node tools (js/surface.mjs, the calibration probe's writer) run as child
// processes of lockstep: RunGasTool starts `node js/<script> args...`, writes `input` to its stdin,
// lets its stdout and stderr through, and answers its exit code.
//
//   StatusOr<int> code = RunGasTool("surface.mjs", {"--json"}, R"({"project": ..., "files": [...]})");
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_TOOLS_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_TOOLS_H_

#include <string>
#include <vector>

#include "mocks/apps_script/runtime/gas_project.h"
#include "src/status.h"

namespace lockstep::mocks {

// kNotFound when node or the script is missing; otherwise the tool's exit code.
StatusOr<int> RunGasTool(const std::string& script, const std::vector<std::string>& args, const std::string& input);

// The surface tool's input for a project: {"project": DIR, "files": [{"name", "path"}, ...]}.
std::string SurfaceInput(const GasProject& project);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_TOOLS_H_
