// Inline SVG charts for the HTML report: plain strings, no external assets, deterministic output
// (fixed-precision numbers, no ids that depend on memory or time).
//
//   std::string svg = BarChart("Duplicate rate", rows, "%");
#ifndef LOCKSTEP_HARNESS_REPORT_SVG_CHARTS_H_
#define LOCKSTEP_HARNESS_REPORT_SVG_CHARTS_H_

#include <string>
#include <string_view>
#include <vector>

namespace lockstep::harness {

std::string HtmlEscape(std::string_view text);

struct Bar {
  std::string label;
  double value = 0;
  double highlight = 0;  // drawn over the bar in the alert colour (errors, violations)
};

// Horizontal bars, one per row, scaled to the largest value. `unit` follows each value; a bar's
// highlight is captioned "(<value> <highlight_name>)". Labels longer than 56 characters are cut.
std::string BarChart(std::string_view title, const std::vector<Bar>& bars, std::string_view unit,
                     std::string_view highlight_name = "failed");

struct Span {
  double from = 0;
  double to = 0;
};
struct TimelineRow {
  std::string label;
  Span run;
  std::vector<Span> held;  // drawn darker: a lock held
  bool killed = false;
};

// Executions on a virtual-time axis (milliseconds).
std::string TimelineChart(std::string_view title, const std::vector<TimelineRow>& rows);

struct SequenceStep {
  double t_ms = 0;
  int execution = 0;
  std::string text;
};

// One lifeline per execution, one labelled mark per step, time flowing down.
std::string SequenceChart(std::string_view title, int executions,
                          const std::vector<SequenceStep>& steps);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_REPORT_SVG_CHARTS_H_
