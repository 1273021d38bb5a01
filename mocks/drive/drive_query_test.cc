// Proves the Drive `q` language: every term and operator of reference A.3 with its semantics
// (name `contains` is token-prefix and case-insensitive, fullText matches whole tokens, mimeType
// contains is a substring), precedence not > and > or with parentheses, escapes, time
// comparisons, appProperties has, the search-index lag for name terms only, and 400 errors for
// malformed queries and operators a term does not support.
#include "mocks/drive/drive_query.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace lockstep::mocks {
namespace {

QueryView File(std::string name) {
  QueryView v;
  v.name = name;
  v.indexed_name = std::move(name);
  v.mime_type = "application/vnd.google-apps.folder";
  v.parents = {"P"};
  ParseRfc3339("2026-01-20T15:00:00Z", v.modified_time);
  ParseRfc3339("2026-01-10T00:00:00Z", v.created_time);
  v.app_properties["dsId"] = "284e";
  return v;
}

bool Match(std::string_view q, const QueryView& f) {
  StatusOr<DriveQuery> parsed = DriveQuery::Parse(q);
  EXPECT_TRUE(parsed.ok()) << q << ": " << parsed.status().message();
  return parsed.ok() && parsed->Matches(f);
}

TEST(DriveQuery, NameEqualityAndPrefixContains) {
  const QueryView f = File("HelloWorld Tasks_284e-1");
  EXPECT_TRUE(Match("name = 'HelloWorld Tasks_284e-1'", f));
  EXPECT_FALSE(Match("name = 'helloworld tasks_284e-1'", f));
  EXPECT_TRUE(Match("name != 'x'", f));
  EXPECT_TRUE(Match("name contains 'Hello'", f));
  EXPECT_FALSE(Match("name contains 'World'", f));  // prefix of a token only
  EXPECT_TRUE(Match("name contains 'hello tas'", f));  // every word, case-insensitively
  EXPECT_TRUE(Match("name contains '284'", f));        // '_' and '-' separate tokens
}

TEST(DriveQuery, FullTextMatchesWholeTokensOfNameAndContent) {
  QueryView f = File("Report 2026");
  f.content = "alpha beta-gamma";
  EXPECT_TRUE(Match("fullText contains 'gamma'", f));
  EXPECT_TRUE(Match("fullText contains 'report'", f));
  EXPECT_FALSE(Match("fullText contains 'gam'", f));
}

TEST(DriveQuery, OtherTermsAndPrecedence) {
  const QueryView f = File("A");
  EXPECT_TRUE(Match("'P' in parents and trashed = false", f));
  EXPECT_FALSE(Match("'Q' in parents", f));
  EXPECT_TRUE(Match("mimeType = 'application/vnd.google-apps.folder'", f));
  EXPECT_TRUE(Match("mimeType contains 'google-apps'", f));
  EXPECT_FALSE(Match("modifiedTime > '2026-01-20T14:59:59Z' and createdTime < '2026-01-10T01:00:00+01:00'", f));
  EXPECT_TRUE(Match("modifiedTime >= '2026-01-20T15:00:00.000Z'", f));
  EXPECT_TRUE(Match("createdTime = '2026-01-10T01:00:00+01:00'", f));
  EXPECT_TRUE(Match("appProperties has { key='dsId' and value='284e' }", f));
  EXPECT_FALSE(Match("appProperties has { key='dsId' and value='x' }", f));
  // not > and > or: "a or b and not c" is "a or (b and (not c))".
  EXPECT_TRUE(Match("name = 'A' or name = 'B' and not trashed = false", f));
  EXPECT_FALSE(Match("(name = 'A' or name = 'B') and not trashed = false", f));
  EXPECT_TRUE(Match("name = 'Valentine\\'s Day' or name = 'A'", f));
  EXPECT_TRUE(Match("name = 'Valentine\\'s Day'", File("Valentine's Day")));
}

TEST(DriveQuery, NameTermsReadTheLaggingIndexOthersDoNot) {
  QueryView f = File("New_284e");
  f.indexed = false;  // just created: not searchable by name yet
  StatusOr<DriveQuery> by_name = DriveQuery::Parse("name = 'New_284e'");
  ASSERT_TRUE(by_name.ok());
  EXPECT_TRUE(by_name->UsesSearchIndex());
  EXPECT_FALSE(by_name->Matches(f));
  StatusOr<DriveQuery> by_parent = DriveQuery::Parse("'P' in parents");
  ASSERT_TRUE(by_parent.ok());
  EXPECT_FALSE(by_parent->UsesSearchIndex());
  EXPECT_TRUE(by_parent->Matches(f));
  f.indexed = true;
  f.indexed_name = "Old";  // renamed: the index still has the old name
  EXPECT_FALSE(by_name->Matches(f));
  EXPECT_TRUE(Match("name = 'Old'", f));
}

TEST(DriveQuery, MalformedQueriesAre400Invalid) {
  for (const char* q : {"", "name", "name = ", "name = 'x", "name ~ 'x'", "fullText = 'x'",
                        "trashed contains 'x'", "trashed = maybe", "'P' in owners", "size > '3'",
                        "(name = 'x'", "name = 'x' and", "modifiedTime > 'yesterday'",
                        "appProperties has { key='k' }", "mimeType > 'a'", "name = 'x' name = 'y'"}) {
    StatusOr<DriveQuery> r = DriveQuery::Parse(q);
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_EQ(r.status().http_status(), 400) << q;
    EXPECT_EQ(r.status().reason(), "invalid") << q;
  }
}

// Nesting is bounded: 64 levels of parentheses and nots parse, a q of 3,000 "(" (which overflowed
// the stack) is a 400.
TEST(DriveQuery, NestingIsBounded) {
  std::string ok = "name = 'x'";
  for (int i = 0; i < 32; ++i) ok = "not (" + ok + ")";
  EXPECT_TRUE(DriveQuery::Parse(ok).ok());
  for (const std::string& q : {std::string(3000, '(') + "name = 'x'" + std::string(3000, ')'),
                               [] { std::string n; for (int i = 0; i < 3000; ++i) n += "not "; return n + "trashed = true"; }()}) {
    StatusOr<DriveQuery> r = DriveQuery::Parse(q);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().http_status(), 400);
    EXPECT_NE(std::string(r.status().message()).find("nested deeper than 64"), std::string::npos) << r.status().message();
  }
}

