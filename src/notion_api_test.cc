// Proves the production retry policy of NotionClient (spec section 8.3) over a scripted transport
// and a recording clock: Retry-After honoured plus 250 ms per attempt, 0.8 s without the header,
// four 429s fail with production's message, 5xx waits 1 s, 2 s, 3 s and is retried for POST too
// (a committed create is sent again), other 4xx fail at once, and QueryAll follows cursors.
#include "src/notion_api.h"

#include <deque>

#include <gtest/gtest.h>

namespace lockstep {
namespace {

class ScriptedTransport final : public NotionTransport {
 public:
  std::deque<NotionResponse> answers;
  std::vector<nlohmann::json> bodies;
  StatusOr<NotionResponse> Send(std::string_view, std::string_view, const nlohmann::json& body) override {
    bodies.push_back(body);
    if (answers.empty()) return Status(StatusCode::kUnavailable, 0, "connection", "no answer");
    NotionResponse r = answers.front();
    answers.pop_front();
    return r;
  }
};

class RecordingClock final : public Clock {
 public:
  std::vector<int64_t> sleeps;
  Instant Now() override { return now_; }
  void Sleep(Duration d) override {
    sleeps.push_back(d.count());
    now_ += d;
  }

 private:
  Instant now_ = FromUnixMs(0);
};

NotionResponse Answer(int status, nlohmann::json body = nlohmann::json::object(), int retry_after = -1) {
  return NotionResponse{status, std::move(body), retry_after};
}

TEST(NotionClient, RateLimitsHonourRetryAfterThenGiveUpAfterFourAttempts) {
  ScriptedTransport t;
  RecordingClock clock;
  NotionClient notion(t, clock);
  t.answers = {Answer(429, {}, 2), Answer(429), Answer(200, {{"ok", true}})};
  StatusOr<nlohmann::json> r = notion.Request("POST", "pages", {{"x", 1}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(clock.sleeps, (std::vector<int64_t>{2000, 800 + 250}));
  t.answers = {Answer(429, {}, 1), Answer(429, {}, 1), Answer(429, {}, 1), Answer(429, {}, 1)};
  clock.sleeps.clear();
  r = notion.Request("GET", "pages/x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Notion request failed after retries.");
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(clock.sleeps, (std::vector<int64_t>{1000, 1250, 1500}));
  EXPECT_EQ(notion.stats().attempts, 7);
}

TEST(NotionClient, ServerErrorsAreRetriedForWritesToo) {
  ScriptedTransport t;
  RecordingClock clock;
  NotionClient notion(t, clock);
  t.answers = {Answer(500, {{"object", "error"}, {"code", "internal_server_error"}, {"message", "x"}}),
               Answer(200, {{"id", "p"}})};
  ASSERT_TRUE(notion.Request("POST", "pages", {{"a", 1}}).ok());
  EXPECT_EQ(t.bodies.size(), 2u);  // the create went out twice
  EXPECT_EQ(clock.sleeps, (std::vector<int64_t>{1000}));
  t.answers = {Answer(503), Answer(503), Answer(503), Answer(503, {{"object", "error"}, {"code", "service_unavailable"}, {"message", "down"}})};
  clock.sleeps.clear();
  StatusOr<nlohmann::json> r = notion.Request("GET", "pages/x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Notion API 503: down");
  EXPECT_EQ(r.status().reason(), "service_unavailable");
  EXPECT_EQ(clock.sleeps, (std::vector<int64_t>{1000, 2000, 3000}));
}

TEST(NotionClient, OtherClientErrorsFailAtOnceAndConnectionsAreNotRetried) {
  ScriptedTransport t;
  RecordingClock clock;
  NotionClient notion(t, clock);
  t.answers = {Answer(404, {{"object", "error"}, {"code", "object_not_found"}, {"message", "gone"}})};
  StatusOr<nlohmann::json> r = notion.Request("GET", "pages/x");
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().reason(), "object_not_found");
  t.answers = {Answer(409, {{"object", "error"}, {"code", "conflict_error"}, {"message", "c"}})};
  EXPECT_EQ(notion.Request("PATCH", "pages/x", {}).status().code(), StatusCode::kAborted);
  EXPECT_EQ(notion.Request("GET", "pages/x").status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(clock.sleeps.empty());
}

TEST(NotionClient, QueryAllFollowsCursorsAndKeepsThePartialListOnError) {
  ScriptedTransport t;
  RecordingClock clock;
  NotionClient notion(t, clock);
  t.answers = {Answer(200, {{"results", {{{"id", "a"}}, {{"id", "b"}}}}, {"next_cursor", "c"}, {"has_more", true}}),
               Answer(200, {{"results", {{{"id", "c"}}}}, {"next_cursor", nullptr}, {"has_more", false}})};
  StatusOr<std::vector<nlohmann::json>> all = QueryAll(notion, "data_sources/d/query", {{"property", "x"}});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  EXPECT_EQ(t.bodies[1]["start_cursor"], "c");
  EXPECT_EQ(t.bodies[1]["filter"]["property"], "x");
  t.answers = {Answer(200, {{"results", {{{"id", "a"}}}}, {"next_cursor", "b"}}),
               Answer(400, {{"object", "error"}, {"code", "validation_error"}, {"message", "bad"}})};
  std::vector<nlohmann::json> partial;
  EXPECT_FALSE(QueryAll(notion, "data_sources/d/query", nullptr, &partial).ok());
  EXPECT_EQ(partial.size(), 1u);
}

}  // namespace
}  // namespace lockstep
