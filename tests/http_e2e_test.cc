// Runs the production folder step, unchanged, through HTTP: the core's DriveHttpClient against the
// mock server on a loopback port, with real time and a real mutex-based script lock. Sequential
// runs create each folder once and find it afterwards; concurrent executions with NEW
// (lock-first) and with the registry variant (generateIds + create with the id) leave exactly one
// folder per data source; HTTP errors arrive as Status values with Drive's reason.
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "mocks/server/http_binding.h"
#include "src/ensure_db_folder.h"
#include "src/folder_naming.h"
#include "src/http/drive_http_client.h"
#include "src/http/notion_http_client.h"
#include "src/http/sheets_http_client.h"

namespace lockstep {
namespace {

class RealClock final : public Clock {
 public:
  Instant Now() override {
    return Instant(std::chrono::floor<Duration>(std::chrono::system_clock::now()).time_since_epoch());
  }
  void Sleep(Duration d) override { std::this_thread::sleep_for(d); }
};

// One exclusive script lock shared by every execution of the test (threads). A mutex and a
// condition variable rather than std::timed_mutex: ThreadSanitizer does not intercept the
// pthread_mutex_clocklock that timed_mutex::try_lock_for uses, and would report its unlock.
class MutexLocks final : public LockService {
 public:
  class MutexLock final : public Lock {
   public:
    explicit MutexLock(MutexLocks& owner) : owner_(owner) {}
    ~MutexLock() override { ReleaseLock(); }
    StatusOr<bool> TryLock(Duration timeout) override {
      if (held_) return true;
      std::unique_lock<std::mutex> l(owner_.mu_);
      held_ = owner_.cv_.wait_for(l, timeout, [this] { return !owner_.taken_; });
      if (held_) owner_.taken_ = true;
      return held_;
    }
    Status WaitLock(Duration timeout) override {
      StatusOr<bool> got = TryLock(timeout);
      return *got ? Status() : Status(StatusCode::kDeadlineExceeded, 0, "lockTimeout", std::string(kLockTimeoutMessage));
    }
    Status ReleaseLock() override {
      if (!held_) return Status();
      {
        std::lock_guard<std::mutex> l(owner_.mu_);
        owner_.taken_ = false;
      }
      owner_.cv_.notify_all();
      held_ = false;
      return Status();
    }
    bool HasLock() override { return held_; }

   private:
    MutexLocks& owner_;
    bool held_ = false;
  };
  std::unique_ptr<Lock> GetScriptLock() override { return std::make_unique<MutexLock>(*this); }
  std::unique_ptr<Lock> GetUserLock() override { return std::make_unique<MutexLock>(*this); }
  std::unique_ptr<Lock> GetDocumentLock() override { return nullptr; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool taken_ = false;  // protected by mu_
};

class MapProperties final : public ScriptProperties {
 public:
  StatusOr<std::optional<std::string>> GetProperty(std::string_view key) override {
    std::lock_guard<std::mutex> l(mu_);
    auto it = values_.find(std::string(key));
    return it == values_.end() ? std::optional<std::string>() : it->second;
  }
  Status SetProperty(std::string_view key, std::string_view value) override {
    std::lock_guard<std::mutex> l(mu_);
    values_[std::string(key)] = std::string(value);
    return Status();
  }
  Status DeleteProperty(std::string_view key) override {
    std::lock_guard<std::mutex> l(mu_);
    values_.erase(std::string(key));
    return Status();
  }
  StatusOr<std::map<std::string, std::string>> GetProperties() override {
    std::lock_guard<std::mutex> l(mu_);
    return values_;
  }
  Status SetProperties(const std::map<std::string, std::string>& values, bool delete_others) override {
    std::lock_guard<std::mutex> l(mu_);
    if (delete_others) values_.clear();
    for (const auto& [k, v] : values) values_[k] = v;
    return Status();
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string> values_;
};

class CountingRandom final : public RandomSource {
 public:
  std::string NewUuid() override { return fmt::format("00000000-0000-4000-8000-{:012x}", ++n_); }

