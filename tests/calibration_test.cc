// The calibration probe against lockstep's own runtime: LockstepProbe.js (the file `lockstep gas
// probe` writes) runs as the executions of a scenario whose models are set (lock re-entrancy S1, S2
// or S3, a listing and a name-search lag, an execution limit), and the line it logs must report the
// model it was given, delays inside the lag it was given (widened by the observer's polling and
// the Drive latency), and the limit. Its result, turned into a fragment by CalibrationFragment and
// taken by a scenario with `include:`, must give that scenario the same models back. Bad probe
// results are refused with the file, the line and what was expected.
#include <filesystem>
#include <fstream>
#include <ostream>

#include <gtest/gtest.h>

#include "harness/calibrate/calibrate.h"
#include "harness/simulation/simulation.h"

namespace lockstep {
namespace {

namespace fs = std::filesystem;
using harness::ProbeResult;

// A clasp project holding only the probe, as a user would add it.
std::string ProbeProject() {
  static const std::string dir = [] {
    const fs::path d = fs::temp_directory_path() / fmt::format("lockstep-probe-project-{}", ::getpid());
    fs::create_directories(d);
    std::ofstream(d / harness::kProbeFileName) << harness::ProbeSource();
    std::ofstream(d / "appsscript.json") << R"({"timeZone": "Europe/Berlin", "runtimeVersion": "V8"})";
    return d.string();
  }();
  return dir;
}

struct Knobs {
  const char* model;
  int64_t lag_min, lag_max;    // getFolders() in another execution
  int64_t name_min, name_max;  // DriveApp.getFoldersByName()
  int64_t kill_ms;
};

// Test names and logs show the model, not the struct's bytes.
void PrintTo(const Knobs& k, std::ostream* os) { *os << k.model; }

// The probe, its observer (the execution the probe's trigger would start), and the probe again
// after 40 minutes, which reads the observer's heartbeat for the limit.
std::string ProbeScenarioYaml(const Knobs& k, const std::string& extra = "") {
  return fmt::format(R"(name: probe-{0}
workspace:
  data_sources: 1
executions:
  starts_ms: [0, 0, 2400000]
core: gas
gas:
  project: {1}
  entries: [lockstepProbe, lockstepProbeObserver, lockstepProbe]
  seed_log_folders: false
lock:
  reentrancy: {0}
drive:
  listing_lag_ms: {{min: {2}, max: {3}}}
  name_search_lag_ms: {{min: {4}, max: {5}}}
  latency_ms: {{min: 10, max: 50}}
platform:
  kill_after_ms: {6}
{7}exploration:
  schedules: 1
)",
                     k.model, ProbeProject(), k.lag_min, k.lag_max, k.name_min, k.name_max, k.kill_ms, extra);
}

// The LOCKSTEP_PROBE lines the executions logged, in order.
std::vector<std::string> ProbeLines(const harness::Simulation& sim) {
  std::vector<std::string> lines;
  for (const harness::TraceRecord& t : sim.trace()) {
    if (t.call.rfind("log.", 0) == 0 && t.result.rfind(harness::kProbeLinePrefix, 0) == 0) lines.push_back(t.result);
  }
  return lines;
}

std::vector<ProbeResult> RunProbe(const Knobs& k, uint64_t seed) {
  StatusOr<harness::Scenario> sc = harness::ParseScenario(ProbeScenarioYaml(k), "probe.yaml");
  EXPECT_TRUE(sc.ok()) << sc.status().message();
  if (!sc.ok()) return {};
  harness::Simulation sim(*sc);
  harness::ScheduleResult r = sim.RunSchedule(seed, /*trace=*/true);
  EXPECT_TRUE(r.bad_input.empty()) << r.bad_input;
  std::vector<ProbeResult> out;
  for (const std::string& line : ProbeLines(sim)) {
    StatusOr<ProbeResult> p = harness::ParseProbeResult(line, "probe.log");
    EXPECT_TRUE(p.ok()) << p.status().message();
    if (p.ok()) out.push_back(*p);
  }
  return out;
}

// Every delay seen lies in [lag_min - poll, lag_max + poll + latency of the calls between].
void ExpectDelaysWithin(const std::vector<std::optional<int64_t>>& ms, int64_t lo, int64_t hi, int64_t poll,
                        const char* what) {
  ASSERT_EQ(ms.size(), 5u) << what;
  for (const std::optional<int64_t>& d : ms) {
    ASSERT_TRUE(d.has_value()) << what << ": a folder was never seen";
    EXPECT_GE(*d, lo - poll) << what;
    EXPECT_LE(*d, hi + poll + 1000) << what;
  }
}

class ProbeUnderModel : public ::testing::TestWithParam<Knobs> {};

TEST_P(ProbeUnderModel, ReportsTheModelTheLagAndTheLimitItWasGiven) {
  const Knobs k = GetParam();
  const std::vector<ProbeResult> runs = RunProbe(k, 7);
  ASSERT_EQ(runs.size(), 2u) << "both probe runs log their line";
  const ProbeResult& first = runs[0];
  EXPECT_TRUE(first.observer);
  EXPECT_EQ(first.lock_model, k.model);
  // The observer settled S1 against S2 (not the hasLock() fallback).
  if (std::string(k.model) != "S3") {
    ASSERT_TRUE(first.other_acquired_after_inner_release.has_value());
    EXPECT_EQ(*first.other_acquired_after_inner_release, std::string(k.model) == "S1");
  }
  ASSERT_TRUE(first.visibility_measured);
  EXPECT_GT(first.poll_ms, 0);
  ExpectDelaysWithin(first.listing_ms, k.lag_min, k.lag_max, first.poll_ms, "getFolders()");
  ExpectDelaysWithin(first.search_ms, k.name_min, k.name_max, first.poll_ms, "DriveApp.getFoldersByName()");
  // Folder.getFoldersByName() is a listing of the parent with a name: it sees a folder when both
  // lags have passed.
  ExpectDelaysWithin(first.in_parent_ms, std::max(k.lag_min, k.name_min), std::max(k.lag_max, k.name_max),
                     first.poll_ms, "Folder.getFoldersByName()");
  EXPECT_FALSE(first.execution_limit_ms.has_value()) << "the first run has no previous observer";
  EXPECT_FALSE(first.includes_trashed);
  EXPECT_EQ(first.order, "creation");

  const ProbeResult& second = runs[1];
  ASSERT_TRUE(second.execution_limit_ms.has_value());
  EXPECT_FALSE(second.limit_survived);
  EXPECT_GT(*second.execution_limit_ms, k.kill_ms - second.limit_resolution_ms);
  EXPECT_LE(*second.execution_limit_ms, k.kill_ms);
  // Without an observer the second run still tells S3 from the rest, and S1 from S2 by hasLock().
  EXPECT_FALSE(second.observer);
  EXPECT_EQ(second.lock_model, k.model);
}

INSTANTIATE_TEST_SUITE_P(Models, ProbeUnderModel,
                         ::testing::Values(Knobs{"S1", 0, 0, 0, 0, 360000}, Knobs{"S2", 5000, 20000, 2000, 8000, 360000},
                                           Knobs{"S3", 1000, 3000, 15000, 30000, 1800000}),
                         [](const ::testing::TestParamInfo<Knobs>& p) { return std::string(p.param.model); });

TEST(Calibration, TheFragmentGivesAScenarioTheMeasuredModelsBack) {
  const Knobs k{"S2", 5000, 20000, 2000, 8000, 360000};
  const std::vector<ProbeResult> runs = RunProbe(k, 11);
  ASSERT_EQ(runs.size(), 2u);
  // One result with everything: the first run's measurements and the second's limit, as a user
  // would have after the second run (that run's own visibility figures are null: no observer).
  ProbeResult merged = runs[0];
  merged.execution_limit_ms = runs[1].execution_limit_ms;
  merged.limit_resolution_ms = runs[1].limit_resolution_ms;
  const std::string fragment = harness::CalibrationFragment(merged, "probe.log");
  const fs::path file = fs::path(ProbeProject()) / "calibration.fragment.yaml";
  std::ofstream(file) << fragment;

  StatusOr<harness::Scenario> s = harness::ParseScenario(fmt::format(R"(name: calibrated
include: {}
workspace:
  data_sources: 2
executions:
  starts_ms: [0, 1000]
core:
  strategy: lock-first
exploration:
  schedules: 1
)",
                                                                     file.string()),
                                                         "calibrated.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message() << "\n" << fragment;
  EXPECT_EQ(s->reentrancy, mocks::Reentrancy::kS2);
  // The lag as measured: from the shortest delay less one poll to the longest.
  EXPECT_GE(s->drive.lag_min.count(), 0);
  EXPECT_LE(s->drive.lag_min.count(), k.lag_max);
  EXPECT_GE(s->drive.lag_max.count(), k.lag_min);
  EXPECT_LE(s->drive.lag_max.count(), k.lag_max + 2000);
  EXPECT_LE(s->drive.name_index_lag_max.count(), k.name_max + 2000);
  EXPECT_EQ(s->kill_after.count(), 360000);
  EXPECT_EQ(s->includes, std::vector<std::string>{file.string()});

  // The scenario's own keys win over the fragment's.
  StatusOr<harness::Scenario> own = harness::ParseScenario(fmt::format(R"(name: calibrated-own
include: [{}]
workspace:
  data_sources: 2
executions:
  count: 2
core:
  strategy: lock-first
lock:
  reentrancy: S3
platform:
  kill_after_ms: 1800000
exploration:
  schedules: 1
)",
                                                                       file.string()),
                                                           "own.yaml");
  ASSERT_TRUE(own.ok()) << own.status().message();
  EXPECT_EQ(own->reentrancy, mocks::Reentrancy::kS3);
  EXPECT_EQ(own->kill_after.count(), 1800000);
  EXPECT_EQ(own->drive.lag_max, s->drive.lag_max);
}

