#include "mocks/sheets_service.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mocks/field_mask.h"

namespace lockstep::mocks {
namespace {

using Json = nlohmann::ordered_json;
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

StatusOr<Json> ParseBody(const std::string& body, const std::set<std::string>& fields, std::string_view where = "") {
  if (body.empty()) return Json::object();
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

const std::set<std::string> kValueRangeFields = {"range", "majorDimension", "values"};

StatusOr<RenderOption> ParseRender(const std::optional<std::string>& v) {
  const std::string s = v.value_or("FORMATTED_VALUE");
  if (s == "FORMATTED_VALUE") return RenderOption::kFormatted;
  if (s == "UNFORMATTED_VALUE") return RenderOption::kUnformatted;
  if (s == "FORMULA") return RenderOption::kFormula;
  return Invalid(fmt::format("Invalid value at 'value_render_option' (type.googleapis.com/"
                             "google.apps.sheets.v4.ValueRenderOption), \"{}\"", s));
}

StatusOr<bool> ParseMajorColumns(const std::string& s) {
  if (s.empty() || s == "ROWS" || s == "DIMENSION_UNSPECIFIED") return false;
  if (s == "COLUMNS") return true;
  return Invalid(fmt::format("Invalid value at 'major_dimension' (type.googleapis.com/"
                             "google.apps.sheets.v4.Dimension), \"{}\"", s));
}

StatusOr<bool> ParseInputOption(const std::optional<std::string>& v) {
  if (!v || v->empty() || *v == "INPUT_VALUE_OPTION_UNSPECIFIED") {
    return Invalid("'valueInputOption' is required but not specified");
  }
  if (*v == "RAW") return false;
  if (*v == "USER_ENTERED") return true;
  return Invalid(fmt::format("Invalid value at 'value_input_option' (type.googleapis.com/"
                             "google.apps.sheets.v4.ValueInputOption), \"{}\"", *v));
}

Json SheetProperties(const Sheet& s, size_t index) {
  return Json{{"sheetId", s.sheet_id}, {"title", s.title}, {"index", index}, {"sheetType", "GRID"},
              {"gridProperties", Json{{"rowCount", s.row_count}, {"columnCount", s.column_count}}}};
}

// The range bounded by the grid, or 400 "exceeds grid limits".
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

Json ReadValues(const Spreadsheet& ss, const GridRange& b, bool columns, RenderOption render) {
  const Sheet& s = ss.sheets[b.sheet];
  const int outer1 = columns ? b.col1 : b.row1;
  const int inner1 = columns ? b.row1 : b.col1;
  const int outer0 = columns ? b.col0 : b.row0;
  const int inner0 = columns ? b.row0 : b.col0;
  Json values = Json::array();
  size_t non_empty = 0;  // rows up to the last non-empty one
  for (int o = outer0; o < outer1; ++o) {
    Json line = Json::array();
    size_t used = 0;
    for (int i = inner0; i < inner1; ++i) {
      const Cell* c = columns ? SheetsModel::At(s, i, o) : SheetsModel::At(s, o, i);
      if (c == nullptr) {
        if (!columns && o >= static_cast<int>(s.rows.size())) break;
        line.push_back("");
        continue;
      }
      line.push_back(Json(RenderCell(*c, render)));
      used = line.size();
    }
    while (line.size() > used) line.erase(line.size() - 1);
    values.push_back(std::move(line));
    if (used > 0) non_empty = values.size();
    if (!columns && o >= static_cast<int>(s.rows.size())) break;
  }
  while (values.size() > non_empty) values.erase(values.size() - 1);
  return values;
}

Json ValueRange(const Spreadsheet& ss, const GridRange& b, bool columns, RenderOption render) {
  Json vr{{"range", FormatA1(ss, b)}, {"majorDimension", columns ? "COLUMNS" : "ROWS"}};
  Json values = ReadValues(ss, b, columns, render);
  if (!values.empty()) vr["values"] = std::move(values);
  return vr;
}

// A ValueRange body's values as rows (COLUMNS transposed), checked cell by cell.
StatusOr<std::vector<std::vector<Json>>> RowsOf(const Json& vr) {
  StatusOr<bool> columns = ParseMajorColumns(vr.value("majorDimension", std::string()));
  if (!columns.ok()) return columns.status();
  std::vector<std::vector<Json>> rows;
  if (!vr.contains("values")) return rows;
  const Json& values = vr["values"];
  if (!values.is_array()) return Invalid("Invalid JSON payload received. 'values' must be a list of lists.");
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i].is_array()) return Invalid(fmt::format("Invalid values[{}]: a list of lists is expected.", i));
    for (size_t j = 0; j < values[i].size(); ++j) {
      const Json& v = values[i][j];
      if (!v.is_null() && !v.is_string() && !v.is_number() && !v.is_boolean()) {
        return Invalid(fmt::format("Invalid values[{}][{}]: {}", i, j, v.dump()));
      }
      const size_t r = *columns ? j : i;
      const size_t c = *columns ? i : j;
      if (rows.size() <= r) rows.resize(r + 1);
      if (rows[r].size() <= c) rows[r].resize(c + 1);
      rows[r][c] = v;
    }
  }
  return rows;
}