TEST(DriveQuery, FindsTheRequiredParentOfAnAndChain) {
  EXPECT_EQ(DriveQuery::Parse("'P' in parents and trashed = false")->RequiredParent().value_or(""), "P");
  EXPECT_EQ(DriveQuery::Parse("name = 'x' and ('P' in parents and trashed = false)")->RequiredParent().value_or(""), "P");
  EXPECT_FALSE(DriveQuery::Parse("'P' in parents or name = 'x'")->RequiredParent().has_value());
  EXPECT_FALSE(DriveQuery::Parse("not 'P' in parents")->RequiredParent().has_value());
}

TEST(DriveQuery, ParsesRfc3339) {
  Instant a;
  Instant b;
  ASSERT_TRUE(ParseRfc3339("2026-01-20T15:00:00Z", a));
  ASSERT_TRUE(ParseRfc3339("2026-01-20T10:00:00-05:00", b));
  EXPECT_EQ(a, b);
  EXPECT_EQ(FormatRfc3339(a), "2026-01-20T15:00:00.000Z");
  EXPECT_FALSE(ParseRfc3339("2026-13-01T00:00:00Z", a));
  EXPECT_FALSE(ParseRfc3339("2026-01-20", a));
}

// FormatRfc3339 writes its digits by hand: every field, across leap days, the epoch, years before
// it and the last four-digit year, as the general formatter writes them (and parses back).
TEST(Rfc3339, FormatWritesEveryFieldAsTheGeneralFormatterDoes) {
  using namespace std::chrono;
  for (const int64_t ms : {int64_t{0}, int64_t{-1}, int64_t{951'782'400'000}, int64_t{1'768'921'200'123},
                           int64_t{253'402'300'799'999}, int64_t{-62'135'596'800'000}, int64_t{1'709'164'799'999}}) {
    const Instant t = FromUnixMs(ms);
    const sys_days day = floor<days>(t);
    const year_month_day ymd(day);
    const hh_mm_ss<milliseconds> hms(t - day);
    const std::string expected = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                                             static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                                             hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                                             hms.subseconds().count());
    EXPECT_EQ(FormatRfc3339(t), expected) << ms;
    Instant back;
    ASSERT_TRUE(ParseRfc3339(FormatRfc3339(t), back)) << ms;
    EXPECT_EQ(back, t) << ms;
  }
}

}  // namespace
}  // namespace lockstep::mocks
