#include "mocks/drive/drive_service.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mocks/common/field_mask.h"
#include "mocks/common/json_limits.h"
#include "mocks/common/json_writer.h"
#include "mocks/drive/drive_query.h"

namespace lockstep::mocks {
namespace {

using Json = nlohmann::ordered_json;

using ParamNames = std::initializer_list<std::string_view>;

constexpr std::string_view kSystemParams[] = {"fields", "key", "alt", "prettyPrint", "quotaUser",
                                              "supportsAllDrives", "supportsTeamDrives", "$.xgafv"};

HttpResponse JsonResponse(const Json& body, int status = 200) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

// A handful of names, scanned: a set built per request cost an allocation a name.
Status CheckParams(const HttpRequest& r, ParamNames allowed) {
  auto among = [](const std::string& k, auto& names) { return std::find(std::begin(names), std::end(names), k) != std::end(names); };
  for (const auto& [k, v] : r.query) {
    if (!among(k, allowed) && !among(k, kSystemParams)) {
      return Status(StatusCode::kInvalidArgument, 400, "badRequest", fmt::format("Unknown parameter: '{}'", k));
    }
  }
  return Status();
}

// The request's `fields` mask (or `default_fields`); a malformed one is a 400 invalidParameter
// (answered as DriveError(status, "fields")).
StatusOr<FieldMask> FieldsParam(const HttpRequest& r, const char* default_fields) {
  StatusOr<FieldMask> mask = FieldMask::Parse(r.Param("fields").value_or(default_fields));
  if (!mask.ok()) return Status(StatusCode::kInvalidArgument, 400, "invalidParameter", std::string(mask.status().message()));
  return mask;
}

// The fields of a file's resource a mask selects, looked up once per answer, not once per file.
struct FileFields {
  explicit FileFields(const FieldMask* mask) {
    const bool all = mask == nullptr || mask->All();
    auto want = [&](std::string_view field) { return all || mask->Field(field) != nullptr; };
    kind = want("kind");
    id = want("id");
    name = want("name");
    mime_type = want("mimeType");
    parents = want("parents");
    trashed = want("trashed");
    created_time = want("createdTime");
    modified_time = want("modifiedTime");
    app_properties = want("appProperties");
    size = want("size");
    app_property_keys = all ? nullptr : mask->Field("appProperties");
    if (app_property_keys != nullptr && app_property_keys->All()) app_property_keys = nullptr;
  }
  bool kind, id, name, mime_type, parents, trashed, created_time, modified_time, app_properties, size;
  const FieldMask* app_property_keys;  // which appProperties, when not all of them
};

// A file's resource as text, with the selected fields in the resource's order, as
// FieldMask::Apply would cut it: a listing of ids and names formats no timestamps and builds no
// tree.
void WriteFile(JsonWriter& w, const DriveModel& model, int index, const FileFields& want) {
  const DriveFile& f = model.files()[index];
  w.BeginObject();
  if (want.kind) w.Key("kind").String("drive#file");
  if (want.id) w.Key("id").String(f.id);
  if (want.name) w.Key("name").String(f.name);
  if (want.mime_type) w.Key("mimeType").String(f.mime_type);
  if (want.parents) {
    w.Key("parents").BeginArray();
    if (!f.parent_id.empty()) w.String(f.parent_id);
    w.EndArray();
  }
  if (want.trashed) w.Key("trashed").Bool(f.trashed);
  Rfc3339Text stamp;
  if (want.created_time) w.Key("createdTime").String(FormatRfc3339(f.created_time, stamp));
  if (want.modified_time) w.Key("modifiedTime").String(FormatRfc3339(f.modified_time, stamp));
  if (want.app_properties && !model.AppProperties(index).empty()) {
    w.Key("appProperties");
    if (want.app_property_keys == nullptr) {
      w.BeginObject();
      for (const auto& [k, v] : model.AppProperties(index)) w.KeyText(k).String(v);
      w.EndObject();
    } else {
      w.Value(want.app_property_keys->Apply(Json(model.AppProperties(index))));
    }
  }
  if (want.size && !f.IsFolder()) w.Key("size").String(std::to_string(model.ContentSize(index)));
  w.EndObject();
}

// One file's resource as the answer, cut by the request's `fields` (or `default_fields`).
HttpResponse FileResponse(const HttpRequest& r, const DriveModel& model, int index, const char* default_fields) {
  StatusOr<FieldMask> mask = FieldsParam(r, default_fields);
  if (!mask.ok()) return DriveError(mask.status(), "fields");
  JsonWriter w(512);
  WriteFile(w, model, index, FileFields(&*mask));
  HttpResponse out;
  out.body = w.Take();
  return out;
}

int IndexOfId(const DriveModel& model, std::string_view id) { return model.IndexOf(id); }

HttpResponse WithFields(const HttpRequest& r, const Json& body, const char* default_fields) {
  StatusOr<FieldMask> mask = FieldsParam(r, default_fields);
  if (!mask.ok()) return DriveError(mask.status(), "fields");
  return JsonResponse(mask->Apply(body));
}

// Sort keys of orderBy: "name", "modifiedTime desc", ... (strict: only those the mock models).
StatusOr<std::vector<std::pair<std::string, bool>>> ParseOrderBy(std::string_view s) {
  std::vector<std::pair<std::string, bool>> keys;
  size_t i = 0;
  while (i <= s.size()) {
    size_t end = s.find(',', i);
    if (end == std::string_view::npos) end = s.size();
    std::string part(s.substr(i, end - i));
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    bool desc = false;
    if (part.size() > 5 && part.compare(part.size() - 5, 5, " desc") == 0) {
      desc = true;
      part.resize(part.size() - 5);
    }
    if (part != "name" && part != "modifiedTime" && part != "createdTime" && part != "folder" &&
        part != "name_natural") {
      return Status(StatusCode::kInvalidArgument, 400, "invalid", fmt::format("Invalid Value: orderBy: '{}'", part));
    }
    keys.emplace_back(part, desc);
    i = end + 1;
  }
  return keys;
}

}  // namespace

std::optional<std::string> HttpRequest::Param(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string HttpRequest::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

HttpResponse DriveError(int code, std::string_view reason, std::string_view message,
                        std::string_view location, std::string_view location_type) {
  const std::string domain = reason == "userRateLimitExceeded" || reason == "rateLimitExceeded" ? "usageLimits" : "global";
  Json e{{"domain", domain}, {"reason", reason}, {"message", message}};
  if (!location.empty()) {
    e["location"] = location;
    e["locationType"] = location_type.empty() ? "parameter" : location_type;
  }
  Json body{{"error", Json{{"code", code}, {"message", message}, {"errors", Json::array({e})}}}};
  return JsonResponse(body, code);
}

HttpResponse DriveError(const Status& s, std::string_view location) {
  return DriveError(s.http_status() != 0 ? s.http_status() : 500, s.reason().empty() ? "backendError" : s.reason(),
                    s.message(), location);
}

bool DriveService::RateLimited(const std::string& user, Instant now) {
  if (knobs_.requests_per_window <= 0) return false;
  auto& [start, count] = windows_[user];
  if (count == 0 || now - start >= knobs_.window) {
    start = now;
    count = 0;
  }
  return ++count > knobs_.requests_per_window;
}

HttpResponse DriveService::Handle(const HttpRequest& r, ExecutionId caller, Instant now, const std::string& user) {
  if (r.body.size() > knobs_.body_bytes_max) {
    return DriveError(413, "uploadTooLarge", "The request body is too large.");
  }
  if (RateLimited(user, now)) {
    return knobs_.rate_limit_as_429
               ? DriveError(429, "rateLimitExceeded", "Rate Limit Exceeded")
               : DriveError(403, "userRateLimitExceeded",
                            "User Rate Limit Exceeded. Rate of requests for user exceed configured project quota.");
  }
  const bool upload = r.path.rfind("/upload/drive/v3/files", 0) == 0;
  const std::string base = upload ? "/upload/drive/v3/files" : "/drive/v3/files";
  if (r.path.rfind(base, 0) != 0) return DriveError(404, "notFound", "Not Found");
  std::string rest = r.path.substr(base.size());
  if (!rest.empty() && rest[0] == '/') rest.erase(0, 1);
  if (!upload && rest == "generateIds" && r.method == "GET") return GenerateIds(r, caller);
  if (rest.empty()) {
    if (r.method == "GET" && !upload) return List(r, caller, now);
    if (r.method == "POST") return Create(r, caller, now, upload);
  } else if (rest.find('/') == std::string::npos) {
    if (r.method == "GET" && !upload) return Get(r, rest);
    if (r.method == "PATCH") return Update(r, rest, caller, now, upload);
    if (r.method == "DELETE" && !upload) return Delete(rest);
  }
  return DriveError(405, "methodNotAllowed", fmt::format("{} {} is not a Drive v3 method", r.method, r.path));
}

HttpResponse DriveService::List(const HttpRequest& r, ExecutionId caller, Instant now) {
  Status p = CheckParams(r, {"q", "pageSize", "pageToken", "orderBy", "spaces", "corpora",
                             "includeItemsFromAllDrives", "includeTeamDriveItems", "driveId"});
  if (!p.ok()) return DriveError(p);
  int page_size = 100;
  if (auto v = r.Param("pageSize")) {
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), page_size);
    if (ec != std::errc() || ptr != v->data() + v->size() || page_size < 1 || page_size > 1000) {
      return DriveError(400, "invalid", fmt::format("Invalid value '{}'. Values must be within the range: [1, 1000]", *v),
                        "pageSize", "parameter");
    }
  }
  std::optional<DriveQuery> query;
  if (auto q = r.Param("q"); q && !q->empty()) {
    StatusOr<DriveQuery> parsed = DriveQuery::Parse(*q);
    if (!parsed.ok()) return DriveError(parsed.status(), "q");
    query = std::move(parsed).value();
  }
  std::vector<int> hits;
  const auto& files = model_.files();
  auto consider = [&](int i) {
    if (model_.IsDeleted(i)) return;
    if (query && !query->Matches(model_.ViewOf(i, caller, now, &*query))) return;
    hits.push_back(i);
  };
  // Only that folder's children, or the files that ever had that name, can match; both in
  // ascending index order, the same creation order as a full scan.
  const std::optional<std::string> parent = query ? query->RequiredParent() : std::nullopt;
  const std::optional<std::string> name = query && !parent ? query->RequiredName() : std::nullopt;
  if (parent) {
    const int parent_index = model_.IndexOf(*parent);
    if (parent_index >= 0) {
      for (int i : model_.ChildrenOf(parent_index)) consider(i);
    }
  } else if (name) {
    for (int i : model_.FilesEverNamed(*name)) {
      if (i > 0) consider(i);  // the root is not listed
    }
  } else {
    for (size_t i = 1; i < files.size(); ++i) consider(static_cast<int>(i));  // the root is not listed
  }
  if (auto order = r.Param("orderBy")) {
    StatusOr<std::vector<std::pair<std::string, bool>>> keys = ParseOrderBy(*order);
    if (!keys.ok()) return DriveError(keys.status(), "orderBy");
    std::stable_sort(hits.begin(), hits.end(), [&](int a, int b) {
      for (const auto& [key, desc] : *keys) {
        const DriveFile& x = files[desc ? b : a];
        const DriveFile& y = files[desc ? a : b];
        if (key == "folder" && x.IsFolder() != y.IsFolder()) return x.IsFolder();
        if ((key == "name" || key == "name_natural") && x.name != y.name) return x.name < y.name;
        if (key == "modifiedTime" && x.modified_time != y.modified_time) return x.modified_time < y.modified_time;
        if (key == "createdTime" && x.created_time != y.created_time) return x.created_time < y.created_time;
      }
      return false;
    });
  }
  size_t offset = 0;
  if (auto token = r.Param("pageToken")) {
    bool valid = token->size() >= 2 && (*token)[0] == 'p';
    if (valid) {
      const char* end = token->data() + token->size();
      auto [ptr, ec] = std::from_chars(token->data() + 1, end, offset);
      valid = ec == std::errc() && ptr == end && offset <= hits.size();
    }
    if (!valid) return DriveError(400, "invalid", "Invalid Value", "pageToken", "parameter");
  }
  StatusOr<FieldMask> mask = FieldsParam(r, "kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)");
  if (!mask.ok()) return DriveError(mask.status(), "fields");
  // The list's members in its resource's order, each as far as the mask selects it.
  const bool all = mask->All();
  const FieldMask* file_mask = all ? nullptr : mask->Field("files");
  const size_t end = std::min(hits.size(), offset + static_cast<size_t>(page_size));
  JsonWriter w(128 + 128 * (end - std::min(offset, end)));
  w.BeginObject();
  if (all || mask->Field("kind") != nullptr) w.Key("kind").String("drive#fileList");
  if (all || mask->Field("incompleteSearch") != nullptr) w.Key("incompleteSearch").Bool(false);
  if (end < hits.size() && (all || mask->Field("nextPageToken") != nullptr)) {
    w.Key("nextPageToken").String(fmt::format("p{}", end));
  }
  if (all || file_mask != nullptr) {
    w.Key("files").BeginArray();
    const FileFields fields_wanted(file_mask);
    for (size_t i = offset; i < end; ++i) WriteFile(w, model_, hits[i], fields_wanted);
    w.EndArray();
  }
  w.EndObject();
  HttpResponse answer;
  answer.body = w.Take();
  return answer;
}

