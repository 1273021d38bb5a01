// `lockstep audit LISTING.json [--notion DATA_SOURCES.json] [--out DIR]` and
// `lockstep audit --mount DIR | --mount-listing FILE [--out DIR]`: the production monitoring
// helper (see docs/monitoring-guide.md). Nothing is written until the whole input has been read
// and checked: bad input leaves an earlier report where it was.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "harness/audit/audit.h"
#include "harness/audit/mount_audit.h"
#include "harness/cli/commands.h"
#include "harness/cli/interrupt.h"
#include "harness/report/report.h"
#include "src/file_text.h"

namespace lockstep::harness {
namespace {

bool ReadAll(const std::string& path, std::string& out) {
  std::optional<std::string> text = ReadFileText(path);
  if (text) out = std::move(*text);
  return text.has_value();
}

struct Reports {
  std::string json, md, html, junit, prom;
};

int WriteReports(const std::string& out, const Reports& r) {
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  Status w = ec ? Status(StatusCode::kUnavailable, 0, "io", "cannot create " + out) : Status();
  if (w.ok()) w = WriteFileAtomically(out + "/audit.json", r.json);
  if (w.ok()) w = WriteFileAtomically(out + "/audit.md", r.md);
  if (w.ok()) w = WriteFileAtomically(out + "/audit.html", r.html);
  if (w.ok()) w = WriteFileAtomically(out + "/junit.xml", r.junit);
  if (w.ok()) w = WriteFileAtomically(out + "/metrics.prom", r.prom);
  if (!w.ok()) {
    fmt::print(stderr, "lockstep: {}\n", w.message());
    return kExitIo;
  }
  return 0;
}

int AuditMount(const AuditArgs& args) {
  StatusOr<MountListing> listing = Status(StatusCode::kInvalidArgument, 0, "mount", "no input");
  if (!args.mount.empty()) {
    // A walk of a real Drive for Desktop mount can take minutes: a signal stops it, and what was
    // walked is audited and reported, marked interrupted (exit 130 / 143).
    listing = WalkMount(args.mount, InstallInterruptHandlers());
  } else {
    std::string text;
    if (!ReadAll(args.mount_listing, text)) {
      fmt::print(stderr, "lockstep: {}: cannot open the file\n", args.mount_listing);
      return kExitBadInput;
    }
    listing = ParseMountListing(text, args.mount_listing);
  }
  if (!listing.ok()) {
    fmt::print(stderr, "lockstep: {}\n", listing.status().message());
    return kExitBadInput;
  }
  StatusOr<MountAudit> audit =
      RunMountAudit(*listing, MountAuditOptions{args.per_run, args.trigger_minutes});
  if (!audit.ok()) {
    fmt::print(stderr, "lockstep: {}\n", audit.status().message());
    return kExitBadInput;
  }
  if (!args.listing_out.empty() && listing->interrupted) {
    // A part of a tree written as a listing would read later as the whole tree.
    fmt::print(stderr, "lockstep: the walk was interrupted: no listing written to {}\n", args.listing_out);
  } else if (!args.listing_out.empty()) {
    std::string lines;
    for (const MountEntry& e : listing->entries) lines += MountListingLine(e) + "\n";
    Status w = WriteFileAtomically(args.listing_out, lines);
    if (!w.ok()) {
      fmt::print(stderr, "lockstep: {}\n", w.message());
      return kExitIo;
    }
  }
  const nlohmann::ordered_json j = MountAuditJson(*audit, UtcTimestampNow());
  const Reports r{j.dump(2) + "\n", MountAuditMarkdown(j), MountAuditHtml(j), MountAuditJUnit(j),
                  MountAuditPrometheus(j)};
  if (int code = WriteReports(args.out, r); code != 0) return code;
  // The summary and its table; the findings per data source and the plan are in audit.md.
  const size_t findings = r.md.find("\n## ");
  fmt::print("{}\nreports written under {} (findings per data source and the plan: audit.md)\n",
             r.md.substr(0, findings), args.out);
  if (listing->interrupted) {
    fmt::print(stderr, "lockstep: interrupted: the audit covers the {} entries walked before the signal\n",
               listing->entries.size());
    return InterruptExitCode();
  }
  return audit->clean() ? 0 : kExitExpectFailed;
}

}  // namespace

int Audit(const AuditArgs& args) {
  const int inputs = !args.listing.empty() + !args.mount.empty() + !args.mount_listing.empty();
  if (inputs != 1) {
    fmt::print(stderr, "lockstep audit: expected one input: a files.list export (LISTING), --mount DIR or "
                       "--mount-listing FILE\n");
    return kExitBadInput;
  }
  if (args.listing.empty() && !args.notion.empty()) {
    fmt::print(stderr, "lockstep audit: --notion goes with a files.list export, not with a mount\n");
    return kExitBadInput;
  }
  if (args.mount.empty() && !args.listing_out.empty()) {
    fmt::print(stderr, "lockstep audit: --listing-out writes a mount's listing: use it with --mount\n");
    return kExitBadInput;
  }
  if (args.listing.empty()) return AuditMount(args);
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
  const Reports r{j.dump(2) + "\n", AuditMarkdown(j), AuditHtml(j), AuditJUnit(j), AuditPrometheus(j)};
  if (int code = WriteReports(args.out, r); code != 0) return code;
  fmt::print("{}reports written under {}\n", r.md, args.out);
  return result.clean() ? 0 : kExitExpectFailed;
}

}  // namespace lockstep::harness
