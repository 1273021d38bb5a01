// `lockstep replay TRACE.json`: re-run a recorded schedule from its embedded scenario, seed and
// choices, and fail loudly if anything differs from the recording (a nondeterminism detector).
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/cli/commands.h"
#include "harness/explore/explorer.h"
#include "harness/report/report.h"
#include "harness/scenario/scenario.h"

namespace lockstep::harness {

int Replay(const std::string& trace_file) {
  std::ifstream in(trace_file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.value("format", "") != "lockstep-trace/1" || !j.contains("scenario_yaml") ||
      !j.contains("seed") || !j.contains("choices") || !j.contains("steps")) {
    fmt::print(stderr, "lockstep: {}: expected a lockstep-trace/1 file with scenario_yaml, seed, "
                       "choices and steps\n", trace_file);
    return kExitBadInput;
  }
  StatusOr<Scenario> sc = ParseScenario(j["scenario_yaml"].get<std::string>(),
                                        j.value("scenario_file", trace_file));
  if (!sc.ok()) {
    fmt::print(stderr, "lockstep: {}: the embedded scenario: {}\n", trace_file, sc.status().message());
    return kExitBadInput;
  }
  const uint64_t seed = j["seed"].get<uint64_t>();
  const std::vector<ExecutionId> choices = j["choices"].get<std::vector<ExecutionId>>();
  ReplayOutcome r = ReplaySchedule(*sc, seed, choices);
  const nlohmann::json recorded = j["steps"];
  const nlohmann::json replayed = StepsJson(r.trace);
  size_t first_diff = 0;
  while (first_diff < recorded.size() && first_diff < replayed.size() &&
         recorded[first_diff] == replayed[first_diff]) {
    ++first_diff;
  }
  const bool same_steps = first_diff == recorded.size() && first_diff == replayed.size();
  fmt::print("{}", TraceTimeline(r.trace));
  fmt::print("replayed {} (scenario {}, seed {}, {} choices): {} steps\n", trace_file, sc->name,
             seed, choices.size(), replayed.size());
  for (const Violation& v : r.result.violations) fmt::print("  {}: {}\n", v.kind, v.detail);
  if (r.diverged || !same_steps) {
    fmt::print(stderr, "lockstep: REPLAY DIVERGED: {}\n",
               r.diverged ? r.divergence
                          : fmt::format("step {} differs: recorded {} / replayed {}", first_diff,
                                        first_diff < recorded.size() ? recorded[first_diff].dump() : "(end)",
                                        first_diff < replayed.size() ? replayed[first_diff].dump() : "(end)"));
    return kExitDiverged;
  }
  fmt::print("identical to the recording\n");
  return 0;
}

}  // namespace lockstep::harness
