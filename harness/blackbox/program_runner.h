// RunPrograms: a real program started as a scenario's executions. Each execution is one process
// (its own process group), started at its offset from now, with its own environment and its
// output in its own log file; waited for up to a timeout, then ended (SIGTERM to its group, SIGKILL
// two seconds later). Every process it started has ended when it returns.
//
//   std::vector<ProgramRun> runs = RunPrograms({"python3", "sync.py"}, plan, 60.0, &stop);
//   if (runs[0].start_failed) ...   // runs[0].error: "python3: No such file or directory"
#ifndef LOCKSTEP_HARNESS_BLACKBOX_PROGRAM_RUNNER_H_
#define LOCKSTEP_HARNESS_BLACKBOX_PROGRAM_RUNNER_H_

#include <atomic>
#include <map>
#include <string>
#include <vector>

namespace lockstep::harness {

struct ProgramStart {
  double at_s = 0;                            // seconds from the call
  std::map<std::string, std::string> env;     // added to (or replacing in) the caller's environment
  std::string log;                            // standard output and error go there
};

struct ProgramRun {
  bool start_failed = false;
  std::string error;     // why it could not start
  int exit_code = 0;     // 128 + signal when a signal ended it
  bool timed_out = false;  // it was still running after the timeout, and was ended
  double seconds = 0;    // from its start to its end
};

// `stop`, when set from outside (a signal), ends every process at once, as a timeout does.
std::vector<ProgramRun> RunPrograms(const std::vector<std::string>& argv, const std::vector<ProgramStart>& starts,
                                    double timeout_s, const std::atomic<bool>* stop);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_BLACKBOX_PROGRAM_RUNNER_H_
