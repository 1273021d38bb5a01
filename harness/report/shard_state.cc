#include "harness/report/shard_state.h"

#include <fmt/format.h>

#include "harness/report/trace_file.h"
#include "src/json_text.h"

namespace lockstep::harness {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kShardFormat = "lockstep-shard/1";
constexpr const char* kShardRunFormat = "lockstep-shard-run/1";

// Typed reads of a parsed file's fields; the first one out of place is the error, naming the
// file and the line of its key.
class FieldReader {
 public:
  FieldReader(const std::string& text, const std::string& label) : text_(text), label_(label) {}

  const nlohmann::json* Field(const nlohmann::json& j, const char* key, const char* expected) {
    if (!error_.ok()) return nullptr;
    if (!j.is_object() || !j.contains(key)) {
      Fail(key, fmt::format("{}: missing ({} expected)", key, expected));
      return nullptr;
    }
    return &j[key];
  }
  void Fail(const char* key, const std::string& what) {
    if (error_.ok()) error_ = JsonTextError(label_, JsonLineOfKey(text_, key), what);
  }
  template <class T>
  void Int(const nlohmann::json& j, const char* key, T& out) {
    const nlohmann::json* v = Field(j, key, "an integer");
    if (v == nullptr) return;
    if (!v->is_number_integer()) return Fail(key, fmt::format("{}: expected an integer", key));
    out = static_cast<T>(v->get<int64_t>());
  }
  void Unsigned(const nlohmann::json& j, const char* key, uint64_t& out) {
    const nlohmann::json* v = Field(j, key, "an unsigned integer");
    if (v == nullptr) return;
    if (!v->is_number_unsigned()) return Fail(key, fmt::format("{}: expected an unsigned integer", key));
    out = v->get<uint64_t>();
  }
  void Bool(const nlohmann::json& j, const char* key, bool& out) {
    const nlohmann::json* v = Field(j, key, "true or false");
    if (v == nullptr) return;
    if (!v->is_boolean()) return Fail(key, fmt::format("{}: expected true or false", key));
    out = v->get<bool>();
  }
  void String(const nlohmann::json& j, const char* key, std::string& out) {
    const nlohmann::json* v = Field(j, key, "a string");
    if (v == nullptr) return;
    if (!v->is_string()) return Fail(key, fmt::format("{}: expected a string", key));
    out = v->get<std::string>();
  }
  void Strings(const nlohmann::json& j, const char* key, std::vector<std::string>& out) {
    const nlohmann::json* v = Field(j, key, "an array of strings");
    if (v == nullptr) return;
    if (!v->is_array()) return Fail(key, fmt::format("{}: expected an array of strings", key));
    for (const nlohmann::json& x : *v) {
      if (!x.is_string()) return Fail(key, fmt::format("{}: expected an array of strings", key));
      out.push_back(x.get<std::string>());
    }
  }
  template <class T>
  void Ints(const nlohmann::json& j, const char* key, std::vector<T>& out) {
    const nlohmann::json* v = Field(j, key, "an array of integers");
    if (v == nullptr) return;
    if (!v->is_array()) return Fail(key, fmt::format("{}: expected an array of integers", key));
    for (const nlohmann::json& x : *v) {
      if (!x.is_number_integer()) return Fail(key, fmt::format("{}: expected an array of integers", key));
      out.push_back(static_cast<T>(x.get<int64_t>()));
    }
  }
  template <size_t N>
  void Counts(const nlohmann::json& j, const char* key, std::array<int64_t, N>& out) {
    std::vector<int64_t> v;
    Ints(j, key, v);
    if (error_.ok() && v.size() != N) Fail(key, fmt::format("{}: expected {} integers", key, N));
    for (size_t i = 0; i < N && i < v.size(); ++i) out[i] = v[i];
  }
  const nlohmann::json* Object(const nlohmann::json& j, const char* key) {
    const nlohmann::json* v = Field(j, key, "an object");
    if (v != nullptr && !v->is_object()) {
      Fail(key, fmt::format("{}: expected an object", key));
      return nullptr;
    }
    return v;
  }
  const nlohmann::json* Array(const nlohmann::json& j, const char* key) {
    const nlohmann::json* v = Field(j, key, "an array");
    if (v != nullptr && !v->is_array()) {
      Fail(key, fmt::format("{}: expected an array", key));
      return nullptr;
    }
    return v;
  }
  bool ok() const { return error_.ok(); }
  const Status& status() const { return error_; }

