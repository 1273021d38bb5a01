#include "mocks/apps_script/runtime/cpu_placement.h"

#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <vector>

namespace lockstep::mocks {
namespace {

// The CPUs the process may use, read once, before any thread of it was pinned by this file.
const std::vector<int>& AllowedCpus() {
  static const std::vector<int> cpus = [] {
    std::vector<int> out;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(::getpid(), sizeof(set), &set) != 0) return out;
    for (int c = 0; c < CPU_SETSIZE; ++c) {
      if (CPU_ISSET(c, &set)) out.push_back(c);
    }
    return out;
  }();
  return cpus;
}

// The threads pinned now: the mask each had before its first pin, and how many pins it holds.
struct PinnedThread {
  cpu_set_t saved;
  int depth = 0;
};

std::map<pid_t, PinnedThread>& Pins() {
  static std::map<pid_t, PinnedThread> pins;
  return pins;
}

std::mutex& PinsMutex() {
  static std::mutex mu;
  return mu;
}

}  // namespace

int NextHostCpu() {
  const std::vector<int>& cpus = AllowedCpus();
  if (cpus.size() < 2) return -1;
  // The first host starts where the scheduler put this thread (two lockstep processes side by
  // side, as under ctest -j, then spread); the next ones take the following CPUs.
  static std::atomic<long> next{-1};
  long n = next.load();
  if (n < 0) {
    const int here = ::sched_getcpu();
    long first = 0;
    for (size_t i = 0; i < cpus.size(); ++i) {
      if (cpus[i] == here) first = static_cast<long>(i);
    }
    long expected = -1;
    next.compare_exchange_strong(expected, first);
  }
  n = next.fetch_add(1);
  return cpus[static_cast<size_t>(n) % cpus.size()];
}

ScopedCpuPin::ScopedCpuPin(int cpu) {
  if (cpu < 0) return;
  tid_ = ::gettid();
  const std::lock_guard<std::mutex> lock(PinsMutex());
  auto [it, first] = Pins().try_emplace(tid_);
  if (first) {
    CPU_ZERO(&it->second.saved);
    if (::sched_getaffinity(tid_, sizeof(it->second.saved), &it->second.saved) != 0) {
      Pins().erase(it);
      return;
    }
  }
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  pinned_ = ::sched_setaffinity(tid_, sizeof(one), &one) == 0;
  if (pinned_) {
    ++it->second.depth;
  } else if (it->second.depth == 0) {
    Pins().erase(it);
  }
}

ScopedCpuPin::~ScopedCpuPin() {
  if (!pinned_) return;
  const std::lock_guard<std::mutex> lock(PinsMutex());
  auto it = Pins().find(tid_);
  if (it == Pins().end() || --it->second.depth > 0) return;
  ::sched_setaffinity(tid_, sizeof(it->second.saved), &it->second.saved);
  Pins().erase(it);
}

}  // namespace lockstep::mocks
