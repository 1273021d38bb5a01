// `lockstep check --server URL --out DIR`: asks a `lockstep serve --scenario` for its checkers'
// verdict over its live state (GET /__admin/check) and writes the usual reports from it:
// report.json, report.md, report.html, and the run-level summary.md, index.html, junit.xml and
// metrics.prom. Exits 0 when the scenario's expectations hold, 1 when some does not, 2 when the
// server cannot be asked (a bad URL, no answer, no scenario), 3 when the reports cannot be written.
#include <filesystem>

#include <fmt/format.h>
#include <httplib.h>

#include "harness/cli/commands.h"
#include "harness/report/report.h"
#include "harness/report/report_formats.h"

namespace lockstep::harness {
namespace {

StatusOr<std::string> Get(httplib::Client& client, const std::string& path, const std::string& server) {
  httplib::Result r = client.Get(path);
  if (!r) {
    return Status(StatusCode::kUnavailable, 0, "io",
                  fmt::format("{}: no answer ({}): is a lockstep serve --scenario listening there?", server,
                              httplib::to_string(r.error())));
  }
  if (r->status != 200) {
    return Status(StatusCode::kInvalidArgument, r->status, "badServer",
                  fmt::format("{}{}: HTTP {}: {}", server, path, r->status, r->body.substr(0, 500)));
  }
  return r->body;
}

}  // namespace

int Check(const CheckArgs& args) {
  httplib::Client client(args.server);
  if (!client.is_valid()) {
    fmt::print(stderr, "lockstep: --server {}: expected a base URL such as http://127.0.0.1:8080\n", args.server);
    return kExitBadInput;
  }
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(60, 0);
  if (!args.token.empty()) client.set_bearer_token_auth(args.token);
  StatusOr<std::string> json = Get(client, "/__admin/check", args.server);
  StatusOr<std::string> markdown = json.ok() ? Get(client, "/__admin/check?format=markdown", args.server) : json.status();
  if (!markdown.ok()) {
    fmt::print(stderr, "lockstep: {}\n", markdown.status().message());
    return kExitBadInput;
  }
  const ReportJson report = ReportJson::parse(*json, nullptr, false);
  if (report.is_discarded() || !report.is_object() || report.value("format", "") != "lockstep-report/1" ||
      !report.contains("expect") || !report["expect"].contains("ok")) {
    fmt::print(stderr, "lockstep: {}/__admin/check: expected a lockstep-report/1 answer\n", args.server);
    return kExitBadInput;
  }
  std::error_code ec;
  std::filesystem::create_directories(args.out, ec);
  Status w = ec ? Status(StatusCode::kUnavailable, 0, "io", fmt::format("cannot create {}: {}", args.out, ec.message()))
                : WriteFileAtomically(args.out + "/report.json", report.dump(2) + "\n");
  if (w.ok()) w = WriteFileAtomically(args.out + "/report.md", *markdown);
  if (w.ok()) w = WriteFileAtomically(args.out + "/report.html", ScenarioHtml(report));
  if (w.ok()) w = WriteRunReports({&report}, args.out, "lockstep black-box check", report.value("generated_at", ""));
  if (!w.ok()) {
    fmt::print(stderr, "lockstep: {}\n", w.message());
    return kExitIo;
  }
  const bool ok = report["expect"]["ok"].get<bool>();
  fmt::print("{}: {}\n", report["scenario"].value("name", "?"), ok ? "PASS" : "FAIL");
  for (const auto& c : report["expect"]["checks"]) {
    fmt::print("  expect {}: {} (observed {}) {}\n", c.value("what", ""), c.value("expected", ""), c.value("observed", ""),
               c.value("ok", false) ? "ok" : "NOT MET");
  }
  if (!report["first_failure"].is_null()) {
    for (const auto& v : report["first_failure"]["violations"]) {
      fmt::print("  {}: {}\n", v.value("kind", ""), v.value("detail", ""));
    }
  }
  fmt::print("reports written under {}\n", args.out);
  return ok ? 0 : kExitExpectFailed;
}

}  // namespace lockstep::harness