 private:
  const std::string& text_;
  const std::string& label_;
  Status error_;
};

Json SizeJson(const ShrinkSize& z) {
  return Json{{"executions", z.executions}, {"data_sources", z.data_sources}, {"preemptions", z.preemptions},
              {"steps", z.steps}, {"faults", z.faults}};
}

void ReadSize(FieldReader& in, const nlohmann::json& j, const char* key, ShrinkSize& z) {
  const nlohmann::json* o = in.Object(j, key);
  if (o == nullptr) return;
  in.Int(*o, "executions", z.executions);
  in.Int(*o, "data_sources", z.data_sources);
  in.Int(*o, "preemptions", z.preemptions);
  in.Int(*o, "steps", z.steps);
  in.String(*o, "faults", z.faults);
}

// The counters ScenarioSummary::Merge sums, and the part's first failure.
Json PartJson(const ScenarioSummary& p) {
  Json by_kind = Json::object();
  for (const auto& [k, v] : p.schedules_by_violation) by_kind[k] = v;
  Json calls = Json::object();
  for (int e = 0; e < mocks::kEndpointCount; ++e) {
    if (p.calls.calls[e] == 0 && p.calls.errors[e] == 0) continue;
    calls[std::string(mocks::EndpointName(static_cast<mocks::Endpoint>(e)))] = Json::array({p.calls.calls[e], p.calls.errors[e]});
  }
  Json probes = Json::object();
  for (int i = 0; i < kProbeCount; ++i) probes[std::string(ProbeName(static_cast<Probe>(i)))] = p.probe_hits[i];
  Json j{{"explored", p.explored},
         {"schedules_with_violation", p.schedules_with_violation},
         {"schedules_by_violation", by_kind},
         {"duplicate_data_sources", p.duplicate_data_sources},
         {"exact_duplicate_sets", p.exact_duplicate_sets},
         {"suffix_duplicate_sets", p.suffix_duplicate_sets},
         {"missing_folders", p.missing_folders},
         {"schedules_with_missing", p.schedules_with_missing},
         {"files_in_trashed_folders", p.files_in_trashed_folders},
         {"duplicate_pages", p.duplicate_pages},
         {"duplicate_files", p.duplicate_files},
         {"pages_created", p.pages_created},
         {"extra_folders", p.extra_folders},
         {"extra_csvs", p.extra_csvs},
         {"steps", p.steps},
         {"decisions", p.decisions},
         {"preemptions", p.preemptions},
         {"virtual_ms", p.virtual_ms},
         {"runs", Json::array({p.runs.completed, p.runs.skipped, p.runs.failed, p.runs.killed,
                               p.runs.folder_steps_ok, p.runs.folder_steps_failed})},
         {"locks", Json::array({p.locks.attempts, p.locks.acquired, p.locks.timed_out, p.locks.errors,
                                p.locks.auto_released, p.locks.wait_ms_sum, p.locks.wait_ms_max})},
         {"lock_wait_histogram", p.locks.wait_histogram},
         {"calls", calls},
         {"probes", probes},
         {"dfs_pruned", p.dfs_pruned},
         {"dfs_exhausted", p.dfs_exhausted},
         {"dfs_bound_pruned", p.dfs_bound_pruned},
         {"nondeterminism", p.nondeterminism}};
  if (p.first_failure) {
    const FailingSchedule& f = *p.first_failure;
    Json violations = Json::array();
    for (const Violation& v : f.result.violations) {
      violations.push_back(Json{{"kind", v.kind}, {"data_sources", v.data_sources}, {"detail", v.detail}});
    }
    j["first_failure"] = Json{{"index", f.index}, {"seed", f.result.seed}, {"choices", f.choices},
                              {"steps", f.result.end.steps}, {"decisions", f.result.end.decisions},
                              {"preemptions", f.result.end.preemptions}, {"violations", violations}};
  } else {
    j["first_failure"] = nullptr;
  }
  return j;
}

void ReadPart(FieldReader& in, const nlohmann::json& j, ScenarioSummary& p) {
  in.Int(j, "explored", p.explored);
  in.Int(j, "schedules_with_violation", p.schedules_with_violation);
  if (const nlohmann::json* by = in.Object(j, "schedules_by_violation")) {
    for (const auto& [k, v] : by->items()) {
      if (!v.is_number_integer()) return in.Fail("schedules_by_violation", "schedules_by_violation: expected integers");
      p.schedules_by_violation[k] = v.get<int64_t>();
    }
  }
  in.Int(j, "duplicate_data_sources", p.duplicate_data_sources);
  in.Int(j, "exact_duplicate_sets", p.exact_duplicate_sets);
  in.Int(j, "suffix_duplicate_sets", p.suffix_duplicate_sets);
  in.Int(j, "missing_folders", p.missing_folders);
  in.Int(j, "schedules_with_missing", p.schedules_with_missing);
  in.Int(j, "files_in_trashed_folders", p.files_in_trashed_folders);
  in.Int(j, "duplicate_pages", p.duplicate_pages);
  in.Int(j, "duplicate_files", p.duplicate_files);
  in.Int(j, "pages_created", p.pages_created);
  in.Counts(j, "extra_folders", p.extra_folders);
  in.Counts(j, "extra_csvs", p.extra_csvs);
  in.Int(j, "steps", p.steps);
  in.Int(j, "decisions", p.decisions);
  in.Int(j, "preemptions", p.preemptions);
  in.Int(j, "virtual_ms", p.virtual_ms);
  std::array<int64_t, 6> runs{};
  in.Counts(j, "runs", runs);
  p.runs = RunCounts{runs[0], runs[1], runs[2], runs[3], runs[4], runs[5]};
  std::array<int64_t, 7> locks{};
  in.Counts(j, "locks", locks);
  p.locks.attempts = locks[0];
  p.locks.acquired = locks[1];
  p.locks.timed_out = locks[2];
  p.locks.errors = locks[3];
  p.locks.auto_released = locks[4];
  p.locks.wait_ms_sum = locks[5];
  p.locks.wait_ms_max = locks[6];
  in.Counts(j, "lock_wait_histogram", p.locks.wait_histogram);
  if (const nlohmann::json* calls = in.Object(j, "calls")) {
    for (const auto& [name, v] : calls->items()) {
      int e = 0;
      while (e < mocks::kEndpointCount && mocks::EndpointName(static_cast<mocks::Endpoint>(e)) != name) ++e;
      if (e == mocks::kEndpointCount || !v.is_array() || v.size() != 2 || !v[0].is_number_integer() ||
          !v[1].is_number_integer()) {
        return in.Fail("calls", fmt::format("calls: '{}': expected an endpoint of this build with [calls, errors]", name));
      }
      p.calls.calls[e] = v[0].get<int64_t>();
      p.calls.errors[e] = v[1].get<int64_t>();
    }
  }
  if (const nlohmann::json* probes = in.Object(j, "probes")) {
    for (int i = 0; i < kProbeCount; ++i) {
      const std::string name(ProbeName(static_cast<Probe>(i)));
      if (!probes->contains(name) || !(*probes)[name].is_number_integer()) {
        return in.Fail("probes", fmt::format("probes: expected the count of '{}'", name));
      }
      p.probe_hits[i] = (*probes)[name].get<int64_t>();
    }
  }
  in.Int(j, "dfs_pruned", p.dfs_pruned);
  in.Bool(j, "dfs_exhausted", p.dfs_exhausted);
  in.Bool(j, "dfs_bound_pruned", p.dfs_bound_pruned);
  in.String(j, "nondeterminism", p.nondeterminism);
  const nlohmann::json* f = in.Field(j, "first_failure", "null or the first failing schedule");
  if (f == nullptr || f->is_null()) return;
  if (!f->is_object()) return in.Fail("first_failure", "first_failure: expected null or an object");
  FailingSchedule failure;
  in.Int(*f, "index", failure.index);
  in.Unsigned(*f, "seed", failure.result.seed);
  in.Ints(*f, "choices", failure.choices);
  in.Int(*f, "steps", failure.result.end.steps);
  in.Int(*f, "decisions", failure.result.end.decisions);
  in.Int(*f, "preemptions", failure.result.end.preemptions);
  if (const nlohmann::json* vs = in.Array(*f, "violations")) {
    for (const nlohmann::json& v : *vs) {
      Violation x;
      in.String(v, "kind", x.kind);
      in.String(v, "detail", x.detail);
      in.Strings(v, "data_sources", x.data_sources);
      failure.result.violations.push_back(std::move(x));
    }
  }
  if (in.ok() && failure.result.violations.empty()) {
    return in.Fail("first_failure", "first_failure: expected the violations it showed");
  }
  p.first_failure = std::move(failure);
}

}  // namespace

