// SheetsService's values endpoints: get, batchGet, update, append, clear, batchUpdate, batchClear,
// and the cell reading and writing they share.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "mocks/sheets/internal/sheets_request.h"

namespace lockstep::mocks {

using namespace sheets_internal;  // NOLINT: the helpers of this service

namespace {

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
