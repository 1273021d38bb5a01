#include "harness/modes/thread_context.h"

#include <algorithm>
#include <memory>
#include <thread>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

namespace lockstep::harness {
namespace {

using SteadyClock = std::chrono::steady_clock;

// The execution running on this thread.
struct Running {
  ThreadContext* ctx = nullptr;
  ExecutionId id = mocks::kNoExecution;
  int deployment = 0;
  std::unique_lock<std::mutex>* lock = nullptr;
  Instant kill_at{};
};
thread_local Running tls;

constexpr size_t kPoolThreadsMax = 256;
constexpr std::chrono::microseconds kYield{50};

}  // namespace

void ThreadContext::Reset(Instant epoch, const ScheduleLimits& limits, bool tracing) {
  epoch_ = epoch;
  limits_ = limits;
  tracing_ = tracing;
  executions_.clear();
  std::lock_guard<std::mutex> lock(world_);
  steps_ = 0;
  notifications_ = 0;
  time_bound_hit_ = false;
  killed_.clear();
  trace_.clear();
}

ExecutionId ThreadContext::Spawn(Instant start, int deployment, std::function<void()> body) {
  const ExecutionId id = static_cast<ExecutionId>(executions_.size());
  executions_.push_back(Execution{id, deployment, start, std::move(body)});
  return id;
}

void ThreadContext::WithWorld(const std::function<void()>& fn) {
  std::lock_guard<std::mutex> lock(world_);
  fn();
}

SteadyClock::time_point ThreadContext::RealAt(Instant t) const {
  const double real_ns = static_cast<double>((t - epoch_).count()) * 1e6 / time_scale_;
  return real_epoch_ + std::chrono::nanoseconds(static_cast<int64_t>(real_ns));
}

Instant ThreadContext::Now() const {
  const double real_ns = static_cast<double>((SteadyClock::now() - real_epoch_).count());
  return epoch_ + Duration(static_cast<int64_t>(real_ns * time_scale_ / 1e6));
}

ExecutionId ThreadContext::Current() const { return tls.ctx == this ? tls.id : mocks::kNoExecution; }

int ThreadContext::CurrentDeployment() const { return tls.ctx == this ? tls.deployment : 0; }

void ThreadContext::CheckKill() {
  const Instant now = Now();
  if (now >= epoch_ + limits_.virtual_time_max) {
    time_bound_hit_ = true;
    throw Killed{};
  }
  if (now >= tls.kill_at) throw Killed{};
}

void ThreadContext::WaitUntil(Instant until, bool wake_on_notify) {
  std::unique_lock<std::mutex>& lock = *tls.lock;
  const Instant bound = std::min({until, tls.kill_at, epoch_ + limits_.virtual_time_max});
  const uint64_t seen = notifications_;
  changed_.wait_until(lock, RealAt(bound),
                      [&] { return (wake_on_notify && notifications_ != seen) || Now() >= bound; });
  CheckKill();
}

void ThreadContext::BeforeCall(Duration latency, const mocks::Op&) {
  if (++steps_ > limits_.steps_max) {
    time_bound_hit_ = true;
    throw Killed{};
  }
  CheckKill();
  if (latency > Duration(0)) {
    WaitUntil(Now() + latency, /*wake_on_notify=*/false);
    return;
  }
  // A call without modelled latency (LockService, PropertiesService) still is a remote call: give
  // the world up for a moment, so that an execution woken by a lock release can take it (a plain
  // unlock-lock would hand it straight back to this thread).
  std::unique_lock<std::mutex>& lock = *tls.lock;
  lock.unlock();
  std::this_thread::sleep_for(kYield);
  lock.lock();
  CheckKill();
}

void ThreadContext::Sleep(Duration duration) {
  ++steps_;
  WaitUntil(Now() + duration, /*wake_on_notify=*/false);
}

void ThreadContext::BlockOn(mocks::WaitQueue&, Instant deadline, const mocks::Op&) {
  WaitUntil(deadline, /*wake_on_notify=*/true);
}

void ThreadContext::Unlocked(const std::function<void()>& fn) {
  std::unique_lock<std::mutex>& lock = *tls.lock;
  lock.unlock();
  fn();
  lock.lock();
  CheckKill();
}

void ThreadContext::NotifyAll(mocks::WaitQueue&) {
  ++notifications_;
  changed_.notify_all();
}

void ThreadContext::TraceStep(std::string_view call, std::string args, std::string result) {
  trace_.push_back(TraceRecord{steps_, Now(), Current(), std::string(call), std::move(args), std::move(result)});
}

void ThreadContext::RunExecution(Execution& e) {
  std::unique_lock<std::mutex> lock(world_);
  tls = Running{this, e.id, e.deployment, &lock, e.start + limits_.kill_after};
  if (tracing_) trace_.push_back(TraceRecord{steps_, Now(), e.id, "exec.start", "", ""});
  bool killed = false;
  try {
    CheckKill();
    e.body();
  } catch (const Killed&) {
    killed = true;
  }
  if (killed) killed_.push_back(e.id);
  if (tracing_) trace_.push_back(TraceRecord{steps_, Now(), e.id, killed ? "exec.killed" : "exec.end", "", ""});
  if (exit_hook_) exit_hook_(e.id, killed);
  tls = Running{};
  ++notifications_;  // an exit releases the execution's locks
  changed_.notify_all();
}

ScheduleEnd ThreadContext::Run() {
  boost::asio::thread_pool pool(std::clamp<size_t>(executions_.size(), 1, kPoolThreadsMax));
  real_epoch_ = SteadyClock::now();
  std::vector<std::unique_ptr<boost::asio::steady_timer>> timers;
  for (Execution& e : executions_) {
    timers.push_back(std::make_unique<boost::asio::steady_timer>(pool, RealAt(e.start)));
    timers.back()->async_wait([this, &e](const boost::system::error_code&) { RunExecution(e); });
  }
  pool.join();
  std::lock_guard<std::mutex> lock(world_);
  ScheduleEnd end;
  end.steps = steps_;
  end.end_time = Now();
  end.time_limit_hit = time_bound_hit_;
  end.killed = killed_;
  std::sort(end.killed.begin(), end.killed.end());
  std::stable_sort(trace_.begin(), trace_.end(),
                   [](const TraceRecord& a, const TraceRecord& b) { return a.time < b.time; });
  return end;
}

}  // namespace lockstep::harness
