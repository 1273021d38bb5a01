// `lockstep gas ...`: the Apps Script runtime's tools.
//
//   lockstep gas surface DIR [--json]   every Apps Script call site of a project, supported or not
//                                       (exit 0 all supported, 1 some not, 2 bad input)
//   lockstep gas coverage [--json]      the platform's methods the runtime shims, per service
#include <fmt/format.h>

#include "harness/cli/commands.h"
#include "mocks/apps_script/runtime/gas_project.h"
#include "mocks/apps_script/runtime/gas_tools.h"

namespace lockstep::harness {

int GasSurface(const GasArgs& args) {
  StatusOr<mocks::GasProject> project = mocks::LoadGasProject(args.dir);
  if (!project.ok()) {
    fmt::print(stderr, "lockstep: {}\n", project.status().message());
    return kExitBadInput;
  }
  std::vector<std::string> tool_args;
  if (args.json) tool_args.push_back("--json");
  StatusOr<int> code = mocks::RunGasTool("surface.mjs", tool_args, mocks::SurfaceInput(*project));
  if (!code.ok()) {
    fmt::print(stderr, "lockstep: {}\n", code.status().message());
    return kExitBadInput;
  }
  return *code;
}

int GasCoverage(const GasArgs& args) {
  std::vector<std::string> tool_args = {"--coverage"};
  if (args.json) tool_args.push_back("--json");
  StatusOr<int> code = mocks::RunGasTool("surface.mjs", tool_args, "");
  if (!code.ok()) {
    fmt::print(stderr, "lockstep: {}\n", code.status().message());
    return kExitBadInput;
  }
  return *code;
}

}  // namespace lockstep::harness
