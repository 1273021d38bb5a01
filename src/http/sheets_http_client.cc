#include "src/http/sheets_http_client.h"

#include "src/http/json_call.h"

namespace lockstep {
namespace {

using Json = nlohmann::json;
using http_internal::EscapePath;
using http_internal::JsonCall;

constexpr const char* kSpreadsheetFields = "spreadsheetId,spreadsheetUrl,properties.title,sheets.properties";

SpreadsheetInfo InfoFromJson(const Json& j) {
  SpreadsheetInfo info;
  info.id = j.value("spreadsheetId", "");
  info.url = j.value("spreadsheetUrl", "");
  if (j.contains("properties")) info.title = j["properties"].value("title", "");
  for (const Json& s : j.value("sheets", Json::array())) {
    const Json p = s.value("properties", Json::object());
    info.sheets.push_back(SheetInfo{p.value("sheetId", int64_t{0}), p.value("title", "")});
  }
  return info;
}

Json RowsJson(const ValueRows& rows) {
  Json values = Json::array();
  for (const auto& row : rows) values.push_back(row);
  return Json{{"majorDimension", "ROWS"}, {"values", values}};
}

const char* InputName(ValueInput input) { return input == ValueInput::kRaw ? "RAW" : "USER_ENTERED"; }

class SheetsHttpClient final : public SheetsApi {
 public:
  explicit SheetsHttpClient(HttpClientOptions o) : o_(std::move(o)) {}

  StatusOr<SpreadsheetInfo> Create(std::string_view title, const std::vector<std::string>& sheet_titles) override {
    Json body{{"properties", {{"title", title}}}};
    for (const std::string& t : sheet_titles) body["sheets"].push_back({{"properties", {{"title", t}}}});
    StatusOr<Json> j = JsonCall(o_, "POST", "/v4/spreadsheets", {{"fields", kSpreadsheetFields}}, body.dump());
    if (!j.ok()) return j.status();
    return InfoFromJson(*j);
  }

  StatusOr<SpreadsheetInfo> Get(std::string_view id) override {
    StatusOr<Json> j = JsonCall(o_, "GET", Path(id), {{"fields", kSpreadsheetFields}}, "");
    if (!j.ok()) return j.status();
    return InfoFromJson(*j);
  }

  StatusOr<int64_t> AddSheet(std::string_view id, std::string_view title) override {
    Json body{{"requests", Json::array({Json{{"addSheet", {{"properties", {{"title", title}}}}}}})}};
    StatusOr<Json> j = JsonCall(o_, "POST", Path(id) + ":batchUpdate", {}, body.dump());
    if (!j.ok()) return j.status();
    return (*j)["replies"][0]["addSheet"]["properties"].value("sheetId", int64_t{0});
  }

  StatusOr<ValueRows> GetValues(std::string_view id, std::string_view range) override {
    StatusOr<Json> j = JsonCall(o_, "GET", Path(id) + "/values/" + EscapePath(range), {}, "");
    if (!j.ok()) return j.status();
    ValueRows rows;
    for (const Json& row : j->value("values", Json::array())) {
      std::vector<std::string> cells;
      for (const Json& c : row) cells.push_back(c.is_string() ? c.get<std::string>() : c.dump());
      rows.push_back(std::move(cells));
    }
    return rows;
  }

  Status UpdateValues(std::string_view id, std::string_view range, const ValueRows& rows, ValueInput input) override {
    return JsonCall(o_, "PUT", Path(id) + "/values/" + EscapePath(range), {{"valueInputOption", InputName(input)}},
                    RowsJson(rows).dump())
        .status();
  }

  StatusOr<std::string> AppendValues(std::string_view id, std::string_view range, const ValueRows& rows,
                                     ValueInput input) override {
    StatusOr<Json> j = JsonCall(o_, "POST", Path(id) + "/values/" + EscapePath(range) + ":append",
                                {{"valueInputOption", InputName(input)}, {"insertDataOption", "INSERT_ROWS"}},
                                RowsJson(rows).dump());
    if (!j.ok()) return j.status();
    return (*j)["updates"].value("updatedRange", "");
  }

  Status ClearValues(std::string_view id, std::string_view range) override {
    return JsonCall(o_, "POST", Path(id) + "/values/" + EscapePath(range) + ":clear", {}, "{}").status();
  }

 private:
  static std::string Path(std::string_view id) { return "/v4/spreadsheets/" + EscapePath(id, ""); }
  HttpClientOptions o_;
};

}  // namespace

std::unique_ptr<SheetsApi> NewSheetsHttpClient(const HttpClientOptions& options) {
  return std::make_unique<SheetsHttpClient>(options);
}

}  // namespace lockstep
