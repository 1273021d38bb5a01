// Notion property values and schemas: the input is the `properties` object of a page create, then
// of an update of the page made, then of a data source update (a schema), then read back. The
// first byte picks the API version. Every answer is a page, a data source or a 400.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_world.h"

namespace {

lockstep::mocks::HttpRequest Request(const std::string& method, const std::string& path, bool new_version,
                                     std::string body) {
  lockstep::mocks::HttpRequest r;
  r.method = method;
  r.path = path;
  r.headers["authorization"] = std::string("Bearer ") + lockstep::fuzz::kFuzzToken;
  r.headers["notion-version"] = new_version ? "2025-09-03" : "2022-06-28";
  r.headers["content-type"] = "application/json";
  r.body = std::move(body);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lockstep;
  if (size == 0) return 0;
  const bool new_version = (data[0] & 1) != 0;
  fuzz::FuzzWorld world;
  const std::string properties = world.Fill(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  const std::string parent = new_version ? R"({"data_source_id":")" + world.data_source() + R"("})"
                                         : R"({"database_id":")" + world.Fill("{database}") + R"("})";
  mocks::ServedResponse created = world.Send(
      Request("POST", "/v1/pages", new_version, R"({"parent":)" + parent + R"(,"properties":)" + properties + "}"));
  std::string page = world.page();
  if (created.response.status == 200) {
    const nlohmann::json j = nlohmann::json::parse(created.response.body);
    LOCKSTEP_FUZZ_CHECK(j.value("object", "") == "page", "a 200 to a page create that is not a page");
    page = j.value("id", page);
  }
  world.Send(Request("PATCH", "/v1/pages/" + page, new_version, R"({"properties":)" + properties + "}"));
  world.Send(Request("GET", "/v1/pages/" + page, new_version, ""));
  const std::string schema_path = new_version ? "/v1/data_sources/" + world.data_source()
                                              : world.Fill("/v1/databases/{database}");
  world.Send(Request("PATCH", schema_path, new_version, R"({"properties":)" + properties + "}"));
  world.Send(Request("GET", schema_path, new_version, ""));
  world.Send(Request("POST", new_version ? "/v1/data_sources/" + world.data_source() + "/query"
                                         : world.Fill("/v1/databases/{database}/query"),
                     new_version, "{}"));
  return 0;
}
