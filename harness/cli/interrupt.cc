#include "harness/cli/interrupt.h"

#include <unistd.h>

#include <csignal>
#include <cstring>

namespace lockstep::harness {
namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

void Say(const char* text) {
  // write(2) is async-signal-safe; what it returns is of no use here.
  const ssize_t n = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)n;
}

void OnSignal(int sig) {
  if (g_signal != 0) {  // the second: at once, with the first signal's exit code
    Say("lockstep: interrupted again: stopping now (the reports already written are whole)\n");
    ::_exit(128 + static_cast<int>(g_signal));
  }
  g_signal = sig;
  g_stop.store(true);
  Say("lockstep: interrupted: finishing the schedules under way, then writing the reports of what was "
      "explored (signal again to stop at once)\n");
}

}  // namespace

const std::atomic<bool>* InstallInterruptHandlers() {
  static const bool installed = [] {
    struct sigaction sa {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    return true;
  }();
  (void)installed;
  return &g_stop;
}

int InterruptSignal() { return static_cast<int>(g_signal); }

int InterruptExitCode() { return g_signal == 0 ? 0 : 128 + static_cast<int>(g_signal); }

}  // namespace lockstep::harness
