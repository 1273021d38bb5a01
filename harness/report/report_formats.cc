#include "harness/report/report_formats.h"

#include <chrono>

#include <fmt/format.h>

#include "harness/report/report.h"
#include "harness/report/svg_charts.h"
#include "src/time.h"

namespace lockstep::harness {
namespace {

constexpr const char* kStyle =
    "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1f2933;"
    "max-width:1200px}h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:"
    "collapse;font-size:13px}td,th{border:1px solid #d9e2ec;padding:4px 8px;text-align:left}"
    "th{background:#f0f4f8}.pass{color:#15803d;font-weight:600}.fail{color:#dc2626;font-weight:600}"
    "code,pre{background:#f0f4f8;padding:2px 4px;font-size:12px}pre{padding:8px;overflow-x:auto}"
    ".chart{display:block;margin:12px 0}";

std::string E(const std::string& s) { return HtmlEscape(s); }
std::string S(const ReportJson& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
double D(const ReportJson& j, const char* key) {
  return j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0.0;
}
std::string Pct(double x) { return fmt::format("{:.2f}%", 100.0 * x); }

std::string Verdict(const ReportJson& r) {
  return r["expect"]["ok"].get<bool>() ? "<span class=\"pass\">PASS</span>" : "<span class=\"fail\">FAIL</span>";
}

std::string Page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + E(title) +
         "</title><style>" + kStyle + "</style></head><body>\n" + body + "</body></html>\n";
}

std::string ExploredLabel(const ReportJson& r) {
  const ReportJson& x = r["exploration"];
  if (x.contains("dfs") && x["dfs"]["exhausted"].get<bool>()) {
    return fmt::format("all {} classes (dfs)", x["schedules"].get<int64_t>());
  }
  return fmt::format("{} {}", x["schedules"].get<int64_t>(), S(x, "strategy"));
}

std::string ChartsOf(const ReportJson& r) {
  std::string out;
  const ReportJson& h = r["locks"]["wait_histogram"];
  out += BarChart("Lock acquisitions by wait",
                  {{"0 ms", D(h, "0ms"), 0}, {"up to 1 s", D(h, "le_1s"), 0}, {"up to 8 s", D(h, "le_8s"), 0},
                   {"over 8 s", D(h, "gt_8s"), 0},
                   {"timed out", D(r["locks"], "timed_out"), D(r["locks"], "timed_out")}},
                  "", "timed out");
  std::vector<Bar> calls;
  for (const ReportJson& c : r["api_calls"]) {
    calls.push_back({S(c, "endpoint"), D(c, "calls"), D(c, "errors")});
  }
  out += BarChart("API calls and errors per endpoint (all schedules)", calls, "", "errors");
  std::vector<TimelineRow> rows;
  for (const ReportJson& e : r["timeline"]["executions"]) {
    TimelineRow row;
    row.label = fmt::format("E{}", e["execution"].get<int>());
    row.run = {D(e, "start_ms"), D(e, "end_ms")};
    for (const ReportJson& h2 : e["lock_held"]) row.held.push_back({D(h2, "from_ms"), D(h2, "to_ms")});
    row.killed = e["killed"].get<bool>();
    rows.push_back(std::move(row));
  }
  out += TimelineChart(fmt::format("Executions of the {} (seed {}), virtual time; dark: a lock held",
                                   S(r["timeline"], "schedule"), r["timeline"]["seed"].get<uint64_t>()),
                       rows);
  if (!r["shrunk"].is_null()) {
    std::vector<SequenceStep> steps;
    for (const ReportJson& s : r["shrunk"]["sequence"]) {
      std::string text = S(s, "call");
      if (!S(s, "result").empty()) text += " -> " + S(s, "result");
      steps.push_back({D(s, "t_ms"), s["execution"].get<int>(), text});
    }
    out += SequenceChart("Shrunk counterexample (" + S(r["shrunk"], "kind") + ")",
                         r["shrunk"]["executions"].get<int>(), steps);
  }
  return out;
}

}  // namespace

std::string ScenarioHtml(const ReportJson& r) {
  const ReportJson& sc = r["scenario"];
  const ReportJson& cfg = r["configuration"];
  const ReportJson& res = r["results"];
  std::string b = fmt::format("<h1>{}: {}</h1>\n<p>{}</p>\n<p>Generated {} from <code>{}</code>.</p>\n",
                              E(S(sc, "name")), Verdict(r), E(S(sc, "description")), E(S(r, "generated_at")),
                              E(S(sc, "file")));
  b += "<table><tr><th>setting</th><th>value</th></tr>";
  for (const char* k : {"strategy", "lock_model", "entry", "faults"}) {
    b += fmt::format("<tr><td>{}</td><td>{}</td></tr>", k, E(S(cfg, k)));
  }
  b += fmt::format("<tr><td>executions</td><td>{} ({} deployment(s))</td></tr><tr><td>data sources</td><td>{}</td></tr>"
                   "<tr><td>explored</td><td>{}</td></tr></table>\n",
                   cfg["executions"].get<int>(), cfg["deployments"].get<int>(), cfg["data_sources"].get<int>(),
                   E(ExploredLabel(r)));
  b += "<h2>Results</h2><table><tr><th>measure</th><th>value</th></tr>";
  b += fmt::format("<tr><td>schedules with a violation</td><td>{} ({})</td></tr>",
                   res["schedules_with_violation"].get<int64_t>(), Pct(D(res, "violation_share")));
  for (const auto& [kind, n] : res["schedules_by_violation"].items()) {
    b += fmt::format("<tr><td>&nbsp;&nbsp;{}</td><td>{}</td></tr>", E(kind), n.get<int64_t>());
  }
  b += fmt::format("<tr><td>duplicate rate over data sources</td><td>{}</td></tr>"
                   "<tr><td>data sources left without a folder</td><td>{}</td></tr>"
                   "<tr><td>files left inside trashed folders</td><td>{}</td></tr>",
                   Pct(D(res, "duplicate_rate")), res["missing_folders"].get<int64_t>(),
                   res["files_in_trashed_folders"].get<int64_t>());
  // The audit's shape: data sources by extra same-name folders and CSVs, beside the audit's.
  for (const char* what : {"extra_folders", "extra_csvs"}) {
    const ReportJson& h = res["audit_shape"][what];
    b += fmt::format("<tr><td>data sources with 0 / 1 / 2 / 3+ {}</td><td>{} / {} / {} / {}{}</td></tr>",
                     std::string_view(what) == "extra_folders" ? "extra same-name folders" : "extra same-name CSVs",
                     h["0"].get<int64_t>(), h["1"].get<int64_t>(), h["2"].get<int64_t>(), h["3+"].get<int64_t>(),
                     std::string_view(what) == "extra_folders"
                         ? fmt::format(" (the audit of 2025-12-30: {} / {} / {} / {})", kAuditExtraFolders[0],
                                       kAuditExtraFolders[1], kAuditExtraFolders[2], kAuditExtraFolders[3])
                         : "");
  }
  b += "</table>\n";
  b += "<h2>Expectations</h2><table><tr><th>what</th><th>expected</th><th>observed</th><th></th></tr>";
  for (const ReportJson& c : r["expect"]["checks"]) {
    b += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", E(S(c, "what")), E(S(c, "expected")),
                     E(S(c, "observed")), c["ok"].get<bool>() ? "<span class=\"pass\">ok</span>" : "<span class=\"fail\">not met</span>");
  }
  b += "</table>\n";
  if (!r["first_failure"].is_null()) {
    const ReportJson& f = r["first_failure"];
    if (S(f, "replay").empty()) {  // a black-box check: the state a program left
      b += "<h2>What the program left</h2><p>The state on the server when it was checked";
    } else {
      b += fmt::format("<h2>First failing schedule</h2><p>Seed {}, {} preemptions. Replay: <code>{}</code>",
                       f["seed"].get<uint64_t>(), f["preemptions"].get<int64_t>(), E(S(f, "replay")));
    }
    if (!S(f, "reproduce").empty()) b += fmt::format("; re-run: <code>{}</code>", E(S(f, "reproduce")));
    b += "</p><ul>";
    for (const ReportJson& v : f["violations"]) b += fmt::format("<li>{}: {}</li>", E(S(v, "kind")), E(S(v, "detail")));
    b += "</ul>\n";
  }
  if (!r["shrunk"].is_null()) {
    const ReportJson& k = r["shrunk"];
    b += fmt::format("<p>Shrunk from {} executions, {} data sources, {} steps to {} executions, {} data "
                     "sources, {} steps (faults left: {}). Replay: <code>{}</code></p>\n",
                     k["before"]["executions"].get<int>(), k["before"]["data_sources"].get<int>(),
                     k["before"]["steps"].get<int64_t>(), k["after"]["executions"].get<int>(),
                     k["after"]["data_sources"].get<int>(), k["after"]["steps"].get<int64_t>(),
                     E(S(k["after"], "faults")), E(S(k, "replay")));
  }
  b += "<h2>Charts</h2>\n" + ChartsOf(r);
  b += "<h2>Code probes</h2><table><tr><th>situation</th><th>schedules</th></tr>";
  for (const ReportJson& p : r["probes"]) {
    b += fmt::format("<tr><td>{}</td><td>{}</td></tr>", E(S(p, "probe")), p["schedules"].get<int64_t>());
  }
  b += "</table>\n";
  return Page(S(sc, "name"), b);
}

