// The scenario loader: the top level, the workspace, the executions and faults, exploration; and
// ParseScenario / LoadScenarioFile, where the loader's errors become "file:line: message".
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/scenario/internal/yaml_reader.h"
#include "src/file_text.h"
#include "src/folder_strategy.h"

namespace lockstep::harness {
namespace internal {
namespace {

void LoadRest(const Section& r, Scenario& s);

}  // namespace

void LoadRoot(const YAML::Node& root, Scenario& s) {
  Section r(root, "the scenario", {"name", "description", "tags", "workspace", "executions", "core", "gas",
                                   "lock", "drive", "notion", "music", "platform", "exploration", "expect"});
  if (!r.Has("name")) Fail(root, "missing key 'name'");
  s.name = Scalar<std::string>(r.Get("name"), "name");
  if (r.Has("description")) s.description = Scalar<std::string>(r.Get("description"), "description");
  if (r.Has("tags")) {
    if (!r.Get("tags").IsSequence()) Fail(r.Get("tags"), "tags: expected a list");
    for (const auto& t : r.Get("tags")) s.tags.push_back(Scalar<std::string>(t, "tags"));
  }
  if (r.Has("workspace")) LoadWorkspace(r.Get("workspace"), s);
  if (!r.Has("executions")) Fail(root, "missing key 'executions'");
  LoadExecutions(r.Get("executions"), s);
  const bool music = s.executions.entry == Entry::kMusic;
  if (music) {
    if (!r.Has("music")) Fail(root, "missing key 'music' (entry: music)");
    LoadMusic(r.Get("music"), s);
  } else if (r.Has("music")) {
    Fail(r.Get("music"), "music: needs executions.entry: music");
  }
  if (!r.Has("core") && music) {
    LoadRest(r, s);
    return;
  }
  if (r.Has("core") && r.Get("core").IsScalar()) {  // core: gas
    const std::string core = Scalar<std::string>(r.Get("core"), "core");
    if (core != "gas") Fail(r.Get("core"), fmt::format("core: expected gas or a mapping with core.strategy, got '{}'", core));
    if (music) Fail(r.Get("core"), "core: gas runs an Apps Script project; entry: music runs the C++ music workflow");
    if (!r.Has("gas")) Fail(root, "missing key 'gas' (core: gas needs gas.entry, and gas.project or --gas-project)");
    s.executions.entry = Entry::kGas;
    LoadGas(r.Get("gas"), s);
    if (r.Has("notion")) LoadNotion(r.Get("notion"), s);
    LoadRest(r, s);
    return;
  }
  if (r.Has("gas")) Fail(r.Get("gas"), "gas: needs core: gas");
  if (!r.Has("core")) Fail(root, "missing key 'core' (with core.strategy)");
  Section c(r.Get("core"), "core", {"strategy", "batch_size", "init_logs", "run_guard", "sync", "nested_lock_safe",
                                    "pointer_cas"});
  if (!c.Has("strategy")) Fail(r.Get("core"), "missing key 'core.strategy'");
  const std::string strategy = Scalar<std::string>(c.Get("strategy"), "strategy");
  if (!ParseFolderStrategy(strategy, s.core.folder_strategy)) {
    Fail(c.Get("strategy"), fmt::format("strategy: expected one of {}, got '{}'", FolderStrategyNames(), strategy));
  }
  if (c.Has("batch_size")) {
    s.core.batch_size = static_cast<int>(NonNegative(c.Get("batch_size"), "batch_size"));
    if (s.core.batch_size < 1) Fail(c.Get("batch_size"), "batch_size: expected >= 1");
  }
  if (c.Has("init_logs")) s.core.init_logs = Scalar<bool>(c.Get("init_logs"), "init_logs");
  if (c.Has("run_guard")) s.core.run_guard = Scalar<bool>(c.Get("run_guard"), "run_guard");
  if (c.Has("sync")) LoadSync(c.Get("sync"), s);
  if (c.Has("nested_lock_safe")) s.core.nested_lock_safe = Scalar<bool>(c.Get("nested_lock_safe"), "nested_lock_safe");
  if (c.Has("pointer_cas")) s.core.pointer_cas = Scalar<bool>(c.Get("pointer_cas"), "pointer_cas");
  if (r.Has("notion")) LoadNotion(r.Get("notion"), s);
  if (r.Has("notion") && !s.core.sync.enabled && !music) {
    Fail(r.Get("notion"), "notion: needs core.sync or entry: music (the folder step alone reads no Notion)");
  }
  LoadRest(r, s);
}

namespace {

// What every entry reads after `core`: faults, exploration and expectations.
void LoadRest(const Section& r, Scenario& s) {
  if (!r.Has("core") && r.Has("notion")) LoadNotion(r.Get("notion"), s);
  LoadFaults(r.Get("lock"), r.Get("drive"), r.Get("platform"), s);
  if (s.gas.execution_limit) {  // gas.execution_limit_ms and platform.kill_after_ms say one thing
    if (r.Has("platform") && r.Get("platform")["kill_after_ms"] && s.kill_after != *s.gas.execution_limit) {
      Fail(r.Get("platform"), "platform.kill_after_ms and gas.execution_limit_ms disagree: give one of them");
    }
    s.kill_after = *s.gas.execution_limit;
  }
  if (r.Has("exploration")) {
    Section x(r.Get("exploration"), "exploration",
              {"schedules", "seed", "steps_max", "virtual_time_max_ms", "strategy", "depth",
               "preemption_bound", "swarm", "shrink"});
    if (x.Has("shrink")) {
      Section b(x.Get("shrink"), "exploration.shrink", {"candidates_max", "classes_per_search", "random_schedules"});
      if (b.Has("candidates_max")) s.shrink.candidates_max = static_cast<int>(NonNegative(b.Get("candidates_max"), "shrink.candidates_max"));
      if (b.Has("classes_per_search")) s.shrink.classes_per_search = NonNegative(b.Get("classes_per_search"), "shrink.classes_per_search");
      if (b.Has("random_schedules")) s.shrink.random_schedules = static_cast<int>(NonNegative(b.Get("random_schedules"), "shrink.random_schedules"));
    }
    if (x.Has("virtual_time_max_ms")) {
      s.virtual_time_max = Duration(NonNegative(x.Get("virtual_time_max_ms"), "virtual_time_max_ms"));
      if (s.virtual_time_max <= Duration(0)) Fail(x.Get("virtual_time_max_ms"), "virtual_time_max_ms: expected > 0");
    }
    if (x.Has("strategy")) {
      const std::string v = Scalar<std::string>(x.Get("strategy"), "strategy");
      if (!ParseExplorationStrategy(v, s.strategy)) {
        Fail(x.Get("strategy"), fmt::format("strategy: expected random, pct or dfs, got '{}'", v));
      }
    }
    if (x.Has("depth")) {
      s.pct_depth = static_cast<int>(NonNegative(x.Get("depth"), "depth"));
      if (s.pct_depth < 1 || s.pct_depth > 10) Fail(x.Get("depth"), "depth: expected 1..10");
    }
    if (x.Has("preemption_bound")) {
      s.preemption_bound = static_cast<int>(NonNegative(x.Get("preemption_bound"), "preemption_bound"));
    }
    if (x.Has("swarm")) s.swarm = Scalar<bool>(x.Get("swarm"), "swarm");
    if (x.Has("schedules")) {
      s.schedules = static_cast<int>(NonNegative(x.Get("schedules"), "schedules"));
      if (s.schedules < 1) Fail(x.Get("schedules"), "schedules: expected >= 1");
    }
    if (x.Has("seed")) s.seed = Scalar<uint64_t>(x.Get("seed"), "seed");
    if (x.Has("steps_max")) s.steps_max = NonNegative(x.Get("steps_max"), "steps_max");
  }
  if (r.Has("expect")) LoadExpect(r.Get("expect"), s);
}

}  // namespace

void LoadWorkspace(const YAML::Node& n, Scenario& s) {
  Section w(n, "workspace", {"data_sources", "titles", "ids", "existing_folders", "duplicates"});
  if (w.Has("data_sources")) {
    s.data_source_count = static_cast<int>(NonNegative(w.Get("data_sources"), "data_sources"));
    if (s.data_source_count < 1 || s.data_source_count > 10000) {
      Fail(w.Get("data_sources"), "data_sources: expected 1..10000");
    }
  }
  if (w.Has("titles")) {
    const YAML::Node t = w.Get("titles");
    if (!t.IsSequence()) Fail(t, "titles: expected a list of strings");
    for (const auto& item : t) s.titles.push_back(Scalar<std::string>(item, "titles"));
    if (!w.Has("data_sources")) s.data_source_count = static_cast<int>(s.titles.size());
    if (static_cast<int>(s.titles.size()) != s.data_source_count) {
      Fail(t, fmt::format("titles: expected {} titles (data_sources), got {}", s.data_source_count,
                          s.titles.size()));
    }
  }
  if (w.Has("ids")) {
    const YAML::Node t = w.Get("ids");
    if (!t.IsSequence()) Fail(t, "ids: expected a list of data source ids");
    for (const auto& item : t) s.ids.push_back(Scalar<std::string>(item, "ids"));
    if (!w.Has("data_sources") && s.titles.empty()) s.data_source_count = static_cast<int>(s.ids.size());
    if (static_cast<int>(s.ids.size()) != s.data_source_count) {
      Fail(t, fmt::format("ids: expected {} ids (data_sources), got {}", s.data_source_count,
                          s.ids.size()));
    }
  }
  if (w.Has("existing_folders")) {
    const std::string v = Scalar<std::string>(w.Get("existing_folders"), "existing_folders");
    if (v != "none" && v != "all") Fail(w.Get("existing_folders"), "existing_folders: expected none or all");
    s.folders_exist = v == "all";
  }
  if (w.Has("duplicates")) {
    const YAML::Node d = w.Get("duplicates");
    if (!d.IsSequence()) Fail(d, "duplicates: expected a list");
    for (const auto& item : d) {
      Section e(item, "duplicates entry", {"data_source", "copies", "files_per_copy"});
      SeededDuplicates sd;
      sd.data_source = static_cast<int>(NonNegative(e.Require("data_source"), "data_source"));
      if (sd.data_source >= s.data_source_count) {
        Fail(e.Get("data_source"), fmt::format("data_source: expected 0..{}", s.data_source_count - 1));
      }
      const YAML::Node copies = e.Get("copies");
      if (!copies || !copies.IsSequence() || copies.size() < 2) {
        Fail(item, "copies: expected a list of at least two name suffixes, e.g. [\"\", \" (1)\"]");
      }
      for (const auto& c : copies) sd.suffixes.push_back(Scalar<std::string>(c, "copies"));
      if (e.Has("files_per_copy")) {
        sd.files_per_copy = static_cast<int>(NonNegative(e.Get("files_per_copy"), "files_per_copy"));
      }
      s.duplicates.push_back(std::move(sd));
    }
  }
}

void LoadExecutions(const YAML::Node& n, Scenario& s) {
  Section e(n, "executions", {"entry", "count", "starts_ms", "jitter_ms", "cadence", "manual_ms",
                              "deployments", "deployment_of", "liveness"});
  ExecutionPlan& p = s.executions;
  if (e.Has("entry")) {
    const std::string v = Scalar<std::string>(e.Get("entry"), "entry");
    if (v == "run") p.entry = Entry::kRun;
    else if (v == "folder-step") p.entry = Entry::kFolderStep;
    else if (v == "music") p.entry = Entry::kMusic;
    else Fail(e.Get("entry"), "entry: expected run, folder-step or music");
  }
  if (e.Has("starts_ms")) p.starts = MsList(e.Get("starts_ms"), "starts_ms");
  if (e.Has("count")) {
    const int count = static_cast<int>(NonNegative(e.Get("count"), "count"));
    if (e.Has("starts_ms")) Fail(e.Get("count"), "count: give either count or starts_ms");
    p.starts.assign(count, Duration(0));
  }
  if (e.Has("jitter_ms")) p.jitter = Duration(NonNegative(e.Get("jitter_ms"), "jitter_ms"));
  if (e.Has("cadence")) {
    Section c(e.Get("cadence"), "cadence", {"every_ms", "count", "phases_ms"});
    if (c.Has("phases_ms")) p.cadence_phases = MsList(c.Get("phases_ms"), "cadence.phases_ms");
    p.cadence = Duration(NonNegative(c.Require("every_ms"), "cadence.every_ms"));
    p.cadence_count = static_cast<int>(NonNegative(c.Require("count"), "cadence.count"));
    if (p.cadence <= Duration(0)) Fail(e.Get("cadence"), "cadence.every_ms: expected > 0");
  }
  if (e.Has("manual_ms")) p.manual = MsList(e.Get("manual_ms"), "manual_ms");
  if (e.Has("liveness")) {
    Section l(e.Get("liveness"), "liveness", {"runs", "every_ms"});
    p.liveness_runs = static_cast<int>(NonNegative(l.Require("runs"), "liveness.runs"));
    if (p.liveness_runs > 1000) Fail(l.Get("runs"), "liveness.runs: expected at most 1000");
    if (l.Has("every_ms")) p.liveness_every = Duration(NonNegative(l.Get("every_ms"), "liveness.every_ms"));
    if (p.liveness_every <= Duration(0)) Fail(l.Get("every_ms"), "liveness.every_ms: expected > 0");
  }
  if (e.Has("deployments")) {
    p.deployments = static_cast<int>(NonNegative(e.Get("deployments"), "deployments"));
    if (p.deployments < 1 || p.deployments > 16) Fail(e.Get("deployments"), "deployments: expected 1..16");
  }
  if (!p.cadence_phases.empty() && static_cast<int>(p.cadence_phases.size()) != p.deployments) {
    Fail(e.Get("cadence"), fmt::format("cadence.phases_ms: expected one phase per deployment ({}), got {}",
                                       p.deployments, p.cadence_phases.size()));
  }
  const int total = s.ExecutionCount();
  if (total < 1 || total > 1000) Fail(n, fmt::format("executions: expected 1..1000 in all, got {}", total));
  if (e.Has("deployment_of")) {
    const YAML::Node d = e.Get("deployment_of");
    if (!d.IsSequence()) Fail(d, "deployment_of: expected a list, one deployment per execution");
    for (const auto& item : d) {
      const int64_t v = NonNegative(item, "deployment_of");
      if (v >= p.deployments) Fail(item, fmt::format("deployment_of: expected 0..{}", p.deployments - 1));
      p.deployment_of.push_back(static_cast<int>(v));
    }
    if (static_cast<int>(p.deployment_of.size()) != total) {
      Fail(d, fmt::format("deployment_of: expected {} entries (one per execution), got {}", total,
                          p.deployment_of.size()));
    }
  }
}

void LoadFaults(const YAML::Node& lock_node, const YAML::Node& drive_node,
                const YAML::Node& platform_node, Scenario& s) {
  if (lock_node) {
    Section l(lock_node, "lock", {"reentrancy", "wait_ms", "try_lock_error_rate"});
    if (l.Has("reentrancy")) {
      const std::string v = Scalar<std::string>(l.Get("reentrancy"), "reentrancy");
      if (!mocks::ParseReentrancy(v, s.reentrancy)) {
        Fail(l.Get("reentrancy"), "reentrancy: expected S1, S2 or S3");
      }
    }
    if (l.Has("wait_ms")) s.core.lock_wait = Duration(NonNegative(l.Get("wait_ms"), "wait_ms"));
    if (l.Has("try_lock_error_rate")) {
      const double p = Scalar<double>(l.Get("try_lock_error_rate"), "try_lock_error_rate");
      if (p < 0 || p > 1) Fail(l.Get("try_lock_error_rate"), "try_lock_error_rate: expected 0..1");
      s.lock.try_lock_error_per_million = static_cast<uint32_t>(p * 1e6 + 0.5);
    }
  }
  if (drive_node) {
    Section d(drive_node, "drive", {"listing_lag_ms", "name_search_lag_ms", "list_includes_trashed",
                                    "move_touches_parents", "latency_ms",
                                    "folder_create_commit_then_fail_rate", "faults"});
    if (d.Has("listing_lag_ms")) {
      std::tie(s.drive.lag_min, s.drive.lag_max) = MsRange(d.Get("listing_lag_ms"), "listing_lag_ms");
    }
    if (d.Has("name_search_lag_ms")) {
      std::tie(s.drive.name_index_lag_min, s.drive.name_index_lag_max) =
          MsRange(d.Get("name_search_lag_ms"), "name_search_lag_ms");
    }
    if (d.Has("list_includes_trashed")) {
      s.drive.list_includes_trashed = Scalar<bool>(d.Get("list_includes_trashed"), "list_includes_trashed");
    }
    if (d.Has("move_touches_parents")) {
      s.drive.move_touches_parents = Scalar<bool>(d.Get("move_touches_parents"), "move_touches_parents");
    }
    if (d.Has("folder_create_commit_then_fail_rate")) {
      const YAML::Node n = d.Get("folder_create_commit_then_fail_rate");
      const double p = Scalar<double>(n, "folder_create_commit_then_fail_rate");
      if (p < 0 || p > 1) Fail(n, "folder_create_commit_then_fail_rate: expected 0..1");
      if (p > 0) s.drive_faults.rules.push_back(FolderCreateCommitThenFail(static_cast<uint32_t>(p * 1e6 + 0.5)));
    }
    if (d.Has("faults")) {
      const YAML::Node list = d.Get("faults");
      if (!list.IsSequence()) Fail(list, "drive.faults: expected a list of fault rules");
      for (size_t i = 0; i < list.size(); ++i) {
        if (!list[i].IsMap()) Fail(list[i], fmt::format("drive.faults[{}]: expected a mapping", i));
        StatusOr<mocks::FaultRule> rule = mocks::Chaos::ParseRule(YamlToJson(list[i]));
        if (!rule.ok()) Fail(list[i], fmt::format("drive.faults[{}]: {}", i, rule.status().message()));
        s.drive_faults.rules.push_back(*std::move(rule));
      }
    }
    if (d.Has("latency_ms")) {
      std::tie(s.drive_latency.min, s.drive_latency.max) = MsRange(d.Get("latency_ms"), "latency_ms");
    }
  }
  if (platform_node) {
    Section p(platform_node, "platform", {"kill_after_ms"});
    if (p.Has("kill_after_ms")) {
      s.kill_after = Duration(NonNegative(p.Get("kill_after_ms"), "kill_after_ms"));
      if (s.kill_after <= Duration(0)) Fail(p.Get("kill_after_ms"), "kill_after_ms: expected > 0");
    }
  }
}

}  // namespace internal

StatusOr<Scenario> ParseScenario(const std::string& yaml_text, const std::string& file_label) {
  Scenario s;
  s.file = file_label;
  try {
    YAML::Node root = YAML::Load(yaml_text);
    if (!root.IsMap()) {
      return Status(StatusCode::kInvalidArgument, 0, "scenario",
                    fmt::format("{}:1: expected a YAML mapping at the top level", file_label));
    }
    if (Status inc = internal::MergeIncludes(root, file_label, s); !inc.ok()) return inc;
    internal::LoadRoot(root, s);
  } catch (const internal::ScenarioError& e) {
    return Status(StatusCode::kInvalidArgument, 0, "scenario",
                  fmt::format("{}:{}: {}", file_label, e.line, e.message));
  } catch (const YAML::Exception& e) {
    return Status(StatusCode::kInvalidArgument, 0, "scenario",
                  fmt::format("{}:{}: invalid YAML: {}", file_label, e.mark.line + 1, e.msg));
  }
  return s;
}

StatusOr<Scenario> LoadScenarioFile(const std::string& path) {
  std::optional<std::string> text = ReadFileText(path);
  if (!text) return Status(StatusCode::kNotFound, 0, "scenario", fmt::format("{}: cannot open the file", path));
  return ParseScenario(*text, path);
}

StatusOr<std::vector<std::string>> FindScenarioFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status(StatusCode::kNotFound, 0, "scenario", fmt::format("{}: not a folder of scenarios", dir));
  }
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_directory() && it->path().filename() == "data") {
      it.disable_recursion_pending();
      continue;
    }
    const fs::path ext = it->path().extension();
    // "x.fragment.yaml" is a fragment scenarios include (a calibration), not a scenario.
    if (it->path().stem().extension() == ".fragment") continue;
    if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(it->path().string());
  }
  if (ec) return Status(StatusCode::kUnavailable, 0, "io", fmt::format("{}: {}", dir, ec.message()));
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace lockstep::harness
