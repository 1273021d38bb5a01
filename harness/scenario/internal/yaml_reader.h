// The YAML reading helpers of the scenario loader: errors with the line they point at, mappings
// whose keys are checked against the format, and scalars of a checked type.
//
//   Section w(node, "workspace", {"data_sources", "titles"});   // unknown keys fail
//   int n = static_cast<int>(NonNegative(w.Get("data_sources"), "data_sources"));
//
// Everything here throws ScenarioError; ParseScenario turns it into "file:line: message".
#ifndef LOCKSTEP_HARNESS_SCENARIO_INTERNAL_YAML_READER_H_
#define LOCKSTEP_HARNESS_SCENARIO_INTERNAL_YAML_READER_H_

#include <cstdint>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "harness/scenario/scenario.h"

namespace lockstep::harness::internal {

// Thrown inside the loader only; turned into a Status at its boundary.
struct ScenarioError {
  int line;
  std::string message;
};

[[noreturn]] inline void Fail(const YAML::Node& at, std::string message) {
  throw ScenarioError{at.IsDefined() ? at.Mark().line + 1 : 0, std::move(message)};
}

// A YAML mapping whose keys are checked against the ones the format allows.
class Section {
 public:
  Section(const YAML::Node& node, std::string name, std::set<std::string> allowed)
      : node_(node), name_(std::move(name)) {
    if (!node_.IsMap()) Fail(node_, fmt::format("'{}' must be a mapping", name_));
    for (const auto& kv : node_) {
      const std::string key = kv.first.as<std::string>();
      if (allowed.count(key) == 0) {
        std::string list;
        for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
        Fail(kv.first, fmt::format("unknown key '{}' in {}; expected one of: {}", key, name_, list));
      }
    }
  }
  YAML::Node Get(const std::string& key) const { return node_[key]; }
  // The value of a key that must be present.
  YAML::Node Require(const std::string& key) const {
    if (!node_[key]) Fail(node_, fmt::format("missing key '{}' in {}", key, name_));
    return node_[key];
  }
  bool Has(const std::string& key) const { return static_cast<bool>(node_[key]); }

 private:
  YAML::Node node_;
  std::string name_;
};

template <typename T>
T Scalar(const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar()) Fail(n, fmt::format("{}: expected a single value", what));
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    if constexpr (std::is_same_v<T, bool>) Fail(n, fmt::format("{}: expected true or false", what));
    else if constexpr (std::is_integral_v<T>) Fail(n, fmt::format("{}: expected an integer", what));
    else if constexpr (std::is_floating_point_v<T>) Fail(n, fmt::format("{}: expected a number", what));
    else Fail(n, fmt::format("{}: expected a string", what));
  }
}

// A YAML mapping of scalars as JSON: integers, numbers and booleans keep their type.
nlohmann::json YamlToJson(const YAML::Node& n);
int64_t NonNegative(const YAML::Node& n, const std::string& what);
// A {min, max} mapping of milliseconds, or one value for both.
std::pair<Duration, Duration> MsRange(const YAML::Node& n, const std::string& what);
std::vector<Duration> MsList(const YAML::Node& n, const std::string& what);
Expectation ParseExpectation(const YAML::Node& n, const std::string& what);

// The sections of a scenario file (docs/scenario-format.md), each filling its part of `s`.
void LoadRoot(const YAML::Node& root, Scenario& s);
void LoadWorkspace(const YAML::Node& n, Scenario& s);
void LoadExecutions(const YAML::Node& n, Scenario& s);
// `include:`: merges the fragments' lock, drive and platform keys under the scenario's own, and
// removes the key; an error names the fragment's file and line.
Status MergeIncludes(YAML::Node& root, const std::string& file_label, Scenario& s);
void LoadFaults(const YAML::Node& lock_node, const YAML::Node& drive_node, const YAML::Node& platform_node,
                Scenario& s);
void LoadSync(const YAML::Node& n, Scenario& s);
void LoadNotion(const YAML::Node& n, Scenario& s);
void LoadMusic(const YAML::Node& n, Scenario& s);
void LoadGas(const YAML::Node& n, Scenario& s);
void LoadExpect(const YAML::Node& n, Scenario& s);

}  // namespace lockstep::harness::internal

#endif  // LOCKSTEP_HARNESS_SCENARIO_INTERNAL_YAML_READER_H_
