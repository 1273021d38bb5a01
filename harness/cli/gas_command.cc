// `lockstep gas ...`: the Apps Script runtime's tools.
//
//   lockstep gas surface DIR [--json]   every Apps Script call site of a project, supported or not
//                                       (exit 0 all supported, 1 some not, 2 bad input)
//   lockstep gas coverage [--json]      the platform's methods the runtime shims, per service
//   lockstep gas probe --out DIR        writes DIR/LockstepProbe.js, the calibration probe
//   lockstep calibrate RESULT [--out F] the probe's result as a scenario fragment
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "harness/calibrate/calibrate.h"
#include "harness/cli/commands.h"
#include "harness/report/report.h"
#include "mocks/apps_script/runtime/gas_project.h"
#include "mocks/apps_script/runtime/gas_tools.h"
#include "src/file_text.h"

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

int GasProbe(const GasArgs& args) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(args.out, ec);
  if (ec || !fs::is_directory(args.out)) {
    fmt::print(stderr, "lockstep: {}: cannot create the folder{}\n", args.out, ec ? ": " + ec.message() : "");
    return kExitIo;
  }
  const std::string path = (fs::path(args.out) / kProbeFileName).string();
  // Never overwrite a file that is not this probe: it may be the user's.
  if (fs::exists(path)) {
    if (ReadFileText(path).value_or("").rfind("/**\n * LockstepProbe.js", 0) != 0) {
      fmt::print(stderr, "lockstep: {}: exists and is not lockstep's probe; not overwritten\n", path);
      return kExitBadInput;
    }
  }
  Status w = WriteFileAtomically(path, std::string(ProbeSource()));
  if (!w.ok()) {
    fmt::print(stderr, "lockstep: {}\n", w.message());
    return kExitIo;
  }
  fmt::print("wrote {}\nadd it to the Apps Script project of the account to measure, run lockstepProbe() once (and again\n"
             "35 minutes later for the execution limit), save the line it logs that starts with \"{}\" and run\n"
             "  lockstep calibrate SAVED_LINE --out calibration.fragment.yaml\n",
             path, std::string(kProbeLinePrefix));
  return 0;
}

int Calibrate(const CalibrateArgs& args) {
  std::optional<std::string> text = ReadFileText(args.result);
  if (!text) {
    fmt::print(stderr, "lockstep: {}: cannot open the file\n", args.result);
    return kExitBadInput;
  }
  StatusOr<ProbeResult> r = ParseProbeResult(*text, args.result);
  if (!r.ok()) {
    fmt::print(stderr, "lockstep: {}\n", r.status().message());
    return kExitBadInput;
  }
  const std::string fragment = CalibrationFragment(*r, args.result);
  if (args.out.empty()) {
    fmt::print("{}", fragment);
    return 0;
  }
  Status w = WriteFileAtomically(args.out, fragment);
  if (!w.ok()) {
    fmt::print(stderr, "lockstep: {}\n", w.message());
    return kExitIo;
  }
  fmt::print("wrote {}\n", args.out);
  return 0;
}

}  // namespace lockstep::harness
