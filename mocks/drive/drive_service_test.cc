// Proves the Drive v3 service layer request by request, as the official clients use it: create a
// folder, list with q across pages, multipart upload and media download, rename, move, trash,
// generateIds then create with the id then the same create again (409); partial responses with
// `fields`; the name-search lag next to immediate parent queries and gets; Drive's error shape for
// unknown parameters, malformed bodies and queries; per-user rate limits as 403 or 429.
#include "mocks/drive/drive_service.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lockstep::mocks {
namespace {

using Json = nlohmann::json;
const Instant kT0 = FromUnixMs(1'768'900'000'000);

class DriveServiceTest : public ::testing::Test {
 protected:
  DriveServiceTest() : model_(DriveKnobs{}), service_(model_, DriveServiceKnobs{}) { model_.Reset(kT0, 7); }

  HttpResponse Call(std::string method, std::string path, std::multimap<std::string, std::string> query = {},
                    std::string body = {}, std::map<std::string, std::string> headers = {},
                    ExecutionId caller = 0, Instant now = kT0) {
    HttpRequest r{std::move(method), std::move(path), std::move(query), std::move(headers), std::move(body)};
    return service_.Handle(r, caller, now);
  }
  Json J(const HttpResponse& r) { return Json::parse(r.body); }
  std::string CreateFolder(const std::string& name, const std::string& parent = "root", ExecutionId caller = 0,
                           Instant now = kT0) {
    HttpResponse r = Call("POST", "/drive/v3/files", {},
                          Json{{"name", name}, {"mimeType", "application/vnd.google-apps.folder"}, {"parents", {parent}}}.dump(),
                          {}, caller, now);
    EXPECT_EQ(r.status, 200) << r.body;
    return J(r)["id"];
  }

