// `lockstep replay TRACE.json`: re-run a recorded schedule from its embedded scenario, seed and
// choices, and fail loudly if anything differs from the recording (a nondeterminism detector).
// The trace names the build that wrote it: when another build replays it, a divergence may come
// from the code that changed, not from nondeterminism, and the replay says which it is.
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/cli/commands.h"
#include "harness/explore/explorer.h"
#include "harness/report/report.h"
#include "harness/report/trace_file.h"
#include "harness/scenario/scenario.h"
#include "src/file_text.h"

namespace lockstep::harness {

int Replay(const std::string& trace_file) {
  std::optional<std::string> text = ReadFileText(trace_file);
  if (!text) {
    fmt::print(stderr, "lockstep: {}: cannot read the trace file\n", trace_file);
    return kExitBadInput;
  }
  StatusOr<TraceFile> t = ParseTraceFile(*text, trace_file);
  if (!t.ok()) {
    fmt::print(stderr, "lockstep: {}\n", t.status().message());
    return kExitBadInput;
  }
  StatusOr<Scenario> sc = ParseScenario(t->scenario_yaml, t->scenario_file.empty() ? trace_file : t->scenario_file);
  if (!sc.ok()) {
    fmt::print(stderr, "lockstep: {}: the embedded scenario: {}\n", trace_file, sc.status().message());
    return kExitBadInput;
  }
  const bool same_build = t->build == BuildId();
  if (!same_build) {
    fmt::print(stderr, "lockstep: note: {} was recorded by {}; this is {}\n", trace_file,
               t->build.empty() ? "a build that wrote no build id" : t->build, BuildId());
  }
  ReplayOutcome r = ReplaySchedule(*sc, t->seed, t->choices);
  const nlohmann::json& recorded = t->steps;
  const nlohmann::json replayed = StepsJson(r.trace);
  size_t first_diff = 0;
  while (first_diff < recorded.size() && first_diff < replayed.size() &&
         recorded[first_diff] == replayed[first_diff]) {
    ++first_diff;
  }
  const bool same_steps = first_diff == recorded.size() && first_diff == replayed.size();
  fmt::print("{}", TraceTimeline(r.trace));
  fmt::print("replayed {} (scenario {}, seed {}, {} choices): {} steps\n", trace_file, sc->name,
             t->seed, t->choices.size(), replayed.size());
  for (const Violation& v : r.result.violations) fmt::print("  {}: {}\n", v.kind, v.detail);
  if (r.diverged || !same_steps) {
    fmt::print(stderr, "lockstep: REPLAY DIVERGED: {}\n",
               r.diverged ? r.divergence
                          : fmt::format("step {} differs: recorded {} / replayed {}", first_diff,
                                        first_diff < recorded.size() ? recorded[first_diff].dump() : "(end)",
                                        first_diff < replayed.size() ? replayed[first_diff].dump() : "(end)"));
    if (!same_build) {
      fmt::print(stderr, "lockstep: the trace comes from another build, so this divergence may be the code that "
                         "changed between the two builds, not nondeterminism; replay it with the build that wrote "
                         "it to tell them apart\n");
      return kExitDivergedOtherBuild;
    }
    return kExitDiverged;
  }
  fmt::print("identical to the recording\n");
  return 0;
}

}  // namespace lockstep::harness
