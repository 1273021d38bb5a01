// Proves the mock server over real loopback HTTP (cpp-httplib client against the binding, port
// chosen by the OS, bounded request counts): the token guard (401 in Drive's shape, the token
// never in the journal), many concurrent clients without lost or torn writes, injected faults
// (respond, commit-then-fail with a dropped connection, fail-then-commit), admin state
// snapshot/seed and reset, and the metrics text.
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "mocks/server/http_binding.h"

namespace lockstep::mocks {
namespace {

using Json = nlohmann::json;

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MockServerOptions o;
    o.token = "s3cret";
    server_ = std::make_unique<MockServer>(o);
    http_ = std::make_unique<HttpBinding>(*server_, 8);
    StatusOr<int> port = http_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok());
    port_ = *port;
    thread_ = std::thread([this] { http_->Listen(); });
  }
  void TearDown() override {
    http_->Stop();
    thread_.join();
  }
  std::unique_ptr<httplib::Client> Client() {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_tcp_nodelay(true);
    c->set_read_timeout(10, 0);
    c->set_bearer_token_auth("s3cret");
    return c;
  }
  std::string CreateFolder(httplib::Client& c, const std::string& name) {
    auto r = c.Post("/drive/v3/files", Json{{"name", name}, {"mimeType", "application/vnd.google-apps.folder"}}.dump(),
                    "application/json");
    EXPECT_TRUE(r);
    return r && r->status == 200 ? Json::parse(r->body)["id"].get<std::string>() : "";
  }

  std::unique_ptr<MockServer> server_;
  std::unique_ptr<HttpBinding> http_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ServeTest, TokenGuardAndJournalWithoutTheToken) {
  httplib::Client anonymous("127.0.0.1", port_);
  auto denied = anonymous.Get("/drive/v3/files");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
  EXPECT_EQ(Json::parse(denied->body)["error"]["errors"][0]["reason"], "authError");
  auto by_key = anonymous.Get("/drive/v3/files?key=s3cret");
  ASSERT_TRUE(by_key);
  EXPECT_EQ(by_key->status, 200);
  auto journal = anonymous.Get("/__admin/journal");
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->body.find("s3cret"), std::string::npos);
  EXPECT_EQ(Json::parse(journal->body)["entries"].size(), 2u);
}

TEST_F(ServeTest, ConcurrentClientsLoseNoWrite) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      auto c = Client();
      for (int i = 0; i < kEach; ++i) CreateFolder(*c, "same-name");  // duplicates are allowed
      (void)t;
    });
  }
  for (std::thread& t : threads) t.join();
  auto c = Client();
  int total = 0;
  std::string token;
  do {
    std::string path = "/drive/v3/files?pageSize=1000&q=name%20%3D%20'same-name'";
    if (!token.empty()) path += "&pageToken=" + token;
    auto r = c->Get(path);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    Json j = Json::parse(r->body);
    total += static_cast<int>(j["files"].size());
    token = j.value("nextPageToken", "");
  } while (!token.empty());
  EXPECT_EQ(total, kThreads * kEach);
}

TEST_F(ServeTest, InjectedFaults) {
  auto c = Client();
  auto add = c->Post("/__admin/faults",
                     R"([{"method":"GET","path_prefix":"/drive/v3/files","action":"respond","status":503,"count":1},
                         {"method":"POST","body_contains":"ambiguous","action":"commit_then_fail","drop_connection":true,"count":1},
                         {"method":"POST","body_contains":"late","action":"fail_then_commit","status":500,"delay_ms":100,"count":1}])",
                     "application/json");
  ASSERT_TRUE(add);
  ASSERT_EQ(add->status, 200) << add->body;
  auto first = c->Get("/drive/v3/files");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 503);
  EXPECT_EQ(c->Get("/drive/v3/files")->status, 200);  // count 1: fired once
  auto dropped = c->Post("/drive/v3/files", R"({"name":"ambiguous"})", "application/json");
  EXPECT_TRUE(!dropped || dropped->status != 200 || dropped->body.empty());  // the client saw no answer
  auto late = c->Post("/drive/v3/files", R"({"name":"late"})", "application/json");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 500);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  auto c2 = Client();
  auto list = c2->Get("/drive/v3/files?q=name%20%3D%20'ambiguous'%20or%20name%20%3D%20'late'&fields=files(name)");
  ASSERT_TRUE(list);
  EXPECT_EQ(Json::parse(list->body)["files"].size(), 2u);  // both committed anyway
  // A late commit far in the future lands at once on /__admin/flush.
  ASSERT_EQ(c2->Post("/__admin/faults", R"({"method":"POST","action":"fail_then_commit","status":503,"delay_ms":600000,"count":1})",
                     "application/json")->status, 200);
  EXPECT_EQ(c2->Post("/drive/v3/files", R"({"name":"much later"})", "application/json")->status, 503);
  auto flushed = c2->Post("/__admin/flush", "", "application/json");
  ASSERT_TRUE(flushed);
  EXPECT_EQ(Json::parse(flushed->body)["applied"], 1);
  auto later = c2->Get("/drive/v3/files?q=name%20%3D%20'much%20later'&fields=files(name)");
  EXPECT_EQ(Json::parse(later->body)["files"].size(), 1u);
  auto metrics = c2->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("lockstep_mock_faults_fired_total{action=\"commit_then_fail\"} 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("lockstep_mock_request_seconds_count"), std::string::npos);
}

