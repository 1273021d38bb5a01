#include "mocks/sheets/sheets_service.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mocks/common/field_mask.h"
#include "mocks/common/json_limits.h"
#include "mocks/sheets/internal/sheets_request.h"

namespace lockstep::mocks {
namespace {

using sheets_internal::Json;
constexpr std::string_view kSpreadsheetMime = "application/vnd.google-apps.spreadsheet";
constexpr std::string_view kBase = "/v4/spreadsheets";

const std::set<std::string> kSystemParams = {"fields", "key", "alt", "prettyPrint", "quotaUser", "$.xgafv",
                                             "access_token", "callback", "upload_protocol", "uploadType"};

std::string_view StatusName(int code) {
  switch (code) {
    case 400: return "INVALID_ARGUMENT";
    case 401: return "UNAUTHENTICATED";
    case 403: return "PERMISSION_DENIED";
    case 404: return "NOT_FOUND";
    case 409: return "ABORTED";
    case 413: return "INVALID_ARGUMENT";
    case 429: return "RESOURCE_EXHAUSTED";
    case 501: return "UNIMPLEMENTED";
    case 503: return "UNAVAILABLE";
    case 504: return "DEADLINE_EXCEEDED";
    default: return code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
  }
}

Json SheetProperties(const Sheet& s, size_t index) {
  return Json{{"sheetId", s.sheet_id}, {"title", s.title}, {"index", index}, {"sheetType", "GRID"},
              {"gridProperties", Json{{"rowCount", s.row_count}, {"columnCount", s.column_count}}}};
}

// The range bounded by the grid, or 400 "exceeds grid limits".
}  // namespace

namespace sheets_internal {

Status Invalid(std::string message) {
  return Status(StatusCode::kInvalidArgument, 400, "INVALID_ARGUMENT", std::move(message));
}

HttpResponse JsonResponse(const Json& body) {
  HttpResponse r;
  r.body = body.dump();
  return r;
}

HttpResponse WithFields(const HttpRequest& r, const Json& body) {
  const std::string fields = r.Param("fields").value_or("*");
  StatusOr<FieldMask> mask = FieldMask::Parse(fields);
  if (!mask.ok()) return SheetsError(400, mask.status().message());
  return JsonResponse(mask->Apply(body));
}

Status CheckParams(const HttpRequest& r, const std::set<std::string>& allowed) {
  for (const auto& [k, v] : r.query) {
    if (allowed.count(k) == 0 && kSystemParams.count(k) == 0) {
      return Invalid(fmt::format("Invalid JSON payload received. Unknown name \"{}\": Cannot bind query parameter. "
                                 "Field '{}' could not be found in request message.", k, k));
    }
  }
  return Status();
}

StatusOr<Json> ParseBody(const std::string& body, const std::set<std::string>& fields, std::string_view where) {
  if (body.empty()) return Json::object();
  if (JsonNestingDepth(body) > kJsonNestingMax) {
    return Invalid(fmt::format("Invalid JSON payload received. Nesting deeper than {} levels.", kJsonNestingMax));
  }
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Invalid("Invalid JSON payload received. Expected an object.");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (fields.count(it.key()) == 0) {
      return Invalid(fmt::format("Invalid JSON payload received. Unknown name \"{}\"{}: Cannot find field.", it.key(),
                                 where.empty() ? std::string() : fmt::format(" at '{}'", where)));
    }
  }
  return j;
}

StatusOr<GridRange> Bounded(const Spreadsheet& ss, GridRange r, std::string_view a1) {
  const Sheet& s = ss.sheets[r.sheet];
  if (r.row1 < 0) r.row1 = s.row_count;
  if (r.col1 < 0) r.col1 = s.column_count;
  if (r.row0 >= s.row_count || r.col0 >= s.column_count || r.row1 > s.row_count || r.col1 > s.column_count) {
    return Invalid(fmt::format("Range ({}) exceeds grid limits. Max rows: {}, max columns: {}", a1, s.row_count,
                               s.column_count));
  }
  return r;
}

}  // namespace sheets_internal

