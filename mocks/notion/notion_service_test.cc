// Proves the Notion service layer under both API versions: databases with a schema (the title's
// id is "title"), pages, filtered and sorted queries read through cursors, property renames that
// keep ids, data sources (2025-09-03) beside database endpoints (2022-06-28), relations beyond 25
// references, dual relations, search and its lag, the token bucket (429 with an integer
// Retry-After), 409 conflicts, and Notion's error object with the SDK's codes.
#include "mocks/notion/notion_service.h"

#include <gtest/gtest.h>

namespace lockstep::mocks {
namespace {

const Instant kT0 = FromUnixMs(1'768'900'000'000);
constexpr const char* kOld = "2022-06-28";
constexpr const char* kNew = "2025-09-03";

NJson Text(const std::string& s) { return NJson::array({NJson{{"text", {{"content", s}}}}}); }

class NotionServiceTest : public ::testing::Test {
 protected:
  NotionServiceTest() : model_(NotionKnobs{}, 5), service_(model_, NotionServiceKnobs{}) {}

  HttpResponse Call(const std::string& method, const std::string& path, const NJson& body = nullptr,
                    const char* version = kOld, Instant now = kT0, std::multimap<std::string, std::string> q = {}) {
    HttpRequest r{method, path, std::move(q), {}, body.is_null() ? "" : body.dump()};
    if (version != nullptr) r.headers["notion-version"] = version;
    return service_.Handle(r, now, "secret");
  }
  static NJson J(const HttpResponse& r) { return NJson::parse(r.body); }
  NJson Ok(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return J(r);
  }
  // A database with title, rich_text, number, select, checkbox and date properties.
  NJson Tasks(const char* version = kOld) {
    NJson props{{"Name", {{"title", NJson::object()}}},
                {"Notes", {{"rich_text", NJson::object()}}},
                {"Points", {{"number", NJson::object()}}},
                {"Kind", {{"select", {{"options", {{{"name", "bug"}}}}}}}},
                {"Done", {{"checkbox", NJson::object()}}},
                {"Due", {{"date", NJson::object()}}}};
    NJson body{{"parent", {{"type", "page_id"}, {"page_id", model_.RootPageId()}}}, {"title", Text("Tasks")}};
    if (std::string(version) == kOld) body["properties"] = props;
    else body["initial_data_source"] = {{"properties", props}};
    return Ok(Call("POST", "/v1/databases", body, version));
  }
  NJson AddPage(const std::string& db, int i) {
    return Ok(Call("POST", "/v1/pages",
                   NJson{{"parent", {{"database_id", db}}},
                         {"properties", {{"Name", {{"title", Text("task " + std::to_string(i))}}},
                                         {"Points", {{"number", i}}},
                                         {"Kind", {{"select", {{"name", i % 2 ? "bug" : "chore"}}}}},
                                         {"Done", {{"checkbox", i % 3 == 0}}},
                                         {"Due", {{"date", {{"start", i < 5 ? "2026-01-01" : "2026-03-01"}}}}}}}}));
  }

