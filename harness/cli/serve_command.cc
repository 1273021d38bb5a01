// `lockstep serve`: the mock services on one loopback port at the real paths.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <memory>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "harness/blackbox/connect_proxy.h"
#include "harness/blackbox/scenario_server.h"
#include "harness/cli/commands.h"
#include "mocks/server/http_binding.h"
#include "src/file_text.h"
#include "src/json_text.h"

namespace lockstep::harness {
namespace {

mocks::HttpBinding* g_binding = nullptr;

void OnSignal(int) {
  if (g_binding != nullptr) g_binding->Stop();
}

nlohmann::json YamlToJson(const YAML::Node& n) {
  if (n.IsMap()) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& kv : n) j[kv.first.as<std::string>()] = YamlToJson(kv.second);
    return j;
  }
  if (n.IsSequence()) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& item : n) j.push_back(YamlToJson(item));
    return j;
  }
  if (n.IsNull()) return nullptr;
  const std::string s = n.as<std::string>();
  if (n.Tag() != "!") {  // unquoted scalars: booleans and numbers as YAML reads them
    bool b;
    if (YAML::convert<bool>::decode(n, b) && (s == "true" || s == "false")) return b;
    char* end = nullptr;
    const long long i = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && *end == '\0') return i;
    const double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && *end == '\0') return d;
  }
  return s;
}

}  // namespace

int Serve(const ServeArgs& args) {
  std::unique_ptr<mocks::MockServer> plain;
  std::unique_ptr<ScenarioServer> seeded;  // --scenario: its world, knobs, faults and checkers
  if (!args.scenario.empty()) {
    if (!args.state.empty()) {
      fmt::print(stderr, "lockstep: --scenario and --state both seed the server: give one\n");
      return kExitBadInput;
    }
    StatusOr<Scenario> sc = LoadScenarioFile(args.scenario);
    if (!sc.ok()) {
      fmt::print(stderr, "lockstep: {}\n", sc.status().message());
      return kExitBadInput;
    }
    StatusOr<std::unique_ptr<ScenarioServer>> made =
        ScenarioServer::Create(*sc, ScenarioServerOptions{args.token, args.seed, args.time_scale});
    if (!made.ok()) {
      fmt::print(stderr, "lockstep: {}\n", made.status().message());
      return kExitBadInput;
    }
    seeded = std::move(made).value();
  } else {
    mocks::MockServerOptions options;
    options.token = args.token;
    options.seed = args.seed;
    plain = std::make_unique<mocks::MockServer>(options);
  }
  mocks::MockServer& server = seeded ? seeded->server() : *plain;
  if (!args.state.empty()) {
    const std::optional<std::string> text = ReadFileText(args.state);
    if (!text) {
      fmt::print(stderr, "lockstep: {}: cannot read the state file\n", args.state);
      return kExitBadInput;
    }
    StatusOr<nlohmann::json> j = ParseJsonText(*text, args.state, "a JSON state snapshot (GET /__admin/state)");
    if (!j.ok()) {
      fmt::print(stderr, "lockstep: {}\n", j.status().message());
      return kExitBadInput;
    }
    Status s = server.LoadState(*j);
    if (!s.ok()) {
      fmt::print(stderr, "lockstep: {}: {}\n", args.state, s.message());
      return kExitBadInput;
    }
  }
  if (!args.faults.empty()) {
    try {
      YAML::Node rules = YAML::LoadFile(args.faults);
      if (!rules.IsSequence()) throw YAML::Exception(rules.Mark(), "expected a list of fault rules");
      for (const auto& rule : rules) {
        StatusOr<int> id = server.AddFault(YamlToJson(rule));
        if (!id.ok()) {
          fmt::print(stderr, "lockstep: {}:{}: {}\n", args.faults, rule.Mark().line + 1, id.status().message());
          return kExitBadInput;
        }
      }
    } catch (const YAML::Exception& e) {
      fmt::print(stderr, "lockstep: {}:{}: {}\n", args.faults, e.mark.line + 1, e.msg);
      return kExitBadInput;
    }
  }
  mocks::HttpBinding http(server, args.threads);
  StatusOr<int> port = http.Bind(args.bind, args.port);
  if (!port.ok()) {
    fmt::print(stderr, "lockstep: {}\n", port.status().message());
    return kExitIo;
  }
  // --intercept: the run's CA, a TLS listener with its certificate for the real hosts, the proxy.
  std::unique_ptr<Interception> proxy;
  std::string intercept_line;
  if (!args.intercept.empty()) {
    const std::set<std::string>& hosts = InterceptedHosts();
    StatusOr<InterceptCa> ca = MakeInterceptCa(std::filesystem::absolute(args.intercept).string(),
                                               std::vector<std::string>(hosts.begin(), hosts.end()));
    StatusOr<std::unique_ptr<Interception>> started =
        ca.ok() ? Interception::Start(server, args.threads, *ca) : StatusOr<std::unique_ptr<Interception>>(ca.status());
    if (!started.ok()) {
      fmt::print(stderr, "lockstep: --intercept: {}\n", started.status().message());
      return kExitIo;
    }
    proxy = std::move(started).value();
    intercept_line = fmt::format("lockstep serve: intercepting: HTTPS_PROXY=http://127.0.0.1:{} with the CA {} "
                                 "(SSL_CERT_FILE, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS) reaches this server as "
                                 "api.notion.com, www.googleapis.com and sheets.googleapis.com; any other host is refused\n",
                                 proxy->proxy_port(), ca->ca_cert);
  }
  g_binding = &http;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  fmt::print("lockstep serve: http://{}:{}/ (Drive v3 at /drive/v3 and /upload/drive/v3, Sheets v4 at /v4/spreadsheets, Notion at /v1, admin at /__admin, "
             "metrics at /metrics){}{}\n",
             args.bind, *port, args.token.empty() ? "" : "; a bearer token is required",
             seeded ? fmt::format("; seeded from {}, its checkers at /__admin/check", args.scenario) : "");
  fmt::print("{}", intercept_line);
  std::fflush(stdout);
  http.Listen();
  g_binding = nullptr;
  if (proxy) proxy->Stop();
  return 0;
}

}  // namespace lockstep::harness