 private:
  std::atomic<uint64_t> n_{0};
};

class HttpEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<mocks::MockServer>(mocks::MockServerOptions{.token = "t"});
    http_ = std::make_unique<mocks::HttpBinding>(*server_, 16);
    StatusOr<int> port = http_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok());
    base_ = fmt::format("http://127.0.0.1:{}", *port);
    thread_ = std::thread([this] { http_->Listen(); });
    drive_ = NewDriveHttpClient({.base_url = base_, .token = "t"});
    StatusOr<DriveFile> parent = drive_->Create({.parent_id = "root", .name = "workspace-databases",
                                                 .mime_type = kFolderMimeType});
    ASSERT_TRUE(parent.ok()) << parent.status().ToString();
    parent_ = parent->id;
  }
  void TearDown() override {
    http_->Stop();
    thread_.join();
  }
  // Live folders under the parent whose names carry the data source id.
  int FoldersFor(const DataSource& ds) {
    std::vector<DriveFile> all;
    EXPECT_TRUE(ListAllChildren(*drive_, {.parent_id = parent_, .kind = ChildKind::kFolders}, all).ok());
    return static_cast<int>(std::count_if(all.begin(), all.end(),
                                          [&](const DriveFile& f) { return MatchesDataSource(f.name, ds.id); }));
  }
  void RunConcurrently(FolderStrategy strategy, const std::vector<DataSource>& sources, int threads) {
    CoreConfig config;
    config.folder_strategy = strategy;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        std::unique_ptr<DriveApi> drive = NewDriveHttpClient({.base_url = base_, .token = "t"});
        NullLogger logger;
        CoreEnv env{*drive, locks_, props_, clock_, random_, logger, config};
        for (size_t i = 0; i < sources.size(); ++i) {
          StatusOr<DriveFile> f = EnsureDbFolder(env, parent_, sources[(i + t) % sources.size()]);
          EXPECT_TRUE(f.ok()) << f.status().ToString();
        }
      });
    }
    for (std::thread& t : pool) t.join();
  }

  std::unique_ptr<mocks::MockServer> server_;
  std::unique_ptr<mocks::HttpBinding> http_;
  std::thread thread_;
  std::string base_;
  std::unique_ptr<DriveApi> drive_;
  std::string parent_;
  MutexLocks locks_;
  MapProperties props_;
  RealClock clock_;
  CountingRandom random_;
};

const std::vector<DataSource> kSources = {{"284e7361-6c27-8018-872a-eb14e82e0392", "Tasks"},
                                          {"9f3af9af-8c4c-84ff-3435-2b6227643a9b", "Notes"}};

TEST_F(HttpEndToEnd, SequentialRunsCreateOnceThenFind) {
  RunConcurrently(FolderStrategy::kLockFirst, kSources, 1);
  RunConcurrently(FolderStrategy::kDoubleChecked, kSources, 1);
  for (const DataSource& ds : kSources) EXPECT_EQ(FoldersFor(ds), 1) << ds.title;
}

TEST_F(HttpEndToEnd, ConcurrentNewLeavesOneFolderPerDataSource) {
  RunConcurrently(FolderStrategy::kLockFirst, kSources, 6);
  for (const DataSource& ds : kSources) EXPECT_EQ(FoldersFor(ds), 1) << ds.title;
}

TEST_F(HttpEndToEnd, ConcurrentRegistryVariantUsesGeneratedIds) {
  RunConcurrently(FolderStrategy::kLockFirstRegistry, kSources, 6);
  for (const DataSource& ds : kSources) EXPECT_EQ(FoldersFor(ds), 1) << ds.title;
}

