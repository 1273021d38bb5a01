// The Apps Script runtime against the models: each test runs a function of tests/gas/shim_project
// (a project written for these tests) as one or more executions of a scenario, under the real
// scheduler, and asserts on what the models hold afterwards (the function records what it saw in a
// script property). Iterators page and continue; the three lock re-entrancy models show through
// LockService; muteHttpExceptions; the Properties object is live; Date, Math.random and getUuid
// are the virtual clock and the seed; the cache expires in virtual time; triggers are recorded; a
// spreadsheet round-trips; file contents cross as their exact bytes; the host and the thread that
// drives it share one CPU; a killed execution's lock is released and its finally block never runs;
// runs turned away by their guard processed no batch; an error's stack holds the project's frames
// only; an unsupported method is named with its line; the same seed gives the same trace.
#include <dirent.h>
#include <sched.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "harness/simulation/simulation.h"

namespace lockstep {
namespace {

using nlohmann::json;

std::string Project(const char* name) { return std::string(LOCKSTEP_SOURCE_DIR) + "/tests/gas/" + name; }

// A scenario whose executions run `entries` of the shim project (one per start).
harness::Scenario ShimScenario(const std::string& entries, const std::string& starts, const std::string& lock = "S2",
                               const std::string& extra = "") {
  const std::string yaml = fmt::format(R"(name: shim
workspace:
  data_sources: 1
executions:
  starts_ms: [{}]
core: gas
gas:
  project: {}
  entries: [{}]
  iterator_page_size: 3
  seed_log_folders: false
  script_properties:
    PARENT: ${{parent_folder_id}}
  user_email: tester@example.com
{}lock:
  reentrancy: {}
exploration:
  schedules: 1
)",
                                       starts, Project("shim_project"), entries, extra, lock);
  StatusOr<harness::Scenario> s = harness::ParseScenario(yaml, "shim.yaml");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return *s;
}

json Recorded(const harness::Simulation& sim, const char* key) {
  std::optional<std::string> v = sim.properties().Peek(0, key);
  if (!v) return json();
  return json::parse(*v);
}

TEST(GasRuntime, IteratorsPageLazilyAndContinueFromTheirToken) {
  harness::Simulation sim(ShimScenario("iteratorPaging", "0"));
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  ASSERT_TRUE(r.bad_input.empty()) << r.bad_input;
  const json got = Recorded(sim, "result");
  EXPECT_EQ(got["first"], json({"f0", "f1", "f2", "f3"}));
  EXPECT_EQ(got["rest"], json({"f4", "f5", "f6"}));
  EXPECT_EQ(got["end"], "Exception: Cannot retrieve the next object: iterator has reached the end.");
  EXPECT_EQ(got["badToken"], "Exception: Invalid argument: continuationToken");
  EXPECT_EQ(got["byName"], json({"f3"}));
  // Pages of 3, each a scheduling point (a drive.files.list call): the first iterator read two
  // pages for its first four, the continued one its buffered two and one more page, the first
  // iterator again the last page on its way to the end, the by-name search one.
  EXPECT_EQ(r.calls.calls[static_cast<int>(mocks::Endpoint::kDriveList)], 5);
}

TEST(GasRuntime, NestedScriptLocksFollowTheScenariosReentrancyModel) {
  struct Case {
    const char* model;
    bool inner_got;
    bool other_got;  // another execution, while the outer lock is still held by its own account
  };
  for (const Case& c : {Case{"S1", true, true}, Case{"S2", true, false}, Case{"S3", false, false}}) {
    harness::Simulation sim(ShimScenario("lockReentrancy, lockLater", "0, 5000", c.model));
    harness::ScheduleResult r = sim.RunSchedule(1, false);
    ASSERT_TRUE(r.bad_input.empty()) << r.bad_input;
    const json e0 = Recorded(sim, "e0");
    const json e1 = Recorded(sim, "e1");
    EXPECT_TRUE(e0["outerGot"].get<bool>()) << c.model;
    EXPECT_EQ(e0["innerGot"].get<bool>(), c.inner_got) << c.model;
    EXPECT_TRUE(e0["documentLock"].is_null()) << c.model;
    EXPECT_EQ(e1["got"].get<bool>(), c.other_got) << c.model;
    EXPECT_EQ(e1["hasLock"].get<bool>(), c.other_got) << c.model;
    if (c.other_got) {
      EXPECT_TRUE(r.HasViolation("mutual-exclusion")) << c.model;  // S1: both believe they hold it
    } else {
      EXPECT_EQ(e1["waited"], "Exception: Lock timeout: another process was holding the lock for too long.") << c.model;
    }
  }
}

TEST(GasRuntime, UrlFetchThrowsOnErrorsUnlessMutedAndRefusesOtherHosts) {
  harness::Simulation sim(ShimScenario("fetchMuted", "0"));
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  ASSERT_TRUE(r.bad_input.empty()) << r.bad_input;
  const json got = Recorded(sim, "result");
  EXPECT_EQ(got["code"], 404);
  EXPECT_EQ(got["body"], "object_not_found");
  EXPECT_EQ(got["thrown"].get<std::string>().rfind("Exception: Request failed for https://api.notion.com returned code 404. "
                                                   "Truncated server response: ",
                                                   0),
            0u)
      << got["thrown"];
  EXPECT_NE(got["elsewhere"].get<std::string>().find("Address unavailable: https://example.com/"), std::string::npos);
  EXPECT_EQ(got["searchCode"], 200);
  EXPECT_EQ(got["results"], 1);  // the seeded data source
  EXPECT_TRUE(got["headers"].get<bool>());
}

TEST(GasRuntime, FileContentsRoundTripAsTheirExactBytes) {
  harness::Simulation sim(ShimScenario("fileContents", "0"));
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  ASSERT_TRUE(r.bad_input.empty()) << r.bad_input;
  const json got = Recorded(sim, "result");
  ASSERT_TRUE(got.is_object());
  const std::string text = "h\xc3\xa9llo \"quoted\" \\ back\nnew\tline " + std::string(1, '\0') +
                           " nul \xf0\x9f\x8e\xb5 note \xe2\x80\xa8 end";
  const std::string big = std::string(70000, 'x') + text;
  EXPECT_TRUE(got["bigSame"].get<bool>());
  EXPECT_EQ(got["bigSize"], big.size());
  EXPECT_TRUE(got["sameBytes"].get<bool>());
  EXPECT_TRUE(got["unzipped"].get<bool>());
  EXPECT_EQ(got["emptyText"], "");
  // What the Drive model holds: the text's UTF-8 bytes, and a gzip stream (not UTF-8) unchanged.
  StatusOr<std::string> held = sim.drive().Content(got["ids"]["small"].get<std::string>());
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(*held, big);
  StatusOr<std::string> zip = sim.drive().Content(got["ids"]["zip"].get<std::string>());
  ASSERT_TRUE(zip.ok());
  EXPECT_EQ(zip->size(), got["zipSize"].get<size_t>());
  ASSERT_GE(zip->size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>((*zip)[0]), 0x1f);  // the gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*zip)[1]), 0x8b);
}

// The Cpus_allowed_list of every thread of this process's Node hosts ("3", "0-1"), by thread.
std::vector<std::string> HostThreadCpus() {
  std::vector<std::string> out;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return out;
  const std::string me = std::to_string(getpid());
  while (dirent* e = readdir(proc)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    const std::string dir = std::string("/proc/") + e->d_name;
    std::stringstream cmd;
    cmd << std::ifstream(dir + "/cmdline").rdbuf();
    std::ifstream status(dir + "/status");
    std::string line;
    bool child = false;
    while (std::getline(status, line)) {
      if (line.rfind("PPid:", 0) == 0) child = line.substr(line.find_first_not_of(" \t", 5)) == me;
    }
    if (!child || cmd.str().find("host.mjs") == std::string::npos) continue;
    DIR* tasks = opendir((dir + "/task").c_str());
    while (tasks != nullptr && (e = readdir(tasks)) != nullptr) {
      if (e->d_name[0] == '.') continue;
      std::ifstream task(dir + "/task/" + e->d_name + "/status");
      while (std::getline(task, line)) {
        if (line.rfind("Cpus_allowed_list:", 0) == 0) out.push_back(line.substr(line.find_first_not_of(" \t", 18)));
      }
    }
    if (tasks != nullptr) closedir(tasks);
  }
  closedir(proc);
  return out;
}

// A GAS execution is a strict ping-pong between this thread and a Node worker: both run on one
// CPU while the simulation lives (mocks/apps_script/runtime/cpu_placement.h), and the thread has
// its own mask back afterwards.
TEST(GasRuntime, TheHostAndTheThreadThatDrivesItShareOneCpu) {
  cpu_set_t before;
  CPU_ZERO(&before);
  ASSERT_EQ(::sched_getaffinity(0, sizeof(before), &before), 0);
  if (CPU_COUNT(&before) < 2) GTEST_SKIP() << "one CPU: nothing to place";
  {
    harness::Simulation sim(ShimScenario("guardTurnsAway", "0"));
    harness::ScheduleResult r = sim.RunSchedule(1, false);
    ASSERT_TRUE(r.bad_input.empty()) << r.bad_input;
    cpu_set_t during;
    CPU_ZERO(&during);
    ASSERT_EQ(::sched_getaffinity(0, sizeof(during), &during), 0);
    ASSERT_EQ(CPU_COUNT(&during), 1);
    const int cpu = ::sched_getcpu();
    EXPECT_TRUE(CPU_ISSET(cpu, &during));
    const std::vector<std::string> host = HostThreadCpus();
    ASSERT_FALSE(host.empty()) << "no Node host found";
    for (const std::string& cpus : host) EXPECT_EQ(cpus, std::to_string(cpu));  // the host's every thread
  }
  cpu_set_t after;
  CPU_ZERO(&after);
  ASSERT_EQ(::sched_getaffinity(0, sizeof(after), &after), 0);
  EXPECT_TRUE(CPU_EQUAL(&after, &before));
}

TEST(GasRuntime, PropertiesObjectIsLiveAcrossExecutions) {
  harness::Simulation sim(ShimScenario("propertiesReader, propertiesWriter", "0, 1000"));
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  ASSERT_TRUE(r.bad_input.empty()) << r.bad_input;
  const json got = Recorded(sim, "result");
  EXPECT_TRUE(got["before"].is_null());
  EXPECT_EQ(got["after"], "42");  // a string, as every property value is
  EXPECT_TRUE(got["all"].get<bool>());
}

TEST(GasRuntime, DateRandomAndUuidsComeFromTheVirtualClockAndTheSeed) {
  harness::Simulation sim(ShimScenario("virtualTime", "7000"));
  ASSERT_TRUE(sim.RunSchedule(1, false).bad_input.empty());
  const json a = Recorded(sim, "result");
  EXPECT_EQ(a["t0"].get<int64_t>(), ToUnixMs(harness::Simulation::Epoch()) + 7000);
  EXPECT_EQ(a["elapsed"], 2500);
  EXPECT_TRUE(a["sameAsNew"].get<bool>());
  EXPECT_TRUE(a["isDate"].get<bool>());
  EXPECT_TRUE(a["sub"].get<bool>());
  EXPECT_EQ(a["epoch"], 0);
  EXPECT_EQ(a["asString"], "string");
  EXPECT_NE(a["tooLong"].get<std::string>().find("300000"), std::string::npos);
  EXPECT_EQ(a["formatted"], "2026-01-20T10:04:05 -0500");
  EXPECT_EQ(a["localHour"], 10);  // the manifest's time zone (America/New_York)
  EXPECT_EQ(a["digest"], json({-70, 120, 22, -65}));  // SHA-256("abc") = ba7816bf..., as signed bytes
  EXPECT_EQ(a["csv"], json({{"a", "b \"c\"", "d"}, {"1", "2", "3"}}));
  EXPECT_EQ(a["zone"], "America/New_York");
  EXPECT_EQ(a["email"], "tester@example.com");
  EXPECT_EQ(a["script"], "lockstep-script-0");
  EXPECT_EQ(a["uuid"].get<std::string>().size(), 36u);
  EXPECT_EQ(a["uuid"].get<std::string>()[14], '4');
  // The same seed draws the same numbers; another seed others.
  harness::Simulation again(ShimScenario("virtualTime", "7000"));
  ASSERT_TRUE(again.RunSchedule(1, false).bad_input.empty());
  EXPECT_EQ(Recorded(again, "result"), a);
  ASSERT_TRUE(again.RunSchedule(2, false).bad_input.empty());
  EXPECT_NE(Recorded(again, "result")["uuid"], a["uuid"]);
  EXPECT_NE(Recorded(again, "result")["random"], a["random"]);
}

TEST(GasRuntime, CacheExpiresInVirtualTimeAndTriggersAreRecorded) {
  harness::Simulation sim(ShimScenario("cacheAndTriggers", "0"));
  ASSERT_TRUE(sim.RunSchedule(1, false).bad_input.empty());
  const json got = Recorded(sim, "result");
  EXPECT_EQ(got["fresh"], "one");
  EXPECT_TRUE(got["expired"].is_null());
  EXPECT_EQ(got["kept"], "two");
  EXPECT_TRUE(got["documentCache"].is_null());
  EXPECT_EQ(got["triggers"], json({"manualRunDriveSheets"}));
  EXPECT_NE(got["badMinutes"].get<std::string>().find("1, 5, 10, 15 or 30"), std::string::npos);
  EXPECT_EQ(got["left"], 0);
}

TEST(GasRuntime, SpreadsheetValuesRoundTripThroughTheSheetsModel) {
  harness::Simulation sim(ShimScenario("spreadsheet", "0"));
  ASSERT_TRUE(sim.RunSchedule(1, false).bad_input.empty());
  const json got = Recorded(sim, "result");
  EXPECT_EQ(got["values"], json({{"a", "b", "c"}, {1, true, "x"}}));
  EXPECT_EQ(got["reopened"], json({"Sheet1", "Databases"}));
  EXPECT_NE(got["mismatch"].get<std::string>().find("The number of columns in the data does not match"), std::string::npos);
  EXPECT_EQ(got["cleared"], 0);
  EXPECT_TRUE(got["missing"].is_null());
}

TEST(GasRuntime, AKilledExecutionReleasesItsLockAndRunsNoFinallyBlock) {
  harness::Simulation sim(ShimScenario("holdThenSleep, takeAfterKill", "0, 8000", "S2", "  execution_limit_ms: 5000\n"));
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  ASSERT_TRUE(r.bad_input.empty()) << r.bad_input;
  EXPECT_EQ(r.runs.killed, 1);
  EXPECT_EQ(Recorded(sim, "result")["got"], true);
  EXPECT_FALSE(sim.properties().Peek(0, "finally").has_value());
  EXPECT_FALSE(r.HasViolation("mutual-exclusion"));
  // The killed execution's worker is reused: many kills in a row cost no new worker each.
  for (uint64_t seed = 2; seed < 12; ++seed) EXPECT_EQ(sim.RunSchedule(seed, false).runs.killed, 1);
}

// Two runs that read the rotation pointer with every other property and are then turned away by
// their guard processed nothing: they are skipped runs, and not two runs of the same batch.
TEST(GasRuntime, RunsTurnedAwayByTheirGuardProcessedNoBatch) {
  harness::Scenario scenario = ShimScenario("guardTurnsAway, guardTurnsAway", "0, 1000");
  scenario.gas.script_properties.emplace_back(scenario.core.rotation_key, "3");
  harness::Simulation sim(scenario);
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  ASSERT_TRUE(r.bad_input.empty()) << r.bad_input;
  EXPECT_EQ(Recorded(sim, "seen")["pointer"], "3");  // the pointer was read (in bulk)
  EXPECT_EQ(r.runs.skipped, 2);
  EXPECT_EQ(r.runs.completed, 0);
  EXPECT_FALSE(r.HasViolation("rotation"));
}

// An error's stack holds the project's frames and nothing of lockstep's worker, shims or Node's
// loader (their absolute paths would make the same seed write other bytes in another checkout).
TEST(GasRuntime, ErrorStacksShowOnlyTheProjectsFrames) {
  harness::Simulation sim(ShimScenario("stackOfAnError", "0"));
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  ASSERT_TRUE(r.bad_input.empty()) << r.bad_input;
  const json got = Recorded(sim, "result");
  for (const char* key : {"stack", "thrown"}) {
    const std::string stack = got[key].get<std::string>();
    EXPECT_NE(stack.find("at stackOfAnError (Code.js:"), std::string::npos) << stack;
    EXPECT_EQ(stack.find(".mjs"), std::string::npos) << stack;
    EXPECT_EQ(stack.find("node:"), std::string::npos) << stack;
  }
  EXPECT_EQ(got["stack"].get<std::string>().rfind("Exception: ", 0), 0u) << got["stack"];
}

TEST(GasRuntime, AnUnsupportedMethodIsBadInputNamedWithItsLine) {
  const std::string yaml = fmt::format(R"(name: unsupported
workspace:
  data_sources: 1
executions:
  count: 1
core: gas
gas:
  project: {}
  entry: shareFolder
exploration:
  schedules: 1
)",
                                       Project("unsupported_project"));
  StatusOr<harness::Scenario> s = harness::ParseScenario(yaml, "u.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  harness::Simulation sim(*s);
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  EXPECT_EQ(r.bad_input, "Apps Script method Folder.addEditor is not supported (Code.js:4)");
}

TEST(GasRuntime, SameSeedSameTraceWithCallSites) {
  harness::Scenario sc = ShimScenario("lockReentrancy, lockLater", "0, 5000", "S1");
  harness::Simulation a(sc);
  harness::Simulation b(sc);
  a.RunSchedule(3, true);
  b.RunSchedule(3, true);
  ASSERT_EQ(a.trace().size(), b.trace().size());
  bool sites = false;
  for (size_t i = 0; i < a.trace().size(); ++i) {
    const harness::TraceRecord& x = a.trace()[i];
    const harness::TraceRecord& y = b.trace()[i];
    EXPECT_EQ(std::tie(x.step, x.execution, x.call, x.args, x.result, x.site),
              std::tie(y.step, y.execution, y.call, y.args, y.result, y.site));
    EXPECT_EQ(x.time, y.time);
    sites = sites || x.site.rfind("Code.js:", 0) == 0;
  }
  EXPECT_TRUE(sites) << "trace steps name the project's call sites";
}

}  // namespace
}  // namespace lockstep
