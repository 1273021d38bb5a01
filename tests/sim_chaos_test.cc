// Proves that the simulation applies the same chaos rules as `lockstep serve`, on the Drive v3
// request the HTTP client would send: respond fails the call without applying it, timeout and
// commit_then_fail apply it and fail, fail_then_commit fails now and applies at its due time (so a
// second run can create the folder again: a duplicate), latency adds virtual time; rules round-trip
// through the scenario YAML, and a bad rule is a file:line error.
#include <string>

#include <gtest/gtest.h>

#include "harness/simulation/simulation.h"
#include "tests/test_support.h"

namespace lockstep {
namespace {

using testing::MustParse;

std::string Scenario(const std::string& rule, int executions = 1, int second_start_ms = 60'000) {
  return "name: chaos\nworkspace:\n  data_sources: 1\nexecutions:\n  entry: run\n  starts_ms: [0" +
         std::string(executions > 1 ? ", " + std::to_string(second_start_ms) : "") +
         "]\ncore:\n  strategy: lock-first\n  init_logs: false\ndrive:\n  faults:\n    - " + rule + "\n";
}

bool TraceHas(const std::vector<harness::TraceRecord>& trace, const std::string& call, const std::string& text) {
  for (const harness::TraceRecord& t : trace) {
    if (t.call == call && (t.result.find(text) != std::string::npos || t.args.find(text) != std::string::npos)) {
      return true;
    }
  }
  return false;
}

struct Outcome {
  harness::ScheduleResult result;
  std::vector<harness::TraceRecord> trace;
};

Outcome RunOnce(const std::string& yaml) {
  harness::Simulation sim(MustParse(yaml));
  Outcome o;
  o.result = sim.RunSchedule(1, /*tracing=*/true);
  o.trace = sim.trace();
  return o;
}

const char* kFolderCreate =
    "{method: POST, path_prefix: /drive/v3/files, body_contains: 'application/vnd.google-apps.folder', ";

TEST(SimChaos, RespondFailsTheCallWithoutApplyingIt) {
  Outcome o = RunOnce(Scenario(std::string(kFolderCreate) + "action: respond, status: 503, reason: backendError}"));
  EXPECT_TRUE(TraceHas(o.trace, "drive.create", "[fault: respond]"));
  EXPECT_EQ(o.result.missing_folders, 1);
  EXPECT_EQ(o.result.runs.failed + o.result.runs.completed, 1);
}

TEST(SimChaos, TimeoutAndCommitThenFailApplyTheCall) {
  for (const char* action : {"timeout, delay_ms: 30000", "commit_then_fail, status: 500"}) {
    Outcome o = RunOnce(Scenario(std::string(kFolderCreate) + "action: " + action + "}"));
    EXPECT_EQ(o.result.missing_folders, 0) << action;
    EXPECT_EQ(o.result.duplicate_data_sources, 0) << action;
  }
}

TEST(SimChaos, FailThenCommitLetsASecondRunDuplicateTheFolder) {
  // The first run's create fails and commits 120 s later; the second run, 60 s after the first,
  // lists no folder and creates one: after the late commit there are two.
  Outcome o = RunOnce(Scenario(std::string(kFolderCreate) + "action: fail_then_commit, delay_ms: 120000, count: 1}", 2));
  EXPECT_TRUE(TraceHas(o.trace, "drive.create", "[fault: fail_then_commit]"));
  EXPECT_TRUE(TraceHas(o.trace, "drive.late_commit", "applied"));
  EXPECT_EQ(o.result.duplicate_data_sources, 1);
  // Committing before the second run looks: it finds the folder.
  Outcome early =
      RunOnce(Scenario(std::string(kFolderCreate) + "action: fail_then_commit, delay_ms: 5000, count: 1}", 2));
  EXPECT_EQ(early.result.duplicate_data_sources, 0);
  EXPECT_EQ(early.result.missing_folders, 0);
}

TEST(SimChaos, LatencyAddsVirtualTime) {
  const std::string base = Scenario("{method: GET, path_prefix: /drive/v3/files, action: latency, delay_ms: 0}");
  const std::string slow = Scenario("{method: GET, path_prefix: /drive/v3/files, action: latency, delay_ms: 7000}");
  Outcome fast = RunOnce(base);
  Outcome late = RunOnce(slow);
  ASSERT_FALSE(fast.trace.empty());
  ASSERT_FALSE(late.trace.empty());
  EXPECT_GE(late.trace.back().time - fast.trace.back().time, Duration(7000));
}

TEST(SimChaos, RulesRoundTripThroughTheScenarioYaml) {
  harness::Scenario s = MustParse(
      Scenario(std::string(kFolderCreate) + "action: fail_then_commit, delay_ms: 2500, probability: 0.25, count: 3}"));
  ASSERT_EQ(s.drive_faults.rules.size(), 1u);
  harness::Scenario again = MustParse(harness::ScenarioToYaml(s));
  ASSERT_EQ(again.drive_faults.rules.size(), 1u);
  EXPECT_EQ(mocks::Chaos::RuleJson(again.drive_faults.rules[0]), mocks::Chaos::RuleJson(s.drive_faults.rules[0]));
  EXPECT_EQ(again.drive_faults.rules[0].per_million, 250'000u);

  // The shorthand is the same rule.
  harness::Scenario shorthand = MustParse(
      "name: x\nexecutions:\n  count: 1\ncore:\n  strategy: old\ndrive:\n  folder_create_commit_then_fail_rate: 0.3\n");
  ASSERT_EQ(shorthand.drive_faults.rules.size(), 1u);
  EXPECT_EQ(harness::FaultRuleLabel(shorthand.drive_faults.rules[0]), "create commits then fails");
}

TEST(SimChaos, ABadRuleIsAFileLineError) {
  StatusOr<harness::Scenario> s = harness::ParseScenario(
      "name: x\nexecutions:\n  count: 1\ncore:\n  strategy: old\ndrive:\n  faults:\n    - {action: explode}\n", "bad.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "bad.yaml:8: drive.faults[0]: fault rule: action: expected respond, latency, commit_then_fail, "
            "fail_then_commit or timeout");
}

}  // namespace
}  // namespace lockstep