  NotionModel model_;
  NotionService service_;
};

TEST_F(NotionServiceTest, VersionHeaderAndErrorObject) {
  HttpResponse r = Call("GET", "/v1/databases/x", nullptr, nullptr);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(J(r)["code"], "missing_version");
  EXPECT_EQ(J(r)["object"], "error");
  EXPECT_EQ(J(r)["message"], "Notion-Version header failed validation: Notion-Version header should be defined, "
                             "instead was `undefined`.");
  EXPECT_EQ(J(r)["request_id"].get<std::string>().size(), 36u);
  EXPECT_EQ(r.headers["x-notion-request-id"], J(r)["request_id"]);
  r = Call("GET", "/v1/pages/0c4b7ac2-66e3-4f3a-8a34-9e55a86ba0e1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(J(r)["code"], "object_not_found");
  EXPECT_EQ(Call("GET", "/v1/nothing").status, 400);
  EXPECT_EQ(J(Call("GET", "/v1/nothing"))["code"], "invalid_request_url");
  HttpRequest bad{"POST", "/v1/search", {}, {{"notion-version", kOld}}, "{nope"};
  EXPECT_EQ(J(service_.Handle(bad, kT0))["code"], "invalid_json");
  // The 2025 endpoints do not exist in 2022-06-28, and the 2022 query not in 2025-09-03.
  EXPECT_EQ(J(Call("GET", "/v1/data_sources/x"))["code"], "invalid_request_url");
  EXPECT_EQ(J(Call("POST", "/v1/databases/x/query", NJson::object(), kNew))["code"], "invalid_request_url");
}

TEST_F(NotionServiceTest, SchemaIdsAreStableAndTheTitleIsTitle) {
  const NJson db = Tasks();
  EXPECT_EQ(db["object"], "database");
  EXPECT_EQ(db["properties"]["Name"]["id"], "title");
  const std::string notes_id = db["properties"]["Notes"]["id"];
  const std::string id = db["id"];
  // Rename by id, then by name; delete with null; the id stays.
  NJson u = Ok(Call("PATCH", "/v1/databases/" + id, NJson{{"properties", {{notes_id, {{"name", "Comments"}}}}}}));
  EXPECT_EQ(u["properties"]["Comments"]["id"], notes_id);
  EXPECT_FALSE(u["properties"].contains("Notes"));
  u = Ok(Call("PATCH", "/v1/databases/" + id, NJson{{"properties", {{"Comments", {{"name", "Notes 2"}}}}}}));
  EXPECT_EQ(u["properties"]["Notes 2"]["id"], notes_id);
  u = Ok(Call("PATCH", "/v1/databases/" + id, NJson{{"properties", {{"Notes 2", nullptr}, {"Tags", {{"multi_select", NJson::object()}}}}}}));
  EXPECT_FALSE(u["properties"].contains("Notes 2"));
  EXPECT_EQ(u["properties"]["Tags"]["type"], "multi_select");
  HttpResponse r = Call("PATCH", "/v1/databases/" + id, NJson{{"properties", {{"Name", nullptr}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(J(r)["code"], "validation_error");
}

// A bad filter is refused whatever the pages: on an empty data source, and behind a condition
// that already decides an and/or.
TEST_F(NotionServiceTest, BadFiltersAreRefusedWhateverThePages) {
  const std::string db = Tasks()["id"];
  auto code = [&](const NJson& filter) {
    return J(Call("POST", "/v1/databases/" + db + "/query", NJson{{"filter", filter}})).value("code", "list");
  };
  const NJson unknown{{"property", "Nope"}, {"number", {{"equals", 1}}}};
  const NJson bad_op{{"property", "Points"}, {"number", {{"around", 1}}}};
  const NJson bad_date_op{{"property", "Due"}, {"date", {{"near", "2026-01-01"}}}};
  const NJson never{{"property", "Points"}, {"number", {{"greater_than", 1000}}}};
  for (const NJson& f : {unknown, bad_op, bad_date_op}) EXPECT_EQ(code(f), "validation_error") << f.dump();
  AddPage(db, 1);
  EXPECT_EQ(code(NJson{{"and", {never, bad_op}}}), "validation_error");
  EXPECT_EQ(code(NJson{{"or", {{{"property", "Done"}, {"checkbox", {{"equals", false}}}}, unknown}}}), "validation_error");
  EXPECT_EQ(code(NJson{{"and", {never, {{"property", "Points"}, {"number", {{"equals", 1}}}}}}}), "list");
}

TEST_F(NotionServiceTest, QueryFiltersSortsAndCursors) {
  const std::string db = Tasks()["id"];
  for (int i = 0; i < 250; ++i) AddPage(db, i);
  // All pages through cursors, 100 at a time; next_cursor null at the end.
  std::vector<std::string> names;
  NJson cursor;
  int pages = 0;
  do {
    NJson body{{"page_size", 100}};
    if (!cursor.is_null()) body["start_cursor"] = cursor;
    const NJson page = Ok(Call("POST", "/v1/databases/" + db + "/query", body));
    for (const NJson& p : page["results"]) names.push_back(PlainText(p["properties"]["Name"]["title"]));
    cursor = page["next_cursor"];
    EXPECT_EQ(page["has_more"], !cursor.is_null());
    ++pages;
  } while (!cursor.is_null());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(names.size(), 250u);
  EXPECT_EQ(names.front(), "task 0");
  auto count = [&](const NJson& filter) {
    return Ok(Call("POST", "/v1/databases/" + db + "/query", NJson{{"filter", filter}}))["results"].size();
  };
  EXPECT_EQ(count({{"property", "Points"}, {"number", {{"greater_than", 239}}}}), 10u);
  EXPECT_EQ(count({{"property", "Name"}, {"title", {{"equals", "task 7"}}}}), 1u);
  EXPECT_EQ(count({{"property", "Name"}, {"title", {{"starts_with", "task 24"}}}}), 11u);
  EXPECT_EQ(count({{"property", "Kind"}, {"select", {{"equals", "chore"}}}}), 100u);  // the page limit
  EXPECT_EQ(count({{"and", {{{"property", "Kind"}, {"select", {{"equals", "bug"}}}},
                            {{"property", "Done"}, {"checkbox", {{"equals", true}}}}}}}), 42u);
  EXPECT_EQ(count({{"or", {{{"property", "Points"}, {"number", {{"less_than", 2}}}},
                           {{"property", "Points"}, {"number", {{"equals", 100}}}}}}}), 3u);
  EXPECT_EQ(count({{"property", "Due"}, {"date", {{"before", "2026-02-01"}}}}), 5u);
  EXPECT_EQ(count({{"property", "Notes"}, {"rich_text", {{"is_empty", true}}}}), 100u);
  const NJson sorted = Ok(Call("POST", "/v1/databases/" + db + "/query",
                               NJson{{"sorts", {{{"property", "Points"}, {"direction", "descending"}}}}, {"page_size", 2}}));
  EXPECT_EQ(sorted["results"][0]["properties"]["Points"]["number"], 249);
  HttpResponse bad = Call("POST", "/v1/databases/" + db + "/query", NJson{{"filter", {{"property", "Nope"}, {"number", {{"equals", 1}}}}}});
  EXPECT_EQ(J(bad)["code"], "validation_error");
  bad = Call("POST", "/v1/databases/" + db + "/query", NJson{{"page_size", 101}});
  EXPECT_EQ(J(bad)["code"], "validation_error");
  // Compound filters nest at most two levels below the top one; three is a validation error.
  const NJson leaf{{"property", "Done"}, {"checkbox", {{"equals", true}}}};
  const NJson two_deep{{"and", {NJson{{"or", {NJson{{"and", {leaf}}}}}}}}};
  EXPECT_EQ(count(two_deep), count(leaf));
  bad = Call("POST", "/v1/databases/" + db + "/query", NJson{{"filter", {{"or", {two_deep}}}}});
  EXPECT_EQ(J(bad)["code"], "validation_error") << bad.body;
}

TEST_F(NotionServiceTest, DataSourcesUnder20250903) {
  const NJson db = Tasks(kNew);
  ASSERT_EQ(db["data_sources"].size(), 1u);
  EXPECT_FALSE(db.contains("properties"));
  const std::string ds = db["data_sources"][0]["id"];
  const NJson source = Ok(Call("GET", "/v1/data_sources/" + ds, nullptr, kNew));
  EXPECT_EQ(source["properties"]["Name"]["id"], "title");
  const NJson page = Ok(Call("POST", "/v1/pages",
                             NJson{{"parent", {{"type", "data_source_id"}, {"data_source_id", ds}}},
                                   {"properties", {{"title", {{"title", Text("by id")}}}}}},
                             kNew));
  EXPECT_EQ(page["parent"]["type"], "data_source_id");
  EXPECT_EQ(page["parent"]["database_id"], db["id"]);
  EXPECT_EQ(Ok(Call("POST", "/v1/data_sources/" + ds + "/query", NJson::object(), kNew))["results"].size(), 1u);
  // The same page under 2022-06-28 has a database parent; a second data source makes the
  // database unusable there.
  EXPECT_EQ(Ok(Call("GET", "/v1/pages/" + page["id"].get<std::string>()))["parent"]["type"], "database_id");
  Ok(Call("POST", "/v1/data_sources",
          NJson{{"parent", {{"database_id", db["id"]}}}, {"properties", {{"Title", {{"title", NJson::object()}}}}}}, kNew));
  EXPECT_EQ(J(Call("GET", "/v1/databases/" + db["id"].get<std::string>()))["code"], "validation_error");
  EXPECT_EQ(Ok(Call("GET", "/v1/databases/" + db["id"].get<std::string>(), nullptr, kNew))["data_sources"].size(), 2u);
  // Search: data sources under 2025, databases under 2022.
  const NJson found = Ok(Call("POST", "/v1/search", NJson{{"filter", {{"property", "object"}, {"value", "data_source"}}}}, kNew));
  EXPECT_EQ(found["results"].size(), 2u);
  EXPECT_EQ(J(Call("POST", "/v1/search", NJson{{"filter", {{"property", "object"}, {"value", "data_source"}}}}))["code"],
            "validation_error");
}

TEST_F(NotionServiceTest, RelationsBeyond25AndDualRelations) {
  const NJson artists = Tasks();
  const std::string artists_db = artists["id"];
  const NJson tracks = Ok(Call("POST", "/v1/databases",
                               NJson{{"parent", {{"page_id", model_.RootPageId()}}},
                                     {"title", Text("Tracks")},
                                     {"properties", {{"Title", {{"title", NJson::object()}}},
                                                     {"Artists", {{"relation", {{"database_id", artists_db},
                                                                                {"type", "dual_property"},
                                                                                {"dual_property", NJson::object()}}}}}}}}));
  NJson refs = NJson::array();
  for (int i = 0; i < 30; ++i) refs.push_back(NJson{{"id", AddPage(artists_db, i)["id"]}});
  const NJson track = Ok(Call("POST", "/v1/pages",
                              NJson{{"parent", {{"database_id", tracks["id"]}}},
                                    {"properties", {{"Title", {{"title", Text("song")}}}, {"Artists", {{"relation", refs}}}}}}));
  EXPECT_EQ(track["properties"]["Artists"]["relation"].size(), 25u);
  EXPECT_EQ(track["properties"]["Artists"]["has_more"], true);
  const std::string prop = track["properties"]["Artists"]["id"];
  const NJson items = Ok(Call("GET", "/v1/pages/" + track["id"].get<std::string>() + "/properties/" + prop));
  EXPECT_EQ(items["results"].size(), 30u);
  // The other side sees the track.
  const NJson artist = Ok(Call("GET", "/v1/pages/" + refs[0]["id"].get<std::string>()));
  const NJson back = artist["properties"]["Related to Tracks (Artists)"]["relation"];
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0]["id"], track["id"]);
}

TEST_F(NotionServiceTest, RateLimitConflictsAndSearchLag) {
  service_.set_knobs(NotionServiceKnobs{.requests_per_second = 3, .burst = 3});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Call("POST", "/v1/search", NJson::object()).status, 200);
  HttpResponse limited = Call("POST", "/v1/search", NJson::object());
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(J(limited)["code"], "rate_limited");
  EXPECT_EQ(limited.headers["retry-after"], "1");
  EXPECT_EQ(Call("POST", "/v1/search", NJson::object(), kOld, kT0 + Duration(1000)).status, 200);
  service_.set_knobs(NotionServiceKnobs{});

  model_.set_knobs(NotionKnobs{.search_lag = Duration(5000), .conflict_window = Duration(2000)});
  const std::string db = Tasks()["id"];
  const std::string page = AddPage(db, 1)["id"];
  auto searched = [&](Instant now) {
    return Ok(Call("POST", "/v1/search", NJson{{"query", "task 1"}}, kOld, now))["results"].size();
  };
  EXPECT_EQ(searched(kT0 + Duration(1000)), 0u);  // search lags; query does not
  EXPECT_EQ(Ok(Call("POST", "/v1/databases/" + db + "/query", NJson::object()))["results"].size(), 1u);
  EXPECT_EQ(searched(kT0 + Duration(5000)), 1u);
  const NJson edit{{"properties", {{"Points", {{"number", 5}}}}}};
  HttpResponse conflict = Call("PATCH", "/v1/pages/" + page, edit, kOld, kT0 + Duration(500));
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(J(conflict)["code"], "conflict_error");
  EXPECT_EQ(Call("PATCH", "/v1/pages/" + page, edit, kOld, kT0 + Duration(2500)).status, 200);
}

TEST(NotionIds, CanonicalFormIsLowercaseDashedOrEmpty) {
  EXPECT_EQ(CanonicalNotionId("5F57D2C80C5C4AB89E865340743178CD"), "5f57d2c8-0c5c-4ab8-9e86-5340743178cd");
  EXPECT_EQ(CanonicalNotionId("5f57d2c8-0c5c-4ab8-9e86-5340743178cd"), "5f57d2c8-0c5c-4ab8-9e86-5340743178cd");
  EXPECT_EQ(CanonicalNotionId("5f-57d2c80c5c4ab89e86534074317-8cd"), "5f57d2c8-0c5c-4ab8-9e86-5340743178cd");
  EXPECT_EQ(CanonicalNotionId("5f57d2c80c5c4ab89e865340743178c"), "");    // 31 digits
  EXPECT_EQ(CanonicalNotionId("5f57d2c80c5c4ab89e865340743178cd0"), "");  // 33
  EXPECT_EQ(CanonicalNotionId("5f57d2c80c5c4ab89e865340743178cg"), "");   // not hex
  EXPECT_EQ(CanonicalNotionId(""), "");
}

}  // namespace
}  // namespace lockstep::mocks