  DriveModel model_;
  DriveService service_;
};

TEST_F(DriveServiceTest, CreateAndListWithQueryAcrossPages) {
  const std::string parent = CreateFolder("workspace-databases");
  for (int i = 0; i < 5; ++i) CreateFolder("db" + std::to_string(i), parent);
  std::vector<std::string> names;
  std::string token;
  int pages = 0;
  do {
    std::multimap<std::string, std::string> q{{"q", "'" + parent + "' in parents and trashed = false"},
                                              {"pageSize", "2"}, {"fields", "nextPageToken,files(id,name)"}};
    if (!token.empty()) q.emplace("pageToken", token);
    HttpResponse r = Call("GET", "/drive/v3/files", q);
    ASSERT_EQ(r.status, 200) << r.body;
    Json j = J(r);
    for (const Json& f : j["files"]) {
      names.push_back(f["name"]);
      EXPECT_EQ(f.size(), 2u);  // only id and name
    }
    token = j.value("nextPageToken", "");
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names, (std::vector<std::string>{"db0", "db1", "db2", "db3", "db4"}));
}

TEST_F(DriveServiceTest, MultipartUploadDownloadRenameMoveTrash) {
  const std::string a = CreateFolder("a");
  const std::string b = CreateFolder("b");
  const std::string body =
      "--XX\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{\"name\":\"t.csv\",\"mimeType\":\"text/csv\","
      "\"parents\":[\"" + a + "\"]}\r\n--XX\r\nContent-Type: text/csv\r\n\r\nid,title\n1,x\n\r\n--XX--";
  HttpResponse up = Call("POST", "/upload/drive/v3/files", {{"uploadType", "multipart"}}, body,
                         {{"content-type", "multipart/related; boundary=XX"}});
  ASSERT_EQ(up.status, 200) << up.body;
  const std::string id = J(up)["id"];
  HttpResponse down = Call("GET", "/drive/v3/files/" + id, {{"alt", "media"}});
  EXPECT_EQ(down.body, "id,title\n1,x\n");
  EXPECT_EQ(down.content_type, "text/csv");
  HttpResponse renamed = Call("PATCH", "/drive/v3/files/" + id, {}, R"({"name":"u.csv"})");
  EXPECT_EQ(J(renamed)["name"], "u.csv");
  HttpResponse moved = Call("PATCH", "/drive/v3/files/" + id, {{"addParents", b}, {"removeParents", a}, {"fields", "parents"}});
  EXPECT_EQ(J(moved)["parents"], Json::array({b}));
  HttpResponse trashed = Call("PATCH", "/drive/v3/files/" + id, {{"fields", "trashed"}}, R"({"trashed":true})");
  EXPECT_EQ(J(trashed)["trashed"], true);
  HttpResponse live = Call("GET", "/drive/v3/files", {{"q", "'" + b + "' in parents and trashed = false"}});
  EXPECT_TRUE(J(live)["files"].empty());
  EXPECT_EQ(Call("DELETE", "/drive/v3/files/" + id).status, 204);
  EXPECT_EQ(Call("GET", "/drive/v3/files/" + id).status, 404);
}

TEST_F(DriveServiceTest, GeneratedIdsMakeARetriedCreateConflict) {
  HttpResponse gen = Call("GET", "/drive/v3/files/generateIds", {{"count", "2"}});
  ASSERT_EQ(gen.status, 200);
  Json g = J(gen);
  EXPECT_EQ(g["kind"], "drive#generatedIds");
  ASSERT_EQ(g["ids"].size(), 2u);
  const std::string body = Json{{"id", g["ids"][0]}, {"name", "f"}, {"mimeType", "application/vnd.google-apps.folder"}}.dump();
  EXPECT_EQ(Call("POST", "/drive/v3/files", {}, body).status, 200);
  HttpResponse again = Call("POST", "/drive/v3/files", {}, body);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(J(again)["error"]["errors"][0]["reason"], "duplicate");
}

TEST_F(DriveServiceTest, NameSearchLagsParentQueriesAndGetDoNot) {
  DriveKnobs k;
  k.name_index_lag_min = k.name_index_lag_max = Duration(10'000);
  model_.set_knobs(k);
  const std::string parent = CreateFolder("p", "root", /*caller=*/1);
  const std::string id = CreateFolder("Tasks_284e", parent, /*caller=*/1);
  auto count = [&](const std::string& q, Instant now) {
    return J(Call("GET", "/drive/v3/files", {{"q", q}}, {}, {}, /*caller=*/2, now))["files"].size();
  };
  EXPECT_EQ(count("name = 'Tasks_284e'", kT0), 0u);                 // not indexed yet
  EXPECT_EQ(count("'" + parent + "' in parents", kT0), 1u);          // immediate
  EXPECT_EQ(count("name = 'Tasks_284e'", kT0 + Duration(10'000)), 1u);
  EXPECT_EQ(Call("GET", "/drive/v3/files/" + id, {}, {}, {}, 2, kT0).status, 200);
}

// Name queries use the index of names ever given; a rename is seen by others only after the
// index lag, until then under the old name. The results equal a full scan's (the same query with
// an `or` that defeats the index).
TEST_F(DriveServiceTest, NameQueriesFollowRenamesThroughTheLag) {
  DriveKnobs k;
  k.name_index_lag_min = k.name_index_lag_max = Duration(10'000);
  model_.set_knobs(k);
  const std::string parent = CreateFolder("p", "root", 1);
  const std::string id = CreateFolder("Old", parent, 1);
  CreateFolder("Other", parent, 1);
  ASSERT_EQ(Call("PATCH", "/drive/v3/files/" + id, {}, R"({"name":"New"})", {}, 1, kT0 + Duration(20'000)).status, 200);
  auto ids = [&](const std::string& q, Instant now) {
    std::vector<std::string> out;
    const Json list = J(Call("GET", "/drive/v3/files", {{"q", q}}, {}, {}, 2, now));
    for (const auto& f : list["files"]) out.push_back(f["id"]);
    return out;
  };
  for (Instant now : {kT0 + Duration(25'000), kT0 + Duration(31'000)}) {
    for (std::string name : {"Old", "New", "Other", "None"}) {
      const std::string q = "name = '" + name + "'";
      EXPECT_EQ(ids(q, now), ids(q + " or name = 'no such'", now)) << name;
    }
  }
  EXPECT_EQ(ids("name = 'Old'", kT0 + Duration(25'000)), std::vector<std::string>{id});  // the index lags
  EXPECT_TRUE(ids("name = 'New'", kT0 + Duration(25'000)).empty());
  EXPECT_TRUE(ids("name = 'Old'", kT0 + Duration(31'000)).empty());
  EXPECT_EQ(ids("name = 'New'", kT0 + Duration(31'000)), std::vector<std::string>{id});
}

TEST_F(DriveServiceTest, ErrorsUseDrivesShape) {
  HttpResponse bad_q = Call("GET", "/drive/v3/files", {{"q", "name = "}});
  EXPECT_EQ(bad_q.status, 400);
  Json e = J(bad_q)["error"];
  EXPECT_EQ(e["code"], 400);
  EXPECT_EQ(e["errors"][0]["reason"], "invalid");
  EXPECT_EQ(e["errors"][0]["location"], "q");
  EXPECT_EQ(Call("GET", "/drive/v3/files", {{"colour", "blue"}}).status, 400);
  EXPECT_EQ(Call("GET", "/drive/v3/files", {{"pageSize", "1001"}}).status, 400);
  EXPECT_EQ(Call("GET", "/drive/v3/files", {{"pageToken", "zz"}}).status, 400);
  EXPECT_EQ(Call("POST", "/drive/v3/files", {}, "{not json").status, 400);
  EXPECT_EQ(Call("POST", "/drive/v3/files", {}, R"({"name":"x","owner":"me"})").status, 400);
  HttpResponse missing = Call("GET", "/drive/v3/files/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(J(missing)["error"]["message"], "File not found: nope.");
  EXPECT_EQ(Call("PUT", "/drive/v3/files").status, 405);
}

TEST(DriveServiceLimits, RateLimitsPerUserAndWindow) {
  DriveModel model(DriveKnobs{});
  model.Reset(kT0, 1);
  DriveServiceKnobs k;
  k.requests_per_window = 2;
  k.window = Duration(1000);
  DriveService s(model, k);
  HttpRequest list{"GET", "/drive/v3/files", {}, {}, {}};
  EXPECT_EQ(s.Handle(list, 0, kT0, "alice").status, 200);
  EXPECT_EQ(s.Handle(list, 0, kT0, "alice").status, 200);
  HttpResponse limited = s.Handle(list, 0, kT0, "alice");
  EXPECT_EQ(limited.status, 403);
  EXPECT_EQ(Json::parse(limited.body)["error"]["errors"][0]["reason"], "userRateLimitExceeded");
  EXPECT_EQ(Json::parse(limited.body)["error"]["errors"][0]["domain"], "usageLimits");
  EXPECT_EQ(s.Handle(list, 0, kT0, "bob").status, 200);                       // per user
  EXPECT_EQ(s.Handle(list, 0, kT0 + Duration(1000), "alice").status, 200);  // a new window
  k.rate_limit_as_429 = true;
  DriveService s429(model, k);
  s429.Handle(list, 0, kT0, "c");
  s429.Handle(list, 0, kT0, "c");
  EXPECT_EQ(s429.Handle(list, 0, kT0, "c").status, 429);
}

}  // namespace
}  // namespace lockstep::mocks