std::string MarkdownTable(const std::vector<const ReportJson*>& reports) {
  std::string t =
      "| scenario | strategy | lock model | faults | explored | duplicate rate | no folder | violations | verdict |\n"
      "|---|---|---|---|---|---|---|---|---|\n";
  for (const ReportJson* r : reports) {
    std::string kinds;
    for (const auto& [k, v] : (*r)["results"]["schedules_by_violation"].items()) {
      kinds += (kinds.empty() ? "" : ", ") + k;
    }
    const double cells = D((*r)["exploration"], "schedules") * D((*r)["configuration"], "data_sources");
    const double missing = cells > 0 ? D((*r)["results"], "missing_folders") / cells : 0.0;
    t += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", S((*r)["scenario"], "name"),
                     S((*r)["configuration"], "strategy"), S((*r)["configuration"], "lock_model"),
                     S((*r)["configuration"], "faults"), ExploredLabel(*r),
                     Pct(D((*r)["results"], "duplicate_rate")), Pct(missing), kinds.empty() ? "none" : kinds,
                     (*r)["expect"]["ok"].get<bool>() ? "PASS" : "FAIL");
  }
  return t;
}

std::string IndexHtml(const std::vector<const ReportJson*>& reports, const std::string& title,
                      const std::string& generated_at) {
  int failed = 0;
  for (const ReportJson* r : reports) failed += (*r)["expect"]["ok"].get<bool>() ? 0 : 1;
  std::string b = fmt::format("<h1>{}: {}</h1>\n<p>Generated {}. {} scenarios, {} failed.</p>\n", E(title),
                              failed == 0 ? "<span class=\"pass\">PASS</span>" : "<span class=\"fail\">FAIL</span>",
                              E(generated_at), reports.size(), failed);
  b += "<table><tr><th>scenario</th><th>strategy</th><th>lock model</th><th>faults</th><th>explored</th>"
       "<th>duplicate rate</th><th>violations</th><th>verdict</th></tr>";
  std::vector<Bar> rates;
  for (const ReportJson* r : reports) {
    const std::string name = S((*r)["scenario"], "name");
    std::string kinds;
    for (const auto& [k, v] : (*r)["results"]["schedules_by_violation"].items()) {
      kinds += (kinds.empty() ? "" : ", ") + k;
    }
    b += fmt::format("<tr><td><a href=\"{0}/report.html\">{0}</a></td><td>{1}</td><td>{2}</td><td>{3}</td>"
                     "<td>{4}</td><td>{5}</td><td>{6}</td><td>{7}</td></tr>",
                     E(name), E(S((*r)["configuration"], "strategy")), E(S((*r)["configuration"], "lock_model")),
                     E(S((*r)["configuration"], "faults")), E(ExploredLabel(*r)),
                     Pct(D((*r)["results"], "duplicate_rate")), E(kinds.empty() ? "none" : kinds), Verdict(*r));
    rates.push_back({fmt::format("{} / {} / {}", S((*r)["configuration"], "strategy"),
                                 S((*r)["configuration"], "lock_model"), name),
                     100.0 * D((*r)["results"], "violation_share"),
                     100.0 * D((*r)["results"], "duplicate_rate")});
  }
  b += "</table>\n<h2>Violation rate per strategy x lock model x fault</h2>\n";
  b += BarChart("Schedules with a violation (red: duplicate rate over data sources)", rates, "%",
                "duplicates");
  return Page(title, b);
}

