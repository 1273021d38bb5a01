// Trace files (`"format": "lockstep-trace/1"`): reading one back for `lockstep replay`, and the
// identity of the build that wrote it.
//
//   StatusOr<TraceFile> t = ParseTraceFile(text, "failure.trace.json");
//   if (!t.ok()) ...                   // "failure.trace.json:3: seed: expected an unsigned integer"
//   if (t->build != BuildId()) ...     // recorded by another build: a divergence may be the change
#ifndef LOCKSTEP_HARNESS_REPORT_TRACE_FILE_H_
#define LOCKSTEP_HARNESS_REPORT_TRACE_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/common/sim_context.h"
#include "src/status.h"

namespace lockstep::harness {

struct TraceFile {
  std::string scenario_file;
  std::string scenario_yaml;
  uint64_t seed = 0;
  std::vector<mocks::ExecutionId> choices;
  nlohmann::json steps = nlohmann::json::array();
  std::string build;  // "" when the trace names none (written before traces carried it)
};

// Checks the whole shape (every field's type, choices non-negative), so that a hand-edited or
// truncated file gets an error naming the field, and the line where the JSON breaks.
StatusOr<TraceFile> ParseTraceFile(const std::string& text, const std::string& label);

// This program's build: "lockstep 0.1.0 <build-id>", the build id the linker wrote into the
// executable (.note.gnu.build-id, a hash of its contents), or, without one, a hash of the
// executable's bytes. Two builds of different code have different ids; the same binary always
// has the same one.
const std::string& BuildId();

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_REPORT_TRACE_FILE_H_
