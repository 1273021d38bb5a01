// MockServer: the thread-safe front of the mock services, transport-free. It authenticates,
// applies the chaos rules, routes to the Drive, Sheets or Notion service, keeps a bounded request journal and
// Prometheus metrics, and serves the admin API. Drive v3 and Sheets v4 share one Drive; Notion (/v1/) is beside them. The cpp-httplib binding (http_binding.h) and
// tests call Handle from many threads at once.
//
//   MockServer server(MockServerOptions{.token = "t"});
//   ServedResponse r = server.Handle(request);
//
// State below the API is protected by one mutex: the store is linearizable (every request applies
// atomically, in the order it takes the lock). Injected latency is waited out without the lock.
#ifndef LOCKSTEP_MOCKS_SERVER_MOCK_SERVER_H_
#define LOCKSTEP_MOCKS_SERVER_MOCK_SERVER_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/common/http_types.h"
#include "mocks/drive/drive_model.h"
#include "mocks/drive/drive_service.h"
#include "mocks/faults/chaos.h"
#include "mocks/notion/notion_model.h"
#include "mocks/notion/notion_service.h"
#include "mocks/sheets/sheets_model.h"
#include "mocks/sheets/sheets_service.h"

namespace lockstep::mocks {

struct MockServerOptions {
  std::string token;  // non-empty: API requests need "Authorization: Bearer <token>" or ?key=
  uint64_t seed = 1;
  DriveKnobs drive;
  DriveServiceKnobs service;
  SheetsServiceKnobs sheets;
  NotionKnobs notion;
  NotionServiceKnobs notion_service;
  size_t journal_max = 10'000;
  // GET /__admin/check: called with the live state (the late commits landed first) and the
  // request, without the server's lock; what it answers is the answer. Unset: a 404 saying the
  // server was started without a scenario. (`lockstep serve --scenario` runs its checkers.)
  std::function<HttpResponse(const nlohmann::json& state, const HttpRequest& request)> check;
};

struct ServedResponse {
  HttpResponse response;
  bool drop_connection = false;  // a commit-then-fail fault that drops the connection
};

// The Drive part of the admin state snapshot: {"files": [{id, name, mimeType, parents, trashed,
// createdTime, modifiedTime, content, appProperties}]}, and loading one into a model (parents in
// any order; the model is reset first).
nlohmann::json DriveStateJson(const DriveModel& model);
Status LoadDriveState(DriveModel& model, const nlohmann::json& drive, Instant now, uint64_t seed);

// An error answer in the shape of the API `r` went to (Notion under /v1/, Sheets under
// /v4/spreadsheets, Drive's otherwise), for answers the transport makes on its own.
HttpResponse ApiErrorFor(const HttpRequest& r, int code, std::string_view reason, std::string_view message);

class MockServer {
 public:
  explicit MockServer(MockServerOptions options);
  ~MockServer();
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  // Thread-safe. May sleep (injected latency) without holding the lock.
  ServedResponse Handle(const HttpRequest& request);

  // The whole state as JSON (admin GET /__admin/state), and seeding it (PUT). Thread-safe.
  nlohmann::json State();
  Status LoadState(const nlohmann::json& state);
  // Admin-loaded fault rules (--faults FILE).
  StatusOr<int> AddFault(const nlohmann::json& rule);

 private:
  struct JournalEntry {
    int64_t seq;
    std::string time;
    std::string method;
    std::string path;
    int status;
    std::string fault;
    int64_t micros;
  };
  struct Deferred {
    std::chrono::steady_clock::time_point due;
    HttpRequest request;
  };

  ServedResponse Admin(const HttpRequest& r);
  ServedResponse Check(const HttpRequest& r);  // GET /__admin/check
  void FlushDeferredLocked();                  // REQUIRES: mu_ held
  Status LoadSheets(const nlohmann::json& state);  // REQUIRES: mu_ held
  nlohmann::json StateLocked();                    // REQUIRES: mu_ held
  Status LoadStateLocked(const nlohmann::json& state);  // REQUIRES: mu_ held
  Status SetKnobs(const nlohmann::json& knobs);    // REQUIRES: mu_ held
  HttpResponse Api(const HttpRequest& r);  // REQUIRES: mu_ held
  std::string MetricsText();
  void Record(const HttpRequest& r, std::string route, int status, const std::string& fault, int64_t micros);
  void RunDeferred();

  const MockServerOptions options_;
  std::mutex mu_;
  // State below is protected by mu_.
  DriveModel drive_model_;
  DriveService drive_;
  SheetsModel sheets_model_;
  SheetsService sheets_;
  NotionModel notion_model_;
  NotionService notion_;
  Chaos chaos_;
  std::deque<JournalEntry> journal_;
  int64_t next_seq_ = 1;
  std::map<std::pair<std::string, int>, int64_t> requests_;  // (route, status) -> count
  std::map<std::string, int64_t> faults_fired_;              // action -> count
  std::vector<int64_t> latency_buckets_;                     // per kLatencyBucketsMs, +Inf last
  double latency_sum_s_ = 0;
  int64_t latency_count_ = 0;
  std::deque<Deferred> deferred_;
  bool stopping_ = false;
  std::condition_variable deferred_cv_;
  std::thread deferred_thread_;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SERVER_MOCK_SERVER_H_
