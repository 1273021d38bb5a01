// Ctrl-C (SIGINT) and SIGTERM during `run` and `checklist`: the first signal asks the exploration
// to stop starting schedules; each worker finishes the schedule it runs, and the reports of what was
// explored are written as usual, marked interrupted. During `audit --mount` it stops the walk, and
// the part walked is audited, marked interrupted. A second signal ends the process at once. Every
// report goes through a temporary file and a rename (WriteFileAtomically), so neither way leaves a
// half-written report.
//
//   ExploreOptions opts;
//   opts.stop = InstallInterruptHandlers();
//   ...
//   if (InterruptSignal() != 0) return InterruptExitCode();  // 130 (SIGINT) or 143 (SIGTERM)
#ifndef LOCKSTEP_HARNESS_CLI_INTERRUPT_H_
#define LOCKSTEP_HARNESS_CLI_INTERRUPT_H_

#include <atomic>

namespace lockstep::harness {

// Installs the handlers (once per process) and returns the flag they set.
const std::atomic<bool>* InstallInterruptHandlers();

// The first signal received (SIGINT or SIGTERM), 0 if none.
int InterruptSignal();

// 128 + that signal: 130 for SIGINT, 143 for SIGTERM (the shells' convention).
int InterruptExitCode();

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_CLI_INTERRUPT_H_
