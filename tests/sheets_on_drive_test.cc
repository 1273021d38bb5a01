// Proves the Sheets v4 service layer as the official client and the production job use it: create
// (with its Drive file), tabs added and deleted atomically, values written RAW and USER_ENTERED in
// both major dimensions, read back under each render option with trailing empties trimmed,
// appended after the table (OVERWRITE and INSERT_ROWS), cleared; A1 notation with quoted titles and
// open ranges; grid limits; the newer error shape for unknown parameters and fields; the per-minute
// quota as 429 RESOURCE_EXHAUSTED; a Drive rename seen as the spreadsheet's title.
#include "mocks/sheets/sheets_service.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mocks/drive/drive_service.h"

namespace lockstep::mocks {
namespace {

using Json = nlohmann::json;
const Instant kT0 = FromUnixMs(1'768'900'000'000);
// JSON arrays from text: nlohmann reads {{"a", "b"}} as an object.
Json A(const char* text) { return Json::parse(text); }

class SheetsServiceTest : public ::testing::Test {
 protected:
  SheetsServiceTest()
      : drive_(DriveKnobs{}), sheets_(3), service_(sheets_, drive_, SheetsServiceKnobs{}),
        drive_service_(drive_, DriveServiceKnobs{}) {
    drive_.Reset(kT0, 7);
  }

  HttpResponse Call(std::string method, std::string path, std::multimap<std::string, std::string> query = {},
                    const Json& body = nullptr, Instant now = kT0) {
    HttpRequest r{std::move(method), std::move(path), std::move(query), {}, body.is_null() ? "" : body.dump()};
    return r.path.rfind("/v4/", 0) == 0 ? service_.Handle(r, 0, now) : drive_service_.Handle(r, 0, now);
  }
  static Json J(const HttpResponse& r) { return Json::parse(r.body); }
  std::string Create(const Json& body) {
    HttpResponse r = Call("POST", "/v4/spreadsheets", {}, body);
    EXPECT_EQ(r.status, 200) << r.body;
    return J(r)["spreadsheetId"];
  }
  Json Values(const std::string& id, const std::string& range, std::multimap<std::string, std::string> q = {}) {
    HttpResponse r = Call("GET", "/v4/spreadsheets/" + id + "/values/" + range, std::move(q));
    EXPECT_EQ(r.status, 200) << r.body;
    return J(r);
  }
  HttpResponse Put(const std::string& id, const std::string& range, const Json& values,
                   const std::string& option = "RAW") {
    return Call("PUT", "/v4/spreadsheets/" + id + "/values/" + range, {{"valueInputOption", option}},
                Json{{"values", values}});
  }

  DriveModel drive_;
  SheetsModel sheets_;
  SheetsService service_;
  DriveService drive_service_;
};

TEST(A1Notation, ParsesAndFormatsTheForms) {
  SheetsModel model;
  Spreadsheet& ss = model.Create("f", {"Databases", "My tab", "A1"});
  auto parse = [&](std::string_view a1) {
    StatusOr<GridRange> r = ParseA1(ss, a1);
    EXPECT_TRUE(r.ok()) << a1 << ": " << r.status().message();
    return r.ok() ? FormatA1(ss, *r) : std::string();
  };
  EXPECT_EQ(parse("Databases!A1:C3"), "Databases!A1:C3");
  EXPECT_EQ(parse("Databases!C3:A1"), "Databases!A1:C3");
  EXPECT_EQ(parse("Databases"), "Databases!A1:Z1000");
  EXPECT_EQ(parse("Databases!A:B"), "Databases!A1:B1000");
  EXPECT_EQ(parse("Databases!2:3"), "Databases!A2:Z3");
  EXPECT_EQ(parse("Databases!B2"), "Databases!B2");
  EXPECT_EQ(parse("Databases!A2:C"), "Databases!A2:C1000");
  EXPECT_EQ(parse("B2:C3"), "Databases!B2:C3");  // the first sheet
  EXPECT_EQ(parse("'My tab'!AA10"), "'My tab'!AA10");
  EXPECT_EQ(parse("'A1'!B1"), "'A1'!B1");
  EXPECT_EQ(parse("A1"), "'A1'!A1:Z1000");  // a sheet's title wins over the cell reference
  for (std::string_view bad : {"Nope!A1", "Databases!", "Databases!A0", "Databases!1A", "'My tab", "Databases!A"}) {
    StatusOr<GridRange> r = ParseA1(ss, bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().http_status(), 400);
      EXPECT_EQ(r.status().message(), "Unable to parse range: " + std::string(bad));
    }
  }
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(26), "AA");
  EXPECT_EQ(ColumnName(701), "ZZ");
}