HttpResponse DriveService::Get(const HttpRequest& r, const std::string& id) {
  Status p = CheckParams(r, {"acknowledgeAbuse", "includePermissionsForView", "includeLabels"});
  if (!p.ok()) return DriveError(p);
  const int index = IndexOfId(model_, id);
  if (index < 0) return DriveError(404, "notFound", fmt::format("File not found: {}.", id), "fileId", "parameter");
  if (r.Param("alt").value_or("json") == "media") {
    if (model_.files()[index].IsFolder()) {
      return DriveError(403, "fileNotDownloadable", "Only files with binary content can be downloaded.");
    }
    HttpResponse media;
    media.content_type = model_.files()[index].mime_type;
    media.body = *model_.Content(id);
    return media;
  }
  return FileResponse(r, model_, index, "kind,id,name,mimeType");
}

namespace {

// The metadata a create or update may carry; anything else is rejected (stricter than Drive).
const std::set<std::string> kWritableFields = {"name", "mimeType", "parents", "id", "appProperties",
                                               "description", "trashed", "kind"};

StatusOr<Json> ParseMetadata(std::string_view body) {
  if (body.empty()) return Json::object();
  if (JsonNestingDepth(body) > kJsonNestingMax) {
    return Status(StatusCode::kInvalidArgument, 400, "parseError",
                  fmt::format("Parse Error: the body nests deeper than {} levels", kJsonNestingMax));
  }
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status(StatusCode::kInvalidArgument, 400, "parseError", "Parse Error: the body is not a JSON object");
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (kWritableFields.count(it.key()) == 0) {
      return Status(StatusCode::kInvalidArgument, 400, "badRequest",
                    fmt::format("Invalid field for this request: '{}'", it.key()));
    }
  }
  if (j.contains("name") && !j["name"].is_string()) {
    return Status(StatusCode::kInvalidArgument, 400, "invalid", "Invalid value for name: expected a string");
  }
  if (j.contains("appProperties") && !j["appProperties"].is_object()) {
    return Status(StatusCode::kInvalidArgument, 400, "invalid", "Invalid value for appProperties");
  }
  if (j.contains("appProperties")) {
    for (auto it = j["appProperties"].begin(); it != j["appProperties"].end(); ++it) {
      if (!it.value().is_string() && !it.value().is_null()) {  // a map<string, string> in the API's schema
        return Status(StatusCode::kInvalidArgument, 400, "invalid",
                      fmt::format("Invalid value for appProperties.{}: expected a string", it.key()));
      }
    }
  }
  return j;
}

