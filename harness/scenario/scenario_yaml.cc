// ScenarioToYaml: the inverse of the loader, field for field.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "harness/scenario/scenario.h"
#include "src/folder_strategy.h"

namespace lockstep::harness {
namespace {

YAML::Node MsRangeNode(Duration lo, Duration hi) {
  YAML::Node n;
  n["min"] = lo.count();
  n["max"] = hi.count();
  n.SetStyle(YAML::EmitterStyle::Flow);
  return n;
}

YAML::Node MsList(const std::vector<Duration>& v) {
  YAML::Node n(YAML::NodeType::Sequence);
  for (Duration d : v) n.push_back(d.count());
  n.SetStyle(YAML::EmitterStyle::Flow);
  return n;
}

double Rate(uint32_t per_million) { return per_million / 1e6; }

void Expectations(const Expect& x, YAML::Node& e) {
  const std::vector<TriExpectation>& all = TriExpectations();
  for (size_t i = 0; i < all.size(); ++i) {
    const Expectation v = x.*all[i].member;
    // liveness_failures is always written: its default is none, not any.
    if (v != Expectation::kAny || all[i].member == &Expect::liveness_failures) e[all[i].key] = std::string(ExpectationName(v));
    if (i == 0 && (x.duplicate_rate_min || x.duplicate_rate_max)) {
      YAML::Node r;
      if (x.duplicate_rate_min) r["min"] = *x.duplicate_rate_min;
      if (x.duplicate_rate_max) r["max"] = *x.duplicate_rate_max;
      r.SetStyle(YAML::EmitterStyle::Flow);
      e["duplicate_rate"] = r;
    }
  }
}

}  // namespace

std::string ScenarioToYaml(const Scenario& s) {
  YAML::Node root;
  root["name"] = s.name;
  if (!s.description.empty()) root["description"] = s.description;
  if (!s.tags.empty()) root["tags"] = s.tags;
  YAML::Node w;
  w["data_sources"] = s.data_source_count;
  if (!s.titles.empty()) w["titles"] = s.titles;
  if (!s.ids.empty()) w["ids"] = s.ids;
  w["existing_folders"] = s.folders_exist ? "all" : "none";
  for (const SeededDuplicates& d : s.duplicates) {
    YAML::Node n;
    n["data_source"] = d.data_source;
    n["copies"] = d.suffixes;
    n["copies"].SetStyle(YAML::EmitterStyle::Flow);
    n["files_per_copy"] = d.files_per_copy;
    w["duplicates"].push_back(n);
  }
  root["workspace"] = w;
  YAML::Node e;
  const ExecutionPlan& p = s.executions;
  if (p.entry != Entry::kGas) e["entry"] = std::string(EntryName(p.entry));
  e["starts_ms"] = MsList(p.starts);
  if (p.jitter > Duration(0)) e["jitter_ms"] = p.jitter.count();
  if (p.cadence_count > 0) {
    e["cadence"]["every_ms"] = p.cadence.count();
    e["cadence"]["count"] = p.cadence_count;
    if (!p.cadence_phases.empty()) e["cadence"]["phases_ms"] = MsList(p.cadence_phases);
  }
  if (!p.manual.empty()) e["manual_ms"] = MsList(p.manual);
  e["deployments"] = p.deployments;
  if (!p.deployment_of.empty()) {
    e["deployment_of"] = p.deployment_of;
    e["deployment_of"].SetStyle(YAML::EmitterStyle::Flow);
  }
  if (p.liveness_runs > 0) {
    e["liveness"]["runs"] = p.liveness_runs;
    e["liveness"]["every_ms"] = p.liveness_every.count();
  }
  root["executions"] = e;
  if (s.gas.enabled) {
    const GasScenario& g = s.gas;
    root["core"] = "gas";
    YAML::Node gn;
    if (!g.project_dir.empty()) gn["project"] = g.project_dir;
    if (g.entries.empty()) gn["entry"] = g.entry;
    else gn["entries"] = g.entries;
    for (const auto& [k, v] : g.script_properties) gn["script_properties"][k] = v;
    if (!g.user_emails.empty()) gn["user_emails"] = g.user_emails;
    if (!g.script_ids.empty()) gn["script_ids"] = g.script_ids;
    gn["execution_limit_ms"] = s.kill_after.count();
    gn["iterator_page_size"] = g.iterator_page_size;
    gn["seed_log_folders"] = g.seed_log_folders;
    gn["stall_timeout_ms"] = g.stall_timeout_ms;
    if (g.cache_evict_per_million > 0) gn["cache_evict_rate"] = Rate(g.cache_evict_per_million);
    root["gas"] = gn;
  }
  // The Notion workspace's knobs, for the cores that talk to Notion (the whole job, a GAS project).
  if (s.gas.enabled || s.core.sync.enabled) {
    YAML::Node n;
    n["rows"] = s.notion.rows;
    n["new_rows"] = s.notion.new_rows;
    n["latency_ms"] = MsRangeNode(s.notion.latency.min, s.notion.latency.max);
    n["requests_per_second"] = s.notion.requests_per_second;
    n["burst"] = s.notion.burst;
    n["renamed_since_export"] = s.notion.renamed_since_export;
    n["execution_logs"] = s.notion.execution_logs;
    root["notion"] = n;
  }
  YAML::Node c;
  c["strategy"] = std::string(FolderStrategyName(s.core.folder_strategy));
  c["batch_size"] = s.core.batch_size;
  c["init_logs"] = s.core.init_logs;
  c["run_guard"] = s.core.run_guard;
  if (s.core.nested_lock_safe) c["nested_lock_safe"] = true;
  if (s.core.pointer_cas) c["pointer_cas"] = true;
  if (s.core.sync.enabled) {
    const SyncConfig& y = s.core.sync;
    c["sync"]["enabled"] = true;
    c["sync"]["allow_schema_deletions"] = y.allow_schema_deletions;
    c["sync"]["conflict_guard"] = y.conflict_guard;
    c["sync"]["lifecycle"] = y.lifecycle;
    c["sync"]["registry_sheet"] = y.registry_sheet;
    c["sync"]["idempotent_page_create"] = y.idempotent_page_create;
    c["sync"]["schema_by_id"] = y.schema_by_id;
    c["sync"]["archive_retention_fixed"] = y.archive_retention_fixed;
  }
  if (!s.gas.enabled) root["core"] = c;
  if (p.entry == Entry::kMusic) {
    YAML::Node m;
    if (!s.music.export_file.empty()) {
      m["export"] = s.music.export_file;
    } else {
      m["tracks"] = s.music.track_count;
      m["artists"] = s.music.artist_count;
      m["playlists"] = s.music.playlist_count;
    }
    m["fixed"] = s.music.fixed;
    root["music"] = m;
    YAML::Node n;
    n["latency_ms"] = MsRangeNode(s.notion.latency.min, s.notion.latency.max);
    n["requests_per_second"] = s.notion.requests_per_second;
    n["burst"] = s.notion.burst;
    root["notion"] = n;
  }
  YAML::Node l;
  l["reentrancy"] = std::string(mocks::ReentrancyName(s.reentrancy));
  l["wait_ms"] = s.core.lock_wait.count();
  l["try_lock_error_rate"] = Rate(s.lock.try_lock_error_per_million);
  root["lock"] = l;
  YAML::Node d;
  d["latency_ms"] = MsRangeNode(s.drive_latency.min, s.drive_latency.max);
  d["listing_lag_ms"] = MsRangeNode(s.drive.lag_min, s.drive.lag_max);
  if (s.drive.name_index_lag_max > Duration(0)) {
    d["name_search_lag_ms"] = MsRangeNode(s.drive.name_index_lag_min, s.drive.name_index_lag_max);
  }
  d["list_includes_trashed"] = s.drive.list_includes_trashed;
  d["move_touches_parents"] = s.drive.move_touches_parents;
  for (const mocks::FaultRule& rule : s.drive_faults.rules) {
    YAML::Node y;
    const nlohmann::json j = mocks::Chaos::RuleJson(rule);
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it->is_string()) y[it.key()] = it->get<std::string>();
      else if (it->is_boolean()) y[it.key()] = it->get<bool>();
      else if (it->is_number_integer()) y[it.key()] = it->get<int64_t>();
      else y[it.key()] = it->get<double>();
    }
    d["faults"].push_back(y);
  }
  root["drive"] = d;
  if (!s.gas.enabled) root["platform"]["kill_after_ms"] = s.kill_after.count();
  YAML::Node x;
  x["schedules"] = s.schedules;
  x["seed"] = s.seed;
  x["steps_max"] = s.steps_max;
  x["virtual_time_max_ms"] = s.virtual_time_max.count();
  x["strategy"] = std::string(ExplorationStrategyName(s.strategy));
  x["depth"] = s.pct_depth;
  if (s.preemption_bound >= 0) x["preemption_bound"] = s.preemption_bound;
  x["swarm"] = s.swarm;
  if (!(s.shrink == Scenario::ShrinkBudget{})) {
    x["shrink"]["candidates_max"] = s.shrink.candidates_max;
    x["shrink"]["classes_per_search"] = s.shrink.classes_per_search;
    x["shrink"]["random_schedules"] = s.shrink.random_schedules;
  }
  root["exploration"] = x;
  YAML::Node ex;
  Expectations(s.expect, ex);
  root["expect"] = ex;
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

}  // namespace lockstep::harness