ShardState ShardStateOf(const ScenarioSummary& s, const ExploreProgress& progress, bool shrink, bool finished) {
  ShardState st;
  st.build = BuildId();
  st.scenario_name = s.scenario->name;
  st.scenario_file = s.scenario->file;
  st.scenario_yaml = ScenarioToYaml(*s.scenario);
  st.strategy = s.strategy;
  st.seed = s.seed;
  st.schedules = finished ? s.schedules_requested : s.schedules;
  st.shard_index = s.shard_index;
  st.shard_count = s.shard_count;
  st.pct_depth = s.pct_depth;
  st.pct_k = s.pct_k;
  st.pct_n = s.pct_n;
  st.preemption_bound = s.preemption_bound;
  st.shrink = shrink;
  st.finished = finished;
  st.interrupted = finished && s.interrupted;
  st.stopped_by_budget = finished && s.stopped_by_budget;
  st.progress = progress;
  if (finished && s.shrunk) {
    const ShrinkResult& k = *s.shrunk;
    st.shrunk = StoredShrink{k.scenario.file, ScenarioToYaml(k.scenario), k.seed, k.choices, k.kind, k.before,
                             k.after, k.reductions, k.candidates_tried, k.budget_exhausted};
  }
  return st;
}

Json ShardStateJson(const ShardState& st) {
  Json workers = Json::array();
  for (const WorkerProgress& w : st.progress.workers) {
    workers.push_back(Json{{"done", w.done}, {"next_index", w.next_index}, {"dfs_position", w.dfs_position},
                           {"dfs_state", w.dfs_state}, {"part", PartJson(w.part)}});
  }
  Json j{{"format", kShardFormat},
         {"build", st.build},
         {"scenario", Json{{"name", st.scenario_name}, {"file", st.scenario_file}, {"yaml", st.scenario_yaml}}},
         {"exploration", Json{{"strategy", ExplorationStrategyName(st.strategy)}, {"seed", st.seed},
                              {"schedules", st.schedules}, {"shard_index", st.shard_index},
                              {"shard_count", st.shard_count}, {"pct_depth", st.pct_depth}, {"pct_k", st.pct_k},
                              {"pct_n", st.pct_n}, {"preemption_bound", st.preemption_bound},
                              {"shrink", st.shrink}}},
         {"finished", st.finished},
         {"interrupted", st.interrupted},
         {"stopped_by_time_budget", st.stopped_by_budget},
         {"workers", workers}};
  if (st.shrunk) {
    const StoredShrink& k = *st.shrunk;
    j["shrunk"] = Json{{"scenario_file", k.scenario_file}, {"scenario_yaml", k.scenario_yaml}, {"seed", k.seed},
                       {"choices", k.choices}, {"kind", k.kind}, {"before", SizeJson(k.before)},
                       {"after", SizeJson(k.after)}, {"reductions", k.reductions},
                       {"candidates_tried", k.candidates_tried}, {"cut_by_time_budget", k.budget_exhausted}};
  } else {
    j["shrunk"] = nullptr;
  }
  return j;
}

