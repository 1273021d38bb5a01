// `lockstep audit LISTING.json [--notion DATA_SOURCES.json] [--out DIR]`: the production
// monitoring helper (see docs/monitoring-guide.md).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "harness/audit/audit.h"
#include "harness/cli/commands.h"
#include "harness/report/report.h"

namespace lockstep::harness {
namespace {

bool ReadAll(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

}  // namespace

int Audit(const AuditArgs& args) {
  std::string text;
  if (!ReadAll(args.listing, text)) {
    fmt::print(stderr, "lockstep: {}: cannot open the file\n", args.listing);
    return kExitBadInput;
  }
  StatusOr<AuditInput> in = ParseDriveListing(text, args.listing);
  if (!in.ok()) {
    fmt::print(stderr, "lockstep: {}\n", in.status().message());
    return kExitBadInput;
  }
  if (!args.notion.empty()) {
    std::string notion;
    if (!ReadAll(args.notion, notion)) {
      fmt::print(stderr, "lockstep: {}: cannot open the file\n", args.notion);
      return kExitBadInput;
    }
    Status s = AddNotionDataSources(notion, args.notion, *in);
    if (!s.ok()) {
      fmt::print(stderr, "lockstep: {}\n", s.message());
      return kExitBadInput;
    }
  }
  const AuditResult result = RunAudit(*in);
  const nlohmann::ordered_json j = AuditJson(result, args.listing, UtcTimestampNow());
  std::error_code ec;
  std::filesystem::create_directories(args.out, ec);
  Status w = ec ? Status(StatusCode::kUnavailable, 0, "io", "cannot create " + args.out) : Status();
  if (w.ok()) w = WriteFileAtomically(args.out + "/audit.json", j.dump(2) + "\n");
  if (w.ok()) w = WriteFileAtomically(args.out + "/audit.md", AuditMarkdown(j));
  if (w.ok()) w = WriteFileAtomically(args.out + "/audit.html", AuditHtml(j));
  if (w.ok()) w = WriteFileAtomically(args.out + "/junit.xml", AuditJUnit(j));
  if (w.ok()) w = WriteFileAtomically(args.out + "/metrics.prom", AuditPrometheus(j));
  if (!w.ok()) {
    fmt::print(stderr, "lockstep: {}\n", w.message());
    return kExitIo;
  }
  fmt::print("{}reports written under {}\n", AuditMarkdown(j), args.out);
  return result.clean() ? 0 : kExitExpectFailed;
}

}  // namespace lockstep::harness