struct WriteResult {
  Json response;
  GridRange written;
  int rows = 0, columns = 0, cells = 0;
};

// Writes rows at the top-left of `target`. Bounded targets must hold the values; the grid grows
// only when `grow` (append), else writing past it is 400.
StatusOr<WriteResult> WriteRows(Spreadsheet& ss, const std::string& id, const GridRange& target,
                                const std::vector<std::vector<Json>>& rows, bool user_entered, bool grow,
                                std::string_view a1) {
  Sheet& s = ss.sheets[target.sheet];
  GridRange anchor = target;
  if (anchor.row1 == anchor.row0 + 1 && anchor.col1 == anchor.col0 + 1) anchor.row1 = anchor.col1 = -1;  // "A1": a start
  const GridRange& t = anchor;
  int width = 0;
  for (const auto& row : rows) width = std::max<int>(width, row.size());
  const int height = static_cast<int>(rows.size());
  if (t.row1 >= 0 && t.row0 + height > t.row1) {
    return Invalid(fmt::format("Requested writing within range [{}], but tried writing to row [{}]", a1,
                               t.row0 + height));
  }
  if (t.col1 >= 0 && t.col0 + width > t.col1) {
    return Invalid(fmt::format("Requested writing within range [{}], but tried writing to column [{}]", a1,
                               ColumnName(t.col0 + width - 1)));
  }
  if (t.row0 + height > s.row_count || t.col0 + width > s.column_count) {
    if (!grow) {
      return Invalid(fmt::format("Range ({}) exceeds grid limits. Max rows: {}, max columns: {}", a1, s.row_count,
                                 s.column_count));
    }
    s.row_count = std::max(s.row_count, t.row0 + height);
    s.column_count = std::max(s.column_count, t.col0 + width);
  }
  WriteResult out;
  std::set<int> touched_columns;
  for (int r = 0; r < height; ++r) {
    bool touched = false;
    for (int c = 0; c < static_cast<int>(rows[r].size()); ++c) {
      if (rows[r][c].is_null()) continue;
      SheetsModel::Set(s, t.row0 + r, t.col0 + c, ParseInput(rows[r][c], user_entered));
      touched = true;
      touched_columns.insert(c);
      ++out.cells;
    }
    if (touched) ++out.rows;
  }
  out.columns = static_cast<int>(touched_columns.size());
  out.written = GridRange{t.sheet, t.row0, t.row0 + std::max(height, 1), t.col0,
                          t.col0 + std::max(width, 1)};
  out.response = Json{{"spreadsheetId", id}, {"updatedRange", FormatA1(ss, out.written)}};
  if (out.cells > 0) {
    out.response["updatedRows"] = out.rows;
    out.response["updatedColumns"] = out.columns;
    out.response["updatedCells"] = out.cells;
  }
  return out;
}

}  // namespace

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

