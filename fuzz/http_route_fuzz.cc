// Every API route of lockstep serve, as a raw request (fuzz_support.h's format: request line,
// headers, empty line, body) with the world's ids for its placeholders: Drive v3 files and
// uploads, Sheets v4 spreadsheets and values, Notion pages, databases, data sources and search,
// authorised or not. The admin API is left out: its knobs can make a server sleep on purpose.
// Every answer is an API answer below 500, JSON where it says so.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_world.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lockstep;
  fuzz::FuzzWorld world;
  mocks::HttpRequest r = fuzz::ParseRawRequest(world.Fill(std::string(reinterpret_cast<const char*>(data), size)));
  if (r.path == "/metrics" || r.path.rfind("/__admin", 0) == 0) return 0;
  world.Send(r);
  // The state after it, as the admin API shows it, must still be JSON that loads back.
  const nlohmann::json state = world.server().State();
  LOCKSTEP_FUZZ_CHECK(world.server().LoadState(state).ok(), "the state does not load back");
  return 0;
}
