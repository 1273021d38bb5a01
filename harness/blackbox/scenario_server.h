// ScenarioServer: the mock server a program lockstep does not schedule talks to, seeded from a
// scenario so that a black-box run starts where a simulated one does: the Drive parent and its
// folders, the Notion workspace with its data sources and pages (the music databases too), the
// listing lag (in real milliseconds), and the scenario's fault rules. GET /__admin/check runs the
// scenario's checkers over the live state and answers report.json (`?format=markdown`: report.md).
//
//   StatusOr<std::unique_ptr<ScenarioServer>> s = ScenarioServer::Create(scenario, {.token = "t"});
//   mocks::HttpBinding http((*s)->server(), 64);   ...   ScenarioSummary sum = (*s)->Check();
#ifndef LOCKSTEP_HARNESS_BLACKBOX_SCENARIO_SERVER_H_
#define LOCKSTEP_HARNESS_BLACKBOX_SCENARIO_SERVER_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/explore/explorer.h"
#include "harness/scenario/scenario.h"
#include "harness/simulation/simulation.h"
#include "mocks/server/mock_server.h"
#include "src/status.h"

namespace lockstep::harness {

struct ScenarioServerOptions {
  std::string token;      // non-empty: API requests need it (Bearer, or ?key=)
  uint64_t seed = 1;      // the schedule seed the world is seeded as (ids, jitter, fault draws)
  double time_scale = 1;  // virtual ms per real ms: a 30 s lag at 1000 lasts 30 ms
};

class ScenarioServer {
 public:
  // Bad input (a state or fault rule the server refuses): the error. A core: gas scenario seeds
  // its world (Drive, Notion) without running its Apps Script project.
  static StatusOr<std::unique_ptr<ScenarioServer>> Create(const Scenario& scenario, const ScenarioServerOptions& options);
  ~ScenarioServer();
  ScenarioServer(const ScenarioServer&) = delete;
  ScenarioServer& operator=(const ScenarioServer&) = delete;

  mocks::MockServer& server() { return *server_; }
  const Scenario& scenario() const { return scenario_; }
  // The checkers over `state` (a GET /__admin/state snapshot), or over the live state.
  // Thread-safe; the summary refers to scenario().
  ScenarioSummary Check(const nlohmann::json& state);
  ScenarioSummary Check();
  // The checkers' result alone (for several rounds summed into one summary).
  ScheduleResult CheckResult();

 private:
  ScenarioServer(const Scenario& scenario, const ScenarioServerOptions& options);
  mocks::HttpResponse Answer(const nlohmann::json& state, const mocks::HttpRequest& request);

  const Scenario scenario_;
  const ScenarioServerOptions options_;
  std::mutex mu_;  // the simulation the checkers use
  std::unique_ptr<Simulation> sim_;
  std::unique_ptr<mocks::MockServer> server_;
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_BLACKBOX_SCENARIO_SERVER_H_
