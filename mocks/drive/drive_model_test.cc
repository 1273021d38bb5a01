// Proves the Drive model's rules one by one: duplicate names, listing order and paging, the
// trashed-listing knob, the listing lag (hidden from others, visible to the creator and to Get),
// moves and modified times, cycles, and the generateIds / 409 idempotency contract.
#include "mocks/drive/drive_model.h"

#include <gtest/gtest.h>

namespace lockstep::mocks {
namespace {

const Instant kT0 = FromUnixMs(1'768'900'000'000);

class DriveModelTest : public ::testing::Test {
 protected:
  DriveModelTest() : drive_(DriveKnobs{}) { drive_.Reset(kT0, 42); }

  DriveFile Make(ExecutionId who, std::string_view parent, std::string_view name,
                 std::string_view mime = kFolderMimeType, Instant t = kT0) {
    StatusOr<DriveFile> f =
        drive_.Create(who, t, CreateFileRequest{.parent_id = parent, .name = name, .mime_type = mime});
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    return *f;
  }
  std::vector<std::string> Names(ExecutionId who, std::string_view parent, Instant t = kT0,
                                 ChildKind kind = ChildKind::kAll) {
    StatusOr<FileList> l =
        drive_.ListChildren(who, t, ListChildrenRequest{.parent_id = parent, .kind = kind});
    EXPECT_TRUE(l.ok());
    std::vector<std::string> out;
    for (const DriveFile& f : l->files) out.push_back(f.name);
    return out;
  }

  DriveModel drive_;
};

TEST_F(DriveModelTest, AllowsDuplicateNamesAndNeverAddsSuffixes) {
  Make(0, "root", "Name");
  Make(1, "root", "Name");
  EXPECT_EQ(Names(0, "root"), (std::vector<std::string>{"Name", "Name"}));
}

TEST_F(DriveModelTest, ListsInCreationOrderAcrossPages) {
  for (int i = 0; i < 5; ++i) Make(0, "root", "f" + std::to_string(i));
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    StatusOr<FileList> p = drive_.ListChildren(
        0, kT0, ListChildrenRequest{.parent_id = "root", .page_token = token, .page_size = 2});
    ASSERT_TRUE(p.ok());
    for (const DriveFile& f : p->files) seen.push_back(f.name);
    token = p->next_page_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"f0", "f1", "f2", "f3", "f4"}));
}

