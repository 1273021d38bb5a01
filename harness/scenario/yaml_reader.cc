#include "harness/scenario/internal/yaml_reader.h"

namespace lockstep::harness::internal {

// A YAML mapping of scalars as JSON: integers, numbers and booleans keep their type.
nlohmann::json YamlToJson(const YAML::Node& n) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& kv : n) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (!v.IsScalar()) Fail(v, fmt::format("{}: expected a single value", key));
    const std::string text = v.Scalar();
    if (v.Tag() == "!") {  // quoted: a string
      out[key] = text;
      continue;
    }
    int64_t i;
    double d;
    bool b;
    if (YAML::convert<int64_t>::decode(v, i)) out[key] = i;
    else if (YAML::convert<double>::decode(v, d)) out[key] = d;
    else if (YAML::convert<bool>::decode(v, b)) out[key] = b;
    else out[key] = text;
  }
  return out;
}

int64_t NonNegative(const YAML::Node& n, const std::string& what) {
  const int64_t v = Scalar<int64_t>(n, what);
  if (v < 0) Fail(n, fmt::format("{}: expected a value >= 0, got {}", what, v));
  return v;
}

std::pair<Duration, Duration> MsRange(const YAML::Node& n, const std::string& what) {
  if (n.IsScalar()) {
    const Duration d(NonNegative(n, what));
    return {d, d};
  }
  Section s(n, what, {"min", "max"});
  const Duration lo(s.Has("min") ? NonNegative(s.Get("min"), what + ".min") : 0);
  const Duration hi(s.Has("max") ? NonNegative(s.Get("max"), what + ".max") : lo.count());
  if (hi < lo) Fail(n, fmt::format("{}: max ({}) is below min ({})", what, hi.count(), lo.count()));
  return {lo, hi};
}

std::vector<Duration> MsList(const YAML::Node& n, const std::string& what) {
  if (!n.IsSequence()) Fail(n, fmt::format("{}: expected a list of milliseconds", what));
  std::vector<Duration> out;
  for (const auto& item : n) out.emplace_back(NonNegative(item, what));
  return out;
}

Expectation ParseExpectation(const YAML::Node& n, const std::string& what) {
  const std::string v = Scalar<std::string>(n, what);
  if (v == "none") return Expectation::kNone;
  if (v == "some") return Expectation::kSome;
  if (v == "any") return Expectation::kAny;
  Fail(n, fmt::format("{}: expected none, some or any, got '{}'", what, v));
}

}  // namespace lockstep::harness::internal
