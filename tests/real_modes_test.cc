// Proves the real-concurrency modes on the production code and the same checkers: in threads mode
// NEW under S2 stays correct while S1 breaks mutual exclusion (as simulated); the execution time
// limit kills a run on its thread; http mode sends every Drive call through `lockstep serve`
// (in-process, or an external one given by endpoint) and reads the Drive back for the checkers;
// per-mode expectations pick the mode's. Run under ThreadSanitizer by make test.
#include <thread>

#include <gtest/gtest.h>

#include "harness/explore/explorer.h"
#include "harness/simulation/simulation.h"
#include "mocks/server/http_binding.h"
#include "tests/test_support.h"

namespace lockstep {
namespace {

using testing::MustParse;

std::string Runs(const std::string& lock_model, const std::string& extra = "") {
  return "name: real\nworkspace:\n  data_sources: 2\nexecutions:\n  entry: run\n  starts_ms: [0, 0]\n"
         "  jitter_ms: 3000\ncore:\n  strategy: lock-first\nlock:\n  reentrancy: " + lock_model +
         "\ndrive:\n  latency_ms: {min: 100, max: 600}\n" + extra;
}

// HTTP calls take real milliseconds (more under sanitizers): http mode runs at a slower time scale,
// so that a run's calls fit well inside the 6-minute limit scaled to real time.
harness::Scenario InMode(harness::Scenario s, harness::RunMode mode, const std::string& endpoint = "") {
  s.mode = mode;
  s.time_scale = mode == harness::RunMode::kHttp ? 50 : 1000;
  s.endpoint = endpoint;
  return s;
}

TEST(RealModes, ThreadsKeepS2CorrectAndBreakS1) {
  harness::Simulation s2(InMode(MustParse(Runs("S2")), harness::RunMode::kThreads));
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    harness::ScheduleResult r = s2.RunSchedule(seed, false);
    EXPECT_TRUE(r.violations.empty()) << r.violations.front().detail;
    EXPECT_EQ(r.runs.completed + r.runs.skipped, 2);
    EXPECT_EQ(r.missing_folders, 0);
  }
  harness::Simulation s1(InMode(MustParse(Runs("S1")), harness::RunMode::kThreads));
  int broken = 0;
  for (uint64_t seed = 1; seed <= 5; ++seed) broken += s1.RunSchedule(seed, false).HasViolation("mutual-exclusion");
  EXPECT_GE(broken, 1);  // 197 of 200 runs measured
}

// The whole job (Notion and Sheets too) on real threads: S2 keeps every CSV row one page; the music
// workflow's four workers share one process's caches and in-process locks.
TEST(RealModes, ThreadsRunTheWholeJobAndTheMusicWorkflow) {
  const std::string job_yaml =
      "name: job\nworkspace:\n  data_sources: 2\n  existing_folders: all\nexecutions:\n  entry: run\n"
      "  starts_ms: [0, 0]\n  jitter_ms: 3000\ncore:\n  strategy: lock-first\n  sync: true\nnotion:\n  rows: 2\n"
      "  new_rows: 1\n  latency_ms: {min: 100, max: 400}\ndrive:\n  latency_ms: {min: 100, max: 600}\n";
  harness::Simulation job(InMode(MustParse(job_yaml), harness::RunMode::kThreads));
  for (uint64_t seed = 1; seed <= 2; ++seed) {
    harness::ScheduleResult r = job.RunSchedule(seed, false);
    EXPECT_FALSE(r.HasViolation("duplicate-pages"));
    EXPECT_EQ(r.runs.completed + r.runs.skipped, 2);
  }
  harness::Scenario music_scenario = InMode(MustParse("name: music\nexecutions:\n  entry: music\n  count: 4\n"
                                                      "music:\n  tracks: 8\n  fixed: true\nnotion:\n  latency_ms: 200\n"),
                                            harness::RunMode::kThreads);
  music_scenario.time_scale = 100;  // sanitizers slow the real calls: keep the workers inside the time limit
  harness::Simulation music(music_scenario);
  harness::ScheduleResult r = music.RunSchedule(1, false);
  EXPECT_TRUE(r.violations.empty()) << r.violations.front().detail;
  EXPECT_EQ(r.runs.completed, 4);
}

// The whole job over HTTP: Drive, Notion and Sheets through the core's own HTTP clients to an
// in-process `lockstep serve`, seeded and read back through its admin API.
TEST(RealModes, HttpRunsTheWholeJobThroughTheServer) {
  const std::string yaml =
      "name: job\nworkspace:\n  data_sources: 2\n  existing_folders: all\nexecutions:\n  entry: run\n"
      "  starts_ms: [0]\ncore:\n  strategy: lock-first\n  sync: true\nnotion:\n  rows: 2\n  new_rows: 1\n"
      "  latency_ms: 100\ndrive:\n  latency_ms: 100\n";
  harness::Simulation sim(InMode(MustParse(yaml), harness::RunMode::kHttp));
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  ASSERT_FALSE(r.HasViolation("http-mode")) << r.violations.front().detail;
  EXPECT_TRUE(r.violations.empty()) << r.violations.front().detail;
  EXPECT_EQ(r.runs.completed, 1);
  for (const DataSource& ds : sim.data_sources()) {
    int live = 0;
    for (const auto* p : sim.notion().PagesOf(ds.id)) live += p->in_trash ? 0 : 1;
    EXPECT_EQ(live, 3) << "2 seeded pages and the new CSV row, read back from the server";
  }
  EXPECT_GT(r.calls.calls[static_cast<int>(mocks::Endpoint::kNotionWrite)], 0);
  EXPECT_GT(r.calls.calls[static_cast<int>(mocks::Endpoint::kSheetsWrite)], 0);
}

TEST(RealModes, ThreadsKillAtTheTimeLimit) {
  // S3 makes the NEW folder step wait ~41 s per data source; a 30 s limit kills the run.
  harness::Simulation sim(
      InMode(MustParse(Runs("S3", "platform:\n  kill_after_ms: 30000\n")), harness::RunMode::kThreads));
  harness::ScheduleResult r = sim.RunSchedule(1, /*tracing=*/true);
  EXPECT_GE(r.runs.killed, 1);
  EXPECT_FALSE(r.end.killed.empty());
  bool traced = false;
  for (const harness::TraceRecord& t : sim.trace()) traced = traced || t.call == "exec.killed";
  EXPECT_TRUE(traced);
}

TEST(RealModes, HttpModeGoesThroughTheServer) {
  harness::Simulation sim(InMode(MustParse(Runs("S2")), harness::RunMode::kHttp));
  harness::ScheduleResult r = sim.RunSchedule(1, false);
  EXPECT_TRUE(r.violations.empty()) << r.violations.front().detail;
  EXPECT_GT(r.calls.calls[static_cast<int>(mocks::Endpoint::kDriveCreate)], 0);
  // The checkers saw the server's Drive: both data sources have their folder under the parent.
  int folders = 0;
  for (const int i : sim.drive().ChildrenOf(sim.drive().IndexOf(sim.parent_id()))) {
    folders += sim.drive().files()[i].IsFolder();
  }
  EXPECT_EQ(folders, 2);
}

TEST(RealModes, HttpModeAgainstAnExternalEndpoint) {
  mocks::MockServer server(mocks::MockServerOptions{});
  mocks::HttpBinding binding(server, 32);
  StatusOr<int> port = binding.Bind("127.0.0.1", 0);
  ASSERT_TRUE(port.ok());
  std::thread listener([&] { binding.Listen(); });
  {
    harness::Simulation sim(
        InMode(MustParse(Runs("S2")), harness::RunMode::kHttp, fmt::format("http://127.0.0.1:{}/", *port)));
    harness::ScheduleResult r = sim.RunSchedule(2, false);
    EXPECT_TRUE(r.violations.empty()) << r.violations.front().detail;
  }
  EXPECT_GT(server.State()["drive"]["files"].size(), 2u);  // the run's folders are on that server
  binding.Stop();
  listener.join();
}

TEST(RealModes, ExpectationsPerMode) {
  harness::Scenario s = MustParse(Runs("S2", "expect:\n  duplicates: some\n  http:\n    duplicates: none\n"));
  EXPECT_EQ(s.ExpectFor().duplicates, harness::Expectation::kSome);
  s.mode = harness::RunMode::kThreads;
  EXPECT_EQ(s.ExpectFor().duplicates, harness::Expectation::kSome);
  s.mode = harness::RunMode::kHttp;
  EXPECT_EQ(s.ExpectFor().duplicates, harness::Expectation::kNone);
}

}  // namespace
}  // namespace lockstep