TEST_F(ServeTest, StateSnapshotSeedAndReset) {
  auto c = Client();
  const std::string parent = CreateFolder(*c, "p");
  auto snapshot = c->Get("/__admin/state");
  ASSERT_TRUE(snapshot);
  Json state = Json::parse(snapshot->body);
  ASSERT_EQ(state["drive"]["files"].size(), 1u);
  EXPECT_EQ(c->Post("/__admin/reset", "", "application/json")->status, 200);
  EXPECT_TRUE(Json::parse(c->Get("/drive/v3/files")->body)["files"].empty());
  auto put = c->Put("/__admin/state", state.dump(), "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 200) << put->body;
  auto got = c->Get(("/drive/v3/files/" + parent).c_str());
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(c->Put("/__admin/state", R"({"drive":{"files":[{"id":"x","name":"x","mimeType":"t","parents":["missing"]}]}})",
                   "application/json")->status, 400);
}

// Notion and Sheets live in the same snapshot: a database, a page and a spreadsheet survive a
// reset and a PUT of the snapshot; a commit-then-429 fault on page creation answers Notion's
// rate_limited with Retry-After although the page exists.
TEST_F(ServeTest, NotionAndSheetsInTheSnapshotAndCommitThen429) {
  auto c = Client();
  httplib::Headers notion{{"Notion-Version", "2025-09-03"}};
  auto search = c->Post("/v1/search", notion, R"({"query":"lockstep workspace"})", "application/json");
  ASSERT_TRUE(search);
  ASSERT_EQ(search->status, 200) << search->body;
  const std::string root = Json::parse(search->body)["results"][0]["id"];
  auto db = c->Post("/v1/databases", notion,
                    Json{{"parent", {{"page_id", root}}},
                         {"initial_data_source", {{"properties", {{"Name", {{"title", Json::object()}}}}}}}}.dump(),
                    "application/json");
  ASSERT_EQ(db->status, 200) << db->body;
  const std::string ds = Json::parse(db->body)["data_sources"][0]["id"];
  ASSERT_EQ(c->Post("/__admin/faults", R"({"method":"POST","path_prefix":"/v1/pages","action":"commit_then_fail","status":429,"count":1})",
                    "application/json")->status, 200);
  const std::string page = Json{{"parent", {{"data_source_id", ds}}},
                                {"properties", {{"Name", {{"title", {{{"text", {{"content", "x"}}}}}}}}}}}.dump();
  auto limited = c->Post("/v1/pages", notion, page, "application/json");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(Json::parse(limited->body)["code"], "rate_limited");
  EXPECT_EQ(limited->get_header_value("Retry-After"), "1");
  auto rows = c->Post(("/v1/data_sources/" + ds + "/query").c_str(), notion, "{}", "application/json");
  EXPECT_EQ(Json::parse(rows->body)["results"].size(), 1u);  // committed anyway
  auto sheet = c->Post("/v4/spreadsheets", R"({"properties":{"title":"Registry"}})", "application/json");
  ASSERT_EQ(sheet->status, 200) << sheet->body;
  const std::string sheet_id = Json::parse(sheet->body)["spreadsheetId"];
  ASSERT_EQ(c->Put(("/v4/spreadsheets/" + sheet_id + "/values/Sheet1!A1?valueInputOption=RAW").c_str(),
                   R"({"values":[["a","b"]]})", "application/json")->status, 200);

  const std::string state = c->Get("/__admin/state")->body;
  ASSERT_EQ(c->Post("/__admin/reset", "", "application/json")->status, 200);
  EXPECT_EQ(c->Post(("/v1/data_sources/" + ds + "/query").c_str(), notion, "{}", "application/json")->status, 404);
  auto put = c->Put("/__admin/state", state, "application/json");
  ASSERT_EQ(put->status, 200) << put->body;
  rows = c->Post(("/v1/data_sources/" + ds + "/query").c_str(), notion, "{}", "application/json");
  ASSERT_EQ(rows->status, 200) << rows->body;
  EXPECT_EQ(Json::parse(rows->body)["results"][0]["properties"]["Name"]["title"][0]["plain_text"], "x");
  auto values = c->Get(("/v4/spreadsheets/" + sheet_id + "/values/Sheet1").c_str());
  EXPECT_EQ(Json::parse(values->body)["values"], Json::parse(R"([["a","b"]])"));
  EXPECT_EQ(Json::parse(c->Get("/__admin/state")->body), Json::parse(state));
}

// Bad input at the door: each gets a 4xx in the shape of the API it was sent to, never a 5xx, and
// the server goes on serving.
TEST_F(ServeTest, BadInputGetsApiShapedErrors) {
  auto c = Client();
  // A header line over cpp-httplib's 8,192 bytes.
  httplib::Headers big = {{"x-big", std::string(9000, 'a')}};
  auto r = c->Get("/drive/v3/files", big);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Json::parse(r->body)["error"]["code"], 400) << r->body;
  r = c->Get("/v1/users", httplib::Headers{{"x-big", std::string(9000, 'a')}, {"Notion-Version", "2022-06-28"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(Json::parse(r->body)["object"], "error") << r->body;
  // A request line over the limit: 414.
  r = c->Get("/drive/v3/files?q=" + std::string(9000, 'a'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 414);
  EXPECT_EQ(Json::parse(r->body)["error"]["code"], 414) << r->body;
  // Bytes that are not UTF-8, in the query, the path and a header: 400, each API its own shape.
  for (const char* path : {"/drive/v3/files?q=name%20%3D%20%27%FF%27", "/drive/v3/files?orderBy=%C0%AF",
                           "/drive/v3/files/%ED%A0%80", "/v4/spreadsheets/x/values/A%FF1"}) {
    r = c->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 400) << path << " " << r->body;
    const Json j = Json::parse(r->body);
    EXPECT_EQ(j["error"]["code"], 400) << path;
    EXPECT_NE(j["error"]["message"].get<std::string>().find("not valid UTF-8"), std::string::npos) << path;
  }
  r = c->Get("/v1/pages/%FF", httplib::Headers{{"Notion-Version", "2022-06-28"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Json::parse(r->body)["code"], "invalid_request") << r->body;
  // A JSON body with invalid UTF-8 in a string, and one nested 10^5 deep.
  r = c->Post("/drive/v3/files", std::string("{\"name\":\"\xff\xfe\"}"), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Json::parse(r->body)["error"]["errors"][0]["reason"], "parseError");
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  const std::string deep_object = "{\"name\":\"x\",\"appProperties\":" + std::string(50'000, '[') +
                                  std::string(50'000, ']') + "}";
  for (const std::string* body : {&deep, &deep_object}) {
    r = c->Post("/drive/v3/files", *body, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_NE(Json::parse(r->body)["error"]["message"].get<std::string>().find("nests deeper"), std::string::npos);
  }
  r = c->Post("/v4/spreadsheets", deep, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Json::parse(r->body)["error"]["status"], "INVALID_ARGUMENT");
  r = c->Post("/v1/search", "{\"query\":" + deep + "}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  // An appProperties value that is not a string.
  r = c->Post("/drive/v3/files", R"({"name":"x","appProperties":{"k":{"a":1}}})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  // Nothing above was journaled with its raw bytes, and the server still serves.
  r = c->Get("/__admin/journal?limit=100000");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(CreateFolder(*c, "after").empty());
}

// A state snapshot that fails half-way leaves the state as it was; content that is not UTF-8
// travels as base64 and comes back byte for byte.
TEST_F(ServeTest, StateLoadIsAllOrNothingAndKeepsBinaryContent) {
  auto c = Client();
  const std::string folder = CreateFolder(*c, "Kept");
  ASSERT_FALSE(folder.empty());
  const std::string bytes("\xff\x00\xfe binary", 10);
  auto up = c->Post("/upload/drive/v3/files?uploadType=media", bytes, "application/octet-stream");
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 200) << up->body;
  const std::string id = Json::parse(up->body)["id"];
  auto state = c->Get("/__admin/state");
  ASSERT_TRUE(state);
  ASSERT_EQ(state->status, 200);
  const Json snapshot = Json::parse(state->body);
  bool base64 = false;
  for (const Json& f : snapshot["drive"]["files"]) base64 = base64 || (f["id"] == id && f.contains("contentBase64"));
  EXPECT_TRUE(base64);
  // Half a snapshot: the second file's name is a number.
  Json bad = snapshot;
  bad["drive"]["files"].push_back({{"id", "x1"}, {"name", 7}, {"mimeType", "text/plain"}});
  auto put = c->Put("/__admin/state", bad.dump(), "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 400) << put->body;
  auto after = c->Get("/__admin/state");
  ASSERT_TRUE(after);
  EXPECT_EQ(Json::parse(after->body), snapshot);
  // The good snapshot loads back, the bytes with it.
  put = c->Put("/__admin/state", snapshot.dump(), "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 200) << put->body;
  auto media = c->Get("/drive/v3/files/" + id + "?alt=media");
  ASSERT_TRUE(media);
  EXPECT_EQ(media->body, bytes);
}

}  // namespace
}  // namespace lockstep::mocks
