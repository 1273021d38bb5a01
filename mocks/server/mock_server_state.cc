// The admin state snapshot of MockServer (GET and PUT /__admin/state, lockstep serve --state):
// Drive, Sheets and Notion as one JSON document, written and loaded all or nothing.
#include <fmt/format.h>

#include "mocks/server/internal/server_clock.h"
#include "mocks/server/mock_server.h"
#include "src/encoding.h"

namespace lockstep::mocks {
namespace {

using Json = nlohmann::json;
using internal::WallNow;

}  // namespace

Json DriveStateJson(const DriveModel& model) {
  Json files = Json::array();
  const auto& all = model.files();
  for (size_t i = 1; i < all.size(); ++i) {
    if (model.IsDeleted(static_cast<int>(i))) continue;
    const DriveFile& f = all[i];
    Json file{{"id", f.id}, {"name", f.name}, {"mimeType", f.mime_type}, {"parents", {f.parent_id}},
              {"trashed", f.trashed}, {"createdTime", FormatRfc3339(f.created_time)},
              {"modifiedTime", FormatRfc3339(f.modified_time)}};
    const StatusOr<std::string> stored = model.Content(f.id);
    const std::string content = stored.ok() ? *stored : std::string();
    // A media upload may hold any bytes; JSON strings hold UTF-8 only.
    if (IsValidUtf8(content)) file["content"] = content;
    else file["contentBase64"] = Base64Encode(content);
    file["appProperties"] = model.AppProperties(static_cast<int>(i));
    files.push_back(std::move(file));
  }
  return {{"files", files}};
}

Status LoadDriveState(DriveModel& model, const Json& drive, Instant now, uint64_t seed) {
  if (!drive.is_object() || !drive.contains("files") || !drive["files"].is_array()) {
    return Status(StatusCode::kInvalidArgument, 400, "invalid", "state: expected {\"drive\": {\"files\": [...]}}");
  }
  model.Reset(now, seed);
  std::vector<Json> pending(drive["files"].begin(), drive["files"].end());
  while (!pending.empty()) {  // parents first, in whatever order they come
    std::vector<Json> later;
    for (const Json& f : pending) {
      if (!f.contains("id") || !f.contains("name") || !f.contains("mimeType") || !f["id"].is_string()) {
        return Status(StatusCode::kInvalidArgument, 400, "invalid", "state: every file needs id, name and mimeType");
      }
      DriveFile d;
      d.id = f["id"];
      d.name = f["name"];
      d.mime_type = f["mimeType"];
      d.parent_id = f.contains("parents") && !f["parents"].empty() ? f["parents"][0].get<std::string>() : "root";
      d.trashed = f.value("trashed", false);
      Instant t = now;
      if (f.contains("createdTime")) ParseRfc3339(f["createdTime"].get<std::string>(), t);
      d.created_time = t;
      if (f.contains("modifiedTime")) ParseRfc3339(f["modifiedTime"].get<std::string>(), t);
      d.modified_time = t;
      std::map<std::string, std::string> props;
      if (f.contains("appProperties")) props = f["appProperties"].get<std::map<std::string, std::string>>();
      std::string content = f.value("content", std::string());
      if (f.contains("contentBase64") && !Base64Decode(f["contentBase64"].get<std::string>(), content)) {
        return Status(StatusCode::kInvalidArgument, 400, "invalid", "state: contentBase64 is not base64");
      }
      Status st = model.Restore(d, content, props);
      if (st.code() == StatusCode::kNotFound) later.push_back(f);
      else if (!st.ok()) return st;
    }
    if (later.size() == pending.size()) {
      return Status(StatusCode::kInvalidArgument, 400, "invalid", "state: some files have a parent that does not exist");
    }
    pending = std::move(later);
  }
  return Status();
}

Json MockServer::State() {
  std::lock_guard<std::mutex> lock(mu_);
  return StateLocked();
}

Status MockServer::LoadState(const Json& state) {
  std::lock_guard<std::mutex> lock(mu_);
  return LoadStateLocked(state);
}

Json MockServer::StateLocked() {
  Json files = DriveStateJson(drive_model_)["files"];
  Json spreadsheets = Json::array();
  for (const auto& [id, ss] : sheets_model_.spreadsheets()) {
    if (drive_model_.IndexOf(id) < 0) continue;
    Json tabs = Json::array();
    for (const Sheet& sheet : ss.sheets) {
      Json rows = Json::array();
      for (const auto& row : sheet.rows) {
        Json cells = Json::array();
        for (const Cell& c : row) cells.push_back(c.formula ? Json{{"formula", c.value}} : c.value);
        rows.push_back(std::move(cells));
      }
      tabs.push_back({{"sheetId", sheet.sheet_id}, {"title", sheet.title}, {"rowCount", sheet.row_count},
                      {"columnCount", sheet.column_count}, {"rows", std::move(rows)}});
    }
    spreadsheets.push_back({{"id", id}, {"locale", ss.locale}, {"timeZone", ss.time_zone}, {"sheets", tabs}});
  }
  return {{"drive", {{"files", files}}},
          {"sheets", {{"spreadsheets", spreadsheets}}},
          {"notion", Json::parse(notion_model_.Dump().dump())}};
}

Status MockServer::LoadSheets(const Json& state) {
  const Status bad(StatusCode::kInvalidArgument, 400, "invalid",
                   "state: expected \"sheets\": {\"spreadsheets\": [{\"id\", \"sheets\": [{\"title\", \"rows\"}]}]}");
  if (!state.is_object() || !state.contains("spreadsheets") || !state["spreadsheets"].is_array()) return bad;
  for (const Json& s : state["spreadsheets"]) {
    if (!s.is_object() || !s.contains("id") || !s["id"].is_string() || !s.contains("sheets") ||
        !s["sheets"].is_array() || s["sheets"].empty()) {
      return bad;
    }
    const std::string id = s["id"];
    const int index = drive_model_.IndexOf(id);
    if (index < 0 || drive_model_.files()[index].mime_type != "application/vnd.google-apps.spreadsheet") {
      return Status(StatusCode::kInvalidArgument, 400, "invalid",
                    "state: spreadsheet " + id + " needs a Drive file of the spreadsheet mimeType");
    }
    std::vector<std::string> titles;
    for (const Json& tab : s["sheets"]) {
      if (!tab.is_object() || !tab.contains("title") || !tab["title"].is_string()) return bad;
      titles.push_back(tab["title"]);
    }
    Spreadsheet& ss = sheets_model_.Create(id, titles);
    ss.locale = s.value("locale", ss.locale);
    ss.time_zone = s.value("timeZone", ss.time_zone);
    for (size_t i = 0; i < titles.size(); ++i) {
      const Json& tab = s["sheets"][i];
      Sheet& sheet = ss.sheets[i];
      sheet.sheet_id = tab.value("sheetId", sheet.sheet_id);
      sheet.row_count = tab.value("rowCount", sheet.row_count);
      sheet.column_count = tab.value("columnCount", sheet.column_count);
      const Json rows = tab.value("rows", Json::array());
      for (size_t r = 0; r < rows.size(); ++r) {
        if (!rows[r].is_array()) return bad;
        for (size_t c = 0; c < rows[r].size(); ++c) {
          const Json& v = rows[r][c];
          Cell cell;
          if (v.is_object() && v.contains("formula")) {
            cell.value = v["formula"];
            cell.formula = true;
          } else {
            cell.value = v;
          }
          SheetsModel::Set(sheet, static_cast<int>(r), static_cast<int>(c), std::move(cell));
        }
      }
    }
  }
  return Status();
}

Status MockServer::LoadStateLocked(const Json& state) {
  if (!state.is_object() || !state.contains("drive")) {
    return Status(StatusCode::kInvalidArgument, 400, "invalid", "state: expected {\"drive\": {\"files\": [...]}}");
  }
  // Loaded beside the live state and swapped in whole: a snapshot that fails half-way (a field of
  // the wrong type) leaves the server as it was.
  DriveModel drive(options_.drive);
  SheetsModel sheets(options_.seed);
  NotionModel notion(notion_model_.knobs(), options_.seed);
  std::swap(drive_model_, drive);
  std::swap(sheets_model_, sheets);
  std::swap(notion_model_, notion);
  Status loaded;
  try {
    loaded = LoadDriveState(drive_model_, state["drive"], WallNow(), options_.seed);
    if (loaded.ok() && state.contains("sheets")) loaded = LoadSheets(state["sheets"]);
    if (loaded.ok() && state.contains("notion")) loaded = notion_model_.Load(NJson::parse(state["notion"].dump()), WallNow());
  } catch (const Json::exception& e) {
    loaded = Status(StatusCode::kInvalidArgument, 400, "invalid", fmt::format("state: {}", e.what()));
  }
  if (!loaded.ok()) {  // the old state back
    std::swap(drive_model_, drive);
    std::swap(sheets_model_, sheets);
    std::swap(notion_model_, notion);
  }
  return loaded;
}


}  // namespace lockstep::mocks