TEST_F(HttpEndToEnd, ErrorsAreStatusValuesWithDrivesReason) {
  StatusOr<DriveFile> missing = drive_->Get("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().http_status(), 404);
  EXPECT_EQ(missing.status().reason(), "notFound");
  std::unique_ptr<DriveApi> anonymous = NewDriveHttpClient({.base_url = base_});
  EXPECT_EQ(anonymous->Get(parent_).status().code(), StatusCode::kUnauthenticated);
  std::unique_ptr<DriveApi> nowhere = NewDriveHttpClient({.base_url = "http://127.0.0.1:1", .timeout = Duration(500)});
  EXPECT_EQ(nowhere->Get("x").status().code(), StatusCode::kUnavailable);
}

// The registry spreadsheet as the production job keeps it, through the SheetsApi client: created
// in My Drive and moved into the parent with Drive, tabs found or added, each tab cleared and
// rewritten per batch, an append that is not idempotent, and Sheets' errors as Status values.
TEST_F(HttpEndToEnd, RegistrySpreadsheetThroughTheSheetsClient) {
  std::unique_ptr<SheetsApi> sheets = NewSheetsHttpClient({.base_url = base_, .token = "t"});
  StatusOr<SpreadsheetInfo> ss = sheets->Create("Notion Meta-DB Registry", {"Databases"});
  ASSERT_TRUE(ss.ok()) << ss.status().ToString();
  EXPECT_EQ(ss->url, "https://docs.google.com/spreadsheets/d/" + ss->id + "/edit");
  StatusOr<DriveFile> moved = drive_->Update(ss->id, {.new_parent_id = parent_});
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->mime_type, kSpreadsheetMimeType);
  EXPECT_EQ(moved->parent_id, parent_);

  StatusOr<int64_t> tab = sheets->AddSheet(ss->id, "Prop's & more");
  ASSERT_TRUE(tab.ok()) << tab.status().ToString();
  StatusOr<SpreadsheetInfo> got = sheets->Get(ss->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->SheetId("Prop's & more"), *tab);
  EXPECT_EQ(got->SheetId("Databases"), 0);
  EXPECT_EQ(sheets->AddSheet(ss->id, "Databases").status().code(), StatusCode::kInvalidArgument);

  const std::string props = SheetRange("Prop's & more");
  for (const ValueRows& batch : {ValueRows{{"db", "property"}, {"Tasks", "Status"}, {"Tasks", "Due"}},
                                 ValueRows{{"db", "property"}, {"Notes", "Tags"}}}) {
    ASSERT_TRUE(sheets->ClearValues(ss->id, props).ok());
    ASSERT_TRUE(sheets->UpdateValues(ss->id, SheetRange("Prop's & more", "A1"), batch, ValueInput::kUserEntered).ok());
  }
  StatusOr<ValueRows> rows = sheets->GetValues(ss->id, props);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (ValueRows{{"db", "property"}, {"Notes", "Tags"}}));

  const ValueRows row = {{"284e7361", "Tasks", "12"}};
  EXPECT_EQ(*sheets->AppendValues(ss->id, SheetRange("Databases"), row, ValueInput::kUserEntered), "Databases!A1:C1");
  EXPECT_EQ(*sheets->AppendValues(ss->id, SheetRange("Databases"), row, ValueInput::kUserEntered), "Databases!A2:C2");
  EXPECT_EQ(sheets->GetValues(ss->id, SheetRange("Databases"))->size(), 2u);

  Status missing = sheets->UpdateValues("nope", "A1", row, ValueInput::kRaw);
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.reason(), "NOT_FOUND");
  Status bad = sheets->UpdateValues(ss->id, SheetRange("Databases", "A1:B1"), row, ValueInput::kRaw);
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.reason(), "INVALID_ARGUMENT");
}

// The Notion client with the production retry policy over HTTP: a database and 120 pages, read
// back through cursors with a filter; then the server's token bucket (3/s, burst 3) answers 429
// with Retry-After and the client waits it out in real time and completes every request.
TEST_F(HttpEndToEnd, NotionClientRetriesThroughTheRateLimit) {
  std::unique_ptr<NotionTransport> transport = NewNotionHttpTransport({.base_url = base_, .token = "t"}, "2025-09-03");
  NotionClient notion(*transport, clock_);
  StatusOr<nlohmann::json> search = notion.Request("POST", "search", {{"filter", {{"property", "object"}, {"value", "page"}}}});
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  const std::string root = (*search)["results"][0]["id"];
  StatusOr<nlohmann::json> db = notion.Request(
      "POST", "databases",
      {{"parent", {{"page_id", root}}},
       {"title", {{{"text", {{"content", "Tracks"}}}}}},
       {"initial_data_source", {{"properties", {{"Name", {{"title", nlohmann::json::object()}}},
                                                 {"BPM", {{"number", nlohmann::json::object()}}}}}}}});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  const std::string ds = (*db)["data_sources"][0]["id"];
  for (int i = 0; i < 120; ++i) {
    ASSERT_TRUE(notion.Request("POST", "pages",
                               {{"parent", {{"type", "data_source_id"}, {"data_source_id", ds}}},
                                {"properties", {{"Name", {{"title", {{{"text", {{"content", fmt::format("t{}", i)}}}}}}}},
                                                {"BPM", {{"number", 100 + i}}}}}})
                    .ok());
  }
  StatusOr<std::vector<nlohmann::json>> fast =
      QueryAll(notion, "data_sources/" + ds + "/query", {{"property", "BPM"}, {"number", {{"greater_than_or_equal_to", 110}}}});
  ASSERT_TRUE(fast.ok()) << fast.status().ToString();
  EXPECT_EQ(fast->size(), 110u);

  mocks::HttpRequest knobs{"PUT", "/__admin/knobs", {}, {}, R"({"notion":{"requests_per_second":3,"burst":3}})"};
  ASSERT_EQ(server_->Handle(knobs).response.status, 200);
  for (int i = 0; i < 5; ++i) {
    StatusOr<nlohmann::json> r = notion.Request("GET", "data_sources/" + ds);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  EXPECT_GT(notion.stats().rate_limited, 0);
  StatusOr<nlohmann::json> missing = notion.Request("GET", "pages/0c4b7ac2-66e3-4f3a-8a34-9e55a86ba0e1");
  EXPECT_EQ(missing.status().reason(), "object_not_found");
}

}  // namespace
}  // namespace lockstep
