// The http run mode: the core's Drive calls go over HTTP (src/http/drive_http_client) to a
// `lockstep serve`, started in-process on an ephemeral loopback port or given by --endpoint;
// locks, properties, the clock and the logger stay the real-mode services of ThreadContext.
//
// HttpWorld owns the server (when in-process) and speaks its admin API: each schedule resets it,
// loads the seeded Drive, sets the name-search lag (scaled to real time) and the scenario's fault
// rules (delays scaled), and at the end reads the Drive back for the checkers. ContextDrive is the
// DriveApi each execution uses: the modelled latency as a seam call of ThreadContext, then the
// HTTP call made without the world lock.
#ifndef LOCKSTEP_HARNESS_MODES_HTTP_MODE_H_
#define LOCKSTEP_HARNESS_MODES_HTTP_MODE_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/modes/thread_context.h"
#include "mocks/common/call_stats.h"
#include "mocks/common/rng.h"
#include "mocks/faults/chaos.h"
#include "mocks/sim/sim_services.h"
#include "src/drive_api.h"
#include "src/notion_api.h"
#include "src/sheets_api.h"

namespace lockstep::mocks {
class MockServer;
class HttpBinding;
}  // namespace lockstep::mocks

namespace lockstep::harness {

class HttpWorld {
 public:
  // `endpoint` empty: start a server in-process. The bearer token of an external endpoint comes
  // from the file named by LOCKSTEP_CREDENTIALS, when set.
  explicit HttpWorld(const std::string& endpoint);
  ~HttpWorld();
  HttpWorld(const HttpWorld&) = delete;
  HttpWorld& operator=(const HttpWorld&) = delete;

  const std::string& base_url() const { return base_url_; }
  DriveApi& drive() { return *drive_; }
  NotionTransport& notion() { return *notion_; }  // Notion-Version 2025-09-03
  SheetsApi& sheets() { return *sheets_; }
  // Resets the server and loads `state` ({"drive": {...}}), knobs and fault rules.
  Status Prepare(const nlohmann::json& state, const nlohmann::json& knobs, const nlohmann::json& faults);
  // The server's state ({"drive": ..., ...}), after its pending late commits have landed.
  StatusOr<nlohmann::json> State();

 private:
  StatusOr<nlohmann::json> Admin(const std::string& method, const std::string& path, const std::string& body);

  std::unique_ptr<mocks::MockServer> server_;
  std::unique_ptr<mocks::HttpBinding> binding_;
  std::thread listener_;
  std::string base_url_;
  std::string token_;
  std::unique_ptr<DriveApi> drive_;
  std::unique_ptr<NotionTransport> notion_;
  std::unique_ptr<SheetsApi> sheets_;
};

class ContextDrive final : public DriveApi {
 public:
  ContextDrive(DriveApi& inner, ThreadContext& ctx, mocks::LatencyKnob latency, mocks::CallStats* stats)
      : inner_(inner), ctx_(ctx), latency_(latency), stats_(stats) {}
  void Reset(uint64_t seed) {
    seed_ = seed;
    rngs_.clear();
  }

  StatusOr<FileList> ListChildren(const ListChildrenRequest& request) override;
  StatusOr<DriveFile> Get(std::string_view id) override;
  StatusOr<DriveFile> Create(const CreateFileRequest& request) override;
  StatusOr<DriveFile> Update(std::string_view id, const FileUpdate& update) override;
  StatusOr<std::vector<std::string>> GenerateIds(int count) override;
  StatusOr<std::string> GetContent(std::string_view id) override;
  Status SetContent(std::string_view id, std::string_view content) override;

 private:
  template <typename T, typename Fn>
  StatusOr<T> Call(mocks::Endpoint endpoint, const char* name, std::string args, Fn fn);

  DriveApi& inner_;
  ThreadContext& ctx_;
  mocks::LatencyKnob latency_;
  mocks::CallStats* stats_;
  uint64_t seed_ = 0;
  std::vector<mocks::Rng> rngs_;  // per execution; guarded by the world lock
};

// The NotionTransport each execution uses in http mode: a seam call of ThreadContext with the
// modelled latency, then the HTTP request without the world lock.
class ContextNotion final : public NotionTransport {
 public:
  ContextNotion(NotionTransport& inner, ThreadContext& ctx, mocks::LatencyKnob latency, mocks::CallStats* stats)
      : inner_(inner), ctx_(ctx), latency_(latency), stats_(stats) {}
  void Reset(uint64_t seed) {
    seed_ = seed;
    rngs_.clear();
  }
  StatusOr<NotionResponse> Send(std::string_view method, std::string_view path, const nlohmann::json& body) override;

 private:
  NotionTransport& inner_;
  ThreadContext& ctx_;
  mocks::LatencyKnob latency_;
  mocks::CallStats* stats_;
  uint64_t seed_ = 0;
  std::vector<mocks::Rng> rngs_;  // per execution; guarded by the world lock
};

// The SheetsApi each execution uses in http mode, in the same way.
class ContextSheets final : public SheetsApi {
 public:
  ContextSheets(SheetsApi& inner, ThreadContext& ctx, mocks::LatencyKnob latency, mocks::CallStats* stats)
      : inner_(inner), ctx_(ctx), latency_(latency), stats_(stats) {}
  void Reset(uint64_t seed) {
    seed_ = seed;
    rngs_.clear();
  }
  StatusOr<SpreadsheetInfo> Create(std::string_view title, const std::vector<std::string>& sheet_titles) override;
  StatusOr<SpreadsheetInfo> Get(std::string_view spreadsheet_id) override;
  StatusOr<int64_t> AddSheet(std::string_view spreadsheet_id, std::string_view title) override;
  StatusOr<ValueRows> GetValues(std::string_view spreadsheet_id, std::string_view range) override;
  Status UpdateValues(std::string_view spreadsheet_id, std::string_view range, const ValueRows& rows,
                      ValueInput input) override;
  StatusOr<std::string> AppendValues(std::string_view spreadsheet_id, std::string_view range, const ValueRows& rows,
                                     ValueInput input) override;
  Status ClearValues(std::string_view spreadsheet_id, std::string_view range) override;

 private:
  template <typename T, typename Fn>
  StatusOr<T> Call(bool write, const char* name, Fn fn);
  Status CallStatus(bool write, const char* name, const std::function<Status()>& fn);

  SheetsApi& inner_;
  ThreadContext& ctx_;
  mocks::LatencyKnob latency_;
  mocks::CallStats* stats_;
  uint64_t seed_ = 0;
  std::vector<mocks::Rng> rngs_;
};

// The scenario's fault rules for the server, with delays scaled from virtual to real time.
nlohmann::json ScaledFaultRules(const std::vector<mocks::FaultRule>& rules, double time_scale);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_MODES_HTTP_MODE_H_