std::map<std::string, std::string> AppProps(const Json& j) {
  std::map<std::string, std::string> out;
  if (!j.contains("appProperties")) return out;
  for (auto it = j["appProperties"].begin(); it != j["appProperties"].end(); ++it) {
    out[it.key()] = it.value().is_string() ? it.value().get<std::string>() : std::string();  // null: ""
  }
  return out;
}

// multipart/related: a JSON part, then the media part.
StatusOr<std::pair<std::string, std::string>> SplitMultipart(const HttpRequest& r) {
  const std::string type = r.Header("content-type");
  const size_t b = type.find("boundary=");
  if (type.rfind("multipart/related", 0) != 0 || b == std::string::npos) {
    return Status(StatusCode::kInvalidArgument, 400, "badContent", "Expected multipart/related with a boundary");
  }
  std::string boundary = type.substr(b + 9);
  if (!boundary.empty() && boundary.front() == '"') boundary = boundary.substr(1, boundary.size() - 2);
  const std::string delim = "--" + boundary;
  std::vector<std::string> parts;
  size_t pos = r.body.find(delim);
  while (pos != std::string::npos) {
    pos += delim.size();
    if (r.body.compare(pos, 2, "--") == 0) break;
    const size_t next = r.body.find(delim, pos);
    if (next == std::string::npos) break;
    parts.push_back(r.body.substr(pos, next - pos));
    pos = next;
  }
  if (parts.size() != 2) {
    return Status(StatusCode::kInvalidArgument, 400, "badContent", "Expected two parts: metadata and media");
  }
  std::pair<std::string, std::string> out;
  for (size_t i = 0; i < 2; ++i) {
    const size_t headers_end = parts[i].find("\r\n\r\n");
    if (headers_end == std::string::npos) {
      return Status(StatusCode::kInvalidArgument, 400, "badContent", "A multipart part has no header block");
    }
    std::string content = parts[i].substr(headers_end + 4);
    if (content.size() >= 2 && content.compare(content.size() - 2, 2, "\r\n") == 0) content.resize(content.size() - 2);
    (i == 0 ? out.first : out.second) = std::move(content);
  }
  return out;
}

}  // namespace