StatusOr<ShardState> ParseShardState(const std::string& text, const std::string& label) {
  StatusOr<nlohmann::json> parsed = ParseJsonText(text, label, "a lockstep-shard/1 file");
  if (!parsed.ok()) return parsed.status();
  const nlohmann::json& j = *parsed;
  if (!j.is_object() || !j.contains("format") || j["format"] != kShardFormat) {
    return JsonTextError(label, JsonLineOfKey(text, "format"),
                         "expected a lockstep-shard/1 file (the shard.json a lockstep run writes beside report.json)");
  }
  FieldReader in(text, label);
  ShardState st;
  in.String(j, "build", st.build);
  if (const nlohmann::json* sc = in.Object(j, "scenario")) {
    in.String(*sc, "name", st.scenario_name);
    in.String(*sc, "file", st.scenario_file);
    in.String(*sc, "yaml", st.scenario_yaml);
  }
  if (const nlohmann::json* x = in.Object(j, "exploration")) {
    std::string strategy;
    in.String(*x, "strategy", strategy);
    if (in.ok() && !ParseExplorationStrategy(strategy, st.strategy)) {
      in.Fail("strategy", fmt::format("strategy: expected random, pct or dfs, got '{}'", strategy));
    }
    in.Unsigned(*x, "seed", st.seed);
    in.Int(*x, "schedules", st.schedules);
    in.Int(*x, "shard_index", st.shard_index);
    in.Int(*x, "shard_count", st.shard_count);
    in.Int(*x, "pct_depth", st.pct_depth);
    in.Int(*x, "pct_k", st.pct_k);
    in.Int(*x, "pct_n", st.pct_n);
    in.Int(*x, "preemption_bound", st.preemption_bound);
    in.Bool(*x, "shrink", st.shrink);
    if (in.ok() && (st.shard_count < 1 || st.shard_index < 0 || st.shard_index >= st.shard_count)) {
      in.Fail("shard_index", "shard_index, shard_count: expected 0 <= index < count");
    }
  }
  in.Bool(j, "finished", st.finished);
  in.Bool(j, "interrupted", st.interrupted);
  in.Bool(j, "stopped_by_time_budget", st.stopped_by_budget);
  if (const nlohmann::json* workers = in.Array(j, "workers")) {
    if (in.ok() && (workers->empty() || workers->size() > 256)) in.Fail("workers", "workers: expected 1 to 256 workers");
    for (const nlohmann::json& w : *workers) {
      if (!in.ok()) break;
      WorkerProgress p;
      in.Bool(w, "done", p.done);
      in.Int(w, "next_index", p.next_index);
      in.Int(w, "dfs_position", p.dfs_position);
      in.Ints(w, "dfs_state", p.dfs_state);
      if (const nlohmann::json* part = in.Object(w, "part")) ReadPart(in, *part, p.part);
      p.part.strategy = st.strategy;
      st.progress.workers.push_back(std::move(p));
    }
  }
  const nlohmann::json* k = in.Field(j, "shrunk", "null or the shrunk counterexample");
  if (k != nullptr && !k->is_null()) {
    StoredShrink s;
    in.String(*k, "scenario_file", s.scenario_file);
    in.String(*k, "scenario_yaml", s.scenario_yaml);
    in.Unsigned(*k, "seed", s.seed);
    in.Ints(*k, "choices", s.choices);
    in.String(*k, "kind", s.kind);
    ReadSize(in, *k, "before", s.before);
    ReadSize(in, *k, "after", s.after);
    in.Strings(*k, "reductions", s.reductions);
    in.Int(*k, "candidates_tried", s.candidates_tried);
    in.Bool(*k, "cut_by_time_budget", s.budget_exhausted);
    st.shrunk = std::move(s);
  }
  if (!in.ok()) return in.status();
  return st;
}