std::string JUnitXml(const std::vector<const ReportJson*>& reports, const std::string& generated_at) {
  int failures = 0;
  std::string cases;
  for (const ReportJson* r : reports) {
    const std::string name = S((*r)["scenario"], "name");
    cases += fmt::format("    <testcase classname=\"lockstep.scenarios\" name=\"{}\" file=\"{}\" time=\"0\">\n",
                         E(name), E(S((*r)["scenario"], "file")));
    if (!(*r)["expect"]["ok"].get<bool>()) {
      ++failures;
      std::string why;
      for (const ReportJson& c : (*r)["expect"]["checks"]) {
        if (!c["ok"].get<bool>()) {
          why += fmt::format("{}: expected {}, observed {}; ", S(c, "what"), S(c, "expected"), S(c, "observed"));
        }
      }
      std::string repro = fmt::format("lockstep run {}", S((*r)["scenario"], "file"));
      if (!(*r)["first_failure"].is_null()) {
        const std::string seeded = S((*r)["first_failure"], "reproduce");
        if (!seeded.empty()) repro = seeded;
      }
      cases += fmt::format("      <failure type=\"expectation\" message=\"{}reproduce: {}\">{}</failure>\n",
                           E(why), E(repro), E(why + "reproduce: " + repro));
    }
    cases += "    </testcase>\n";
  }
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"lockstep\" tests=\"{0}\" "
                     "failures=\"{1}\" errors=\"0\" time=\"0\">\n  <testsuite name=\"lockstep.scenarios\" "
                     "tests=\"{0}\" failures=\"{1}\" errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\"{2}\">\n"
                     "{3}  </testsuite>\n</testsuites>\n",
                     reports.size(), failures, E(generated_at), cases);
}

