// What the two audits (a files.list export, a Drive for Desktop mount) share: reading a dashed
// uuid out of a name, and their checks as JUnit test cases.
//
//   if (IsDashedUuid(name.substr(at + 1))) ...
//   std::string xml = AuditChecksJUnit("lockstep.mount_audit", {{"one CSV per data source", 3}}, generated_at);
#ifndef LOCKSTEP_HARNESS_AUDIT_AUDIT_CHECKS_H_
#define LOCKSTEP_HARNESS_AUDIT_AUDIT_CHECKS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::harness {

// `s` is 8-4-4-4-12 hex digits with dashes, as Notion writes a data source id.
bool IsDashedUuid(std::string_view s);

struct AuditCheck {
  std::string name;
  int64_t findings = 0;  // 0: the check passes
};

// A JUnit document with one test case per check (classname `suite`), a failure for each check
// with findings pointing at audit.md.
std::string AuditChecksJUnit(const std::string& suite, const std::vector<AuditCheck>& checks,
                             const std::string& generated_at);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_AUDIT_AUDIT_CHECKS_H_
