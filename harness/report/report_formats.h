// Report writers that render report.json (the source of truth) into the other formats: a
// self-contained HTML page per scenario and an index page for a run (inline SVG charts, no
// external assets), JUnit XML (one test case per scenario), and Prometheus text exposition.
// Output is byte-identical for the same reports; the only time in it is the reports' own
// `generated_at`.
//
//   std::string html = ScenarioHtml(report_json);
//   std::string xml = JUnitXml({&a, &b}, generated_at);
#ifndef LOCKSTEP_HARNESS_REPORT_REPORT_FORMATS_H_
#define LOCKSTEP_HARNESS_REPORT_REPORT_FORMATS_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lockstep::harness {

using ReportJson = nlohmann::ordered_json;

std::string ScenarioHtml(const ReportJson& report);
std::string IndexHtml(const std::vector<const ReportJson*>& reports, const std::string& title,
                      const std::string& generated_at);
std::string JUnitXml(const std::vector<const ReportJson*>& reports, const std::string& generated_at);
std::string PrometheusText(const std::vector<const ReportJson*>& reports,
                           const std::string& generated_at);
// The Markdown table of a run (also appended to $GITHUB_STEP_SUMMARY by the CLI).
std::string MarkdownTable(const std::vector<const ReportJson*>& reports);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_REPORT_REPORT_FORMATS_H_
