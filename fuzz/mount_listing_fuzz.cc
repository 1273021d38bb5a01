// The audit of a Drive for Desktop mount from a JSON-lines listing: parse any bytes as a listing;
// what parses is audited and written in every report format, and every entry prints as a line
// that parses back to itself.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"
#include "harness/audit/mount_audit.h"
#include "harness/audit/mount_listing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lockstep;
  const std::string text(reinterpret_cast<const char*>(data), size);
  StatusOr<harness::MountListing> listing = harness::ParseMountListing(text, "fuzz.jsonl");
  if (!listing.ok()) return 0;
  for (const harness::MountEntry& e : listing->entries) {
    const std::string line = harness::MountListingLine(e);
    StatusOr<harness::MountListing> one = harness::ParseMountListing(line, "line.jsonl");
    LOCKSTEP_FUZZ_CHECK(one.ok(), "MountListingLine printed a line the parser rejects: " + line);
  }
  StatusOr<harness::MountAudit> audit = harness::RunMountAudit(*listing, harness::MountAuditOptions{});
  if (!audit.ok()) return 0;
  const nlohmann::ordered_json j = harness::MountAuditJson(*audit, "2026-01-01T00:00:00Z");
  j.dump();  // throws on a name that is not UTF-8
  harness::MountAuditMarkdown(j);
  harness::MountAuditHtml(j);
  harness::MountAuditJUnit(j);
  harness::MountAuditPrometheus(j);
  return 0;
}
