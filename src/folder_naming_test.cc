// Proves the naming rules of the folder step (spec 3.1): sanitizeName's deletions, trim and
// 150-character cut, the "_<id>" match and the "(n)" suffix regex, on the spec's own examples.
#include "src/folder_naming.h"

#include <gtest/gtest.h>

namespace lockstep {
namespace {

TEST(FolderNaming, SanitizeDeletesForbiddenCharactersAndControls) {
  EXPECT_EQ(SanitizeName("a\\b/c:d*e?f\"g<h>i|j#k%l"), "abcdefghijkl");
  EXPECT_EQ(SanitizeName(std::string("x\x01y\x1fz")), "xyz");
}

TEST(FolderNaming, SanitizeTrimsBeforeCuttingSoATrailingSpaceCanSurvive) {
  EXPECT_EQ(SanitizeName("  padded  "), "padded");
  std::string title(149, 'a');
  title += " b";  // 151 characters: the cut keeps 149 'a' and the space
  const std::string cut = SanitizeName(title);
  EXPECT_EQ(cut.size(), 150u);
  EXPECT_EQ(cut.back(), ' ');
}

TEST(FolderNaming, SanitizeCountsCharactersNotBytes) {
  std::string title;
  for (int i = 0; i < 200; ++i) title += "é";  // 2 bytes each
  EXPECT_EQ(SanitizeName(title).size(), 300u);
}

TEST(FolderNaming, EmptyTitlesFallBack) {
  EXPECT_EQ(SanitizeName(""), "Untitled");
  DataSource ds{"284e7361-6c27-8018-872a-eb14e82e0392", ""};
  EXPECT_EQ(DbFolderName(ds), "Untitled database_284e7361-6c27-8018-872a-eb14e82e0392");
}

TEST(FolderNaming, FolderNameIsSanitizedTitleUnderscoreDashedId) {
  DataSource ds{"284e7361-6c27-8018-872a-eb14e82e0392", "Agent-Tasks"};
  EXPECT_EQ(DbFolderName(ds), "Agent-Tasks_284e7361-6c27-8018-872a-eb14e82e0392");
}

TEST(FolderNaming, MatchesByUnderscoreIdAnywhereInTheName) {
  const std::string id = "284e7361-6c27-8018-872a-eb14e82e0392";
  EXPECT_TRUE(MatchesDataSource("Old title_" + id, id));
  EXPECT_TRUE(MatchesDataSource("Old title_" + id + " (1)", id));
  EXPECT_FALSE(MatchesDataSource("Old title-" + id, id));
  EXPECT_FALSE(MatchesDataSource("Old title", id));
}

TEST(FolderNaming, CopySuffixFollowsTheProductionRegex) {
  EXPECT_TRUE(HasCopySuffix("Name (1)"));
  EXPECT_TRUE(HasCopySuffix("Name(12)  "));
  EXPECT_FALSE(HasCopySuffix("Name"));
  EXPECT_FALSE(HasCopySuffix("Name ()"));
  EXPECT_FALSE(HasCopySuffix("Name (1a)"));
  EXPECT_FALSE(HasCopySuffix("SocialMediaAnalytics (1)_uuid"));
}

}  // namespace
}  // namespace lockstep