std::string SameExploration(const ShardState& a, const ShardState& b) {
  auto differ = [](const char* what, const auto& x, const auto& y) {
    return fmt::format("{} differs ({} / {})", what, x, y);
  };
  if (a.build != b.build) return differ("the build", a.build, b.build);
  if (a.scenario_name != b.scenario_name) return differ("the scenario", a.scenario_name, b.scenario_name);
  if (a.scenario_yaml != b.scenario_yaml) {
    return fmt::format("the scenario {} differs (its file, an include or an override was not the same)", a.scenario_name);
  }
  if (a.strategy != b.strategy) {
    return differ("the strategy", ExplorationStrategyName(a.strategy), ExplorationStrategyName(b.strategy));
  }
  if (a.seed != b.seed) return differ("the base seed", a.seed, b.seed);
  if (a.schedules != b.schedules) return differ("the schedules requested", a.schedules, b.schedules);
  if (a.shard_count != b.shard_count) return differ("the shard count", a.shard_count, b.shard_count);
  if (a.pct_depth != b.pct_depth || a.pct_k != b.pct_k) {
    return differ("PCT's depth and k", fmt::format("{}, {}", a.pct_depth, a.pct_k), fmt::format("{}, {}", b.pct_depth, b.pct_k));
  }
  if (a.preemption_bound != b.preemption_bound) return differ("the preemption bound", a.preemption_bound, b.preemption_bound);
  if (a.shrink != b.shrink) return differ("shrinking (--no-shrink)", a.shrink ? "on" : "off", b.shrink ? "on" : "off");
  return "";
}

