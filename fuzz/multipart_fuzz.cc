// Drive uploads: the input's first line is the Content-Type (a multipart/related boundary, or a
// media type), the rest the body, sent as a multipart and as a media upload, a create and an
// update. Every answer is a file or a 4xx in Drive's error shape.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_world.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lockstep;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const size_t nl = text.find('\n');
  const std::string content_type(text.substr(0, nl));
  fuzz::FuzzWorld world;
  const std::string body = world.Fill(std::string(nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1)));
  for (const char* upload_type : {"multipart", "media"}) {
    for (const std::string& target : {std::string("POST /upload/drive/v3/files"),
                                      world.Fill("PATCH /upload/drive/v3/files/{file}")}) {
      mocks::HttpRequest r = fuzz::ParseRawRequest(target + "?uploadType=" + upload_type + "&fields=id,name,parents,mimeType");
      r.headers["authorization"] = std::string("Bearer ") + fuzz::kFuzzToken;
      r.headers["content-type"] = content_type;
      r.body = body;
      world.Send(r);
    }
  }
  return 0;
}
