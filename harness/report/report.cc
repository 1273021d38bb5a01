#include "harness/report/report.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "harness/explore/shrink.h"
#include "harness/report/report_formats.h"
#include "harness/report/trace_file.h"
#include "src/folder_strategy.h"

namespace lockstep::harness {
namespace {

using Json = nlohmann::ordered_json;

std::string FaultsLabel(const Scenario& sc) {
  std::string out;
  auto add = [&out](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  if (sc.drive.lag_max > Duration(0)) {
    add(fmt::format("lag {}-{} ms", sc.drive.lag_min.count(), sc.drive.lag_max.count()));
  }
  if (sc.executions.deployments > 1) add(fmt::format("{} deployments", sc.executions.deployments));
  if (!sc.duplicates.empty()) add("seeded duplicates");
  if (sc.drive.list_includes_trashed) add("lists trashed");
  if (sc.drive.move_touches_parents) add("moves touch parents");
  if (sc.lock.try_lock_error_per_million > 0) add("tryLock errors");
  for (const mocks::FaultRule& rule : sc.drive_faults.rules) add(FaultRuleLabel(rule));
  if (sc.drive_latency.max > Duration(0)) {
    add(fmt::format("latency {}-{} ms", sc.drive_latency.min.count(), sc.drive_latency.max.count()));
  }
  return out.empty() ? "none" : out;
}

// Executions of one schedule on the virtual-time axis: start, end, and the intervals in which
// each held a lock by its own account (from tryLock -> true to its releaseLock).
Json TimelineJson(const std::vector<TraceRecord>& trace) {
  std::map<ExecutionId, Json> rows;
  std::map<ExecutionId, std::vector<int64_t>> open;  // acquisition times, nested
  for (const TraceRecord& t : trace) {
    const int64_t ms = (t.time - Simulation::Epoch()).count();
    Json& row = rows[t.execution];
    if (!row.contains("execution")) {
      row = Json{{"execution", t.execution}, {"start_ms", ms}, {"end_ms", ms}, {"killed", false},
                 {"lock_held", Json::array()}};
    }
    row["end_ms"] = ms;
    if (t.call == "killed") row["killed"] = true;
    if (t.call == "lock.tryLock" && t.result == "true") open[t.execution].push_back(ms);
    if (t.call == "lock.releaseLock" && !open[t.execution].empty()) {
      const int64_t from = open[t.execution].front();
      open[t.execution].erase(open[t.execution].begin());
      if (open[t.execution].empty()) row["lock_held"].push_back(Json{{"from_ms", from}, {"to_ms", ms}});
    }
  }
  Json out = Json::array();
  for (auto& [id, row] : rows) {
    if (id >= 0) out.push_back(row);
  }
  return out;
}

// The seam calls of a shrunk schedule, for sequence diagrams.
Json SequenceJson(const std::vector<TraceRecord>& trace) {
  Json out = Json::array();
  for (const TraceRecord& t : trace) {
    const bool seam = t.IsSeamStep();
    if (!seam || t.execution < 0) continue;
    std::string result = t.result.size() > 40 ? t.result.substr(0, 37) + "..." : t.result;
    out.push_back(Json{{"t_ms", (t.time - Simulation::Epoch()).count()}, {"execution", t.execution},
                       {"call", t.call}, {"result", result}});
  }
  return out;
}

Json ViolationJson(const Violation& v) {
  return Json{{"kind", v.kind}, {"data_sources", v.data_sources}, {"detail", v.detail}};
}

std::string Pct(double x) { return fmt::format("{:.2f}%", 100.0 * x); }

Json BucketsJson(const std::array<int64_t, 4>& b) {
  return Json{{"0", b[0]}, {"1", b[1]}, {"2", b[2]}, {"3+", b[3]}};
}

std::string Shares(const std::array<int64_t, 4>& b) {
  int64_t total = 0;
  for (int64_t x : b) total += x;
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    out += fmt::format("{}{:.1f}%", i == 0 ? "" : " / ", total > 0 ? 100.0 * b[i] / total : 0.0);
  }
  return out;
}

}  // namespace

std::string AuditShapeText(const ScenarioSummary& s) {
  int64_t with_folder = 0;
  for (int64_t x : s.extra_folders) with_folder += x;
  if (with_folder == 0) return "";
  const int64_t with_csvs = with_folder - s.extra_csvs[0];
  return fmt::format(
      "extra same-name folders per data source (0 / 1 / 2 / 3+): {} of {} (the audit: {} of {}); with extra "
      "same-name CSVs: {:.1f}% (the audit: {:.1f}%)",
      Shares(s.extra_folders), with_folder, Shares(kAuditExtraFolders), kAuditDataSources,
      100.0 * with_csvs / with_folder, 100.0 * kAuditDataSourcesWithExtraCsvs / kAuditDataSources);
}

Json SummaryJson(const ScenarioSummary& s, const std::string& generated_at) {
  const Scenario& sc = *s.scenario;
  Json j;
  j["format"] = "lockstep-report/1";
  j["generated_at"] = generated_at;
  j["scenario"] = Json{{"name", sc.name}, {"file", sc.file}, {"description", sc.description},
                       {"tags", sc.tags}};
  j["configuration"] = Json{
      {"mode", RunModeName(sc.mode)},
      {"strategy", CodeLabel(sc)},
      {"lock_model", mocks::ReentrancyName(sc.reentrancy)},
      {"entry", EntryName(sc.executions.entry)},
      {"executions", sc.ExecutionCount()},
      {"deployments", sc.executions.deployments},
      {"data_sources", sc.data_source_count},
      {"faults", FaultsLabel(sc)},
      {"listing_lag_ms", Json{{"min", sc.drive.lag_min.count()}, {"max", sc.drive.lag_max.count()}}},
      {"list_includes_trashed", sc.drive.list_includes_trashed},
      {"move_touches_parents", sc.drive.move_touches_parents},
      {"kill_after_ms", sc.kill_after.count()}};
  if (!sc.includes.empty()) j["configuration"]["includes"] = sc.includes;  // calibration fragments
  if (sc.gas.enabled) {  // a real Apps Script project ran
    j["configuration"]["gas"] = Json{{"project", sc.gas.project_dir}, {"entry", sc.gas.entry}};
  }
  Json exploration{{"strategy", ExplorationStrategyName(s.strategy)}, {"seed", s.seed},
                   {"schedules", s.schedules}, {"steps", s.steps}, {"decisions", s.decisions},
                   {"preemptions", s.preemptions}, {"virtual_ms", s.virtual_ms},
                   {"shard", fmt::format("{}/{}", s.shard_index, s.shard_count)},
                   {"stopped_by_time_budget", s.stopped_by_budget},
                   {"interrupted", s.interrupted}};
  if (s.interrupted) exploration["schedules_requested"] = s.schedules_requested;
  if (s.strategy == ExplorationStrategy::kPct) {
    exploration["pct"] = Json{{"depth", s.pct_depth}, {"k", s.pct_k}, {"n", s.pct_n},
                              {"probability_bound", s.pct_bound}};
  }
  if (s.strategy == ExplorationStrategy::kDfs) {
    exploration["dfs"] = Json{{"classes", s.schedules}, {"pruned_branches", s.dfs_pruned},
                              {"exhausted", s.dfs_exhausted},
                              {"preemption_bound", s.preemption_bound},
                              {"bound_cut_branches", s.dfs_bound_pruned}};
  }
  if (s.black_box) {  // the state a program left: one look, nothing explored
    exploration = Json{{"strategy", "black-box"}, {"seed", s.seed}, {"schedules", s.schedules},
                       {"stopped_by_time_budget", false}, {"interrupted", false}};
  }
  j["exploration"] = exploration;
  Json by_kind = Json::object();
  for (const auto& [k, v] : s.schedules_by_violation) by_kind[k] = v;
  j["results"] = Json{
      {"schedules_with_violation", s.schedules_with_violation},
      {"violation_share", s.ViolationShare()},
      {"schedules_by_violation", by_kind},
      {"duplicate_rate", s.DuplicateRate()},
      {"duplicate_data_sources", s.duplicate_data_sources},
      {"exact_name_duplicate_sets", s.exact_duplicate_sets},
      {"suffix_duplicate_sets", s.suffix_duplicate_sets},
      {"missing_folders", s.missing_folders},
      {"files_in_trashed_folders", s.files_in_trashed_folders},
      {"duplicate_pages", s.duplicate_pages},
      {"duplicate_files", s.duplicate_files},
      {"pages_created", s.pages_created},
      {"audit_shape", Json{{"extra_folders", BucketsJson(s.extra_folders)},
                           {"extra_csvs", BucketsJson(s.extra_csvs)}}}};
  j["runs"] = Json{{"completed", s.runs.completed}, {"skipped", s.runs.skipped},
                   {"failed", s.runs.failed}, {"killed", s.runs.killed},
                   {"folder_steps_ok", s.runs.folder_steps_ok},
                   {"folder_steps_failed", s.runs.folder_steps_failed}};
  j["locks"] = Json{{"attempts", s.locks.attempts}, {"acquired", s.locks.acquired},
                    {"timed_out", s.locks.timed_out}, {"errors", s.locks.errors},
                    {"auto_released", s.locks.auto_released},
                    {"wait_ms_mean", s.locks.acquired > 0
                                         ? static_cast<double>(s.locks.wait_ms_sum) / s.locks.acquired
                                         : 0.0},
                    {"wait_ms_max", s.locks.wait_ms_max},
                    {"wait_histogram", Json{{"0ms", s.locks.wait_histogram[0]},
                                            {"le_1s", s.locks.wait_histogram[1]},
                                            {"le_8s", s.locks.wait_histogram[2]},
                                            {"gt_8s", s.locks.wait_histogram[3]}}}};
  Json calls = Json::array();
  for (int e = 0; e < mocks::kEndpointCount; ++e) {
    if (s.calls.calls[e] == 0) continue;
    calls.push_back(Json{{"endpoint", mocks::EndpointName(static_cast<mocks::Endpoint>(e))},
                         {"calls", s.calls.calls[e]}, {"errors", s.calls.errors[e]}});
  }
  j["api_calls"] = calls;
  const bool failed = s.first_failure.has_value() && !s.first_failure_trace.empty();
  j["timeline"] = Json{{"schedule", failed ? "first failure" : "first schedule"},
                       {"seed", failed ? s.first_failure->result.seed : s.seed},
                       {"executions", TimelineJson(failed ? s.first_failure_trace : s.first_schedule_trace)}};
  Json probes = Json::array();
  for (int p = 0; p < kProbeCount; ++p) {
    probes.push_back(Json{{"probe", ProbeName(static_cast<Probe>(p))}, {"schedules", s.probe_hits[p]}});
  }
  j["probes"] = probes;
  if (s.first_failure) {
    Json violations = Json::array();
    for (const Violation& v : s.first_failure->result.violations) violations.push_back(ViolationJson(v));
    j["first_failure"] = Json{{"seed", s.first_failure->result.seed},
                              {"reproduce", s.black_box ? "" : s.ReproCommand()},
                              {"replay", s.black_box ? "" : "lockstep replay first-failure.trace.json"},
                              {"choices", s.first_failure->choices.size()},
                              {"preemptions", s.first_failure->result.end.preemptions},
                              {"violations", violations},
                              {"replay_matched", s.replay_matched}};
  } else {
    j["first_failure"] = nullptr;
  }
  if (s.shrunk) {
    const ShrinkResult& k = *s.shrunk;
    auto size = [](const ShrinkSize& z) {
      return Json{{"executions", z.executions}, {"data_sources", z.data_sources},
                  {"preemptions", z.preemptions}, {"steps", z.steps}, {"faults", z.faults}};
    };
    j["shrunk"] = Json{{"kind", k.kind}, {"before", size(k.before)}, {"after", size(k.after)},
                       {"reductions", k.reductions}, {"candidates_tried", k.candidates_tried},
                       {"cut_by_time_budget", k.budget_exhausted},
                       {"replay", "lockstep replay shrunk.trace.json"},
                       {"executions", k.scenario.ExecutionCount()},
                       {"sequence", SequenceJson(k.trace)}};
  } else {
    j["shrunk"] = nullptr;
  }
  Json checks = Json::array();
  for (const ExpectationCheck& c : s.checks) {
    checks.push_back(Json{{"what", c.what}, {"expected", c.expected}, {"observed", c.observed}, {"ok", c.ok}});
  }
  j["expect"] = Json{{"ok", s.expect_ok}, {"checks", checks}};
  return j;
}

std::string SummaryMarkdown(const ScenarioSummary& s, const std::string& generated_at) {
  const Scenario& sc = *s.scenario;
  std::string md = fmt::format("# {}: {}\n\n", sc.name, s.expect_ok ? "PASS" : "FAIL");
  if (!sc.description.empty()) md += sc.description + "\n\n";
  md += fmt::format("Generated {} from `{}`.\n\n", generated_at, sc.file);
  md += "| setting | value |\n|---|---|\n";
  md += fmt::format("| strategy | {} |\n| lock model | {} |\n| entry | {} |\n| executions | {} ({} deployment(s)) |\n",
                    CodeLabel(sc), mocks::ReentrancyName(sc.reentrancy),
                    EntryName(sc.executions.entry), sc.ExecutionCount(), sc.executions.deployments);
  md += fmt::format("| data sources | {} |\n| faults | {} |\n| schedules | {} from seed {} |\n\n",
                    sc.data_source_count, FaultsLabel(sc), s.schedules, s.seed);
  if (s.interrupted) {
    md += fmt::format("**Interrupted** (SIGINT or SIGTERM) after {} of {} schedules: the figures below are those "
                      "schedules'; the first failure, if any, was not shrunk.\n\n",
                      s.schedules, s.schedules_requested);
  }
  md += "## Results\n\n";
  md += fmt::format("- schedules with a violation: {} of {} ({})\n", s.schedules_with_violation,
                    s.schedules, Pct(s.ViolationShare()));
  for (const auto& [k, v] : s.schedules_by_violation) md += fmt::format("  - {}: {}\n", k, v);
  md += fmt::format("- duplicate rate over data sources: {} ({} exact-name sets, {} (n)-suffixed)\n",
                    Pct(s.DuplicateRate()), s.exact_duplicate_sets, s.suffix_duplicate_sets);
  md += fmt::format("- data sources left without a folder: {} (in {} schedules)\n", s.missing_folders,
                    s.schedules_with_missing);
  if (const std::string shape = AuditShapeText(s); !shape.empty()) md += "- " + shape + "\n";
  md += fmt::format("- runs: {} completed, {} skipped by the guard, {} failed, {} killed\n",
                    s.runs.completed, s.runs.skipped, s.runs.failed, s.runs.killed);
  md += fmt::format("- locks: {} attempts, {} acquired, {} timed out; mean wait {:.0f} ms, max {} ms\n\n",
                    s.locks.attempts, s.locks.acquired, s.locks.timed_out,
                    s.locks.acquired > 0 ? static_cast<double>(s.locks.wait_ms_sum) / s.locks.acquired : 0.0,
                    s.locks.wait_ms_max);
  md += "## Code probes (schedules that reached each situation)\n\n";
  for (int p = 0; p < kProbeCount; ++p) {
    md += fmt::format("- {}: {}\n", ProbeName(static_cast<Probe>(p)), s.probe_hits[p]);
  }
  md += "\n## Expectations\n\n";
  if (s.checks.empty()) md += "None declared.\n";
  for (const ExpectationCheck& c : s.checks) {
    md += fmt::format("- [{}] {}: expected {}, observed {}\n", c.ok ? "x" : " ", c.what, c.expected, c.observed);
  }
  if (s.first_failure && s.black_box) {
    md += "\n## What the program left\n\nThe state on the server when it was checked; a program lockstep does not "
          "schedule cannot be replayed.\n\n";
    for (const Violation& v : s.first_failure->result.violations) md += fmt::format("- {}: {}\n", v.kind, v.detail);
  } else if (s.first_failure) {
    md += fmt::format("\n## First failing schedule\n\nSeed {}, {} decisions, {} preemptions. Replay it with:\n\n"
                      "    lockstep replay first-failure.trace.json\n\n",
                      s.first_failure->result.seed, s.first_failure->choices.size(),
                      s.first_failure->result.end.preemptions);
    if (!s.ReproCommand().empty()) md += fmt::format("or re-run it with:\n\n    {}\n\n", s.ReproCommand());
    for (const Violation& v : s.first_failure->result.violations) md += fmt::format("- {}: {}\n", v.kind, v.detail);
    if (!s.replay_matched) md += "\n**The traced re-run did not reproduce these violations: nondeterminism.**\n";
    if (s.shrunk) {
      const ShrinkResult& k = *s.shrunk;
      md += fmt::format("\n## Shrunk counterexample ({})\n\nFrom {} executions, {} data sources, {} "
                        "preemptions, {} steps, faults: {}\nto {} executions, {} data sources, {} "
                        "preemptions, {} steps, faults: {}.\n\nReductions: {}. Replay it with "
                        "`lockstep replay shrunk.trace.json`; the scenario is `shrunk.yaml`.\n\n```\n{}```\n",
                        k.kind, k.before.executions, k.before.data_sources, k.before.preemptions,
                        k.before.steps, k.before.faults, k.after.executions, k.after.data_sources,
                        k.after.preemptions, k.after.steps, k.after.faults,
                        k.reductions.empty() ? "none" : fmt::format("{}", fmt::join(k.reductions, "; ")),
                        SequenceDiagram(k.trace, k.scenario.ExecutionCount()));
    }
  }
  return md;
}

Json StepsJson(const std::vector<TraceRecord>& trace) {
  Json steps = Json::array();
  for (const TraceRecord& t : trace) {
    Json step{{"step", t.step}, {"t_ms", (t.time - Simulation::Epoch()).count()},
              {"execution", t.execution}, {"call", t.call}, {"args", t.args}, {"result", t.result}};
    if (!t.site.empty()) step["site"] = t.site;  // a real Apps Script project's call site
    steps.push_back(std::move(step));
  }
  return steps;
}

Json TraceFileJson(const Scenario& scenario, uint64_t seed, const std::vector<ExecutionId>& choices,
                   const std::vector<TraceRecord>& trace, const std::vector<Violation>& violations) {
  Json v = Json::array();
  for (const Violation& x : violations) v.push_back(ViolationJson(x));
  return Json{{"format", "lockstep-trace/1"}, {"build", BuildId()}, {"scenario_file", scenario.file},
              {"scenario_yaml", ScenarioToYaml(scenario)}, {"seed", seed}, {"choices", choices},
              {"violations", v}, {"steps", StepsJson(trace)}};
}

namespace {

// One line per step: a project's log line may hold line breaks.
std::string OneLine(std::string s) {
  for (size_t at = s.find('\n'); at != std::string::npos; at = s.find('\n', at + 2)) s.replace(at, 1, "\\n");
  return s;
}

}  // namespace

std::string TraceTimeline(const std::vector<TraceRecord>& trace) {
  std::string out;
  for (const TraceRecord& t : trace) {
    out += fmt::format("{:>9} ms  E{:<2} {:<18} {}", (t.time - Simulation::Epoch()).count(),
                       t.execution, t.call, OneLine(t.args));
    if (!t.result.empty()) out += "  ->  " + OneLine(t.result);
    if (!t.site.empty()) out += "  (" + t.site + ")";
    out += '\n';
  }
  return out;
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status(StatusCode::kUnavailable, 0, "io", "cannot write " + tmp);
    out << content;
    if (!out.flush()) return Status(StatusCode::kUnavailable, 0, "io", "cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status(StatusCode::kUnavailable, 0, "io", "cannot rename to " + path + ": " + ec.message());
  return Status();
}

Status WriteScenarioReports(const ScenarioSummary& s, const std::string& dir,
                            const std::string& generated_at, Json* json) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status(StatusCode::kUnavailable, 0, "io", "cannot create " + dir + ": " + ec.message());
  const Json report = SummaryJson(s, generated_at);
  if (json != nullptr) *json = report;
  Status st = WriteFileAtomically(dir + "/report.json", report.dump(2) + "\n");
  if (st.ok()) st = WriteFileAtomically(dir + "/report.md", SummaryMarkdown(s, generated_at));
  if (st.ok()) st = WriteFileAtomically(dir + "/report.html", ScenarioHtml(report));
  if (st.ok() && s.first_failure && !s.black_box) {
    st = WriteFileAtomically(dir + "/first-failure.trace.json",
                             TraceFileJson(*s.scenario, s.first_failure->result.seed,
                                           s.first_failure->choices, s.first_failure_trace,
                                           s.first_failure->result.violations).dump(2) + "\n");
    if (st.ok()) {
      st = WriteFileAtomically(dir + "/first-failure.timeline.txt", TraceTimeline(s.first_failure_trace));
    }
  }
  if (st.ok() && s.shrunk) {
    const ShrinkResult& k = *s.shrunk;
    st = WriteFileAtomically(dir + "/shrunk.yaml", ScenarioToYaml(k.scenario));
    if (st.ok()) {
      st = WriteFileAtomically(dir + "/shrunk.trace.json",
                               TraceFileJson(k.scenario, k.seed, k.choices, k.trace, k.result.violations)
                                       .dump(2) + "\n");
    }
    if (st.ok()) {
      st = WriteFileAtomically(dir + "/shrunk.sequence.txt",
                               SequenceDiagram(k.trace, k.scenario.ExecutionCount()));
    }
  }
  return st;
}

Status WriteRunReports(const std::vector<const Json*>& reports, const std::string& dir,
                       const std::string& title, const std::string& generated_at) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status(StatusCode::kUnavailable, 0, "io", "cannot create " + dir + ": " + ec.message());
  Status st = WriteFileAtomically(dir + "/summary.md", "# " + title + "\n\nGenerated " + generated_at +
                                                           ".\n\n" + MarkdownTable(reports));
  if (st.ok()) st = WriteFileAtomically(dir + "/index.html", IndexHtml(reports, title, generated_at));
  if (st.ok()) st = WriteFileAtomically(dir + "/junit.xml", JUnitXml(reports, generated_at));
  if (st.ok()) st = WriteFileAtomically(dir + "/metrics.prom", PrometheusText(reports, generated_at));
  return st;
}

std::string UtcTimestampNow() {
  // SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the one nondeterministic field.
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    const long long secs = std::strtoll(epoch, &end, 10);
    if (end != nullptr && *end == '\0' && secs >= 0) return FormatRfc3339(Instant(std::chrono::seconds(secs)));
  }
  const auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  return FormatRfc3339(Instant(now.time_since_epoch()));
}

}  // namespace lockstep::harness