HttpResponse DriveService::Create(const HttpRequest& r, ExecutionId caller, Instant now, bool upload) {
  Status p = upload ? CheckParams(r, {"uploadType", "useContentAsIndexableText", "keepRevisionForever", "ignoreDefaultVisibility"})
                    : CheckParams(r, {"useContentAsIndexableText", "keepRevisionForever", "ignoreDefaultVisibility"});
  if (!p.ok()) return DriveError(p);
  std::string metadata_text;
  std::string content;
  if (upload) {
    const std::string type = r.Param("uploadType").value_or("media");
    if (type == "media") {
      content = r.body;
    } else if (type == "multipart") {
      StatusOr<std::pair<std::string, std::string>> parts = SplitMultipart(r);
      if (!parts.ok()) return DriveError(parts.status());
      metadata_text = parts->first;
      content = parts->second;
    } else {
      return DriveError(400, "invalid", fmt::format("Invalid upload type: {} (media or multipart)", type),
                        "uploadType", "parameter");
    }
  } else {
    metadata_text = r.body;
  }
  StatusOr<Json> meta = ParseMetadata(metadata_text);
  if (!meta.ok()) return DriveError(meta.status());
  std::string parent(DriveModel::kRootId);
  if (meta->contains("parents")) {
    const Json& ps = (*meta)["parents"];
    if (!ps.is_array() || ps.size() > 1 || (ps.size() == 1 && !ps[0].is_string())) {
      return DriveError(400, "badRequest", "A file can have only one parent (one string id).");
    }
    if (ps.size() == 1) parent = ps[0].get<std::string>();
  }
  std::string mime = meta->value("mimeType", std::string());
  if (mime.empty()) mime = upload && !r.Header("content-type").empty() && r.Param("uploadType").value_or("media") == "media"
                               ? r.Header("content-type") : "application/octet-stream";
  const std::string id = meta->value("id", std::string());
  if (!id.empty() && mime == "application/vnd.google-apps.spreadsheet") {
    return DriveError(400, "invalid", "Generated IDs are not supported for Google Workspace files except folders.");
  }
  const std::string name = meta->value("name", std::string());
  StatusOr<DriveFile> f = model_.Create(caller, now, CreateFileRequest{.parent_id = parent, .name = name,
                                                                       .mime_type = mime, .id = id, .content = content});
  if (!f.ok()) return DriveError(f.status());
  Status props = model_.SetAppProperties(f->id, AppProps(*meta));
  if (!props.ok()) return DriveError(props);
  return FileResponse(r, model_, IndexOfId(model_, f->id), "kind,id,name,mimeType");
}

