// Proves the script-properties model: per-deployment stores, the 9 KB value limit, and the
// lost-update detection of a read-modify-write that raced with another writer.
#include "mocks/apps_script/properties_model.h"

#include <gtest/gtest.h>

namespace lockstep::mocks {
namespace {

const Instant kT = FromUnixMs(0);

TEST(PropertiesModel, StoresPerDeployment) {
  PropertiesModel p;
  p.Seed(0, "k", "zero");
  EXPECT_EQ(p.Get(0, 0, "k", kT).value_or(""), "zero");
  EXPECT_FALSE(p.Get(1, 0, "k", kT).has_value());
  ASSERT_TRUE(p.Set(1, 0, "k", "one", kT).ok());
  EXPECT_EQ(p.Peek(0, "k").value_or(""), "zero");
  p.Delete(0, 0, "k", kT);
  EXPECT_FALSE(p.Peek(0, "k").has_value());
}

TEST(PropertiesModel, RejectsValuesOverNineKilobytes) {
  PropertiesModel p;
  EXPECT_FALSE(p.Set(0, 0, "k", std::string(9 * 1024 + 1, 'x'), kT).ok());
  EXPECT_TRUE(p.Set(0, 0, "k", std::string(9 * 1024, 'x'), kT).ok());
}

TEST(PropertiesModel, DetectsALostUpdateOfATrackedKey) {
  PropertiesModel p;
  p.Track("rp");
  p.Get(0, /*caller=*/0, "rp", kT);
  p.Get(0, /*caller=*/1, "rp", kT);
  ASSERT_TRUE(p.Set(0, 0, "rp", "3", kT).ok());
  EXPECT_TRUE(p.lost_updates().empty());
  ASSERT_TRUE(p.Set(0, 0, "rp", "4", kT).ok());  // its own second write is not a conflict
  EXPECT_TRUE(p.lost_updates().empty());
  ASSERT_TRUE(p.Set(0, 1, "rp", "3", kT).ok());  // read version 0, current 2: lost
  ASSERT_EQ(p.lost_updates().size(), 1u);
  EXPECT_EQ(p.lost_updates()[0].execution, 1);
  EXPECT_EQ(p.lost_updates()[0].seen_version, 0);
  EXPECT_EQ(p.lost_updates()[0].current_version, 2);
  EXPECT_EQ(p.tracked_reads().size(), 2u);
  EXPECT_FALSE(p.tracked_reads()[0].bulk);
  // getProperties() reads the tracked key too, marked as read with every other property.
  p.All(0, /*caller=*/2, kT);
  ASSERT_EQ(p.tracked_reads().size(), 3u);
  EXPECT_TRUE(p.tracked_reads()[2].bulk);
  EXPECT_EQ(p.tracked_reads()[2].version, 3);
}

}  // namespace
}  // namespace lockstep::mocks
