// Helpers shared by the cross-folder tests: scenarios from inline YAML, and traces reduced to the
// seam calls a strategy made.
#ifndef LOCKSTEP_TESTS_TEST_SUPPORT_H_
#define LOCKSTEP_TESTS_TEST_SUPPORT_H_

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/runtime/scheduler.h"
#include "harness/scenario/scenario.h"

namespace lockstep::testing {

inline harness::Scenario MustParse(const std::string& yaml) {
  StatusOr<harness::Scenario> s = harness::ParseScenario(yaml, "inline.yaml");
  if (!s.ok()) ADD_FAILURE() << s.status().message();
  return s.ok() ? std::move(s).value() : harness::Scenario{};
}

// The seam calls of one execution, in order: "drive.list", "lock.tryLock", "clock.sleep", ...
inline std::vector<std::string> Calls(const std::vector<harness::TraceRecord>& trace,
                                      mocks::ExecutionId execution = 0) {
  std::vector<std::string> out;
  for (const harness::TraceRecord& t : trace) {
    if (t.execution != execution) continue;
    if (t.call.rfind("drive.", 0) == 0 || t.call.rfind("lock.", 0) == 0 ||
        t.call.rfind("props.", 0) == 0 || t.call == "clock.sleep") {
      out.push_back(t.call);
    }
  }
  return out;
}

}  // namespace lockstep::testing

#endif  // LOCKSTEP_TESTS_TEST_SUPPORT_H_