HttpResponse DriveService::Update(const HttpRequest& r, const std::string& id, ExecutionId caller, Instant now,
                                  bool upload) {
  Status p = upload ? CheckParams(r, {"uploadType", "addParents", "removeParents"})
                    : CheckParams(r, {"addParents", "removeParents", "keepRevisionForever"});
  if (!p.ok()) return DriveError(p);
  const int index = IndexOfId(model_, id);
  if (index < 0) return DriveError(404, "notFound", fmt::format("File not found: {}.", id), "fileId", "parameter");
  if (upload) {
    if (r.Param("uploadType").value_or("media") != "media") {
      return DriveError(400, "invalid", "Content updates take uploadType=media", "uploadType", "parameter");
    }
    Status s = model_.SetContent(caller, now, id, r.body);
    if (!s.ok()) return DriveError(s);
    return FileResponse(r, model_, index, "kind,id,name,mimeType");
  }
  StatusOr<Json> meta = ParseMetadata(r.body);
  if (!meta.ok()) return DriveError(meta.status());
  if (meta->contains("parents") || meta->contains("id")) {
    return DriveError(403, "fieldNotWritable", "The resource body includes fields which are not directly writable.");
  }
  FileUpdate u;
  if (meta->contains("name")) u.name = (*meta)["name"].get<std::string>();
  if (meta->contains("trashed")) {
    if (!(*meta)["trashed"].is_boolean()) return DriveError(400, "invalid", "Invalid value for trashed");
    u.trashed = (*meta)["trashed"].get<bool>();
  }
  const std::string add = r.Param("addParents").value_or("");
  const std::string remove = r.Param("removeParents").value_or("");
  const std::string current = model_.files()[index].parent_id;
  if (!add.empty() || !remove.empty()) {
    if (add.find(',') != std::string::npos) return DriveError(403, "cannotAddParent", "A file can have only one parent.");
    if (!remove.empty() && remove != current) {
      return DriveError(400, "badRequest", fmt::format("{} is not a parent of {}", remove, id), "removeParents", "parameter");
    }
    if (!add.empty() && remove.empty() && add != current) {
      return DriveError(403, "cannotAddParent", "A file can have only one parent: remove the current one.");
    }
    if (add.empty()) return DriveError(403, "cannotRemoveParent", "A file needs a parent.");
    u.new_parent_id = add;
  }
  StatusOr<DriveFile> f = model_.Update(caller, now, id, u);
  if (!f.ok()) return DriveError(f.status());
  if (meta->contains("appProperties")) {
    Status s = model_.SetAppProperties(id, AppProps(*meta));
    if (!s.ok()) return DriveError(s);
  }
  return FileResponse(r, model_, index, "kind,id,name,mimeType");
}

