// Tests of the sync core's pure parts: the job's CSV dialect, the Notion value conversions (with
// the production checkbox regex), the DJ-library export reader and difflib's ratio (values checked
// against Python's difflib.SequenceMatcher).
#include <gtest/gtest.h>

#include "src/csv.h"
#include "src/djay_export.h"
#include "src/notion_values.h"

namespace lockstep {
namespace {

TEST(Csv, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(EscapeCsv("plain"), "plain");
  EXPECT_EQ(EscapeCsv("a,b"), "\"a,b\"");
  EXPECT_EQ(EscapeCsv("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(EscapeCsv("two\nlines"), "\"two\nlines\"");
}

TEST(Csv, RoundTripsTheJobsOwnFiles) {
  const CsvRows rows{{"__page_id", "__last_synced_iso", "Name"}, {"", "", "title"}, {"id-1", "t", "a, \"b\"\nc"}};
  const std::string text = FormatCsv(rows);
  EXPECT_EQ(ParseCsv(text), rows);
  EXPECT_EQ(text.find("\r"), std::string::npos);
  EXPECT_TRUE(ParseCsv("").empty());
  EXPECT_EQ(ParseCsv("a,b\r\nc,d"), (CsvRows{{"a", "b"}, {"c", "d"}}));
}

TEST(NotionValues, CheckboxKeepsTheProductionRegex) {
  // /^true|1|yes$/i: starts with "true", contains "1", or ends with "yes".
  for (const char* yes : {"true", "TRUE", "trueish", "10", "x1x", "yes", "oh yes"}) {
    EXPECT_EQ(*CsvCellToPropertyValue("checkbox", yes), (nlohmann::json{{"checkbox", true}})) << yes;
  }
  for (const char* no : {"false", "", "no", "yess", "y"}) {
    EXPECT_EQ(*CsvCellToPropertyValue("checkbox", no), (nlohmann::json{{"checkbox", false}})) << no;
  }
}

TEST(NotionValues, NeverWritesComputedOrRelationalTypes) {
  for (const char* t : {"relation", "people", "files", "formula", "rollup", "unique_id", "created_time"}) {
    EXPECT_FALSE(CsvCellToPropertyValue(t, "x").has_value()) << t;
  }
  EXPECT_EQ(*CsvCellToPropertyValue("number", ""), (nlohmann::json{{"number", nullptr}}));
  EXPECT_EQ(*CsvCellToPropertyValue("multi_select", "a, b"),
            (nlohmann::json{{"multi_select", {{{"name", "a"}}, {{"name", "b"}}}}}));
  EXPECT_EQ(*CsvCellToPropertyValue("date", "2026-01-01 → 2026-01-02"),
            (nlohmann::json{{"date", {{"start", "2026-01-01"}, {"end", "2026-01-02"}}}}));
}

TEST(NotionValues, ExtractsEachTypeAsTheJobWritesIt) {
  using J = nlohmann::json;
  EXPECT_EQ(ExtractPropertyValue(J{{"type", "title"}, {"title", {{{"plain_text", "a"}}, {{"plain_text", "b"}}}}}), "ab");
  EXPECT_EQ(ExtractPropertyValue(J{{"type", "number"}, {"number", 3}}), "3");
  EXPECT_EQ(ExtractPropertyValue(J{{"type", "select"}, {"select", {{"name", "X"}}}}), "X");
  EXPECT_EQ(ExtractPropertyValue(J{{"type", "multi_select"}, {"multi_select", {{{"name", "a"}}, {{"name", "b"}}}}}), "a, b");
  EXPECT_EQ(ExtractPropertyValue(J{{"type", "checkbox"}, {"checkbox", false}}), "false");
  EXPECT_EQ(ExtractPropertyValue(J{{"type", "relation"}, {"relation", {{{"id", "p1"}}, {{"id", "p2"}}}}}), "p1, p2");
  EXPECT_EQ(ExtractPropertyValue(J{{"type", "date"}, {"date", {{"start", "s"}, {"end", "e"}}}}), "s → e");
  EXPECT_FALSE(IsSafeToDeleteType("relation"));
  EXPECT_TRUE(IsSafeToDeleteType("select"));
}

TEST(DjayExport, SequenceRatioMatchesDifflib) {
  EXPECT_DOUBLE_EQ(SequenceRatio("abcd", "bcde"), 0.75);
  EXPECT_DOUBLE_EQ(SequenceRatio("strobe", "strobe (club edit)"), 0.5);
  EXPECT_DOUBLE_EQ(SequenceRatio("opus", "opus (four tet remix)"), 0.32);
  EXPECT_DOUBLE_EQ(SequenceRatio("windowlicker", "windowlickr"), 22.0 / 23.0);
  EXPECT_DOUBLE_EQ(SequenceRatio("", ""), 1.0);
}

TEST(DjayExport, ReadsCsvListsAndReportsTheLineOfABadRow) {
  StatusOr<std::vector<TrackMeta>> t =
      ParseDjayExport("djay_id,title,artists,playlists\nd1,Cola,CamelPhat; Elderbrook,Peak time\n", "x.csv");
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ((*t)[0].artists, (std::vector<std::string>{"CamelPhat", "Elderbrook"}));
  EXPECT_EQ((*t)[0].playlists, (std::vector<std::string>{"Peak time"}));
  StatusOr<std::vector<TrackMeta>> bad = ParseDjayExport("djay_id,title\nd1,A\n,B\n", "x.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "x.csv:3: expected a djay_id and a title");
  EXPECT_FALSE(ParseDjayExport("djay_id,title,bpm\n", "x.csv").ok());  // unknown column
  StatusOr<std::vector<TrackMeta>> json =
      ParseDjayExport(R"([{"djay_id":"d1","title":"T","artists":["A","B"]}])", "x.json");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ((*json)[0].artists.size(), 2u);
}

}  // namespace
}  // namespace lockstep
