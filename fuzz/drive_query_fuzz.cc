// The Drive v3 `q` language: parse anything; what parses must evaluate on files of every shape,
// and its planner hints (RequiredParent, RequiredName) must agree with Matches.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "mocks/drive/drive_query.h"

namespace {

std::vector<lockstep::mocks::QueryView> Files() {
  using lockstep::mocks::QueryView;
  std::vector<QueryView> files(4);
  files[0].name = files[0].indexed_name = "Tasks (1)";
  files[0].mime_type = "application/vnd.google-apps.folder";
  files[0].parents = {"parent1"};
  files[0].app_properties = {{"dataSourceId", "abc"}};
  files[1].name = "Notes.csv";
  files[1].indexed_name = "Old name";
  files[1].mime_type = "text/csv";
  files[1].parents = {"parent1", "p2"};
  files[1].trashed = true;
  files[1].content = "a,b\n1,2\n";
  files[1].properties = {{"k", "v"}};
  files[2].name = "x";
  files[2].indexed = false;
  files[2].starred = true;
  files[3].name = "\xc3\xa9t\xc3\xa9 r\xc3\xa9sum\xc3\xa9 'quoted' \\";  // UTF-8, quotes and a backslash
  files[3].indexed_name = files[3].name;
  return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lockstep;
  using namespace lockstep::mocks;
  static const std::vector<QueryView> files = Files();
  const std::string_view q(reinterpret_cast<const char*>(data), size);
  StatusOr<DriveQuery> query = DriveQuery::Parse(q);
  if (!query.ok()) {
    LOCKSTEP_FUZZ_CHECK(query.status().http_status() == 400, std::string(query.status().message()));
    return 0;
  }
  const std::optional<std::string> parent = query->RequiredParent();
  const std::optional<std::string> name = query->RequiredName();
  for (const QueryView& f : files) {
    if (!query->Matches(f)) continue;
    if (parent) {
      bool has = false;
      for (const std::string& p : f.parents) has = has || p == *parent;
      LOCKSTEP_FUZZ_CHECK(has, "a match lacks the parent RequiredParent named: " + *parent);
    }
    if (name && !query->UsesSearchIndex()) {
      LOCKSTEP_FUZZ_CHECK(f.name == *name, "a match lacks the name RequiredName named: " + *name);
    }
  }
  // The tokenizer of `contains`, on the halves of the input.
  TokenContains(q.substr(0, size / 2), q.substr(size / 2), size % 2 == 0);
  return 0;
}
