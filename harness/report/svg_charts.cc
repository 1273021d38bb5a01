#include "harness/report/svg_charts.h"

#include <algorithm>

#include <fmt/format.h>

namespace lockstep::harness {
namespace {

constexpr const char* kInk = "#1f2933";
constexpr const char* kBar = "#3b82f6";
constexpr const char* kAlert = "#dc2626";
constexpr const char* kMuted = "#9aa5b1";

std::string Num(double v) { return fmt::format("{:.1f}", v); }

std::string Title(std::string_view title, double width) {
  return fmt::format("<text x=\"{}\" y=\"16\" font-size=\"14\" font-weight=\"600\" fill=\"{}\">{}</text>",
                     Num(0), kInk, HtmlEscape(title)) + (width > 0 ? "" : "");
}

std::string Value(double v, std::string_view unit) {
  if (v == static_cast<double>(static_cast<long long>(v))) {
    return fmt::format("{}{}", static_cast<long long>(v), unit);
  }
  return fmt::format("{:.2f}{}", v, unit);
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string BarChart(std::string_view title, const std::vector<Bar>& bars, std::string_view unit,
                     std::string_view highlight_name) {
  const double label_w = 380;
  const double plot_w = 360;
  const double row_h = 22;
  const double height = 28 + row_h * static_cast<double>(std::max<size_t>(bars.size(), 1)) + 8;
  double max = 0;
  for (const Bar& b : bars) max = std::max(max, b.value);
  std::string svg = fmt::format(
      "<svg class=\"chart bar-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"{}\">",
      Num(label_w + plot_w + 90), Num(height), HtmlEscape(title));
  svg += Title(title, 0);
  if (bars.empty()) {
    svg += fmt::format("<text x=\"0\" y=\"44\" font-size=\"12\" fill=\"{}\">no data</text>", kMuted);
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y = 28 + row_h * static_cast<double>(i);
    const double w = max > 0 ? plot_w * b.value / max : 0;
    const double hw = max > 0 ? plot_w * std::min(b.highlight, b.value) / max : 0;
    const std::string label = b.label.size() > 56 ? b.label.substr(0, 53) + "..." : b.label;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"{}\">{}</text>",
                       Num(label_w - 6), Num(y + 14), kInk, HtmlEscape(label));
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>",
                       Num(label_w), Num(y + 3), Num(w), Num(row_h - 6), kBar, HtmlEscape(b.label),
                       Value(b.value, unit));
    if (hw > 0) {
      svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", Num(label_w),
                         Num(y + 3), Num(hw), Num(row_h - 6), kAlert);
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{}\">{}</text>", Num(label_w + w + 4),
                       Num(y + 14), kInk, Value(b.value, unit) +
                                          (b.highlight > 0 ? fmt::format(" ({} {})", Value(b.highlight, unit), highlight_name)
                                                           : std::string()));
  }
  return svg + "</svg>";
}

std::string TimelineChart(std::string_view title, const std::vector<TimelineRow>& rows) {
  const double label_w = 60;
  const double plot_w = 620;
  const double row_h = 24;
  double t0 = 0;
  double t1 = 1;
  bool first = true;
  for (const TimelineRow& r : rows) {
    t0 = first ? r.run.from : std::min(t0, r.run.from);
    t1 = first ? r.run.to : std::max(t1, r.run.to);
    first = false;
  }
  if (t1 <= t0) t1 = t0 + 1;
  auto x = [&](double t) { return label_w + plot_w * (t - t0) / (t1 - t0); };
  const double height = 28 + row_h * static_cast<double>(std::max<size_t>(rows.size(), 1)) + 24;
  std::string svg = fmt::format(
      "<svg class=\"chart timeline-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"{}\">",
      Num(label_w + plot_w + 20), Num(height), HtmlEscape(title));
  svg += Title(title, 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    const TimelineRow& r = rows[i];
    const double y = 28 + row_h * static_cast<double>(i);
    svg += fmt::format("<text x=\"0\" y=\"{}\" font-size=\"12\" fill=\"{}\">{}</text>", Num(y + 15), kInk,
                       HtmlEscape(r.label));
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#bfdbfe\"><title>{}: {} to {} ms</title></rect>",
                       Num(x(r.run.from)), Num(y + 4), Num(std::max(1.0, x(r.run.to) - x(r.run.from))),
                       Num(row_h - 8), HtmlEscape(r.label), Num(r.run.from), Num(r.run.to));
    for (const Span& h : r.held) {
      svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>lock held {} to {} ms</title></rect>",
                         Num(x(h.from)), Num(y + 4), Num(std::max(1.0, x(h.to) - x(h.from))), Num(row_h - 8),
                         kBar, Num(h.from), Num(h.to));
    }
    if (r.killed) {
      svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{}\">killed</text>", Num(x(r.run.to) + 3),
                         Num(y + 15), kAlert);
    }
  }
  const double axis_y = height - 8;
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{}\">{} ms</text>", Num(label_w), Num(axis_y),
                     kMuted, Num(t0));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"{}\">{} ms (virtual)</text>",
                     Num(label_w + plot_w), Num(axis_y), kMuted, Num(t1));
  return svg + "</svg>";
}

std::string SequenceChart(std::string_view title, int executions, const std::vector<SequenceStep>& steps) {
  const double col_w = 300;
  const double row_h = 18;
  const double top = 44;
  const double width = col_w * std::max(executions, 1) + 70;
  const double height = top + row_h * static_cast<double>(steps.size()) + 12;
  std::string svg = fmt::format(
      "<svg class=\"chart sequence-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"{}\">",
      Num(width), Num(height), HtmlEscape(title));
  svg += Title(title, 0);
  for (int e = 0; e < executions; ++e) {
    const double cx = 70 + col_w * e + 10;
    svg += fmt::format("<text x=\"{}\" y=\"36\" font-size=\"13\" font-weight=\"600\" fill=\"{}\">E{}</text>", Num(cx),
                       kInk, e);
    svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-dasharray=\"3,3\"/>", Num(cx),
                       Num(top - 4), Num(cx), Num(height - 6), kMuted);
  }
  for (size_t i = 0; i < steps.size(); ++i) {
    const SequenceStep& s = steps[i];
    const double y = top + row_h * static_cast<double>(i) + 12;
    const double cx = 70 + col_w * s.execution + 10;
    const bool alert = s.text.find("create") != std::string::npos || s.text.find("killed") != std::string::npos;
    svg += fmt::format("<text x=\"0\" y=\"{}\" font-size=\"11\" fill=\"{}\">{} ms</text>", Num(y), kMuted, Num(s.t_ms));
    svg += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"/>", Num(cx), Num(y - 4), alert ? kAlert : kBar);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{}\">{}</text>", Num(cx + 8), Num(y),
                       alert ? kAlert : kInk, HtmlEscape(s.text));
  }
  return svg + "</svg>";
}

}  // namespace lockstep::harness