using namespace sheets_internal;  // NOLINT: the helpers of this service

HttpResponse SheetsError(int code, std::string_view message) {
  Json error{{"code", code}, {"message", message}, {"status", StatusName(code)}};
  if (code == 429) {
    error["details"] = Json::array({Json{
        {"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
        {"reason", "RATE_LIMIT_EXCEEDED"},
        {"domain", "googleapis.com"},
        {"metadata", Json{{"quota_metric", "sheets.googleapis.com/write_requests"},
                          {"quota_limit", "WriteRequestsPerMinutePerUser"},
                          {"service", "sheets.googleapis.com"}}}}});
  }
  HttpResponse r;
  r.status = code;
  r.body = Json{{"error", error}}.dump();
  return r;
}

HttpResponse SheetsError(const Status& s) {
  return SheetsError(s.http_status() != 0 ? s.http_status() : 500, s.message());
}

bool SheetsService::OverQuota(const std::string& user, bool write, Instant now) {
  const int64_t limit = write ? knobs_.write_requests_per_minute : knobs_.read_requests_per_minute;
  if (limit <= 0) return false;
  const int64_t minute = std::chrono::duration_cast<std::chrono::minutes>(now.time_since_epoch()).count();
  auto& [window, count] = quota_[{user, write}];
  if (window != minute) {
    window = minute;
    count = 0;
  }
  return ++count > limit;
}

HttpResponse SheetsService::Handle(const HttpRequest& r, ExecutionId caller, Instant now, const std::string& user) {
  if (r.body.size() > knobs_.body_bytes_max) return SheetsError(413, "Request payload size exceeds the limit.");
  const bool write = r.method != "GET";
  if (OverQuota(user, write, now)) {
    return SheetsError(429, fmt::format("Quota exceeded for quota metric '{} requests' and limit '{} requests per "
                                        "minute per user' of service 'sheets.googleapis.com'.",
                                        write ? "Write" : "Read", write ? "Write" : "Read"));
  }
  if (r.path.rfind(kBase, 0) != 0) return SheetsError(404, "Requested entity was not found.");
  std::string rest = r.path.substr(kBase.size());
  if (rest.empty()) {
    if (r.method == "POST") return Create(r, caller, now);
    return SheetsError(405, fmt::format("{} {} is not a Sheets v4 method", r.method, r.path));
  }
  if (rest[0] != '/') return SheetsError(404, "Requested entity was not found.");
  rest.erase(0, 1);
  // {id}, {id}:batchUpdate, {id}/values/{range}[:append|:clear], {id}/values:batchGet|...
  size_t id_end = rest.find_first_of("/:");
  Target t;
  t.id = rest.substr(0, id_end);
  const std::string tail = id_end == std::string::npos ? std::string() : rest.substr(id_end);
  const std::optional<FileCatalog::Entry> file = files_.FindFile(t.id);
  if (!file) return SheetsError(404, "Requested entity was not found.");
  if (file->mime_type != kSpreadsheetMime) {
    return SheetsError(400, "This operation is not supported for this document");
  }
  t.ss = &sheets_.Open(t.id);
  if (tail.empty() && r.method == "GET") return Get(r, t);
  if (tail == ":batchUpdate" && r.method == "POST") return BatchUpdate(r, t, caller, now);
  if (tail == "/values:batchGet" && r.method == "GET") return ValuesBatchGet(r, t);
  if (tail == "/values:batchUpdate" && r.method == "POST") return ValuesBatchUpdate(r, t);
  if (tail == "/values:batchClear" && r.method == "POST") return ValuesBatchClear(r, t);
  if (tail.rfind("/values/", 0) == 0) {
    std::string range = tail.substr(8);
    auto ends_with = [&range](std::string_view verb) {
      return range.size() > verb.size() && range.compare(range.size() - verb.size(), verb.size(), verb) == 0;
    };
    if (ends_with(":append") && r.method == "POST") return ValuesAppend(r, t, range.substr(0, range.size() - 7));
    if (ends_with(":clear") && r.method == "POST") return ValuesClear(r, t, range.substr(0, range.size() - 6));
    if (r.method == "GET") return ValuesGet(r, t, range);
    if (r.method == "PUT") return ValuesUpdate(r, t, range);
  }
  return SheetsError(405, fmt::format("{} {} is not a Sheets v4 method", r.method, r.path));
}

HttpResponse SheetsService::Create(const HttpRequest& r, ExecutionId caller, Instant now) {
  Status p = CheckParams(r, {});
  if (!p.ok()) return SheetsError(p);
  StatusOr<Json> body = ParseBody(r.body, {"spreadsheetId", "properties", "sheets", "namedRanges",
                                           "spreadsheetUrl", "developerMetadata", "dataSources"});
  if (!body.ok()) return SheetsError(body.status());
  if (body->contains("spreadsheetId")) return SheetsError(400, "spreadsheetId cannot be set on create.");
  std::string title = "Untitled spreadsheet";
  Json props = body->value("properties", Json::object());
  if (!props.is_object()) return SheetsError(400, "Invalid JSON payload received. 'properties' must be an object.");
  if (props.contains("title")) {
    if (!props["title"].is_string()) return SheetsError(400, "Invalid value at 'spreadsheet.properties.title'");
    title = props["title"].get<std::string>();
  }
  std::vector<std::string> titles;
  std::vector<std::pair<int, int>> sizes;
  for (const Json& s : body->value("sheets", Json::array())) {
    const Json sp = s.is_object() ? s.value("properties", Json::object()) : Json();
    if (!sp.is_object()) return SheetsError(400, "Invalid JSON payload received. 'sheets[]' must hold objects.");
    std::string t = sp.value("title", fmt::format("Sheet{}", titles.size() + 1));
    if (std::find(titles.begin(), titles.end(), t) != titles.end()) {
      return SheetsError(400, fmt::format("A sheet with the name \"{}\" already exists. Please enter another name.", t));
    }
    titles.push_back(t);
    const Json grid = sp.value("gridProperties", Json::object());
    sizes.emplace_back(grid.value("rowCount", 1000), grid.value("columnCount", 26));
  }
  StatusOr<std::string> id = files_.CreateFile(caller, now, title, kSpreadsheetMime);
  if (!id.ok()) return SheetsError(id.status());
  Spreadsheet& ss = sheets_.Create(*id, titles);
  if (props.contains("locale") && props["locale"].is_string()) ss.locale = props["locale"];
  if (props.contains("timeZone") && props["timeZone"].is_string()) ss.time_zone = props["timeZone"];
  for (size_t i = 0; i < sizes.size(); ++i) {
    ss.sheets[i].row_count = std::max(1, sizes[i].first);
    ss.sheets[i].column_count = std::max(1, sizes[i].second);
  }
  Target t{*id, &ss};
  return Get(HttpRequest{.method = "GET", .path = r.path, .query = r.query}, t);
}

HttpResponse SheetsService::Get(const HttpRequest& r, Target& t) {
  Status p = CheckParams(r, {"ranges", "includeGridData", "excludeTablesInBandedRanges"});
  if (!p.ok()) return SheetsError(p);
  const Spreadsheet& ss = *t.ss;
  const bool grid_data = r.Param("includeGridData").value_or("false") == "true";
  std::vector<std::optional<GridRange>> only(ss.sheets.size());  // per sheet: the grid data asked for
  bool filtered = false;
  for (auto [it, end] = r.query.equal_range("ranges"); it != end; ++it) {
    StatusOr<GridRange> g = ParseA1(ss, it->second);
    if (!g.ok()) return SheetsError(g.status());
    StatusOr<GridRange> b = Bounded(ss, *g, it->second);
    if (!b.ok()) return SheetsError(b.status());
    only[b->sheet] = *b;
    filtered = true;
  }
  Json sheets = Json::array();
  for (size_t i = 0; i < ss.sheets.size(); ++i) {
    if (filtered && !only[i]) continue;
    Json sheet{{"properties", SheetProperties(ss.sheets[i], i)}};
    if (grid_data) {
      const GridRange g = only[i].value_or(GridRange{static_cast<int>(i), 0, ss.sheets[i].row_count, 0,
                                                      ss.sheets[i].column_count});
      Json row_data = Json::array();
      const Sheet& s = ss.sheets[i];
      for (int row = g.row0; row < std::min<int>(g.row1, s.rows.size()); ++row) {
        Json values = Json::array();
        for (int col = g.col0; col < std::min<int>(g.col1, s.rows[row].size()); ++col) {
          const Cell* c = SheetsModel::At(s, row, col);
          if (c == nullptr) {
            values.push_back(Json::object());
            continue;
          }
          const char* kind = c->formula ? "formulaValue"
                             : c->value.is_string() ? "stringValue"
                             : c->value.is_boolean() ? "boolValue" : "numberValue";
          Json v{{"userEnteredValue", Json{{kind, c->value}}}};
          if (!c->formula) v["effectiveValue"] = Json{{kind, c->value}};
          v["formattedValue"] = RenderCell(*c, RenderOption::kFormatted);
          values.push_back(std::move(v));
        }
        row_data.push_back(Json{{"values", std::move(values)}});
      }
      Json data{{"rowData", std::move(row_data)}};
      if (g.row0 > 0) data["startRow"] = g.row0;
      if (g.col0 > 0) data["startColumn"] = g.col0;
      sheet["data"] = Json::array({std::move(data)});
    }
    sheets.push_back(std::move(sheet));
  }
  const std::optional<FileCatalog::Entry> file = files_.FindFile(t.id);
  Json body{{"spreadsheetId", t.id},
            {"properties", Json{{"title", file ? file->name : std::string()}, {"locale", ss.locale}, {"autoRecalc", "ON_CHANGE"},
                                {"timeZone", ss.time_zone}}},
            {"sheets", std::move(sheets)},
            {"spreadsheetUrl", fmt::format("https://docs.google.com/spreadsheets/d/{}/edit", t.id)}};
  return WithFields(r, body);
}

HttpResponse SheetsService::BatchUpdate(const HttpRequest& r, Target& t, ExecutionId caller, Instant now) {
  Status p = CheckParams(r, {});
  if (!p.ok()) return SheetsError(p);
  StatusOr<Json> body = ParseBody(r.body, {"requests", "includeSpreadsheetInResponse", "responseRanges",
                                           "responseIncludeGridData"});
  if (!body.ok()) return SheetsError(body.status());
  if (!body->contains("requests") || !(*body)["requests"].is_array() || (*body)["requests"].empty()) {
    return SheetsError(400, "Must specify at least one request.");
  }
  Spreadsheet draft = *t.ss;  // all requests apply, or none
  std::optional<std::string> new_title;
  Json replies = Json::array();
  const Json& requests = (*body)["requests"];
  for (size_t i = 0; i < requests.size(); ++i) {
    const Json& req = requests[i];
    if (!req.is_object() || req.size() != 1) {
      return SheetsError(400, fmt::format("Invalid requests[{}]: exactly one kind of request is expected.", i));
    }
    const std::string kind = req.begin().key();
    const Json& a = req.begin().value();
    auto fail = [&](std::string_view message) {
      return SheetsError(400, fmt::format("Invalid requests[{}].{}: {}", i, kind, message));
    };
    if (kind == "addSheet") {
      const Json sp = a.value("properties", Json::object());
      Sheet s;
      s.title = sp.value("title", fmt::format("Sheet{}", draft.sheets.size() + 1));
      if (draft.IndexOfTitle(s.title) >= 0) {
        return fail(fmt::format("A sheet with the name \"{}\" already exists. Please enter another name.", s.title));
      }
      s.sheet_id = sp.contains("sheetId") ? sp["sheetId"].get<int64_t>() : sheets_.NewSheetId();
      if (draft.IndexOfSheetId(s.sheet_id) >= 0) return fail(fmt::format("Sheet with id {} already exists.", s.sheet_id));
      const Json grid = sp.value("gridProperties", Json::object());
      s.row_count = std::max(1, grid.value("rowCount", 1000));
      s.column_count = std::max(1, grid.value("columnCount", 26));
      size_t index = std::min<size_t>(sp.value("index", draft.sheets.size()), draft.sheets.size());
      draft.sheets.insert(draft.sheets.begin() + index, s);
      replies.push_back(Json{{"addSheet", Json{{"properties", SheetProperties(s, index)}}}});
    } else if (kind == "deleteSheet") {
      const int index = draft.IndexOfSheetId(a.value("sheetId", int64_t{-1}));
      if (index < 0) return fail(fmt::format("No grid with id: {}", a.value("sheetId", int64_t{-1})));
      if (draft.sheets.size() == 1) return fail("You can't remove all the sheets in a document.");
      draft.sheets.erase(draft.sheets.begin() + index);
      replies.push_back(Json::object());
    } else if (kind == "updateSheetProperties") {
      const Json sp = a.value("properties", Json::object());
      const int index = draft.IndexOfSheetId(sp.value("sheetId", int64_t{0}));
      if (index < 0) return fail(fmt::format("No grid with id: {}", sp.value("sheetId", int64_t{0})));
      const std::string fields = a.value("fields", std::string());
      if (fields.empty()) return fail("At least one field must be updated, but 'fields' is empty.");
      Sheet& s = draft.sheets[index];
      if (fields == "*" || fields.find("title") != std::string::npos) {
        const std::string title = sp.value("title", s.title);
        const int other = draft.IndexOfTitle(title);
        if (other >= 0 && other != index) {
          return fail(fmt::format("A sheet with the name \"{}\" already exists. Please enter another name.", title));
        }
        s.title = title;
      }
      if (fields == "*" || fields.find("gridProperties") != std::string::npos) {
        const Json grid = sp.value("gridProperties", Json::object());
        s.row_count = std::max(1, grid.value("rowCount", s.row_count));
        s.column_count = std::max(1, grid.value("columnCount", s.column_count));
      }
      replies.push_back(Json::object());
    } else if (kind == "updateSpreadsheetProperties") {
      const Json sp = a.value("properties", Json::object());
      const std::string fields = a.value("fields", std::string());
      if (fields.empty()) return fail("At least one field must be updated, but 'fields' is empty.");
      if ((fields == "*" || fields.find("title") != std::string::npos) && sp.contains("title")) new_title = sp["title"];
      if ((fields == "*" || fields.find("locale") != std::string::npos) && sp.contains("locale")) draft.locale = sp["locale"];
      if ((fields == "*" || fields.find("timeZone") != std::string::npos) && sp.contains("timeZone")) {
        draft.time_zone = sp["timeZone"];
      }
      replies.push_back(Json::object());
    } else if (kind == "appendDimension") {
      const int index = draft.IndexOfSheetId(a.value("sheetId", int64_t{0}));
      if (index < 0) return fail(fmt::format("No grid with id: {}", a.value("sheetId", int64_t{0})));
      const int length = a.value("length", 0);
      if (length <= 0) return fail("length must be positive.");
      const std::string dim = a.value("dimension", std::string());
      if (dim == "ROWS") draft.sheets[index].row_count += length;
      else if (dim == "COLUMNS") draft.sheets[index].column_count += length;
      else return fail("dimension must be ROWS or COLUMNS.");
      replies.push_back(Json::object());
    } else {
      return SheetsError(400, fmt::format("Invalid JSON payload received. Unknown name \"{}\" at 'requests[{}]': "
                                          "Cannot find field.", kind, i));
    }
  }
  if (new_title) {
    Status renamed = files_.RenameFile(caller, now, t.id, *new_title);
    if (!renamed.ok()) return SheetsError(renamed);
  }
  *t.ss = std::move(draft);
  Json out{{"spreadsheetId", t.id}, {"replies", replies}};
  if (body->value("includeSpreadsheetInResponse", false)) {
    HttpResponse whole = Get(HttpRequest{.method = "GET"}, t);
    out["updatedSpreadsheet"] = Json::parse(whole.body);
  }
  return JsonResponse(out);
}

}  // namespace lockstep::mocks
