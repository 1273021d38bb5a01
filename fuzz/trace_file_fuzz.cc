// Trace files for `lockstep replay`: read any bytes as a trace; what reads has its embedded
// scenario loaded, as the replay does before it runs a schedule.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"
#include "harness/report/trace_file.h"
#include "harness/scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lockstep;
  const std::string text(reinterpret_cast<const char*>(data), size);
  StatusOr<harness::TraceFile> t = harness::ParseTraceFile(text, "fuzz.trace.json");
  if (!t.ok()) {
    LOCKSTEP_FUZZ_CHECK(std::string(t.status().message()).rfind("fuzz.trace.json", 0) == 0,
                        "an error that does not name the file: " + std::string(t.status().message()));
    return 0;
  }
  LOCKSTEP_FUZZ_CHECK(t->steps.is_array(), "steps");
  harness::ParseScenario(t->scenario_yaml, "/nonexistent-fuzz-dir/trace.yaml");
  return 0;
}
