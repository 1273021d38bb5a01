// The scenario loader: parse any YAML as a scenario file; what loads is written back as YAML
// (what a trace embeds), which must load again and write the same text. Includes resolve against
// a directory that does not exist, so an input can name no real file.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"
#include "harness/scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lockstep;
  const std::string text(reinterpret_cast<const char*>(data), size);
  StatusOr<harness::Scenario> sc = harness::ParseScenario(text, "/nonexistent-fuzz-dir/fuzz.yaml");
  if (!sc.ok()) {
    LOCKSTEP_FUZZ_CHECK(!sc.status().message().empty(), "an error with no message");
    return 0;
  }
  const std::string yaml = harness::ScenarioToYaml(*sc);
  StatusOr<harness::Scenario> again = harness::ParseScenario(yaml, "/nonexistent-fuzz-dir/fuzz.yaml");
  LOCKSTEP_FUZZ_CHECK(again.ok(), "the scenario written back does not load: " + std::string(again.status().message()) +
                                      "\n" + yaml);
  LOCKSTEP_FUZZ_CHECK(harness::ScenarioToYaml(*again) == yaml, "the scenario written back changes when loaded again");
  return 0;
}
