// The `gas` section of a scenario (core: gas): which Apps Script project the executions run, its
// entry function, and what the platform knows of the deployments (script properties, accounts,
// script ids, the execution limit, iterator pages, the cache's eviction).
#include <algorithm>
#include <filesystem>
#include <regex>

#include "harness/scenario/internal/yaml_reader.h"
#include "src/encoding.h"

namespace lockstep::harness::internal {

void LoadGas(const YAML::Node& n, Scenario& s) {
  Section g(n, "gas", {"project", "entry", "entries", "script_properties", "user_email", "user_emails", "script_ids",
                       "execution_limit_ms", "iterator_page_size", "seed_log_folders", "stall_timeout_ms",
                       "cache_evict_rate"});
  GasScenario& gas = s.gas;
  gas.enabled = true;
  if (g.Has("project")) {
    gas.project = Scalar<std::string>(g.Get("project"), "gas.project");
    std::filesystem::path dir = gas.project;
    if (dir.is_relative()) dir = std::filesystem::path(s.file).parent_path() / dir;
    gas.project_dir = std::filesystem::absolute(dir).lexically_normal().string();
  }
  if (g.Has("entry")) gas.entry = Scalar<std::string>(g.Get("entry"), "gas.entry");
  static const std::regex kIdentifier("[A-Za-z_$][A-Za-z0-9_$]*");
  if (!std::regex_match(gas.entry, kIdentifier)) {
    Fail(g.Has("entry") ? g.Get("entry") : n, fmt::format("gas.entry: expected the name of a top-level function, got '{}'", gas.entry));
  }
  if (g.Has("entries")) {
    if (g.Has("entry")) Fail(n, "gas: give entry or entries, not both");
    const YAML::Node list = g.Get("entries");
    if (!list.IsSequence() || list.size() == 0) Fail(list, "gas.entries: expected a list of function names, one per execution");
    for (const auto& item : list) {
      gas.entries.push_back(Scalar<std::string>(item, "gas.entries"));
      if (!std::regex_match(gas.entries.back(), kIdentifier)) {
        Fail(item, fmt::format("gas.entries: expected the name of a top-level function, got '{}'", gas.entries.back()));
      }
    }
    gas.entry = gas.entries.front();
  }
  if (g.Has("script_properties")) {
    const YAML::Node p = g.Get("script_properties");
    if (!p.IsMap()) Fail(p, "gas.script_properties: expected a mapping of property names to values");
    for (const auto& kv : p) {
      // A name must be one YAML can write back into the scenario a trace embeds (found by the
      // scenario_yaml fuzz target): implicit keys are at most 1024 characters, and control
      // characters or bytes that are not UTF-8 come back escaped, up to four times as long.
      if (kv.first.IsScalar()) {
        const std::string& name = kv.first.Scalar();
        const bool control = std::any_of(name.begin(), name.end(), [](char c) {
          return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
        });
        if (name.size() > 500 || control || !IsValidUtf8(name)) {
          Fail(kv.first, fmt::format("gas.script_properties: a property name of {} bytes{}: expected at most 500 "
                                     "bytes of UTF-8 text without control characters",
                                     name.size(), control ? " with control characters" : ""));
        }
      }
      gas.script_properties.emplace_back(kv.first.as<std::string>(),
                                         Scalar<std::string>(kv.second, "gas.script_properties." + kv.first.as<std::string>()));
    }
  }
  if (g.Has("user_email") && g.Has("user_emails")) Fail(n, "gas: give user_email or user_emails, not both");
  if (g.Has("user_email")) gas.user_emails.push_back(Scalar<std::string>(g.Get("user_email"), "gas.user_email"));
  for (const char* key : {"user_emails", "script_ids"}) {
    if (!g.Has(key)) continue;
    const YAML::Node list = g.Get(key);
    if (!list.IsSequence()) Fail(list, fmt::format("gas.{}: expected a list, one per deployment", key));
    auto& out = std::string(key) == "user_emails" ? gas.user_emails : gas.script_ids;
    for (const auto& item : list) out.push_back(Scalar<std::string>(item, std::string("gas.") + key));
  }
  if (g.Has("execution_limit_ms")) {
    const Duration limit(NonNegative(g.Get("execution_limit_ms"), "gas.execution_limit_ms"));
    if (limit <= Duration(0)) Fail(g.Get("execution_limit_ms"), "gas.execution_limit_ms: expected > 0");
    gas.execution_limit = limit;
  }
  if (g.Has("iterator_page_size")) {
    gas.iterator_page_size = static_cast<int>(NonNegative(g.Get("iterator_page_size"), "gas.iterator_page_size"));
    if (gas.iterator_page_size < 1 || gas.iterator_page_size > 1000) {
      Fail(g.Get("iterator_page_size"), "gas.iterator_page_size: expected 1..1000");
    }
  }
  if (g.Has("seed_log_folders")) gas.seed_log_folders = Scalar<bool>(g.Get("seed_log_folders"), "gas.seed_log_folders");
  if (g.Has("stall_timeout_ms")) {
    gas.stall_timeout_ms = static_cast<int>(NonNegative(g.Get("stall_timeout_ms"), "gas.stall_timeout_ms"));
    if (gas.stall_timeout_ms < 100) Fail(g.Get("stall_timeout_ms"), "gas.stall_timeout_ms: expected >= 100");
  }
  if (g.Has("cache_evict_rate")) {
    const double r = Scalar<double>(g.Get("cache_evict_rate"), "gas.cache_evict_rate");
    if (r < 0 || r > 1) Fail(g.Get("cache_evict_rate"), "gas.cache_evict_rate: expected 0..1");
    gas.cache_evict_per_million = static_cast<uint32_t>(r * 1e6 + 0.5);
  }
}

}  // namespace lockstep::harness::internal
