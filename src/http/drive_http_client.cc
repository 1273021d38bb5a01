#include "src/http/drive_http_client.h"

#include "src/http/json_call.h"

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lockstep {
namespace {

using Json = nlohmann::json;

constexpr const char* kFileFields = "id,name,mimeType,parents,trashed,createdTime,modifiedTime";

bool ParseTime(const Json& j, const char* key, Instant& out) {
  if (!j.contains(key) || !j[key].is_string()) return false;
  const std::string s = j[key];
  int y, mo, d, h, mi, sec, ms = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &y, &mo, &d, &h, &mi, &sec, &ms) < 6) return false;
  namespace ch = std::chrono;
  out = Instant(ch::sys_days(ch::year{y} / mo / d).time_since_epoch() + ch::hours(h) + ch::minutes(mi) +
                ch::seconds(sec) + ch::milliseconds(ms));
  return true;
}

DriveFile FileFromJson(const Json& j) {
  DriveFile f;
  f.id = j.value("id", "");
  f.name = j.value("name", "");
  f.mime_type = j.value("mimeType", "");
  if (j.contains("parents") && j["parents"].is_array() && !j["parents"].empty()) f.parent_id = j["parents"][0];
  f.trashed = j.value("trashed", false);
  ParseTime(j, "createdTime", f.created_time);
  ParseTime(j, "modifiedTime", f.modified_time);
  return f;
}

std::string QuoteQ(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

class DriveHttpClient final : public DriveApi {
 public:
  explicit DriveHttpClient(HttpClientOptions o) : o_(std::move(o)) {}

  StatusOr<FileList> ListChildren(const ListChildrenRequest& r) override {
    std::string q = r.parent_id.empty() ? std::string("trashed = false")
                                        : fmt::format("{} in parents and trashed = false", QuoteQ(r.parent_id));
    if (r.kind == ChildKind::kFolders) q += fmt::format(" and mimeType = {}", QuoteQ(kFolderMimeType));
    if (r.kind == ChildKind::kFiles) q += fmt::format(" and mimeType != {}", QuoteQ(kFolderMimeType));
    if (!r.name_equals.empty()) q += fmt::format(" and name = {}", QuoteQ(r.name_equals));
    http_internal::Params p{{"q", q}, {"pageSize", std::to_string(r.page_size)}, {"orderBy", "createdTime"},
                      {"fields", fmt::format("nextPageToken,files({})", kFileFields)}};
    if (!r.page_token.empty()) p.emplace_back("pageToken", std::string(r.page_token));
    StatusOr<Json> j = Call("GET", "/drive/v3/files", p, "");
    if (!j.ok()) return j.status();
    FileList out;
    for (const Json& f : (*j)["files"]) out.files.push_back(FileFromJson(f));
    out.next_page_token = j->value("nextPageToken", "");
    return out;
  }

  StatusOr<DriveFile> Get(std::string_view id) override {
    StatusOr<Json> j = Call("GET", "/drive/v3/files/" + http_internal::EscapePath(id), {{"fields", kFileFields}}, "");
    if (!j.ok()) return j.status();
    return FileFromJson(*j);
  }

  StatusOr<DriveFile> Create(const CreateFileRequest& r) override {
    Json meta{{"name", r.name}, {"mimeType", r.mime_type}, {"parents", {r.parent_id}}};
    if (!r.id.empty()) meta["id"] = r.id;
    const std::string boundary = "lockstep-boundary-7d1f";
    StatusOr<Json> j =
        r.content.empty()
            ? Call("POST", "/drive/v3/files", {{"fields", kFileFields}}, meta.dump())
            : Call("POST", "/upload/drive/v3/files", {{"uploadType", "multipart"}, {"fields", kFileFields}},
                   "--" + boundary + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n" + meta.dump() +
                       "\r\n--" + boundary + "\r\nContent-Type: " + std::string(r.mime_type) + "\r\n\r\n" +
                       std::string(r.content) + "\r\n--" + boundary + "--",
                   "multipart/related; boundary=" + boundary);
    if (!j.ok()) return j.status();
    return FileFromJson(*j);
  }

  StatusOr<DriveFile> Update(std::string_view id, const FileUpdate& u) override {
    http_internal::Params p{{"fields", kFileFields}};
    if (u.new_parent_id) {
      StatusOr<DriveFile> current = Get(id);
      if (!current.ok()) return current.status();
      if (current->parent_id != *u.new_parent_id) {
        p.emplace_back("addParents", *u.new_parent_id);
        p.emplace_back("removeParents", current->parent_id);
      }
    }
    Json body = Json::object();
    if (u.name) body["name"] = *u.name;
    if (u.trashed) body["trashed"] = *u.trashed;
    StatusOr<Json> j = Call("PATCH", "/drive/v3/files/" + http_internal::EscapePath(id), p, body.dump());
    if (!j.ok()) return j.status();
    return FileFromJson(*j);
  }

  StatusOr<std::vector<std::string>> GenerateIds(int count) override {
    StatusOr<Json> j = Call("GET", "/drive/v3/files/generateIds", {{"count", std::to_string(count)}}, "");
    if (!j.ok()) return j.status();
    return (*j)["ids"].get<std::vector<std::string>>();
  }

  StatusOr<std::string> GetContent(std::string_view id) override {
    return http_internal::RawCall(o_, "GET", "/drive/v3/files/" + http_internal::EscapePath(id), {{"alt", "media"}}, "");
  }

  Status SetContent(std::string_view id, std::string_view content) override {
    StatusOr<Json> j = Call("PATCH", "/upload/drive/v3/files/" + http_internal::EscapePath(id),
                            {{"uploadType", "media"}, {"fields", "id"}}, std::string(content), "text/csv");
    return j.ok() ? Status() : j.status();
  }

 private:
  StatusOr<Json> Call(const std::string& method, const std::string& path, const http_internal::Params& params,
                      const std::string& body, const std::string& content_type = "application/json") {
    return http_internal::JsonCall(o_, method, path, params, body, content_type);
  }

  HttpClientOptions o_;
};

}  // namespace

Status StatusFromHttp(int http_status, const std::string& body) {
  std::string reason;
  std::string message = fmt::format("HTTP {}", http_status);
  Json j = Json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.contains("error") && j["error"].is_object()) {
    message = j["error"].value("message", message);
    if (j["error"].contains("errors") && !j["error"]["errors"].empty()) {
      reason = j["error"]["errors"][0].value("reason", "");
    } else {
      reason = j["error"].value("status", "");
    }
  }
  const StatusCode code = StatusCodeFromHttp(http_status, reason);
  return Status(code, http_status, reason, message);
}

std::unique_ptr<DriveApi> NewDriveHttpClient(const HttpClientOptions& options) {
  return std::make_unique<DriveHttpClient>(options);
}

StatusOr<std::string> ReadBearerToken(const char* env_var) {
  const char* path = std::getenv(env_var);
  if (path == nullptr || *path == '\0') {
    return Status(StatusCode::kNotFound, 0, "credentials", fmt::format("{} is not set", env_var));
  }
  std::ifstream in(path);
  std::string token;
  if (!in || !std::getline(in, token)) {
    return Status(StatusCode::kFailedPrecondition, 0, "credentials", fmt::format("cannot read the file named by {}", env_var));
  }
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) return Status(StatusCode::kFailedPrecondition, 0, "credentials", "the credentials file is empty");
  return token;
}

}  // namespace lockstep
