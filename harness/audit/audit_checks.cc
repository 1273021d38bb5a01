#include "harness/audit/audit_checks.h"

#include <fmt/format.h>

#include "harness/report/svg_charts.h"

namespace lockstep::harness {

bool IsDashedUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    const char c = s[i];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !hex) return false;
  }
  return true;
}

std::string AuditChecksJUnit(const std::string& suite, const std::vector<AuditCheck>& checks,
                             const std::string& generated_at) {
  int failures = 0;
  std::string cases;
  for (const AuditCheck& c : checks) {
    cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n", suite, HtmlEscape(c.name));
    if (c.findings > 0) {
      ++failures;
      cases += fmt::format("      <failure type=\"audit\" message=\"{} finding(s); see audit.md\"/>\n", c.findings);
    }
    cases += "    </testcase>\n";
  }
  // The document's name is the suite's without "lockstep." and with '-' ("lockstep-mount-audit").
  std::string doc = suite;
  for (char& ch : doc) ch = ch == '.' || ch == '_' ? '-' : ch;
  return fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{0}\" tests=\"{1}\" "
                     "failures=\"{2}\" errors=\"0\" time=\"0\">\n  <testsuite name=\"{3}\" tests=\"{1}\" "
                     "failures=\"{2}\" errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\"{4}\">\n{5}  </testsuite>\n"
                     "</testsuites>\n",
                     doc, checks.size(), failures, suite, HtmlEscape(generated_at), cases);
}

}  // namespace lockstep::harness
