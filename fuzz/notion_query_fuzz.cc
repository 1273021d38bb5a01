// Notion data source and database queries: the body (filter, sorts, page_size, start_cursor) is
// the input, sent to a data source with a property of every type, in both API versions. Whatever
// the body, the answer is a list or a 400, never a 5xx or malformed JSON.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_world.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lockstep;
  fuzz::FuzzWorld world;
  const std::string body(reinterpret_cast<const char*>(data), size);
  for (const char* path : {"/v1/data_sources/{data_source}/query", "/v1/databases/{database}/query"}) {
    mocks::HttpRequest r;
    r.method = "POST";
    r.path = world.Fill(path);
    r.headers["authorization"] = std::string("Bearer ") + fuzz::kFuzzToken;
    r.headers["notion-version"] = r.path.find("data_sources") != std::string::npos ? "2025-09-03" : "2022-06-28";
    r.headers["content-type"] = "application/json";
    r.body = world.Fill(body);
    world.Send(r);
  }
  return 0;
}
