// `lockstep exec SCENARIO -- CMD ARGS...`: a race gate for a real program lockstep does not
// schedule. Each round seeds a server from the scenario on a free loopback port, runs CMD as the
// scenario's executions (their start offsets, cadence and jitter in scaled real time, each a
// process with its own environment), waits for them (bounded), runs the scenario's checkers on
// what they left, and stops the server. The rounds' results are summed as schedules are: the
// reports say in how many rounds a violation showed. Exit codes: 0 the expectations held, 1 one
// did not, 2 bad input, 3 reports or logs could not be written, 6 the command could not start,
// 7 an execution did not end within --timeout (it was ended); 130/143 interrupted.
#include <filesystem>
#include <optional>
#include <set>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "harness/blackbox/connect_proxy.h"
#include "harness/blackbox/program_runner.h"
#include "harness/blackbox/scenario_server.h"
#include "harness/cli/commands.h"
#include "harness/cli/interrupt.h"
#include "harness/report/report.h"
#include "mocks/server/http_binding.h"

namespace lockstep::harness {

int Exec(const ExecArgs& args) {
  StatusOr<Scenario> sc = LoadScenarioFile(args.scenario);
  if (!sc.ok()) {
    fmt::print(stderr, "lockstep: {}\n", sc.status().message());
    return kExitBadInput;
  }
  if (args.command.empty()) {
    fmt::print(stderr, "lockstep: exec: give the program to run after --: lockstep exec SCENARIO -- CMD ARGS...\n");
    return kExitBadInput;
  }
  const uint64_t base = args.seed.value_or(sc->seed);
  const std::string token = args.token.empty() ? fmt::format("lockstep-exec-{}", base) : args.token;
  std::error_code ec;
  std::filesystem::create_directories(args.out, ec);
  const std::string token_file = std::filesystem::absolute(args.out + "/token").string();
  {
    std::ofstream t(token_file, std::ios::binary | std::ios::trunc);
    t << token;
    if (ec || !t) {
      fmt::print(stderr, "lockstep: cannot write {}\n", token_file);
      return kExitIo;
    }
  }
  // --intercept: one CA for the run; per round, a TLS listener and the proxy in front of it.
  std::optional<InterceptCa> ca;
  if (args.intercept) {
    StatusOr<InterceptCa> made = MakeInterceptCa(std::filesystem::absolute(args.out + "/intercept").string(),
                                                 std::vector<std::string>(InterceptedHosts().begin(), InterceptedHosts().end()));
    if (!made.ok()) {
      fmt::print(stderr, "lockstep: {}\n", made.status().message());
      return kExitIo;
    }
    ca = std::move(made).value();
  }
  const std::atomic<bool>* stop = InstallInterruptHandlers();
  std::vector<ScheduleResult> rounds;
  for (int round = 0; round < args.repeat && !stop->load(); ++round) {
    const uint64_t seed = base + static_cast<uint64_t>(round);
    StatusOr<std::unique_ptr<ScenarioServer>> server =
        ScenarioServer::Create(*sc, ScenarioServerOptions{token, seed, args.time_scale});
    if (!server.ok()) {
      fmt::print(stderr, "lockstep: {}\n", server.status().message());
      return kExitBadInput;
    }
    mocks::HttpBinding http((*server)->server(), args.threads);
    StatusOr<int> port = http.Bind("127.0.0.1", 0);
    if (!port.ok()) {
      fmt::print(stderr, "lockstep: {}\n", port.status().message());
      return kExitIo;
    }
    std::thread listening([&http] { http.Listen(); });
    std::unique_ptr<Interception> proxy;
    auto stop_servers = [&] {
      if (proxy) proxy->Stop();
      http.Stop();
      listening.join();
    };
    if (ca) {
      StatusOr<std::unique_ptr<Interception>> started = Interception::Start((*server)->server(), args.threads, *ca);
      if (!started.ok()) {
        stop_servers();
        fmt::print(stderr, "lockstep: --intercept: {}\n", started.status().message());
        return kExitIo;
      }
      proxy = std::move(started).value();
    }
    const std::string url = fmt::format("http://127.0.0.1:{}", *port);
    const std::string logs = fmt::format("{}/round-{}", args.out, round);
    std::filesystem::create_directories(logs, ec);
    std::vector<ProgramStart> starts;
    const std::vector<Duration> offsets = Simulation::ExecutionStarts(sc->executions, seed);
    for (size_t i = 0; i < offsets.size(); ++i) {
      ProgramStart p;
      p.at_s = static_cast<double>(offsets[i].count()) / args.time_scale / 1000.0;
      p.log = fmt::format("{}/execution-{}.log", logs, i);
      p.env = {{"LOCKSTEP_URL", url},
               {"LOCKSTEP_TOKEN_FILE", token_file},
               {"LOCKSTEP_EXECUTION", std::to_string(i)},
               {"LOCKSTEP_DEPLOYMENT", std::to_string(DeploymentOf(sc->executions, static_cast<int>(i)))},
               {"LOCKSTEP_ROUND", std::to_string(round)},
               {"LOCKSTEP_SEED", std::to_string(seed)},
               {"NOTION_TOKEN", token},
               {"NOTION_API_KEY", token}};
      if (proxy) {  // the real hosts, through the proxy, trusting the run's CA; the server itself direct
        const std::string via = fmt::format("http://127.0.0.1:{}", proxy->proxy_port());
        for (const char* v : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"}) p.env[v] = via;
        for (const char* v : {"NO_PROXY", "no_proxy"}) p.env[v] = "127.0.0.1,localhost";
        for (const char* v : {"SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "CURL_CA_BUNDLE"}) {
          p.env[v] = ca->ca_cert;
        }
      } else {
        p.env["NOTION_BASE_URL"] = url + "/v1";
      }
      starts.push_back(std::move(p));
    }
    const std::vector<ProgramRun> runs = RunPrograms(args.command, starts, args.timeout_s, stop);
    ScheduleResult result = (*server)->CheckResult();
    const std::vector<std::string> refused = proxy ? proxy->Refused() : std::vector<std::string>();
    stop_servers();
    for (const std::string& r : refused) {
      fmt::print(stderr, "lockstep: exec: round {}: the proxy refused {} (not a mocked API host)\n", round, r);
    }
    std::string codes;
    for (size_t i = 0; i < runs.size(); ++i) {
      if (runs[i].start_failed) {
        fmt::print(stderr, "lockstep: exec: execution {} of round {} could not start: {}\n", i, round, runs[i].error);
        return kExitCommandFailed;
      }
      if (runs[i].timed_out) {
        fmt::print(stderr, "lockstep: exec: execution {} of round {} did not end within {:g} s (--timeout) and was ended; "
                           "its output is in {}\n", i, round, args.timeout_s, starts[i].log);
        return kExitProgramTimedOut;
      }
      codes += fmt::format("{}{}", i == 0 ? "" : " ", runs[i].exit_code);
    }
    if (!result.bad_input.empty()) {
      fmt::print(stderr, "lockstep: exec: {}\n", result.bad_input);
      return kExitBadInput;
    }
    if (!args.quiet) {
      fmt::print("round {} (seed {}): {} execution(s), exit codes {}; {}\n", round, seed, runs.size(), codes,
                 result.violations.empty() ? std::string("no violation")
                                           : fmt::format("{}: {}", result.violations.front().kind,
                                                         result.violations.front().detail));
    }
    rounds.push_back(std::move(result));
  }
  ScenarioSummary summary = BlackBoxSummary(*sc, rounds, base);
  summary.interrupted = stop->load();
  PrintSummary(summary);
  RunOutput output;
  output.out = args.out;
  output.title = "lockstep exec";
  output.stamp = UtcTimestampNow();
  output.command.clear();  // no shard: nothing to merge or resume
  ExploredRun run;
  Status w = WriteScenario(summary, args.out, output.stamp, false, run);
  std::vector<std::unique_ptr<Scenario>> scenarios;
  scenarios.push_back(std::make_unique<Scenario>(*sc));
  if (w.ok()) w = FinishRun(scenarios, ExploreOptions{}, output, run);
  if (!w.ok()) {
    fmt::print(stderr, "lockstep: {}\n", w.message());
    return kExitIo;
  }
  fmt::print("reports and the executions' output written under {}\n", args.out);
  if (InterruptSignal() != 0) return InterruptExitCode();
  return run.exit_code;
}

}  // namespace lockstep::harness