ScenarioSummary SummaryFromShards(const Scenario& sc, const std::vector<const ShardState*>& shards) {
  const ShardState& first = *shards.front();
  ScenarioSummary base;
  base.scenario = &sc;
  base.strategy = first.strategy;
  base.seed = first.seed;
  base.schedules = first.schedules;
  base.pct_depth = first.pct_depth;
  base.pct_k = first.pct_k;
  base.pct_n = first.pct_n;
  base.preemption_bound = first.preemption_bound;
  const ShardState* failing = nullptr;  // the shard whose first failure is the whole run's
  std::vector<const ScenarioSummary*> parts;
  for (const ShardState* st : shards) {
    base.stopped_by_budget = base.stopped_by_budget || st->stopped_by_budget;
    base.interrupted = base.interrupted || st->interrupted;
    for (const WorkerProgress& w : st->progress.workers) parts.push_back(&w.part);
  }
  ExploreOptions options;
  options.trace_first_schedule = true;
  options.shrink = false;  // the shards shrank their own first failures: the winner's is rebuilt below
  ScenarioSummary s = FinishExploration(sc, base, parts, options);
  if (!s.first_failure || !first.shrink || s.interrupted) return s;
  for (const ShardState* st : shards) {
    for (const WorkerProgress& w : st->progress.workers) {
      if (w.part.first_failure && w.part.first_failure->choices == s.first_failure->choices &&
          w.part.first_failure->result.seed == s.first_failure->result.seed) {
        failing = st;
      }
    }
  }
  if (failing == nullptr || !failing->shrunk) return s;
  const StoredShrink& k = *failing->shrunk;
  StatusOr<Scenario> small = ParseScenario(k.scenario_yaml, k.scenario_file);
  if (!small.ok()) return s;
  auto out = std::make_shared<ShrinkResult>();
  out->scenario = std::move(small).value();
  out->seed = k.seed;
  out->choices = k.choices;
  ReplayOutcome again = ReplaySchedule(out->scenario, k.seed, k.choices);
  out->result = std::move(again.result);
  out->trace = std::move(again.trace);
  out->kind = k.kind;
  out->before = k.before;
  out->after = k.after;
  out->reductions = k.reductions;
  out->candidates_tried = k.candidates_tried;
  out->budget_exhausted = k.budget_exhausted;
  s.shrunk = std::move(out);
  return s;
}

Json ShardRunJson(const ShardRun& r) {
  return Json{{"format", kShardRunFormat}, {"build", r.build}, {"command", r.command}, {"title", r.title},
              {"checklist_dir", r.checklist_dir}, {"skipped", r.skipped}, {"scenarios", r.scenarios},
              {"subdirs", r.subdirs}, {"shard_index", r.shard_index}, {"shard_count", r.shard_count}};
}

StatusOr<ShardRun> ParseShardRun(const std::string& text, const std::string& label) {
  StatusOr<nlohmann::json> parsed = ParseJsonText(text, label, "a lockstep-shard-run/1 file");
  if (!parsed.ok()) return parsed.status();
  const nlohmann::json& j = *parsed;
  if (!j.is_object() || !j.contains("format") || j["format"] != kShardRunFormat) {
    return JsonTextError(label, JsonLineOfKey(text, "format"),
                         "expected a lockstep-shard-run/1 file (the shard-run.json a lockstep run writes beside summary.md)");
  }
  FieldReader in(text, label);
  ShardRun r;
  in.String(j, "build", r.build);
  in.String(j, "command", r.command);
  in.String(j, "title", r.title);
  in.String(j, "checklist_dir", r.checklist_dir);
  in.Strings(j, "skipped", r.skipped);
  in.Strings(j, "scenarios", r.scenarios);
  in.Bool(j, "subdirs", r.subdirs);
  in.Int(j, "shard_index", r.shard_index);
  in.Int(j, "shard_count", r.shard_count);
  if (in.ok() && r.command != "run" && r.command != "checklist") in.Fail("command", "command: expected run or checklist");
  if (in.ok() && (r.shard_count < 1 || r.shard_index < 0 || r.shard_index >= r.shard_count)) {
    in.Fail("shard_index", "shard_index, shard_count: expected 0 <= index < count");
  }
  if (!in.ok()) return in.status();
  return r;
}

}  // namespace lockstep::harness
