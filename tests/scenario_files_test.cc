// Runs every scenario file in scenarios/ with its own schedules and seed and checks its `expect`.
// A scenario that expects no duplicates must also have reached a racy situation (a code probe),
// so that a clean result is never vacuous; and the traced re-run of a failure must replay it.
#include <filesystem>

#include <gtest/gtest.h>

#include "harness/explorer.h"

namespace lockstep {
namespace {

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(LOCKSTEP_SOURCE_DIR) + "/scenarios")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class ScenarioFile : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioFile, MeetsItsExpectations) {
  StatusOr<harness::Scenario> s =
      harness::LoadScenarioFile(std::string(LOCKSTEP_SOURCE_DIR) + "/scenarios/" + GetParam());
  ASSERT_TRUE(s.ok()) << s.status().message();
#ifdef LOCKSTEP_SANITIZED
  // Production-size scenarios take seconds per schedule in the release build and minutes under a
  // sanitizer: the release suite runs them; the code they run is the same as the small scenarios'.
  if (std::find(s->tags.begin(), s->tags.end(), "long") != s->tags.end()) GTEST_SKIP() << "tagged long";
  // The whole job and the music workflow build and parse JSON at every Notion call, which a
  // sanitizer slows tenfold: 25 schedules each (every such scenario meets its expectations in 25
  // in the release build too).
  if (s->core.sync.enabled || s->executions.entry == harness::Entry::kMusic) s->schedules = std::min(s->schedules, 25);
#endif
  harness::ScenarioSummary sum = harness::Explore(*s, {});
  for (const harness::ExpectationCheck& c : sum.checks) {
    EXPECT_TRUE(c.ok) << c.what << ": expected " << c.expected << ", observed " << c.observed;
  }
  EXPECT_TRUE(sum.replay_matched);
  if (s->expect.duplicates == harness::Expectation::kNone) {
    using harness::Probe;
    int64_t racy = 0;
    for (Probe p : {Probe::kLockContended, Probe::kBothListedNone, Probe::kRunSkipped,
                    Probe::kConcurrentConsolidation, Probe::kFolderLockTimedOut}) {
      racy += sum.probe_hits[static_cast<int>(p)];
    }
    EXPECT_GT(racy, 0) << "no schedule reached a racy situation: the clean result is vacuous";
  }
  if (s->expect.duplicate_pages == harness::Expectation::kNone) {
    using harness::Probe;
    EXPECT_GT(sum.probe_hits[static_cast<int>(Probe::kPageKeyFound)] +
                  sum.probe_hits[static_cast<int>(Probe::kPageKeyDeduplicated)] +
                  sum.probe_hits[static_cast<int>(Probe::kKeyedLockWaited)],
              0)
        << "no create was retried or raced: the clean page result is vacuous";
  }
}

INSTANTIATE_TEST_SUITE_P(All, ScenarioFile, ::testing::ValuesIn(ScenarioFiles()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string n = param_info.param.substr(0, param_info.param.size() - 5);
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace lockstep
