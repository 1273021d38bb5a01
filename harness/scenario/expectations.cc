// The expectations of a scenario: the table of none/some/any expectations (one row per checker
// the reports count schedules for), their names, and the `expect` section of the YAML.
#include <set>

#include "harness/scenario/internal/yaml_reader.h"

namespace lockstep::harness {
namespace internal {
namespace {

void LoadExpectInto(const YAML::Node& n, Expect& x, const std::string& name, bool top);

}  // namespace

void LoadExpect(const YAML::Node& n, Scenario& s) {
  LoadExpectInto(n, s.expect, "expect", true);
  if (n.IsMap() && n["threads"]) {
    s.expect_threads = s.expect;
    LoadExpectInto(n["threads"], *s.expect_threads, "expect.threads", false);
  }
  if (n.IsMap() && n["http"]) {
    s.expect_http = s.expect;
    LoadExpectInto(n["http"], *s.expect_http, "expect.http", false);
  }
}

namespace {

void LoadExpectInto(const YAML::Node& n, Expect& x, const std::string& name, bool top) {
  std::set<std::string> keys = {"duplicate_rate"};
  for (const TriExpectation& t : TriExpectations()) keys.insert(t.key);
  if (top) keys.insert({"threads", "http"});
  Section e(n, name, keys);
  for (const TriExpectation& t : TriExpectations()) {
    if (e.Has(t.key)) x.*t.member = ParseExpectation(e.Get(t.key), t.key);
  }
  if (e.Has("duplicate_rate")) {
    Section r(e.Get("duplicate_rate"), "duplicate_rate", {"min", "max"});
    if (r.Has("min")) x.duplicate_rate_min = Scalar<double>(r.Get("min"), "duplicate_rate.min");
    if (r.Has("max")) x.duplicate_rate_max = Scalar<double>(r.Get("max"), "duplicate_rate.max");
  }
}

}  // namespace
}  // namespace internal

const std::vector<TriExpectation>& TriExpectations() {
  static const std::vector<TriExpectation> kAll = {
      {"duplicates", &Expect::duplicates, "duplicate-folders"},
      {"mutex_violations", &Expect::mutex_violations, "mutual-exclusion"},
      {"rotation_violations", &Expect::rotation_violations, "rotation"},
      {"missing_folders", &Expect::missing_folders, ""},
      {"lost_files", &Expect::lost_files, "files-in-trash"},
      {"duplicate_pages", &Expect::duplicate_pages, "duplicate-pages"},
      {"duplicate_files", &Expect::duplicate_files, "duplicate-files"},
      {"lost_links", &Expect::lost_links, "lost-links"},
      {"lost_advances", &Expect::lost_advances, "lost-advance"},
      {"archive_unbounded", &Expect::archive_unbounded, "archive-unbounded"},
      {"lost_column_data", &Expect::lost_column_data, "column-data-lost"},
      {"renames_undone", &Expect::renames_undone, "rename-undone"},
      {"skipped_in_cycle", &Expect::skipped_in_cycle, "rotation-skipped"},
      {"liveness_failures", &Expect::liveness_failures, "liveness"},
  };
  return kAll;
}

std::string_view ExpectationName(Expectation e) {
  switch (e) {
    case Expectation::kAny: return "any";
    case Expectation::kNone: return "none";
    case Expectation::kSome: return "some";
  }
  return "?";
}

const Expect& Scenario::ExpectFor() const {
  if (mode == RunMode::kThreads && expect_threads) return *expect_threads;
  if (mode == RunMode::kHttp && expect_http) return *expect_http;
  return expect;
}

}  // namespace lockstep::harness
