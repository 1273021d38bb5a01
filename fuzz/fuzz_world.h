// FuzzWorld: a fresh MockServer holding one of everything the route targets address, made through
// the API itself: a Drive folder with a file in it, a spreadsheet, a Notion database whose data
// source has a property of every type the model knows, and two pages in it. Its ids fill the
// placeholders of the corpora ({folder}, {file}, {spreadsheet}, {database}, {data_source},
// {page}, {root_page}, {token}), so a seed can name objects that exist in every run.
//
//   FuzzWorld world;
//   mocks::ServedResponse r = world.Send(ParseRawRequest(world.Fill(text)));
#ifndef LOCKSTEP_FUZZ_FUZZ_WORLD_H_
#define LOCKSTEP_FUZZ_FUZZ_WORLD_H_

#include <string>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.h"
#include "mocks/server/mock_server.h"

namespace lockstep::fuzz {

inline constexpr const char* kFuzzToken = "fuzz-token";

class FuzzWorld {
 public:
  FuzzWorld() : server_(mocks::MockServerOptions{.token = kFuzzToken, .seed = 7}) {
    folder_ = Id(Setup("POST", "/drive/v3/files", "", R"({"name":"Parent","mimeType":"application/vnd.google-apps.folder"})"), "id");
    file_ = Id(Setup("POST", "/drive/v3/files", "",
                     R"({"name":"Tasks.csv","mimeType":"text/csv","parents":[")" + folder_ + R"("]})"), "id");
    spreadsheet_ = Id(Setup("POST", "/v4/spreadsheets", "",
                            R"({"properties":{"title":"Index"},"sheets":[{"properties":{"title":"Databases"}},{"properties":{"title":"My tab"}}]})"),
                      "spreadsheetId");
    root_page_ = server_.State()["notion"]["root_page_id"].get<std::string>();
    const nlohmann::json db = Setup("POST", "/v1/databases", "2025-09-03", R"({"parent":{"type":"page_id","page_id":")" +
        root_page_ + R"("},"title":[{"type":"text","text":{"content":"Tracks"}}],"initial_data_source":{"properties":{
        "Name":{"title":{}},"Notes":{"rich_text":{}},"Plays":{"number":{"format":"number"}},
        "Genre":{"select":{"options":[{"name":"House"},{"name":"Techno"}]}},
        "Tags":{"multi_select":{"options":[{"name":"a"},{"name":"b"}]}},
        "State":{"status":{}},"Released":{"date":{}},"Done":{"checkbox":{}},
        "Link":{"url":{}},"Mail":{"email":{}},"Phone":{"phone_number":{}},
        "Created":{"created_time":{}},"Edited":{"last_edited_time":{}}}}})");
    database_ = Id(db, "id");
    data_source_ = db.contains("data_sources") && !db["data_sources"].empty() ? Id(db["data_sources"][0], "id") : "";
    // A relation to itself, added once the data source exists.
    Setup("PATCH", "/v1/data_sources/" + data_source_, "2025-09-03",
          R"({"properties":{"Related":{"relation":{"data_source_id":")" + data_source_ + R"(","single_property":{}}}}})");
    page_ = Id(Setup("POST", "/v1/pages", "2025-09-03", R"({"parent":{"data_source_id":")" + data_source_ +
                     R"("},"properties":{"Name":{"title":[{"text":{"content":"One"}}]},"Plays":{"number":3},"Tags":{"multi_select":[{"name":"a"}]}}})"),
               "id");
    Setup("POST", "/v1/pages", "2025-09-03", R"({"parent":{"data_source_id":")" + data_source_ +
          R"("},"properties":{"Name":{"title":[{"text":{"content":"Two"}}]},"Done":{"checkbox":true},"Related":{"relation":[{"id":")" +
          page_ + R"("}]}}})");
  }

  // `text` with its placeholders replaced by this world's ids.
  std::string Fill(std::string text) const {
    Substitute(text, "folder", folder_);
    Substitute(text, "file", file_);
    Substitute(text, "spreadsheet", spreadsheet_);
    Substitute(text, "database", database_);
    Substitute(text, "data_source", data_source_);
    Substitute(text, "page", page_);
    Substitute(text, "root_page", root_page_);
    Substitute(text, "token", kFuzzToken);
    return text;
  }

  // Sends a request as a client would, and checks what every answer must be: JSON where the
  // content type says so, and never a 5xx (this world injects no faults).
  mocks::ServedResponse Send(const mocks::HttpRequest& r) {
    mocks::ServedResponse out = server_.Handle(r);
    LOCKSTEP_FUZZ_CHECK(out.response.status < 500,
                        r.method + " " + r.path + " answered " + std::to_string(out.response.status) + ": " +
                            out.response.body.substr(0, 300));
    if (out.response.content_type.rfind("application/json", 0) == 0) {
      const nlohmann::json j = nlohmann::json::parse(out.response.body, nullptr, false);
      LOCKSTEP_FUZZ_CHECK(!j.is_discarded(), r.method + " " + r.path + " answered malformed JSON: " +
                                                 out.response.body.substr(0, 300));
    }
    return out;
  }

  mocks::MockServer& server() { return server_; }
  const std::string& data_source() const { return data_source_; }
  const std::string& page() const { return page_; }

 private:
  nlohmann::json Setup(const std::string& method, const std::string& path, const std::string& notion_version,
                       const std::string& body) {
    mocks::HttpRequest r;
    r.method = method;
    r.path = path;
    r.headers["authorization"] = std::string("Bearer ") + kFuzzToken;
    r.headers["content-type"] = "application/json";
    if (!notion_version.empty()) r.headers["notion-version"] = notion_version;
    r.body = body;
    const mocks::ServedResponse out = server_.Handle(r);
    LOCKSTEP_FUZZ_CHECK(out.response.status == 200, "setup " + path + ": " + out.response.body);
    return nlohmann::json::parse(out.response.body);
  }
  static std::string Id(const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
  }

  mocks::MockServer server_;
  std::string folder_, file_, spreadsheet_, database_, data_source_, page_, root_page_;
};

}  // namespace lockstep::fuzz

#endif  // LOCKSTEP_FUZZ_FUZZ_WORLD_H_
