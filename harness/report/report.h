// Report writers over one ScenarioSummary: report.json (the source of truth), report.md, and the
// trace of a schedule as JSON and as a readable timeline. Output is byte-identical for the same
// seed and build apart from the one `generated_at` field.
//
//   WriteScenarioReports(summary, "reports/latest/new-s1", timestamp);
#ifndef LOCKSTEP_HARNESS_REPORT_REPORT_H_
#define LOCKSTEP_HARNESS_REPORT_REPORT_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/explore/explorer.h"
#include "src/status.h"

namespace lockstep::harness {

nlohmann::ordered_json SummaryJson(const ScenarioSummary& s, const std::string& generated_at);

// What the audit of 2025-12-30 (a scan of the Drive for Desktop mount; docs/findings.md) showed,
// for a scenario's audit shape to be set beside: of the 241 data sources, 106 had no extra
// same-name folder, 103 one, 32 two, none more; 64 had extra same-name CSVs.
inline constexpr std::array<int64_t, 4> kAuditExtraFolders = {106, 103, 32, 0};
inline constexpr int64_t kAuditDataSources = 241;
inline constexpr int64_t kAuditDataSourcesWithExtraCsvs = 64;
// "extra same-name folders per data source 0 / 1 / 2 / 3+: 44.0% / ... of 300 (the audit: ...)";
// "" when no data source had a folder.
std::string AuditShapeText(const ScenarioSummary& s);
std::string SummaryMarkdown(const ScenarioSummary& s, const std::string& generated_at);

// A self-contained trace file: the scenario (as YAML), the seed, the choices and every step, and
// the violations the schedule showed. `lockstep replay` re-runs it and compares.
nlohmann::ordered_json TraceFileJson(const Scenario& scenario, uint64_t seed,
                                     const std::vector<ExecutionId>& choices,
                                     const std::vector<TraceRecord>& trace,
                                     const std::vector<Violation>& violations);
nlohmann::ordered_json StepsJson(const std::vector<TraceRecord>& trace);
std::string TraceTimeline(const std::vector<TraceRecord>& trace);

// Writes report.json, report.md, report.html and, when a schedule failed, the first failure's
// trace and timeline and the shrunk counterexample into `dir` (created if needed). `json` gets
// the report written.
Status WriteScenarioReports(const ScenarioSummary& s, const std::string& dir,
                            const std::string& generated_at, nlohmann::ordered_json* json = nullptr);

// Writes the run-level files over several scenario reports into `dir`: summary.md, index.html,
// junit.xml and metrics.prom.
Status WriteRunReports(const std::vector<const nlohmann::ordered_json*>& reports,
                       const std::string& dir, const std::string& title,
                       const std::string& generated_at);

// Writes `content` to `path` through a temporary file and a rename, so that an interrupted write
// never leaves a half-written file where a good one was.
Status WriteFileAtomically(const std::string& path, const std::string& content);

// The current UTC time, RFC 3339: the one nondeterministic field of a report. SOURCE_DATE_EPOCH
// (seconds since the epoch), when set, is taken instead, so that a report can be byte-identical.
std::string UtcTimestampNow();

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_REPORT_REPORT_H_
