// The subcommands of the lockstep CLI, callable from tests.
#ifndef LOCKSTEP_HARNESS_CLI_COMMANDS_H_
#define LOCKSTEP_HARNESS_CLI_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lockstep::harness {

inline constexpr int kExitExpectFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitIo = 3;
inline constexpr int kExitDiverged = 4;

struct RunArgs {
  std::vector<std::string> files;
  std::optional<std::string> strategy;
  std::optional<uint64_t> seed;
  std::optional<int> schedules;
  std::optional<int> depth;
  std::optional<int64_t> pct_k;
  std::optional<int> preemption_bound;
  std::optional<int> workers;
  std::optional<std::string> shard;
  double time_budget_s = 0;
  std::string out = "reports/latest";
  std::string trace_out;
  bool quiet = false;
  bool no_shrink = false;
};

int Run(const RunArgs& args);
int Replay(const std::string& trace_file);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_CLI_COMMANDS_H_
