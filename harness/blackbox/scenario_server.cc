#include "harness/blackbox/scenario_server.h"

#include <fmt/format.h>

#include "harness/modes/http_mode.h"
#include "harness/report/report.h"

namespace lockstep::harness {
namespace {

Status AdminCall(mocks::MockServer& server, const char* method, const char* path, const nlohmann::json& body) {
  mocks::HttpRequest r;
  r.method = method;
  r.path = path;
  r.body = body.dump();
  const mocks::ServedResponse out = server.Handle(r);
  if (out.response.status == 200) return Status();
  return Status(StatusCode::kInvalidArgument, out.response.status, "badScenario",
                fmt::format("{} {}: {}", method, path, out.response.body));
}

}  // namespace

ScenarioServer::ScenarioServer(const Scenario& scenario, const ScenarioServerOptions& options)
    : scenario_(scenario), options_(options) {}

ScenarioServer::~ScenarioServer() = default;

StatusOr<std::unique_ptr<ScenarioServer>> ScenarioServer::Create(const Scenario& scenario,
                                                                 const ScenarioServerOptions& options) {
  std::unique_ptr<ScenarioServer> s(new ScenarioServer(scenario, options));
  Scenario sim_scenario = s->scenario_;
  sim_scenario.mode = RunMode::kSim;  // the checkers' own world: models only
  // A core: gas scenario's world (its Drive and Notion) without its Apps Script project: the
  // program on the other side of the server is what runs, not the project.
  sim_scenario.gas.project_dir.clear();
  s->sim_ = std::make_unique<Simulation>(sim_scenario);
  mocks::MockServerOptions o;
  o.token = options.token;
  o.seed = options.seed;
  ScenarioServer* self = s.get();
  o.check = [self](const nlohmann::json& state, const mocks::HttpRequest& r) { return self->Answer(state, r); };
  s->server_ = std::make_unique<mocks::MockServer>(o);
  const nlohmann::json state = s->sim_->InitialState(options.seed);
  Status st = s->server_->LoadState(state);
  if (st.ok()) st = AdminCall(*s->server_, "PUT", "/__admin/knobs", s->sim_->ServerKnobs(options.time_scale));
  const nlohmann::json faults = ScaledFaultRules(scenario.drive_faults.rules, options.time_scale);
  if (st.ok() && !faults.empty()) st = AdminCall(*s->server_, "POST", "/__admin/faults", faults);
  if (!st.ok()) {
    return Status(StatusCode::kInvalidArgument, 0, "badScenario",
                  fmt::format("{}: the server cannot be seeded from it: {}", scenario.file, st.message()));
  }
  return s;
}

ScenarioSummary ScenarioServer::Check(const nlohmann::json& state) {
  std::lock_guard<std::mutex> lock(mu_);
  return BlackBoxSummary(scenario_, {sim_->CheckState(state, options_.seed)}, options_.seed);
}

namespace {

nlohmann::json LiveState(mocks::MockServer& server) {
  mocks::HttpRequest flush;
  flush.method = "POST";
  flush.path = "/__admin/flush";  // the late commits land first, as for GET /__admin/check
  server.Handle(flush);
  mocks::HttpRequest r;
  r.method = "GET";
  r.path = "/__admin/state";
  return nlohmann::json::parse(server.Handle(r).response.body);
}

}  // namespace

ScenarioSummary ScenarioServer::Check() { return Check(LiveState(*server_)); }

ScheduleResult ScenarioServer::CheckResult() {
  const nlohmann::json state = LiveState(*server_);
  std::lock_guard<std::mutex> lock(mu_);
  return sim_->CheckState(state, options_.seed);
}

mocks::HttpResponse ScenarioServer::Answer(const nlohmann::json& state, const mocks::HttpRequest& request) {
  const ScenarioSummary s = Check(state);
  mocks::HttpResponse out;
  if (!s.bad_input.empty()) {
    out.status = 500;
    out.body = nlohmann::json{{"error", {{"code", 500}, {"message", s.bad_input}}}}.dump();
    return out;
  }
  const std::string stamp = UtcTimestampNow();
  if (request.Param("format").value_or("json") == "markdown") {
    out.content_type = "text/markdown; charset=UTF-8";
    out.body = SummaryMarkdown(s, stamp);
    return out;
  }
  out.body = SummaryJson(s, stamp).dump(2) + "\n";
  return out;
}

}  // namespace lockstep::harness
