// Black-box checks: a mock server seeded from a scenario (ScenarioServer, as `lockstep serve
// --scenario` runs it) over real loopback HTTP. Every scenario seeds one (a core: gas one its world
// without its project), and a fresh world shows no violation; the music databases are found through POST /v1/search in
// both API versions; a client that creates a folder twice is caught by GET /__admin/check, and by
// `lockstep check --server`, which writes the reports and exits 1 (0 on a clean state, 2 when the
// server cannot be asked); a scenario's fault rules are live on the server; bad input to
// `lockstep serve --scenario` exits 2.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "harness/blackbox/connect_proxy.h"
#include "harness/blackbox/scenario_server.h"
#include "mocks/server/http_binding.h"
#include "src/folder_naming.h"

namespace lockstep {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

#ifdef LOCKSTEP_SANITIZED
constexpr bool kSanitized = true;  // seeding a production-size world takes seconds there
#else
constexpr bool kSanitized = false;
#endif

const std::string kSource = LOCKSTEP_SOURCE_DIR;
const std::string kBin = LOCKSTEP_BINARY;

harness::Scenario Load(const std::string& name) {
  StatusOr<harness::Scenario> s = harness::LoadScenarioFile(kSource + "/scenarios/" + name);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(s).value();
}

int Sh(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A ScenarioServer listening on a free loopback port.
class Served {
 public:
  explicit Served(const harness::Scenario& scenario, const std::string& token = "tk") {
    StatusOr<std::unique_ptr<harness::ScenarioServer>> s =
        harness::ScenarioServer::Create(scenario, harness::ScenarioServerOptions{token, 1, 1000});
    EXPECT_TRUE(s.ok()) << s.status().message();
    server_ = std::move(s).value();
    http_ = std::make_unique<mocks::HttpBinding>(server_->server(), 8);
    StatusOr<int> port = http_->Bind("127.0.0.1", 0);
    EXPECT_TRUE(port.ok());
    port_ = *port;
    thread_ = std::thread([this] { http_->Listen(); });
  }
  ~Served() {
    http_->Stop();
    thread_.join();
  }
  std::unique_ptr<httplib::Client> Client(const std::string& token = "tk") const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_read_timeout(30, 0);
    if (!token.empty()) c->set_bearer_token_auth(token);
    return c;
  }
  std::string Url() const { return fmt::format("http://127.0.0.1:{}", port_); }
  harness::ScenarioServer& scenario_server() { return *server_; }

 private:
  std::unique_ptr<harness::ScenarioServer> server_;
  std::unique_ptr<mocks::HttpBinding> http_;
  std::thread thread_;
  int port_ = 0;
};

TEST(BlackBox, EveryScenarioSeedsAServerWhoseFreshWorldIsClean) {
  StatusOr<std::vector<std::string>> files = harness::FindScenarioFiles(kSource + "/scenarios");
  ASSERT_TRUE(files.ok());
  int seeded = 0;
  for (const std::string& f : *files) {
    StatusOr<harness::Scenario> sc = harness::LoadScenarioFile(f);
    ASSERT_TRUE(sc.ok()) << sc.status().message();
    if (kSanitized && sc->data_source_count > 12) continue;  // the release suite seeds them all
    StatusOr<std::unique_ptr<harness::ScenarioServer>> s = harness::ScenarioServer::Create(*sc, {});
    ASSERT_TRUE(s.ok()) << f << ": " << s.status().message();
    const harness::ScenarioSummary sum = (*s)->Check();
    EXPECT_TRUE(sum.bad_input.empty()) << f << ": " << sum.bad_input;
    // Nothing ran yet: only the duplicates a scenario seeds on purpose are there.
    for (const auto& [kind, n] : sum.schedules_by_violation) {
      if (sc->duplicates.empty()) {
        EXPECT_EQ(n, 0) << f << ": " << kind;
      }
    }
    ++seeded;
  }
  EXPECT_GT(seeded, kSanitized ? 20 : 40);
}

TEST(BlackBox, MusicDatabasesAreFoundThroughSearchInBothApiVersions) {
  Served served(Load("music/music-workers-faithful.yaml"));
  auto c = served.Client();
  for (const char* version : {"2022-06-28", "2025-09-03"}) {
    SCOPED_TRACE(version);
    httplib::Headers h{{"Notion-Version", version}};
    auto r = c->Post("/v1/search", h, R"({"query": ""})", "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    std::set<std::string> titles;
    const Json answer = Json::parse(r->body);
    for (const Json& x : answer["results"]) {
      if (x["object"] == "page") continue;
      EXPECT_EQ(x["object"], std::string(version) == "2022-06-28" ? "database" : "data_source");
      std::string title;
      for (const Json& t : x["title"]) title += t["plain_text"].get<std::string>();
      titles.insert(title);
    }
    EXPECT_EQ(titles, (std::set<std::string>{"Tracks", "Artists", "Playlists"}));
  }
}

TEST(BlackBox, AFolderCreatedTwiceIsCaughtByTheServersCheckersAndByLockstepCheck) {
  harness::Scenario sc = Load("race-before-lock/folder-step-new.yaml");
  Served served(sc);
  auto c = served.Client();
  const std::string out = (fs::temp_directory_path() / fmt::format("lockstep-black-box-{}", ::getpid())).string();
  fs::remove_all(out);
  // Clean: what the server was seeded with.
  EXPECT_EQ(Sh(fmt::format("{} check --server {} --token tk --out {}/clean >/dev/null", kBin, served.Url(), out)), 0);
  EXPECT_TRUE(fs::exists(out + "/clean/report.json"));
  // A client that found no folder twice and created it twice, as the faithful core does.
  const Json state = Json::parse(c->Get("/__admin/state")->body);
  const std::string parent = state["drive"]["files"][0]["id"].get<std::string>();
  const std::string name = DbFolderName(harness::Simulation::DataSources(sc)[0]);
  for (int i = 0; i < 2; ++i) {
    auto r = c->Post("/drive/v3/files",
                     Json{{"name", name}, {"mimeType", "application/vnd.google-apps.folder"}, {"parents", {parent}}}.dump(),
                     "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  auto check = c->Get("/__admin/check");
  ASSERT_TRUE(check);
  ASSERT_EQ(check->status, 200) << check->body;
  const Json report = Json::parse(check->body);
  EXPECT_EQ(report["format"], "lockstep-report/1");
  EXPECT_EQ(report["exploration"]["strategy"], "black-box");
  EXPECT_FALSE(report["expect"]["ok"].get<bool>());
  EXPECT_EQ(report["results"]["schedules_by_violation"]["duplicate-folders"], 1);
  EXPECT_EQ(report["results"]["exact_name_duplicate_sets"], 1);
  EXPECT_EQ(report["first_failure"]["violations"][0]["kind"], "duplicate-folders");
  auto md = c->Get("/__admin/check?format=markdown");
  ASSERT_TRUE(md);
  EXPECT_NE(md->body.find("# folder-step-new: FAIL"), std::string::npos);
  EXPECT_EQ(Sh(fmt::format("{} check --server {} --token tk --out {}/dup >/dev/null", kBin, served.Url(), out)), 1);
  for (const char* f : {"report.json", "report.md", "report.html", "summary.md", "index.html", "junit.xml", "metrics.prom"}) {
    EXPECT_TRUE(fs::exists(out + "/dup/" + f)) << f;
  }
  EXPECT_EQ(Json::parse(std::ifstream(out + "/dup/report.json"))["results"]["duplicate_data_sources"], 1);
  // No answer, a bad URL, a server without a scenario: exit 2.
  EXPECT_EQ(Sh(fmt::format("{} check --server http://127.0.0.1:1 --out {}/none >/dev/null 2>&1", kBin, out)), 2);
  EXPECT_EQ(Sh(fmt::format("{} check --server not-a-url --out {}/none >/dev/null 2>&1", kBin, out)), 2);
  EXPECT_FALSE(fs::exists(out + "/none"));
  fs::remove_all(out);
}

TEST(BlackBox, AScenariosFaultRulesAreLiveOnTheServer) {
  harness::Scenario sc = Load("late-commits/late-commit-new.yaml");
  ASSERT_FALSE(sc.drive_faults.rules.empty());
  Served served(sc);
  auto c = served.Client();
  auto faults = c->Get("/__admin/faults");
  ASSERT_TRUE(faults);
  ASSERT_EQ(faults->status, 200) << faults->body;
  EXPECT_EQ(Json::parse(faults->body).size(), sc.drive_faults.rules.size()) << faults->body;
}

TEST(BlackBox, ServeScenarioBadInputExitsTwo) {
  const std::string dir = (fs::temp_directory_path() / fmt::format("lockstep-black-box-bad-{}", ::getpid())).string();
  fs::create_directories(dir);
  std::ofstream(dir + "/bad.yaml") << "name: bad\nexecutions:\n  count: nope\n";
  EXPECT_EQ(Sh(fmt::format("{} serve --port 0 --scenario {}/bad.yaml >/dev/null 2>&1", kBin, dir)), 2);
  std::ofstream(dir + "/state.json") << "{}";
  EXPECT_EQ(Sh(fmt::format("{} serve --port 0 --scenario {}/scenarios/nested-lock/s1-new.yaml --state {}/state.json "
                           ">/dev/null 2>&1", kBin, kSource, dir)), 2);
  fs::remove_all(dir);
}

// A long `serve --intercept` must not keep a thread per connection it ever tunnelled: the
// threads of ended tunnels are joined while the proxy runs.
TEST(BlackBox, TheProxyJoinsTheThreadsOfTunnelsThatEnded) {
  StatusOr<std::unique_ptr<harness::ConnectProxy>> proxy = harness::ConnectProxy::Start(1, {"api.notion.com"});
  ASSERT_TRUE(proxy.ok()) << proxy.status().message();
  for (int i = 0; i < 40; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>((*proxy)->port()));
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    const std::string request = "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n";
    ASSERT_EQ(::send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
    char answer[512];
    const ssize_t n = ::recv(fd, answer, sizeof answer, 0);
    ASSERT_GT(n, 12);
    EXPECT_EQ(std::string(answer, 12), "HTTP/1.1 403") << i;
    ::close(fd);
  }
  for (int waited = 0; waited < 50 && (*proxy)->LiveTunnels() > 0; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ((*proxy)->LiveTunnels(), 0u);
  EXPECT_EQ((*proxy)->Refused().size(), 40u);
  (*proxy)->Stop();
}

}  // namespace
}  // namespace lockstep