std::string PrometheusText(const std::vector<const ReportJson*>& reports, const std::string& generated_at) {
  auto label = [](const std::string& v) {
    std::string out;
    for (char c : v) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') { out += "\\n"; continue; }
      out += c;
    }
    return out;
  };
  std::string out;
  auto family = [&out](const char* name, const char* type, const char* help) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  };
  family("lockstep_schedules_total", "counter", "Schedules explored (dfs: classes).");
  for (const ReportJson* r : reports) {
    out += fmt::format("lockstep_schedules_total{{scenario=\"{}\",strategy=\"{}\"}} {}\n",
                       label(S((*r)["scenario"], "name")), label(S((*r)["exploration"], "strategy")),
                       (*r)["exploration"]["schedules"].get<int64_t>());
  }
  family("lockstep_violating_schedules_total", "counter", "Schedules that broke an invariant, by kind.");
  for (const ReportJson* r : reports) {
    for (const auto& [k, v] : (*r)["results"]["schedules_by_violation"].items()) {
      out += fmt::format("lockstep_violating_schedules_total{{scenario=\"{}\",kind=\"{}\"}} {}\n",
                         label(S((*r)["scenario"], "name")), label(k), v.get<int64_t>());
    }
  }
  family("lockstep_duplicate_rate", "gauge", "Data sources with more than one live folder / (schedules x data sources).");
  for (const ReportJson* r : reports) {
    out += fmt::format("lockstep_duplicate_rate{{scenario=\"{}\"}} {}\n", label(S((*r)["scenario"], "name")),
                       fmt::format("{:.6f}", D((*r)["results"], "duplicate_rate")));
  }
  family("lockstep_missing_folders_total", "counter", "Processed data sources left without a live folder.");
  for (const ReportJson* r : reports) {
    out += fmt::format("lockstep_missing_folders_total{{scenario=\"{}\"}} {}\n", label(S((*r)["scenario"], "name")),
                       (*r)["results"]["missing_folders"].get<int64_t>());
  }
  family("lockstep_lock_acquisitions_total", "counter", "Lock acquisitions by wait bucket.");
  for (const ReportJson* r : reports) {
    for (const auto& [bucket, v] : (*r)["locks"]["wait_histogram"].items()) {
      out += fmt::format("lockstep_lock_acquisitions_total{{scenario=\"{}\",wait=\"{}\"}} {}\n",
                         label(S((*r)["scenario"], "name")), bucket, v.get<int64_t>());
    }
  }
  family("lockstep_lock_timeouts_total", "counter", "tryLock calls that timed out.");
  for (const ReportJson* r : reports) {
    out += fmt::format("lockstep_lock_timeouts_total{{scenario=\"{}\"}} {}\n", label(S((*r)["scenario"], "name")),
                       (*r)["locks"]["timed_out"].get<int64_t>());
  }
  family("lockstep_api_calls_total", "counter", "Calls to the simulated services, by endpoint.");
  for (const ReportJson* r : reports) {
    for (const ReportJson& c : (*r)["api_calls"]) {
      out += fmt::format("lockstep_api_calls_total{{scenario=\"{}\",endpoint=\"{}\"}} {}\n",
                         label(S((*r)["scenario"], "name")), label(S(c, "endpoint")), c["calls"].get<int64_t>());
    }
  }
  family("lockstep_api_errors_total", "counter", "Failed calls to the simulated services, by endpoint.");
  for (const ReportJson* r : reports) {
    for (const ReportJson& c : (*r)["api_calls"]) {
      out += fmt::format("lockstep_api_errors_total{{scenario=\"{}\",endpoint=\"{}\"}} {}\n",
                         label(S((*r)["scenario"], "name")), label(S(c, "endpoint")), c["errors"].get<int64_t>());
    }
  }
  family("lockstep_expectations_ok", "gauge", "1 if the scenario's expectations held.");
  for (const ReportJson* r : reports) {
    out += fmt::format("lockstep_expectations_ok{{scenario=\"{}\"}} {}\n", label(S((*r)["scenario"], "name")),
                       (*r)["expect"]["ok"].get<bool>() ? 1 : 0);
  }
  family("lockstep_report_generated_timestamp_seconds", "gauge", "When the reports were generated.");
  const std::string ts = generated_at;
  int64_t seconds = 0;
  if (ts.size() >= 19) {
    namespace ch = std::chrono;
    const ch::year_month_day ymd{ch::year{std::stoi(ts.substr(0, 4))},
                                 ch::month{static_cast<unsigned>(std::stoi(ts.substr(5, 2)))},
                                 ch::day{static_cast<unsigned>(std::stoi(ts.substr(8, 2)))}};
    const ch::sys_days midnight{ymd};
    seconds = ch::duration_cast<ch::seconds>(midnight.time_since_epoch()).count() +
              std::stoi(ts.substr(11, 2)) * 3600 + std::stoi(ts.substr(14, 2)) * 60 +
              std::stoi(ts.substr(17, 2));
  }
  out += fmt::format("lockstep_report_generated_timestamp_seconds {}\n", seconds);
  return out;
}

}  // namespace lockstep::harness