TEST_F(SheetsServiceTest, CreateMakesTheDriveFileAndTheTabs) {
  HttpResponse r = Call("POST", "/v4/spreadsheets", {},
                        Json{{"properties", {{"title", "Notion Meta-DB Registry"}}},
                             {"sheets", {{{"properties", {{"title", "Databases"}}}},
                                         {{"properties", {{"title", "Properties"}}}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const Json ss = J(r);
  const std::string id = ss["spreadsheetId"];
  EXPECT_EQ(ss["properties"]["title"], "Notion Meta-DB Registry");
  EXPECT_EQ(ss["spreadsheetUrl"], "https://docs.google.com/spreadsheets/d/" + id + "/edit");
  ASSERT_EQ(ss["sheets"].size(), 2u);
  EXPECT_EQ(ss["sheets"][0]["properties"]["sheetId"], 0);
  EXPECT_EQ(ss["sheets"][1]["properties"]["title"], "Properties");
  EXPECT_EQ(ss["sheets"][1]["properties"]["gridProperties"]["rowCount"], 1000);

  // The Drive file is in My Drive with the spreadsheet mimeType; not idempotent: a second create
  // with the same title is a second file.
  const Json file = J(Call("GET", "/drive/v3/files/" + id, {{"fields", "name,mimeType,parents"}}));
  EXPECT_EQ(file["mimeType"], "application/vnd.google-apps.spreadsheet");
  EXPECT_EQ(file["parents"][0], "root");
  EXPECT_NE(Create(Json{{"properties", {{"title", "Notion Meta-DB Registry"}}}}), id);

  // A Drive rename is the spreadsheet's title; fields masks work with dots.
  ASSERT_EQ(Call("PATCH", "/drive/v3/files/" + id, {}, Json{{"name", "Renamed"}}).status, 200);
  const Json got = J(Call("GET", "/v4/spreadsheets/" + id, {{"fields", "properties.title,sheets.properties.title"}}));
  EXPECT_EQ(got, (Json{{"properties", {{"title", "Renamed"}}},
                       {"sheets", {{{"properties", {{"title", "Databases"}}}}, {{"properties", {{"title", "Properties"}}}}}}}));

  // A spreadsheet made through Drive has one empty Sheet1; a folder is not a spreadsheet.
  const Json made = J(Call("POST", "/drive/v3/files", {},
                           Json{{"name", "x"}, {"mimeType", "application/vnd.google-apps.spreadsheet"}}));
  EXPECT_EQ(J(Call("GET", "/v4/spreadsheets/" + made["id"].get<std::string>()))["sheets"][0]["properties"]["title"],
            "Sheet1");
  const Json folder = J(Call("POST", "/drive/v3/files", {},
                             Json{{"name", "f"}, {"mimeType", "application/vnd.google-apps.folder"}}));
  EXPECT_EQ(Call("GET", "/v4/spreadsheets/" + folder["id"].get<std::string>()).status, 400);
  EXPECT_EQ(Call("GET", "/v4/spreadsheets/nope").status, 404);
  EXPECT_EQ(J(Call("GET", "/v4/spreadsheets/nope"))["error"]["status"], "NOT_FOUND");
}

TEST_F(SheetsServiceTest, UpdateAndGetInBothDimensionsAndRenderOptions) {
  const std::string id = Create(Json::object());
  HttpResponse r = Put(id, "Sheet1!A1", Json{{"name", 1.5, true}, {"=A1", "", 3}}, "USER_ENTERED");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(J(r), (Json{{"spreadsheetId", id}, {"updatedRange", "Sheet1!A1:C2"}, {"updatedRows", 2},
                        {"updatedColumns", 3}, {"updatedCells", 6}}));
  EXPECT_EQ(Values(id, "Sheet1")["values"], (Json{{"name", "1.5", "TRUE"}, {"=A1", "", "3"}}));
  EXPECT_EQ(Values(id, "Sheet1", {{"valueRenderOption", "UNFORMATTED_VALUE"}})["values"],
            (Json{{"name", 1.5, true}, {"=A1", "", 3}}));
  EXPECT_EQ(Values(id, "Sheet1!A1:B", {{"majorDimension", "COLUMNS"}})["values"], A(R"([["name","=A1"],["1.5"]])"));
  EXPECT_EQ(Values(id, "Sheet1!A1:B")["range"], "Sheet1!A1:B1000");

  // RAW keeps text as text; USER_ENTERED parses it; a leading apostrophe forces text.
  ASSERT_EQ(Put(id, "Sheet1!A5:C5", Json{{"007", "TRUE", "=1+1"}}).status, 200);
  ASSERT_EQ(Put(id, "Sheet1!A6:C6", Json{{"007", "'007", "-2.50"}}, "USER_ENTERED").status, 200);
  EXPECT_EQ(Values(id, "Sheet1!A5:C6", {{"valueRenderOption", "UNFORMATTED_VALUE"}})["values"],
            (Json{{"007", "TRUE", "=1+1"}, {7, "007", -2.5}}));

  // COLUMNS input; null leaves a cell alone and "" clears it; empty rows and trailing cells trimmed.
  HttpResponse cols = Call("PUT", "/v4/spreadsheets/" + id + "/values/Sheet1!E1", {{"valueInputOption", "RAW"}},
                           Json{{"majorDimension", "COLUMNS"}, {"values", A(R"([["x","y"]])")}});
  ASSERT_EQ(cols.status, 200) << cols.body;
  EXPECT_EQ(J(cols)["updatedRange"], "Sheet1!E1:E2");
  ASSERT_EQ(Put(id, "Sheet1!A1:B1", A(R"([[null,""]])")).status, 200);
  EXPECT_EQ(Values(id, "Sheet1!A1:E2")["values"], (Json{{"name", "", "TRUE", "", "x"}, {"=A1", "", "3", "", "y"}}));
  EXPECT_FALSE(Values(id, "Sheet1!K1:L3").contains("values"));
}

TEST_F(SheetsServiceTest, WritesOutsideTheRangeOrTheGridAreRejected) {
  const std::string id = Create(Json::object());
  HttpResponse r = Put(id, "Sheet1!A1:B1", A("[[1,2],[3,4]]"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(J(r)["error"]["message"], "Requested writing within range [Sheet1!A1:B1], but tried writing to row [2]");
  r = Put(id, "Sheet1!Z1", A("[[1,2]]"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(J(r)["error"]["message"], "Range (Sheet1!Z1) exceeds grid limits. Max rows: 1000, max columns: 26");
  EXPECT_EQ(Call("GET", "/v4/spreadsheets/" + id + "/values/Sheet1!A999:A1001").status, 400);
  r = Call("PUT", "/v4/spreadsheets/" + id + "/values/Sheet1!A1", {}, Json{{"values", {{1}}}});
  EXPECT_EQ(J(r)["error"]["message"], "'valueInputOption' is required but not specified");
  r = Call("PUT", "/v4/spreadsheets/" + id + "/values/Sheet1!A1", {{"valueInputOption", "RAW"}},
           Json{{"range", "Sheet1!B1"}, {"values", {{1}}}});
  EXPECT_EQ(r.status, 400);
  r = Call("PUT", "/v4/spreadsheets/" + id + "/values/Sheet1!A1", {{"valueInputOption", "RAW"}},
           Json{{"values", {{Json{{"a", 1}}}}}});
  EXPECT_EQ(r.status, 400);
  r = Call("GET", "/v4/spreadsheets/" + id + "/values/Sheet1!A1", {{"bogus", "1"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(J(r)["error"]["status"], "INVALID_ARGUMENT");
  EXPECT_NE(J(r)["error"]["message"].get<std::string>().find("Unknown name \"bogus\""), std::string::npos);
  r = Call("PUT", "/v4/spreadsheets/" + id + "/values/Sheet1!A1", {{"valueInputOption", "RAW"}},
           Json{{"values", {{1}}}, {"extra", 1}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Values(id, "Sheet1").contains("values"), false);  // nothing was written by the failures
}

TEST_F(SheetsServiceTest, AppendGoesAfterTheTable) {
  const std::string id = Create(Json::object());
  auto append = [&](const std::string& range, const Json& values, std::string insert = "OVERWRITE") {
    HttpResponse r = Call("POST", "/v4/spreadsheets/" + id + "/values/" + range + ":append",
                          {{"valueInputOption", "RAW"}, {"insertDataOption", insert}}, Json{{"values", values}});
    EXPECT_EQ(r.status, 200) << r.body;
    return J(r);
  };
  Json first = append("Sheet1!A1", A(R"([["h1","h2"]])"));
  EXPECT_FALSE(first.contains("tableRange"));
  EXPECT_EQ(first["updates"]["updatedRange"], "Sheet1!A1:B1");
  Json second = append("Sheet1", A(R"([["a","b"],["c","d"]])"));
  EXPECT_EQ(second["tableRange"], "Sheet1!A1:B1");
  EXPECT_EQ(second["updates"]["updatedRange"], "Sheet1!A2:B3");
  // Append is not idempotent: the same call again adds the rows again.
  append("Sheet1", A(R"([["a","b"],["c","d"]])"));
  EXPECT_EQ(Values(id, "Sheet1")["values"].size(), 5u);

  // A gap ends the table; INSERT_ROWS pushes what is below down and grows the grid.
  ASSERT_EQ(Put(id, "Sheet1!A10", Json{{"below"}}).status, 200);
  Json inserted = append("Sheet1!A1", Json{{"new"}}, "INSERT_ROWS");
  EXPECT_EQ(inserted["updates"]["updatedRange"], "Sheet1!A6");
  EXPECT_EQ(Values(id, "Sheet1!A11")["values"], (Json{{"below"}}));
  EXPECT_EQ(J(Call("GET", "/v4/spreadsheets/" + id))["sheets"][0]["properties"]["gridProperties"]["rowCount"], 1001);

  // Appending past the last row grows the grid (OVERWRITE too).
  ASSERT_EQ(Put(id, "Sheet1!A1001", Json{{"last"}}).status, 200);
  Json grown = append("Sheet1!A1001", A(R"([["x"],["y"]])"));
  EXPECT_EQ(grown["updates"]["updatedRange"], "Sheet1!A1002:A1003");
}

TEST_F(SheetsServiceTest, ClearAndBatchCallsAreAllOrNothing) {
  const std::string id = Create(Json{{"sheets", {{{"properties", {{"title", "Databases"}}}}}}});
  HttpResponse r = Call("POST", "/v4/spreadsheets/" + id + "/values:batchUpdate", {},
                        Json{{"valueInputOption", "RAW"},
                             {"data", {{{"range", "Databases!A1"}, {"values", A(R"([["id","title"]])")}},
                                       {{"range", "Databases!A2:B2"}, {"values", A(R"([["1","One"]])")}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(J(r)["totalUpdatedCells"], 4);
  EXPECT_EQ(J(r)["responses"].size(), 2u);
  // A bad second range leaves the first unwritten.
  r = Call("POST", "/v4/spreadsheets/" + id + "/values:batchUpdate", {},
           Json{{"valueInputOption", "RAW"},
                {"data", {{{"range", "Databases!A3"}, {"values", {{"2"}}}}, {{"range", "Nope!A1"}, {"values", {{"x"}}}}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Values(id, "Databases")["values"].size(), 2u);

  const Json batch = J(Call("GET", "/v4/spreadsheets/" + id + "/values:batchGet",
                            {{"ranges", "Databases!A1:A2"}, {"ranges", "Databases!B2"}}));
  EXPECT_EQ(batch["valueRanges"][0]["values"], A(R"([["id"],["1"]])"));
  EXPECT_EQ(batch["valueRanges"][1]["values"], (Json{{"One"}}));

  r = Call("POST", "/v4/spreadsheets/" + id + "/values/Databases!A2:Z:clear", {}, Json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(J(r)["clearedRange"], "Databases!A2:Z1000");
  EXPECT_EQ(Values(id, "Databases")["values"], A(R"([["id","title"]])"));

  // Tabs: add, a duplicate title fails the whole batch, delete; the last tab cannot go.
  r = Call("POST", "/v4/spreadsheets/" + id + ":batchUpdate", {},
           Json{{"requests", {{{"addSheet", {{"properties", {{"title", "Properties"}}}}}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const int64_t added = J(r)["replies"][0]["addSheet"]["properties"]["sheetId"];
  r = Call("POST", "/v4/spreadsheets/" + id + ":batchUpdate", {},
           Json{{"requests", {{{"addSheet", {{"properties", {{"title", "Diagnostics"}}}}}},
                              {{"addSheet", {{"properties", {{"title", "Properties"}}}}}}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(J(r)["error"]["message"], "Invalid requests[1].addSheet: A sheet with the name \"Properties\" already "
                                      "exists. Please enter another name.");
  EXPECT_EQ(J(Call("GET", "/v4/spreadsheets/" + id))["sheets"].size(), 2u);
  r = Call("POST", "/v4/spreadsheets/" + id + ":batchUpdate", {},
           Json{{"requests", {{{"deleteSheet", {{"sheetId", added}}}}, {{"deleteSheet", {{"sheetId", 0}}}}}}});
  EXPECT_EQ(r.status, 400);
  r = Call("POST", "/v4/spreadsheets/" + id + ":batchUpdate", {},
           Json{{"requests", {{{"updateSpreadsheetProperties", {{"properties", {{"title", "T"}}}, {"fields", "title"}}}}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(J(Call("GET", "/drive/v3/files/" + id))["name"], "T");
}

TEST_F(SheetsServiceTest, PerMinuteQuotaIs429ResourceExhausted) {
  SheetsService limited(sheets_, drive_, SheetsServiceKnobs{.write_requests_per_minute = 2});
  auto post = [&](Instant now) {
    return limited.Handle(HttpRequest{"POST", "/v4/spreadsheets", {}, {}, "{}"}, 0, now, "u");
  };
  const Instant minute = FromUnixMs(1'768'899'960'000);  // a whole minute
  EXPECT_EQ(post(minute).status, 200);
  EXPECT_EQ(post(minute + Duration(10'000)).status, 200);
  HttpResponse r = post(minute + Duration(20'000));
  ASSERT_EQ(r.status, 429);
  const Json e = J(r)["error"];
  EXPECT_EQ(e["status"], "RESOURCE_EXHAUSTED");
  EXPECT_EQ(e["details"][0]["reason"], "RATE_LIMIT_EXCEEDED");
  // Reads have their own quota; the next minute refills.
  EXPECT_EQ(limited.Handle(HttpRequest{"GET", "/v4/spreadsheets/nope", {}, {}, ""}, 0, minute, "u").status, 404);
  EXPECT_EQ(post(minute + Duration(60'000)).status, 200);
}

}  // namespace
}  // namespace lockstep::mocks
