#include "harness/scenario.h"

#include <fstream>
#include <set>
#include <sstream>

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "src/folder_strategy.h"

namespace lockstep::harness {
namespace {

// Thrown inside the loader only; turned into a Status at its boundary.
struct ScenarioError {
  int line;
  std::string message;
};

[[noreturn]] void Fail(const YAML::Node& at, std::string message) {
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
    Section d(drive_node, "drive", {"listing_lag_ms", "list_includes_trashed",
                                    "move_touches_parents", "latency_ms",
                                    "folder_create_commit_then_fail_rate", "faults"});
    if (d.Has("listing_lag_ms")) {
      std::tie(s.drive.lag_min, s.drive.lag_max) = MsRange(d.Get("listing_lag_ms"), "listing_lag_ms");
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

void LoadExpectInto(const YAML::Node& n, Expect& x, const std::string& name, bool top);

// core.sync: true, or a mapping of the SyncConfig switches.
void LoadSync(const YAML::Node& n, Scenario& s) {
  SyncConfig& sync = s.core.sync;
  if (n.IsScalar()) {
    sync.enabled = Scalar<bool>(n, "sync");
    return;
  }
  Section y(n, "core.sync", {"enabled", "allow_schema_deletions", "conflict_guard", "lifecycle", "registry_sheet",
                             "idempotent_page_create", "schema_by_id", "archive_retention_fixed"});
  sync.enabled = y.Has("enabled") ? Scalar<bool>(y.Get("enabled"), "sync.enabled") : true;
  auto flag = [&y](const char* key, bool& out) {
    if (y.Has(key)) out = Scalar<bool>(y.Get(key), std::string("sync.") + key);
  };
  flag("allow_schema_deletions", sync.allow_schema_deletions);
  flag("conflict_guard", sync.conflict_guard);
  flag("lifecycle", sync.lifecycle);
  flag("registry_sheet", sync.registry_sheet);
  flag("idempotent_page_create", sync.idempotent_page_create);
  flag("schema_by_id", sync.schema_by_id);
  flag("archive_retention_fixed", sync.archive_retention_fixed);
}

void LoadNotion(const YAML::Node& n, Scenario& s) {
  Section y(n, "notion", {"rows", "new_rows", "latency_ms", "requests_per_second", "burst", "renamed_since_export",
                          "execution_logs"});
  if (y.Has("execution_logs")) s.notion.execution_logs = Scalar<bool>(y.Get("execution_logs"), "notion.execution_logs");
  s.core.sync.execution_logs_data_source = s.notion.execution_logs ? kExecutionLogsDataSource : "";
  if (y.Has("renamed_since_export")) {
    s.notion.renamed_since_export = Scalar<bool>(y.Get("renamed_since_export"), "notion.renamed_since_export");
  }
  NotionWorkspace& w = s.notion;
  if (y.Has("rows")) w.rows = static_cast<int>(NonNegative(y.Get("rows"), "notion.rows"));
  if (y.Has("new_rows")) w.new_rows = static_cast<int>(NonNegative(y.Get("new_rows"), "notion.new_rows"));
  if (w.rows > 1000 || w.new_rows > 1000) Fail(n, "notion: rows and new_rows: expected at most 1000 each");
  if (y.Has("latency_ms")) std::tie(w.latency.min, w.latency.max) = MsRange(y.Get("latency_ms"), "notion.latency_ms");
  if (y.Has("requests_per_second")) {
    w.requests_per_second = Scalar<double>(y.Get("requests_per_second"), "notion.requests_per_second");
    if (w.requests_per_second < 0) Fail(y.Get("requests_per_second"), "notion.requests_per_second: expected >= 0");
  }
  if (y.Has("burst")) {
    w.burst = Scalar<double>(y.Get("burst"), "notion.burst");
    if (w.burst < 1) Fail(y.Get("burst"), "notion.burst: expected >= 1");
  }
}

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

void LoadRest(const Section& r, Scenario& s);

// music: the workload of entry: music.
void LoadMusic(const YAML::Node& n, Scenario& s) {
  Section m(n, "music", {"export", "tracks", "artists", "playlists", "fixed"});
  MusicWorkload& w = s.music;
  if (m.Has("fixed")) w.fixed = Scalar<bool>(m.Get("fixed"), "music.fixed");
  if (m.Has("tracks")) w.track_count = static_cast<int>(NonNegative(m.Get("tracks"), "music.tracks"));
  if (m.Has("artists")) w.artist_count = static_cast<int>(NonNegative(m.Get("artists"), "music.artists"));
  if (m.Has("playlists")) w.playlist_count = static_cast<int>(NonNegative(m.Get("playlists"), "music.playlists"));
  if (w.track_count < 1 || w.track_count > 10000) Fail(n, "music.tracks: expected 1..10000");
  if (w.artist_count < 1 || w.playlist_count < 1) Fail(n, "music.artists and music.playlists: expected >= 1");
  if (m.Has("export")) {
    std::filesystem::path path = Scalar<std::string>(m.Get("export"), "music.export");
    if (path.is_relative()) path = std::filesystem::path(s.file).parent_path() / path;
    std::ifstream in(path);
    if (!in) Fail(m.Get("export"), fmt::format("music.export: cannot read {}", path.string()));
    std::stringstream text;
    text << in.rdbuf();
    StatusOr<std::vector<TrackMeta>> tracks = ParseDjayExport(text.str(), path.string());
    if (!tracks.ok()) Fail(m.Get("export"), fmt::format("music.export: {}", tracks.status().message()));
    w.export_file = std::filesystem::absolute(path).lexically_normal().string();
    w.tracks = std::move(*tracks);
    w.track_count = static_cast<int>(w.tracks.size());
    return;
  }
  for (int k = 1; k <= w.track_count; ++k) {
    TrackMeta t;
    t.djay_id = fmt::format("djay-{:04}", k);
    t.title = fmt::format("Track {}", k);
    t.soundcloud_url = fmt::format("https://soundcloud.com/lockstep/track-{}", k);
    t.artists.push_back(fmt::format("Artist {}", k % w.artist_count + 1));
    if (k % 3 == 0 && w.artist_count > 1) t.artists.push_back(fmt::format("Artist {}", (k + 1) % w.artist_count + 1));
    t.playlists.push_back(fmt::format("Playlist {}", k % w.playlist_count + 1));
    w.tracks.push_back(std::move(t));
  }
}

void LoadRoot(const YAML::Node& root, Scenario& s) {
  Section r(root, "the scenario", {"name", "description", "tags", "workspace", "executions", "core",
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

// What every entry reads after `core`: faults, exploration and expectations.
void LoadRest(const Section& r, Scenario& s) {
  if (!r.Has("core") && r.Has("notion")) LoadNotion(r.Get("notion"), s);
  LoadFaults(r.Get("lock"), r.Get("drive"), r.Get("platform"), s);
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

std::string_view ExplorationStrategyName(ExplorationStrategy s) {
  switch (s) {
    case ExplorationStrategy::kRandom: return "random";
    case ExplorationStrategy::kPct: return "pct";
    case ExplorationStrategy::kDfs: return "dfs";
  }
  return "?";
}

bool ParseExplorationStrategy(std::string_view name, ExplorationStrategy& out) {
  if (name == "random") out = ExplorationStrategy::kRandom;
  else if (name == "pct") out = ExplorationStrategy::kPct;
  else if (name == "dfs" || name == "exhaustive") out = ExplorationStrategy::kDfs;
  else return false;
  return true;
}

std::string_view EntryName(Entry e) {
  switch (e) {
    case Entry::kRun: return "run";
    case Entry::kFolderStep: return "folder-step";
    case Entry::kMusic: return "music";
  }
  return "?";
}

std::string_view ExpectationName(Expectation e) {
  switch (e) {
    case Expectation::kAny: return "any";
    case Expectation::kNone: return "none";
    case Expectation::kSome: return "some";
  }
  return "?";
}

int Scenario::ExecutionCount() const {
  const int series = std::max<int>(1, static_cast<int>(executions.cadence_phases.size()));
  return static_cast<int>(executions.starts.size()) + executions.cadence_count * series +
         static_cast<int>(executions.manual.size());
}

StatusOr<Scenario> ParseScenario(const std::string& yaml_text, const std::string& file_label) {
  Scenario s;
  s.file = file_label;
  try {
    YAML::Node root = YAML::Load(yaml_text);
    if (!root.IsMap()) {
      return Status(StatusCode::kInvalidArgument, 0, "scenario",
                    fmt::format("{}:1: expected a YAML mapping at the top level", file_label));
    }
    LoadRoot(root, s);
  } catch (const ScenarioError& e) {
    return Status(StatusCode::kInvalidArgument, 0, "scenario",
                  fmt::format("{}:{}: {}", file_label, e.line, e.message));
  } catch (const YAML::Exception& e) {
    return Status(StatusCode::kInvalidArgument, 0, "scenario",
                  fmt::format("{}:{}: invalid YAML: {}", file_label, e.mark.line + 1, e.msg));
  }
  return s;
}

StatusOr<Scenario> LoadScenarioFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status(StatusCode::kNotFound, 0, "scenario", fmt::format("{}: cannot open the file", path));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseScenario(buffer.str(), path);
}

mocks::FaultRule FolderCreateCommitThenFail(uint32_t per_million) {
  mocks::FaultRule r;
  r.method = "POST";
  r.path_prefix = "/drive/v3/files";
  r.body_contains = std::string(kFolderMimeType);
  r.per_million = per_million;
  r.action = mocks::FaultAction::kCommitThenFail;
  r.status = 500;
  r.reason = "backendError";
  return r;
}

std::string FaultRuleLabel(const mocks::FaultRule& rule) {
  mocks::FaultRule shorthand = FolderCreateCommitThenFail(rule.per_million);
  shorthand.id = rule.id;
  shorthand.fired = rule.fired;
  if (mocks::Chaos::RuleJson(rule) == mocks::Chaos::RuleJson(shorthand)) return "create commits then fails";
  return mocks::DescribeRule(rule);
}

std::string_view RunModeName(RunMode m) {
  switch (m) {
    case RunMode::kSim: return "sim";
    case RunMode::kThreads: return "threads";
    case RunMode::kHttp: return "http";
  }
  return "?";
}

bool ParseRunMode(std::string_view name, RunMode& out) {
  for (RunMode m : {RunMode::kSim, RunMode::kThreads, RunMode::kHttp}) {
    if (RunModeName(m) == name) {
      out = m;
      return true;
    }
  }
  return false;
}

const Expect& Scenario::ExpectFor() const {
  if (mode == RunMode::kThreads && expect_threads) return *expect_threads;
  if (mode == RunMode::kHttp && expect_http) return *expect_http;
  return expect;
}

}  // namespace lockstep::harness
