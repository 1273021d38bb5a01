#include "harness/blackbox/program_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

extern char** environ;

namespace lockstep::harness {
namespace {

using Clock = std::chrono::steady_clock;

// The caller's environment with `extra` set.
std::vector<std::string> Environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('='));
    if (extra.count(name) == 0) out.push_back(entry);
  }
  for (const auto& [k, v] : extra) out.push_back(k + "=" + v);
  return out;
}

struct Child {
  pid_t pid = -1;
  Clock::time_point started;
  Clock::time_point term_sent{};
  bool running = false;
};

}  // namespace

std::vector<ProgramRun> RunPrograms(const std::vector<std::string>& argv, const std::vector<ProgramStart>& starts,
                                    double timeout_s, const std::atomic<bool>* stop) {
  std::vector<ProgramRun> runs(starts.size());
  std::vector<Child> children(starts.size());
  const Clock::time_point t0 = Clock::now();
  size_t next = 0;  // starts are taken in order of at_s
  std::vector<size_t> order(starts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return starts[a].at_s < starts[b].at_s; });
  auto seconds_since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  for (;;) {
    const bool stopping = stop != nullptr && stop->load();
    // Start what is due (nothing more once stopping).
    while (!stopping && next < order.size() && seconds_since(t0) >= starts[order[next]].at_s) {
      const size_t i = order[next++];
      posix_spawn_file_actions_t files;
      posix_spawn_file_actions_init(&files);
      posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, starts[i].log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
      posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
      posix_spawnattr_t attr;
      posix_spawnattr_init(&attr);
      posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
      posix_spawnattr_setpgroup(&attr, 0);  // its own group: a timeout ends its children too
      std::vector<std::string> env = Environment(starts[i].env);
      std::vector<char*> envp;
      for (std::string& e : env) envp.push_back(e.data());
      envp.push_back(nullptr);
      std::vector<std::string> args = argv;
      std::vector<char*> argp;
      for (std::string& a : args) argp.push_back(a.data());
      argp.push_back(nullptr);
      pid_t pid = -1;
      const int rc = posix_spawnp(&pid, argp[0], &files, &attr, argp.data(), envp.data());
      posix_spawn_file_actions_destroy(&files);
      posix_spawnattr_destroy(&attr);
      if (rc != 0) {
        runs[i].start_failed = true;
        runs[i].error = argv[0] + ": " + std::strerror(rc);
        continue;
      }
      children[i] = Child{pid, Clock::now(), {}, true};
    }
    // Reap what ended; end what overran.
    bool any_running = false;
    for (size_t i = 0; i < children.size(); ++i) {
      Child& c = children[i];
      if (!c.running) continue;
      int status = 0;
      if (::waitpid(c.pid, &status, WNOHANG) == c.pid) {
        c.running = false;
        runs[i].exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        runs[i].seconds = seconds_since(c.started);
        ::kill(-c.pid, SIGKILL);  // whatever it left behind in its group
        continue;
      }
      any_running = true;
      if (c.term_sent == Clock::time_point{} && (stopping || seconds_since(c.started) >= timeout_s)) {
        runs[i].timed_out = !stopping;
        ::kill(-c.pid, SIGTERM);
        c.term_sent = Clock::now();
      } else if (c.term_sent != Clock::time_point{} && seconds_since(c.term_sent) >= 2.0) {
        ::kill(-c.pid, SIGKILL);
      }
    }
    if (!any_running && (next >= order.size() || stopping)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return runs;
}

}  // namespace lockstep::harness
