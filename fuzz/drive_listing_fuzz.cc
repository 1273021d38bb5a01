// The audit of a Drive files.list export, with a Notion data-source list: the input is the export,
// or (first byte '#', up to the first line break) a Notion list, then the export. What parses is
// audited and written in every report format.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "harness/audit/audit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lockstep;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string notion;
  if (!text.empty() && text[0] == '#') {
    const size_t nl = text.find('\n');
    notion = std::string(text.substr(1, nl == std::string_view::npos ? std::string_view::npos : nl - 1));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  StatusOr<harness::AuditInput> input = harness::ParseDriveListing(std::string(text), "fuzz-files.json");
  if (!input.ok()) return 0;
  if (!notion.empty() && !harness::AddNotionDataSources(notion, "fuzz-notion.json", *input).ok()) return 0;
  const harness::AuditResult result = harness::RunAudit(*input);
  const nlohmann::ordered_json audit = harness::AuditJson(result, "fuzz-files.json", "2026-01-01T00:00:00Z");
  audit.dump();  // throws on a name that is not UTF-8
  harness::AuditMarkdown(audit);
  harness::AuditHtml(audit);
  harness::AuditJUnit(audit);
  harness::AuditPrometheus(audit);
  return 0;
}