TEST_F(DriveModelTest, RejectsBadPageTokensAndSizes) {
  StatusOr<FileList> bad = drive_.ListChildren(
      0, kT0, ListChildrenRequest{.parent_id = "root", .page_token = "zz"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().http_status(), 400);
  EXPECT_FALSE(drive_.ListChildren(0, kT0, ListChildrenRequest{.parent_id = "root", .page_size = 0}).ok());
  StatusOr<FileList> missing = drive_.ListChildren(0, kT0, ListChildrenRequest{.parent_id = "nope"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().reason(), "notFound");
  EXPECT_EQ(missing.status().message(), "File not found: nope.");
}

TEST_F(DriveModelTest, FiltersByKindAndExactName) {
  Make(0, "root", "a");
  Make(0, "root", "a.csv", kCsvMimeType);
  EXPECT_EQ(Names(0, "root", kT0, ChildKind::kFolders), (std::vector<std::string>{"a"}));
  EXPECT_EQ(Names(0, "root", kT0, ChildKind::kFiles), (std::vector<std::string>{"a.csv"}));
  StatusOr<FileList> byname = drive_.ListChildren(
      0, kT0, ListChildrenRequest{.parent_id = "root", .name_equals = "a.csv"});
  ASSERT_TRUE(byname.ok());
  ASSERT_EQ(byname->files.size(), 1u);
}

TEST_F(DriveModelTest, TrashedChildrenAreListedOnlyWithTheKnob) {
  DriveFile f = Make(0, "root", "gone");
  FileUpdate trash;
  trash.trashed = true;
  ASSERT_TRUE(drive_.Update(0, kT0, f.id, trash).ok());
  EXPECT_TRUE(Names(0, "root").empty());
  DriveKnobs k;
  k.list_includes_trashed = true;
  drive_.set_knobs(k);
  EXPECT_EQ(Names(0, "root"), (std::vector<std::string>{"gone"}));
}

TEST_F(DriveModelTest, ListingLagHidesNewChildrenFromOthersOnly) {
  DriveKnobs k;
  k.lag_min = Duration(5000);
  k.lag_max = Duration(5000);
  drive_.set_knobs(k);
  DriveFile f = Make(/*who=*/1, "root", "new");
  EXPECT_EQ(Names(1, "root"), (std::vector<std::string>{"new"}));  // the creator sees it
  EXPECT_TRUE(Names(2, "root").empty());                          // others do not, yet
  EXPECT_EQ(drive_.hidden_by_lag(), 1);
  EXPECT_TRUE(drive_.Get(f.id).ok());                               // get by id is immediate
  EXPECT_TRUE(Names(2, "root", kT0 + Duration(4999)).empty());
  EXPECT_EQ(Names(2, "root", kT0 + Duration(5000)), (std::vector<std::string>{"new"}));
}

TEST_F(DriveModelTest, MovesUpdateModifiedTimeAndOptionallyTheParents) {
  DriveFile a = Make(0, "root", "a");
  DriveFile b = Make(0, "root", "b");
  DriveFile f = Make(0, a.id, "f.csv", kCsvMimeType);
  FileUpdate move;
  move.new_parent_id = b.id;
  const Instant later = kT0 + Duration(1000);
  StatusOr<DriveFile> moved = drive_.Update(0, later, f.id, move);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->parent_id, b.id);
  EXPECT_EQ(moved->modified_time, later);
  EXPECT_EQ(drive_.Get(a.id)->modified_time, kT0);  // knob off: parents untouched
  EXPECT_EQ(Names(0, b.id), (std::vector<std::string>{"f.csv"}));
  EXPECT_TRUE(Names(0, a.id).empty());
  DriveKnobs k;
  k.move_touches_parents = true;
  drive_.set_knobs(k);
  move.new_parent_id = a.id;
  ASSERT_TRUE(drive_.Update(0, later + Duration(1), f.id, move).ok());
  EXPECT_EQ(drive_.Get(a.id)->modified_time, later + Duration(1));
  EXPECT_EQ(drive_.Get(b.id)->modified_time, later + Duration(1));
}

TEST_F(DriveModelTest, RejectsMovesThatWouldMakeACycle) {
  DriveFile a = Make(0, "root", "a");
  DriveFile b = Make(0, a.id, "b");
  FileUpdate move;
  move.new_parent_id = b.id;
  StatusOr<DriveFile> r = drive_.Update(0, kT0, a.id, move);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_status(), 400);
}

TEST_F(DriveModelTest, PreGeneratedIdsMakeRetriedCreatesConflict) {
  StatusOr<std::vector<std::string>> ids = drive_.GenerateIds(0, 2);
  ASSERT_TRUE(ids.ok());
  ASSERT_EQ(ids->size(), 2u);
  CreateFileRequest req{.parent_id = "root", .name = "x", .mime_type = kFolderMimeType, .id = (*ids)[0]};
  ASSERT_TRUE(drive_.Create(0, kT0, req).ok());
  StatusOr<DriveFile> again = drive_.Create(0, kT0, req);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().http_status(), 409);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(Names(0, "root").size(), 1u);
  req.id = "not-generated";
  EXPECT_EQ(drive_.Create(0, kT0, req).status().http_status(), 400);
  EXPECT_FALSE(drive_.GenerateIds(0, 0).ok());
  EXPECT_FALSE(drive_.GenerateIds(0, 1001).ok());
}

TEST_F(DriveModelTest, IdsAreDeterministicPerSeed) {
  DriveModel other(DriveKnobs{});
  other.Reset(kT0, 42);
  const std::string a = Make(0, "root", "x").id;
  StatusOr<DriveFile> b = other.Create(0, kT0, CreateFileRequest{.parent_id = "root", .name = "x"});
  EXPECT_EQ(a, b->id);
  EXPECT_EQ(a.size(), 33u);
}

}  // namespace
}  // namespace lockstep::mocks