// The spreadsheet a request names, resolved through Drive.
struct SheetsService::Target {
  std::string id;
  int drive_index = -1;
  Spreadsheet* ss = nullptr;
};

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
  t.drive_index = drive_.IndexOf(t.id);
  if (t.drive_index < 0) return SheetsError(404, "Requested entity was not found.");
  if (drive_.files()[t.drive_index].mime_type != kSpreadsheetMime) {
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
  StatusOr<DriveFile> f = drive_.Create(caller, now, CreateFileRequest{.parent_id = DriveModel::kRootId, .name = title,
                                                                       .mime_type = kSpreadsheetMime});
  if (!f.ok()) return SheetsError(f.status());
  Spreadsheet& ss = sheets_.Create(f->id, titles);
  if (props.contains("locale") && props["locale"].is_string()) ss.locale = props["locale"];
  if (props.contains("timeZone") && props["timeZone"].is_string()) ss.time_zone = props["timeZone"];
  for (size_t i = 0; i < sizes.size(); ++i) {
    ss.sheets[i].row_count = std::max(1, sizes[i].first);
    ss.sheets[i].column_count = std::max(1, sizes[i].second);
  }
  Target t{f->id, drive_.IndexOf(f->id), &ss};
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
  const DriveFile& f = drive_.files()[t.drive_index];
  Json body{{"spreadsheetId", t.id},
            {"properties", Json{{"title", f.name}, {"locale", ss.locale}, {"autoRecalc", "ON_CHANGE"},
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
    FileUpdate u;
    u.name = *new_title;
    StatusOr<DriveFile> f = drive_.Update(caller, now, t.id, u);
    if (!f.ok()) return SheetsError(f.status());
  }
  *t.ss = std::move(draft);
  Json out{{"spreadsheetId", t.id}, {"replies", replies}};
  if (body->value("includeSpreadsheetInResponse", false)) {
    HttpResponse whole = Get(HttpRequest{.method = "GET"}, t);
    out["updatedSpreadsheet"] = Json::parse(whole.body);
  }
  return JsonResponse(out);
}

HttpResponse SheetsService::ValuesGet(const HttpRequest& r, Target& t, const std::string& range) {
  Status p = CheckParams(r, {"majorDimension", "valueRenderOption", "dateTimeRenderOption"});
  if (!p.ok()) return SheetsError(p);
  StatusOr<bool> columns = ParseMajorColumns(r.Param("majorDimension").value_or(""));
  if (!columns.ok()) return SheetsError(columns.status());
  StatusOr<RenderOption> render = ParseRender(r.Param("valueRenderOption"));
  if (!render.ok()) return SheetsError(render.status());
  StatusOr<GridRange> g = ParseA1(*t.ss, range);
  if (!g.ok()) return SheetsError(g.status());
  StatusOr<GridRange> b = Bounded(*t.ss, *g, range);
  if (!b.ok()) return SheetsError(b.status());
  return WithFields(r, ValueRange(*t.ss, *b, *columns, *render));
}

HttpResponse SheetsService::ValuesBatchGet(const HttpRequest& r, Target& t) {
  Status p = CheckParams(r, {"ranges", "majorDimension", "valueRenderOption", "dateTimeRenderOption"});
  if (!p.ok()) return SheetsError(p);
  StatusOr<bool> columns = ParseMajorColumns(r.Param("majorDimension").value_or(""));
  if (!columns.ok()) return SheetsError(columns.status());
  StatusOr<RenderOption> render = ParseRender(r.Param("valueRenderOption"));
  if (!render.ok()) return SheetsError(render.status());
  Json ranges = Json::array();
  for (auto [it, end] = r.query.equal_range("ranges"); it != end; ++it) {
    StatusOr<GridRange> g = ParseA1(*t.ss, it->second);
    if (!g.ok()) return SheetsError(g.status());
    StatusOr<GridRange> b = Bounded(*t.ss, *g, it->second);
    if (!b.ok()) return SheetsError(b.status());
    ranges.push_back(ValueRange(*t.ss, *b, *columns, *render));
  }
  return WithFields(r, Json{{"spreadsheetId", t.id}, {"valueRanges", ranges}});
}

namespace {

// Checks a ValueRange body against the URL's range: Sheets rejects a body range that differs.
Status CheckBodyRange(const Json& vr, const std::string& url_range) {
  if (vr.contains("range") && vr["range"].is_string() && vr["range"].get<std::string>() != url_range) {
    return Invalid(fmt::format("Requested writing within range [{}], but tried writing to [{}]", url_range,
                               vr["range"].get<std::string>()));
  }
  return Status();
}

// What a values.update or values.append request asks to write: the input option, the body's rows
// and the URL's range.
struct WriteInput {
  bool user_entered = false;
  std::vector<std::vector<Json>> rows;
  GridRange target;
};

StatusOr<WriteInput> ReadWriteInput(const HttpRequest& r, const Spreadsheet& ss, const std::string& range) {
  WriteInput in;
  StatusOr<bool> user_entered = ParseInputOption(r.Param("valueInputOption"));
  if (!user_entered.ok()) return user_entered.status();
  in.user_entered = *user_entered;
  StatusOr<Json> vr = ParseBody(r.body, kValueRangeFields);
  if (!vr.ok()) return vr.status();
  if (Status s = CheckBodyRange(*vr, range); !s.ok()) return s;
  StatusOr<std::vector<std::vector<Json>>> rows = RowsOf(*vr);
  if (!rows.ok()) return rows.status();
  in.rows = *std::move(rows);
  StatusOr<GridRange> g = ParseA1(ss, range);
  if (!g.ok()) return g.status();
  in.target = *g;
  return in;
}

void AddUpdatedData(WriteResult& w, const Spreadsheet& ss, const std::optional<std::string>& render_param) {
  StatusOr<RenderOption> render = ParseRender(render_param);
  w.response["updatedData"] = ValueRange(ss, w.written, false, render.ok() ? *render : RenderOption::kFormatted);
}

}  // namespace

HttpResponse SheetsService::ValuesUpdate(const HttpRequest& r, Target& t, const std::string& range) {
  Status p = CheckParams(r, {"valueInputOption", "includeValuesInResponse", "responseValueRenderOption",
                             "responseDateTimeRenderOption"});
  if (!p.ok()) return SheetsError(p);
  StatusOr<WriteInput> in = ReadWriteInput(r, *t.ss, range);
  if (!in.ok()) return SheetsError(in.status());
  StatusOr<WriteResult> w = WriteRows(*t.ss, t.id, in->target, in->rows, in->user_entered, /*grow=*/false, range);
  if (!w.ok()) return SheetsError(w.status());
  if (r.Param("includeValuesInResponse").value_or("false") == "true") {
    AddUpdatedData(*w, *t.ss, r.Param("responseValueRenderOption"));
  }
  return JsonResponse(w->response);
}

HttpResponse SheetsService::ValuesAppend(const HttpRequest& r, Target& t, const std::string& range) {
  Status p = CheckParams(r, {"valueInputOption", "insertDataOption", "includeValuesInResponse",
                             "responseValueRenderOption", "responseDateTimeRenderOption"});
  if (!p.ok()) return SheetsError(p);
  const std::string insert = r.Param("insertDataOption").value_or("OVERWRITE");
  if (insert != "OVERWRITE" && insert != "INSERT_ROWS") {
    return SheetsError(400, fmt::format("Invalid value at 'insert_data_option', \"{}\"", insert));
  }
  StatusOr<WriteInput> in = ReadWriteInput(r, *t.ss, range);
  if (!in.ok()) return SheetsError(in.status());
  const GridRange& g = in->target;
  Sheet& s = t.ss->sheets[g.sheet];
  // The table: the first non-empty row at or below the range's top, and the rows that follow it
  // without a gap, within the range's columns. New rows go right after it, from its first column.
  const int col1 = g.col1 < 0 ? s.column_count : g.col1;
  auto row_span = [&](int row) {
    std::pair<int, int> span{-1, -1};
    if (row >= static_cast<int>(s.rows.size())) return span;
    for (int c = g.col0; c < std::min<int>(col1, s.rows[row].size()); ++c) {
      if (SheetsModel::At(s, row, c) == nullptr) continue;
      if (span.first < 0) span.first = c;
      span.second = c + 1;
    }
    return span;
  };
  const int last = g.row1 < 0 ? static_cast<int>(s.rows.size()) : std::min<int>(g.row1, s.rows.size());
  int table0 = g.row0;
  while (table0 < last && row_span(table0).first < 0) ++table0;
  int table1 = table0;
  int tcol0 = -1, tcol1 = -1;
  while (table1 < static_cast<int>(s.rows.size())) {
    const auto span = row_span(table1);
    if (span.first < 0) break;
    tcol0 = tcol0 < 0 ? span.first : std::min(tcol0, span.first);
    tcol1 = std::max(tcol1, span.second);
    ++table1;
  }
  Json out{{"spreadsheetId", t.id}};
  GridRange target{g.sheet, g.row0, -1, g.col0, -1};
  if (table1 > table0) {
    out["tableRange"] = FormatA1(*t.ss, GridRange{g.sheet, table0, table1, tcol0, tcol1});
    target.row0 = table1;
    target.col0 = tcol0;
  }
  if (insert == "INSERT_ROWS" && !in->rows.empty()) SheetsModel::InsertRows(s, target.row0, in->rows.size());
  StatusOr<WriteResult> w = WriteRows(*t.ss, t.id, target, in->rows, in->user_entered, /*grow=*/true, range);
  if (!w.ok()) return SheetsError(w.status());
  if (r.Param("includeValuesInResponse").value_or("false") == "true") {
    AddUpdatedData(*w, *t.ss, r.Param("responseValueRenderOption"));
  }
  out["updates"] = w->response;
  return JsonResponse(out);
}

HttpResponse SheetsService::ValuesClear(const HttpRequest& r, Target& t, const std::string& range) {
  Status p = CheckParams(r, {});
  if (!p.ok()) return SheetsError(p);
  StatusOr<Json> body = ParseBody(r.body, {});
  if (!body.ok()) return SheetsError(body.status());
  StatusOr<GridRange> g = ParseA1(*t.ss, range);
  if (!g.ok()) return SheetsError(g.status());
  StatusOr<GridRange> b = Bounded(*t.ss, *g, range);
  if (!b.ok()) return SheetsError(b.status());
  SheetsModel::Clear(t.ss->sheets[b->sheet], *b);
  return JsonResponse(Json{{"spreadsheetId", t.id}, {"clearedRange", FormatA1(*t.ss, *b)}});
}

HttpResponse SheetsService::ValuesBatchUpdate(const HttpRequest& r, Target& t) {
  Status p = CheckParams(r, {});
  if (!p.ok()) return SheetsError(p);
  StatusOr<Json> body = ParseBody(r.body, {"valueInputOption", "data", "includeValuesInResponse",
                                           "responseValueRenderOption", "responseDateTimeRenderOption"});
  if (!body.ok()) return SheetsError(body.status());
  StatusOr<bool> user_entered =
      ParseInputOption(body->contains("valueInputOption") && (*body)["valueInputOption"].is_string()
                           ? std::optional<std::string>((*body)["valueInputOption"].get<std::string>())
                           : std::nullopt);
  if (!user_entered.ok()) return SheetsError(user_entered.status());
  const Json data = body->value("data", Json::array());
  if (!data.is_array()) return SheetsError(400, "Invalid JSON payload received. 'data' must be a list.");
  Spreadsheet draft = *t.ss;  // all ranges apply, or none
  Json responses = Json::array();
  int rows_total = 0, columns_total = 0, cells_total = 0;
  std::set<int> sheets;
  for (size_t i = 0; i < data.size(); ++i) {
    if (!data[i].is_object()) return SheetsError(400, fmt::format("Invalid data[{}]: expected a ValueRange.", i));
    for (auto it = data[i].begin(); it != data[i].end(); ++it) {
      if (kValueRangeFields.count(it.key()) == 0) {
        return SheetsError(400, fmt::format("Invalid JSON payload received. Unknown name \"{}\" at 'data[{}]': "
                                            "Cannot find field.", it.key(), i));
      }
    }
    const std::string range = data[i].value("range", std::string());
    StatusOr<GridRange> g = ParseA1(draft, range);
    if (!g.ok()) return SheetsError(g.status());
    StatusOr<std::vector<std::vector<Json>>> rows = RowsOf(data[i]);
    if (!rows.ok()) return SheetsError(rows.status());
    StatusOr<WriteResult> w = WriteRows(draft, t.id, *g, *rows, *user_entered, /*grow=*/false, range);
    if (!w.ok()) return SheetsError(w.status());
    if (body->value("includeValuesInResponse", false)) {
      AddUpdatedData(*w, draft, body->contains("responseValueRenderOption")
                                    ? std::optional<std::string>((*body)["responseValueRenderOption"])
                                    : std::nullopt);
    }
    rows_total += w->rows;
    columns_total += w->columns;
    cells_total += w->cells;
    if (w->cells > 0) sheets.insert(g->sheet);
    responses.push_back(w->response);
  }
  *t.ss = std::move(draft);
  Json out{{"spreadsheetId", t.id}};
  if (cells_total > 0) {
    out["totalUpdatedRows"] = rows_total;
    out["totalUpdatedColumns"] = columns_total;
    out["totalUpdatedCells"] = cells_total;
    out["totalUpdatedSheets"] = sheets.size();
  }
  out["responses"] = responses;
  return JsonResponse(out);
}

HttpResponse SheetsService::ValuesBatchClear(const HttpRequest& r, Target& t) {
  Status p = CheckParams(r, {});
  if (!p.ok()) return SheetsError(p);
  StatusOr<Json> body = ParseBody(r.body, {"ranges"});
  if (!body.ok()) return SheetsError(body.status());
  const Json ranges = body->value("ranges", Json::array());
  std::vector<GridRange> bounded;
  for (const Json& range : ranges) {
    if (!range.is_string()) return SheetsError(400, "Invalid JSON payload received. 'ranges' must hold strings.");
    StatusOr<GridRange> g = ParseA1(*t.ss, range.get<std::string>());
    if (!g.ok()) return SheetsError(g.status());
    StatusOr<GridRange> b = Bounded(*t.ss, *g, range.get<std::string>());
    if (!b.ok()) return SheetsError(b.status());
    bounded.push_back(*b);
  }
  Json cleared = Json::array();
  for (const GridRange& b : bounded) {
    SheetsModel::Clear(t.ss->sheets[b.sheet], b);
    cleared.push_back(FormatA1(*t.ss, b));
  }
  return JsonResponse(Json{{"spreadsheetId", t.id}, {"clearedRanges", cleared}});
}

}  // namespace lockstep::mocks