TEST(Calibration, AFragmentHoldsOnlyModelsAndNamesItsOwnLine) {
  const fs::path dir = fs::path(ProbeProject());
  std::ofstream(dir / "bad.fragment.yaml") << "lock:\n  reentrancy: S2\nexecutions:\n  count: 3\n";
  StatusOr<harness::Scenario> s = harness::ParseScenario(
      fmt::format("name: x\ninclude: {}\nworkspace:\n  data_sources: 1\n", (dir / "bad.fragment.yaml").string()),
      "x.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("bad.fragment.yaml:3"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("executions"), std::string::npos) << s.status().message();

  StatusOr<harness::Scenario> missing = harness::ParseScenario(
      "name: x\ninclude: /nonexistent/calibration.fragment.yaml\nworkspace:\n  data_sources: 1\n", "y.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("y.yaml:2"), std::string::npos) << missing.status().message();
}

TEST(Calibration, BadProbeResultsNameTheFileAndLine) {
  struct Case {
    const char* text;
    const char* where;
    const char* says;
  };
  for (const Case& c : {
           Case{"nothing to see\nhere\n", "r.log", "LOCKSTEP_PROBE"},
           Case{"header\nLOCKSTEP_PROBE {\"lockstep_probe\": 1, \"lock\": \n", "r.log:2", "JSON"},
           Case{"LOCKSTEP_PROBE {\"lockstep_probe\": 2}\n", "r.log:1", "lockstep_probe"},
           Case{"LOCKSTEP_PROBE {\"lockstep_probe\": 1, \"id\": \"a\", \"at\": \"t\", \"observer\": false, \"lock\": {\"outer_acquired\": true, \"model\": \"S9\"}}\n",
                "r.log:1", "S9"},
       }) {
    StatusOr<ProbeResult> r = harness::ParseProbeResult(c.text, "r.log");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.status().message().find(c.where), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find(c.says), std::string::npos) << r.status().message();
  }
  // A saved log: the last line wins, surrounding text is ignored.
  StatusOr<ProbeResult> ok = harness::ParseProbeResult(
      "12:00:01 Info LOCKSTEP_PROBE {\"lockstep_probe\": 1, \"id\": \"old\", \"at\": \"t\", \"observer\": false, \"lock\": {\"outer_acquired\": "
      "false}, \"listing\": {\"includes_trashed\": false, \"order\": \"creation\"}, \"move_touches_parents\": "
      "{\"old_parent\": true, \"new_parent\": true}}\n"
      "LOCKSTEP_PROBE {\"lockstep_probe\": 1, \"id\": \"new\", \"at\": \"t\", \"observer\": false, \"lock\": {\"outer_acquired\": true, "
      "\"inner_acquired\": false, \"inner_waited_ms\": 3000, \"model\": \"S3\"}, \"listing\": {\"includes_trashed\": "
      "true, \"order\": \"name\"}, \"move_touches_parents\": {\"old_parent\": true, \"new_parent\": false}}\n",
      "r.log");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->id, "new");
  EXPECT_EQ(ok->lock_model, "S3");
  EXPECT_TRUE(ok->includes_trashed);
  const std::string fragment = harness::CalibrationFragment(*ok, "r.log");
  EXPECT_NE(fragment.find("reentrancy: S3"), std::string::npos) << fragment;
  EXPECT_NE(fragment.find("list_includes_trashed: true"), std::string::npos) << fragment;
  EXPECT_NE(fragment.find("move_touches_parents: false"), std::string::npos) << fragment;
  EXPECT_NE(fragment.find("listing_lag_ms, name_search_lag_ms: not measured"), std::string::npos) << fragment;
}

}  // namespace
}  // namespace lockstep
