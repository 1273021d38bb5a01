#include "harness/modes/http_mode.h"

#include <fmt/format.h>
#include <httplib.h>

#include "mocks/server/http_binding.h"
#include "mocks/server/mock_server.h"
#include "mocks/sim/sim_notion.h"
#include "src/http/drive_http_client.h"
#include "src/http/notion_http_client.h"
#include "src/http/sheets_http_client.h"

namespace lockstep::harness {

HttpWorld::HttpWorld(const std::string& endpoint) {
  if (endpoint.empty()) {
    server_ = std::make_unique<mocks::MockServer>(mocks::MockServerOptions{});
    binding_ = std::make_unique<mocks::HttpBinding>(*server_, 64);
    StatusOr<int> port = binding_->Bind("127.0.0.1", 0);
    if (port.ok()) {
      base_url_ = fmt::format("http://127.0.0.1:{}", *port);
      listener_ = std::thread([this] { binding_->Listen(); });
    }
  } else {
    base_url_ = endpoint;
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
    StatusOr<std::string> token = ReadBearerToken("LOCKSTEP_CREDENTIALS");
    if (token.ok()) token_ = *token;
  }
  drive_ = NewDriveHttpClient({.base_url = base_url_, .token = token_});
  notion_ = NewNotionHttpTransport({.base_url = base_url_, .token = token_}, "2025-09-03");
  sheets_ = NewSheetsHttpClient({.base_url = base_url_, .token = token_});
}

HttpWorld::~HttpWorld() {
  if (binding_ && listener_.joinable()) {
    binding_->Stop();
    listener_.join();
  }
}

StatusOr<nlohmann::json> HttpWorld::Admin(const std::string& method, const std::string& path, const std::string& body) {
  if (base_url_.empty()) return Status(StatusCode::kUnavailable, 0, "bind", "the in-process server could not bind");
  httplib::Client c(base_url_);
  c.set_tcp_nodelay(true);
  c.set_read_timeout(30, 0);
  httplib::Result r = method == "GET"    ? c.Get(path)
                      : method == "PUT"  ? c.Put(path, body, "application/json")
                      : method == "POST" ? c.Post(path, body, "application/json")
                                         : c.Delete(path);
  if (!r) {
    return Status(StatusCode::kUnavailable, 0, "connection",
                  fmt::format("{} {}{}: {}", method, base_url_, path, httplib::to_string(r.error())));
  }
  if (r->status != 200) {
    return Status(StatusCode::kInternal, r->status, "admin", fmt::format("{} {}: HTTP {}: {}", method, path, r->status, r->body));
  }
  nlohmann::json j = nlohmann::json::parse(r->body, nullptr, false);
  if (j.is_discarded()) return Status(StatusCode::kInternal, r->status, "admin", path + ": the answer is not JSON");
  return j;
}

Status HttpWorld::Prepare(const nlohmann::json& state, const nlohmann::json& knobs, const nlohmann::json& faults) {
  for (auto [method, path, body] : {std::tuple<std::string, std::string, std::string>{"POST", "/__admin/reset", ""},
                                    {"PUT", "/__admin/state", state.dump()},
                                    {"PUT", "/__admin/knobs", knobs.dump()}}) {
    StatusOr<nlohmann::json> r = Admin(method, path, body);
    if (!r.ok()) return r.status();
  }
  if (!faults.empty()) {
    StatusOr<nlohmann::json> r = Admin("POST", "/__admin/faults", faults.dump());
    if (!r.ok()) return r.status();
  }
  return Status();
}

StatusOr<nlohmann::json> HttpWorld::State() {
  // The late commits of fail_then_commit land before the checkers look, as in simulation.
  StatusOr<nlohmann::json> flushed = Admin("POST", "/__admin/flush", "");
  if (!flushed.ok()) return flushed.status();
  return Admin("GET", "/__admin/state", "");
}

template <typename T, typename Fn>
StatusOr<T> ContextDrive::Call(mocks::Endpoint endpoint, const char* name, std::string args, Fn fn) {
  Duration latency = latency_.min;
  if (latency_.max > latency_.min) {
    latency = Duration(mocks::ActorStream(rngs_, seed_, "drive.latency", ctx_.Current())
                           .Range(latency_.min.count(), latency_.max.count()));
  }
  ctx_.BeforeCall(latency, mocks::Op::Drive(true));
  StatusOr<T> r = Status(StatusCode::kInternal, 0, "", "not called");
  ctx_.Unlocked([&] { r = fn(); });
  if (stats_ != nullptr) stats_->Count(endpoint, !r.ok());
  if (ctx_.Tracing()) ctx_.TraceStep(name, std::move(args), r.ok() ? "ok" : r.status().ToString());
  return r;
}

StatusOr<FileList> ContextDrive::ListChildren(const ListChildrenRequest& request) {
  return Call<FileList>(mocks::Endpoint::kDriveList, "drive.list",
                        fmt::format("parent={} name={}", request.parent_id, request.name_equals),
                        [&] { return inner_.ListChildren(request); });
}

StatusOr<DriveFile> ContextDrive::Get(std::string_view id) {
  return Call<DriveFile>(mocks::Endpoint::kDriveGet, "drive.get", std::string(id), [&] { return inner_.Get(id); });
}

StatusOr<DriveFile> ContextDrive::Create(const CreateFileRequest& request) {
  return Call<DriveFile>(mocks::Endpoint::kDriveCreate, "drive.create",
                         fmt::format("parent={} name={}", request.parent_id, request.name),
                         [&] { return inner_.Create(request); });
}

StatusOr<DriveFile> ContextDrive::Update(std::string_view id, const FileUpdate& update) {
  return Call<DriveFile>(mocks::Endpoint::kDriveUpdate, "drive.update", std::string(id),
                         [&] { return inner_.Update(id, update); });
}

StatusOr<std::vector<std::string>> ContextDrive::GenerateIds(int count) {
  return Call<std::vector<std::string>>(mocks::Endpoint::kDriveGenerateIds, "drive.generateIds", std::to_string(count),
                                        [&] { return inner_.GenerateIds(count); });
}

StatusOr<std::string> ContextDrive::GetContent(std::string_view id) {
  return Call<std::string>(mocks::Endpoint::kDriveGet, "drive.getContent", std::string(id),
                           [&] { return inner_.GetContent(id); });
}

Status ContextDrive::SetContent(std::string_view id, std::string_view content) {
  StatusOr<bool> r = Call<bool>(mocks::Endpoint::kDriveUpdate, "drive.setContent", std::string(id),
                                [&]() -> StatusOr<bool> {
                                  Status s = inner_.SetContent(id, content);
                                  if (!s.ok()) return s;
                                  return true;
                                });
  return r.ok() ? Status() : r.status();
}

StatusOr<NotionResponse> ContextNotion::Send(std::string_view method, std::string_view path,
                                            const nlohmann::json& body) {
  const bool write = method != "GET" && path.find("/query") == std::string_view::npos && path != "search";
  ctx_.BeforeCall(mocks::DrawLatency(latency_, rngs_, seed_, "notion.latency", ctx_.Current()), mocks::Op::Notion(write));
  StatusOr<NotionResponse> r = Status(StatusCode::kInternal, 0, "", "not called");
  ctx_.Unlocked([&] { r = inner_.Send(method, path, body); });
  if (stats_ != nullptr) {
    stats_->Count(write ? mocks::Endpoint::kNotionWrite : mocks::Endpoint::kNotionRead, !r.ok() || r->status >= 300);
  }
  if (ctx_.Tracing()) {
    ctx_.TraceStep(fmt::format("notion.{}", method), std::string(path), r.ok() ? std::to_string(r->status) : r.status().ToString());
  }
  return r;
}

template <typename T, typename Fn>
StatusOr<T> ContextSheets::Call(bool write, const char* name, Fn fn) {
  ctx_.BeforeCall(mocks::DrawLatency(latency_, rngs_, seed_, "sheets.latency", ctx_.Current()), mocks::Op::Sheets(write));
  StatusOr<T> r = Status(StatusCode::kInternal, 0, "", "not called");
  ctx_.Unlocked([&] { r = fn(); });
  if (stats_ != nullptr) stats_->Count(write ? mocks::Endpoint::kSheetsWrite : mocks::Endpoint::kSheetsRead, !r.ok());
  if (ctx_.Tracing()) ctx_.TraceStep(name, "", r.ok() ? "ok" : r.status().ToString());
  return r;
}

Status ContextSheets::CallStatus(bool write, const char* name, const std::function<Status()>& fn) {
  StatusOr<bool> r = Call<bool>(write, name, [&]() -> StatusOr<bool> {
    Status s = fn();
    if (!s.ok()) return s;
    return true;
  });
  return r.ok() ? Status() : r.status();
}

StatusOr<SpreadsheetInfo> ContextSheets::Create(std::string_view title, const std::vector<std::string>& sheet_titles) {
  return Call<SpreadsheetInfo>(true, "sheets.create", [&] { return inner_.Create(title, sheet_titles); });
}
StatusOr<SpreadsheetInfo> ContextSheets::Get(std::string_view id) {
  return Call<SpreadsheetInfo>(false, "sheets.get", [&] { return inner_.Get(id); });
}
StatusOr<int64_t> ContextSheets::AddSheet(std::string_view id, std::string_view title) {
  return Call<int64_t>(true, "sheets.addSheet", [&] { return inner_.AddSheet(id, title); });
}
StatusOr<ValueRows> ContextSheets::GetValues(std::string_view id, std::string_view range) {
  return Call<ValueRows>(false, "sheets.values.get", [&] { return inner_.GetValues(id, range); });
}
Status ContextSheets::UpdateValues(std::string_view id, std::string_view range, const ValueRows& rows, ValueInput input) {
  return CallStatus(true, "sheets.values.update", [&] { return inner_.UpdateValues(id, range, rows, input); });
}
StatusOr<std::string> ContextSheets::AppendValues(std::string_view id, std::string_view range, const ValueRows& rows,
                                                  ValueInput input) {
  return Call<std::string>(true, "sheets.values.append", [&] { return inner_.AppendValues(id, range, rows, input); });
}
Status ContextSheets::ClearValues(std::string_view id, std::string_view range) {
  return CallStatus(true, "sheets.values.clear", [&] { return inner_.ClearValues(id, range); });
}

nlohmann::json ScaledFaultRules(const std::vector<mocks::FaultRule>& rules, double time_scale) {
  nlohmann::json out = nlohmann::json::array();
  for (mocks::FaultRule r : rules) {
    r.delay = Duration(static_cast<int64_t>(static_cast<double>(r.delay.count()) / time_scale));
    out.push_back(mocks::Chaos::RuleJson(r));
  }
  return out;
}

}  // namespace lockstep::harness
