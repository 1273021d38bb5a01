// CPU placement of an Apps Script host: a simulation thread and its Node host run on one CPU.
//
// A GAS execution is a strict ping-pong: the worker writes a request and blocks, the fiber answers
// and blocks, and only one side ever runs. On two CPUs every frame wakes a sleeping CPU (in a VM,
// an inter-processor interrupt and a hypervisor exit), and those wake-ups cost more than the work:
// the production benchmark ran 11-12 schedules/s with the two sides free to move and 19 with both
// on one CPU (docs/performance.md). So a host is spawned on one CPU, and the thread that drives it
// is pinned there while its simulation lives. Hosts of different threads take different CPUs,
// round robin over the process's allowed set from the CPU the first one was started on.
//
//   const int cpu = NextHostCpu();        // -1: no placement (affinity unavailable)
//   { ScopedCpuPin pin(cpu); spawn(); }   // the child inherits the one-CPU mask
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_CPU_PLACEMENT_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_CPU_PLACEMENT_H_

#include <sched.h>
#include <sys/types.h>

namespace lockstep::mocks {

// The CPU for the next host, or -1 when the process may run on one CPU only (nothing to place)
// or its affinity cannot be read.
int NextHostCpu();

// Pins the calling thread to `cpu` (nothing when -1, or when the kernel refuses). Pins of one
// thread nest in any order (a simulation made before the one it replaces is destroyed): the
// thread gets back the mask it had before its first pin when its last pin is destroyed, from
// whichever thread destroys it.
class ScopedCpuPin {
 public:
  explicit ScopedCpuPin(int cpu);
  ~ScopedCpuPin();
  ScopedCpuPin(const ScopedCpuPin&) = delete;
  ScopedCpuPin& operator=(const ScopedCpuPin&) = delete;

 private:
  pid_t tid_ = 0;
  bool pinned_ = false;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_CPU_PLACEMENT_H_