HttpResponse DriveService::Delete(const std::string& id) {
  Status s = model_.Delete(id);
  if (!s.ok()) return DriveError(s, "fileId");
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

HttpResponse DriveService::GenerateIds(const HttpRequest& r, ExecutionId caller) {
  Status p = CheckParams(r, {"count", "space", "type"});
  if (!p.ok()) return DriveError(p);
  int count = 10;
  if (auto c = r.Param("count")) {
    auto [ptr, ec] = std::from_chars(c->data(), c->data() + c->size(), count);
    if (ec != std::errc() || ptr != c->data() + c->size()) count = 0;
  }
  const std::string space = r.Param("space").value_or("drive");
  const std::string type = r.Param("type").value_or("files");
  if (space != "drive") return DriveError(400, "invalid", "Invalid Value: space (drive only)", "space", "parameter");
  if (type != "files" && type != "shortcuts") return DriveError(400, "invalid", "Invalid Value: type", "type", "parameter");
  StatusOr<std::vector<std::string>> ids = model_.GenerateIds(caller, count);
  if (!ids.ok()) return DriveError(ids.status(), "count");
  return WithFields(r, Json{{"kind", "drive#generatedIds"}, {"space", space}, {"ids", *ids}}, "*");
}

}  // namespace lockstep::mocks
