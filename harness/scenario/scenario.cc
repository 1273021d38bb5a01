#include "harness/scenario/scenario.h"

#include <algorithm>

#include <fmt/format.h>

#include "src/folder_strategy.h"

namespace lockstep::harness {

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
    case Entry::kGas: return "gas";
  }
  return "?";
}

std::string CodeLabel(const Scenario& scenario) {
  if (scenario.gas.enabled) return "gas " + scenario.gas.entry;
  return std::string(FolderStrategyName(scenario.core.folder_strategy));
}

int Scenario::ExecutionCount() const {
  const int series = std::max<int>(1, static_cast<int>(executions.cadence_phases.size()));
  return static_cast<int>(executions.starts.size()) + executions.cadence_count * series +
         static_cast<int>(executions.manual.size());
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

}  // namespace lockstep::harness
