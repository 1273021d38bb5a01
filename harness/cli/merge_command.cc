// `lockstep merge DIR... --out DIR`: the shards of a split run (each a `lockstep run` or
// `lockstep checklist` with --shard I/N, in its own --out folder) merged into the reports the run
// would have written unsplit: report.json identical apart from generated_at, the first failure
// across the shards with its trace and shrunk counterexample, every writer's output, and the
// checklist when the shards ran one. Everything is read and checked before anything is written:
// shards of different scenarios, builds, seeds or settings, a shard given twice or one missing,
// and a shard that did not finish are errors (exit 2) that leave --out untouched.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "harness/cli/commands.h"
#include "harness/report/report.h"
#include "harness/report/shard_state.h"
#include "src/file_text.h"

namespace lockstep::harness {
namespace {

StatusOr<std::string> ReadText(const std::string& path, const std::string& what) {
  std::optional<std::string> text = ReadFileText(path);
  if (!text) return Status(StatusCode::kNotFound, 0, "io", fmt::format("{}: cannot read it ({})", path, what));
  return std::move(*text);
}

Status Bad(const std::string& what) { return Status(StatusCode::kInvalidArgument, 0, "badMerge", what); }

struct Shard {
  std::string dir;
  ShardRun run;
};

// The shards' runs: one per index, the same run in each.
Status CheckRuns(const std::vector<Shard>& shards) {
  const ShardRun& first = shards.front().run;
  std::map<int, std::string> by_index;
  for (const Shard& s : shards) {
    const ShardRun& r = s.run;
    auto differ = [&](const char* what) {
      return Bad(fmt::format("{} and {} are not shards of one run: {} differs", shards.front().dir, s.dir, what));
    };
    if (r.build != first.build) {
      return Bad(fmt::format("{} and {} were written by different builds ({} / {}): merge shards of one build",
                             shards.front().dir, s.dir, first.build, r.build));
    }
    if (r.command != first.command) return differ("the command (run or checklist)");
    if (r.scenarios != first.scenarios) return differ("the list of scenarios");
    if (r.shard_count != first.shard_count) return differ("the shard count");
    if (r.subdirs != first.subdirs || r.title != first.title || r.checklist_dir != first.checklist_dir ||
        r.skipped != first.skipped) {
      return differ("the layout of the reports");
    }
    if (auto [it, fresh] = by_index.emplace(r.shard_index, s.dir); !fresh) {
      return Bad(fmt::format("{} and {} are both shard {}/{}: give each shard once", it->second, s.dir, r.shard_index,
                             r.shard_count));
    }
  }
  std::vector<std::string> missing;
  for (int i = 0; i < first.shard_count; ++i) {
    if (by_index.count(i) == 0) missing.push_back(fmt::format("{}/{}", i, first.shard_count));
  }
  if (!missing.empty()) {
    return Bad(fmt::format("shard{} {} missing: a merge needs every shard of the run ({} given)",
                           missing.size() > 1 ? "s" : "", fmt::join(missing, ", "), shards.size()));
  }
  return Status();
}

struct MergedScenario {
  std::vector<ShardState> states;  // one per shard, in shard order
  std::unique_ptr<Scenario> scenario;
};

StatusOr<MergedScenario> LoadScenarioShards(const std::vector<Shard>& shards, const std::string& name) {
  MergedScenario m;
  for (const Shard& s : shards) {
    const std::string path = (s.run.subdirs ? s.dir + "/" + name : s.dir) + "/shard.json";
    StatusOr<std::string> text = ReadText(path, fmt::format("the shard's state of scenario {}", name));
    if (!text.ok()) {
      return Bad(fmt::format("{}; shard {}/{} has no state for {}: it did not get to it (re-run it with --resume {})",
                             text.status().message(), s.run.shard_index, s.run.shard_count, name, s.dir));
    }
    StatusOr<ShardState> st = ParseShardState(*text, path);
    if (!st.ok()) return st.status();
    if (st->scenario_name != name || st->shard_index != s.run.shard_index || st->shard_count != s.run.shard_count) {
      return Bad(fmt::format("{}: expected the state of {} as shard {}/{}, found {} as shard {}/{}", path, name,
                             s.run.shard_index, s.run.shard_count, st->scenario_name, st->shard_index, st->shard_count));
    }
    if (!st->finished || st->interrupted) {
      return Bad(fmt::format("{}: shard {}/{} did not finish {} ({}): continue it with `--resume {}`, then merge", path,
                             st->shard_index, st->shard_count, name, st->interrupted ? "interrupted" : "stopped part-way",
                             s.dir));
    }
    if (!m.states.empty()) {
      if (std::string why = SameExploration(m.states.front(), *st); !why.empty()) {
        return Bad(fmt::format("{}: not a shard of the same exploration as {}: {}", path,
                               (shards.front().run.subdirs ? shards.front().dir + "/" + name : shards.front().dir) +
                                   "/shard.json",
                               why));
      }
    }
    m.states.push_back(std::move(st).value());
  }
  StatusOr<Scenario> sc = ParseScenario(m.states.front().scenario_yaml, m.states.front().scenario_file);
  if (!sc.ok()) {
    return Bad(fmt::format("{}: the scenario the shards ran does not load: {}", name, sc.status().message()));
  }
  m.scenario = std::make_unique<Scenario>(std::move(sc).value());
  return m;
}

}  // namespace

int Merge(const MergeArgs& args) {
  // Read and check everything first: an error writes nothing.
  std::vector<Shard> shards;
  for (const std::string& dir : args.dirs) {
    std::error_code ec;
    if (std::filesystem::equivalent(dir, args.out, ec)) {
      fmt::print(stderr, "lockstep: --out {} is one of the shards: merge into a folder of its own\n", args.out);
      return kExitBadInput;
    }
    const std::string path = dir + "/shard-run.json";
    StatusOr<std::string> text = ReadText(path, "not the --out folder of a lockstep run or checklist");
    if (!text.ok()) {
      fmt::print(stderr, "lockstep: {}\n", text.status().message());
      return kExitBadInput;
    }
    StatusOr<ShardRun> run = ParseShardRun(*text, path);
    if (!run.ok()) {
      fmt::print(stderr, "lockstep: {}\n", run.status().message());
      return kExitBadInput;
    }
    shards.push_back(Shard{dir, std::move(run).value()});
  }
  std::sort(shards.begin(), shards.end(),
            [](const Shard& a, const Shard& b) { return a.run.shard_index < b.run.shard_index; });
  if (Status s = CheckRuns(shards); !s.ok()) {
    fmt::print(stderr, "lockstep: {}\n", s.message());
    return kExitBadInput;
  }
  const ShardRun& first = shards.front().run;
  std::vector<MergedScenario> merged;
  for (const std::string& name : first.scenarios) {
    StatusOr<MergedScenario> m = LoadScenarioShards(shards, name);
    if (!m.ok()) {
      fmt::print(stderr, "lockstep: {}\n", m.status().message());
      return kExitBadInput;
    }
    merged.push_back(std::move(m).value());
  }
  std::vector<ScenarioSummary> summaries;
  for (const MergedScenario& m : merged) {
    std::vector<const ShardState*> states;
    for (const ShardState& st : m.states) states.push_back(&st);
    summaries.push_back(SummaryFromShards(*m.scenario, states));
    if (!summaries.back().bad_input.empty()) {
      fmt::print(stderr, "lockstep: {}: {}\n", m.scenario->file, summaries.back().bad_input);
      return kExitBadInput;
    }
  }
  // Then write, as the unsplit run would have.
  RunOutput output;
  output.out = args.out;
  output.subdirs = first.subdirs;
  output.title = first.title;
  output.stamp = UtcTimestampNow();
  output.command.clear();  // a merged run is no shard: no shard-run.json
  ExploredRun run;
  std::vector<std::unique_ptr<Scenario>> scenarios;
  for (size_t i = 0; i < summaries.size(); ++i) {
    PrintSummary(summaries[i]);
    const std::string dir = output.subdirs ? output.out + "/" + merged[i].scenario->name : output.out;
    if (Status w = WriteScenario(summaries[i], dir, output.stamp, false, run); !w.ok()) {
      fmt::print(stderr, "lockstep: {}\n", w.message());
      return kExitIo;
    }
    scenarios.push_back(std::move(merged[i].scenario));
  }
  ExploreOptions none;
  if (Status w = FinishRun(scenarios, none, output, run); !w.ok()) {
    fmt::print(stderr, "lockstep: {}\n", w.message());
    return kExitIo;
  }
  int checklist_failed = 0;
  if (first.command == "checklist") {
    std::vector<const Scenario*> items;
    for (const auto& s : scenarios) items.push_back(s.get());
    const std::string list =
        ChecklistMarkdown(items, run, first.skipped, output.stamp, first.checklist_dir, false, checklist_failed);
    if (Status w = WriteFileAtomically(output.out + "/checklist.md", list); !w.ok()) {
      fmt::print(stderr, "lockstep: {}\n", w.message());
      return kExitIo;
    }
    fmt::print("\n{}\n{}", run.table, list.substr(list.find("- [")));
  } else if (scenarios.size() > 1) {
    fmt::print("\n{}", run.table);
  }
  fmt::print("merged {} shards of {} scenario(s); reports written under {}\n", shards.size(), scenarios.size(),
             args.out);
  return run.exit_code;
}

}  // namespace lockstep::harness
