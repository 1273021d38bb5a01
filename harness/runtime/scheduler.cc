#include "harness/runtime/scheduler.h"

#include <memory>

#include "harness/runtime/fiber_sanitizer.h"
#include "src/check.h"

namespace lockstep::harness {

void Scheduler::Reset(Instant epoch, const ScheduleLimits& limits, bool tracing) {
  LOCKSTEP_CHECK(current_ == mocks::kNoExecution);
  executions_.clear();
  trace_.clear();
  choices_.clear();
  last_ran_ = mocks::kNoExecution;
  global_effect_ = false;
  limits_ = limits;
  tracing_ = tracing;
  epoch_ = epoch;
  now_ = epoch;
  steps_ = 0;
}

ExecutionId Scheduler::Spawn(Instant start, int deployment, std::function<void()> body) {
  const ExecutionId id = static_cast<ExecutionId>(executions_.size());
  Execution e;
  e.id = id;
  e.deployment = deployment;
  e.ready_at = start;
  e.kill_at = start + limits_.kill_after;
  e.body = std::move(body);
  executions_.push_back(std::move(e));
  return id;
}

int Scheduler::CurrentDeployment() const {
  LOCKSTEP_CHECK(current_ != mocks::kNoExecution);
  return executions_[current_].deployment;
}

void Scheduler::TraceEvent(ExecutionId execution, std::string call, std::string detail) {
  if (!tracing_) return;
  trace_.push_back(TraceRecord{steps_, now_, execution, std::move(call), std::move(detail), {}});
}

void Scheduler::TraceStep(std::string_view call, std::string args, std::string result) {
  std::string site = current_ >= 0 ? executions_[current_].call_site : std::string();
  trace_.push_back(TraceRecord{steps_, now_, current_, std::string(call), std::move(args), std::move(result),
                               std::move(site)});
}

void Scheduler::SetCallSite(std::string site) {
  if (current_ >= 0 && tracing_) executions_[current_].call_site = std::move(site);
}

void Scheduler::Suspend() {
  Execution& e = executions_[current_];
  fiber_sanitizer::StartSwitch(&e.asan_fake_stack, main_stack_bottom_, main_stack_size_);
  fiber_sanitizer::SwitchTsanFiber(main_tsan_fiber_);
  scheduler_ = std::move(scheduler_).resume();
  fiber_sanitizer::FinishSwitch(e.asan_fake_stack, nullptr, nullptr);
  if (e.kill_requested) throw Killed{};
}

bool Scheduler::OtherRunnable() const {  // NOLINT: scans at most a few hundred executions
  for (const Execution& e : executions_) {
    if (e.id == current_) continue;
    if ((e.state == State::kReady || e.state == State::kNotStarted) && e.ready_at <= now_) {
      return true;
    }
  }
  return false;
}

void Scheduler::BeforeCall(Duration latency, const mocks::Op& op) {
  ++steps_;
  Execution& e = executions_[current_];
  e.next_op = op;
  if (latency > Duration(0)) {
    e.ready_at = now_ + latency;
    Suspend();
    return;
  }
  if (!OtherRunnable()) return;  // no choice to make: no switch
  e.ready_at = now_;
  Suspend();
}

void Scheduler::Sleep(Duration duration) {
  if (tracing_) TraceStep("clock.sleep", std::to_string(duration.count()) + "ms", {});
  if (duration <= Duration(0)) {
    BeforeCall(Duration(0), mocks::Op::Local());
    return;
  }
  ++steps_;
  executions_[current_].ready_at = now_ + duration;
  executions_[current_].next_op = mocks::Op::Local();
  Suspend();
}

void Scheduler::BlockOn(mocks::WaitQueue& queue, Instant deadline, const mocks::Op& op) {
  ++steps_;
  Execution& e = executions_[current_];
  e.next_op = op;
  e.state = State::kBlocked;
  e.blocked_on = &queue;
  e.deadline = deadline;
  Suspend();
}

void Scheduler::NotifyAll(mocks::WaitQueue& queue) {
  for (Execution& e : executions_) {
    if (e.state == State::kBlocked && e.blocked_on == &queue) {
      e.state = State::kReady;
      e.blocked_on = nullptr;
      e.ready_at = now_;
    }
  }
}

void Scheduler::Resume(Execution& e) {
  current_ = e.id;
  last_ran_ = e.id;
  if (e.state == State::kNotStarted) {
    e.state = State::kReady;
    TraceEvent(e.id, "start", "deployment " + std::to_string(e.deployment));
    const ExecutionId id = e.id;
    e.fiber = boost::context::fiber(
        std::allocator_arg, PooledStack(pool_), [this, id](boost::context::fiber&& caller) {
          fiber_sanitizer::FinishSwitch(nullptr, &main_stack_bottom_, &main_stack_size_);
          scheduler_ = std::move(caller);
          try {
            executions_[id].body();
          } catch (const Killed&) {
            // Unwound by a kill: the platform ended the execution mid-call.
          }
          executions_[id].state = State::kFinished;
          fiber_sanitizer::StartSwitch(nullptr, main_stack_bottom_, main_stack_size_);
          fiber_sanitizer::SwitchTsanFiber(main_tsan_fiber_);
          return std::move(scheduler_);
        });
    const boost::context::stack_context& stack = pool_.last();
    e.stack_size = stack.size;
    e.stack_bottom = static_cast<const char*>(stack.sp) - stack.size;
    e.tsan_fiber = fiber_sanitizer::CreateTsanFiber();
  }
  void* main_fake_stack = nullptr;
  fiber_sanitizer::StartSwitch(&main_fake_stack, e.stack_bottom, e.stack_size);
  main_tsan_fiber_ = fiber_sanitizer::CurrentTsanFiber();
  fiber_sanitizer::SwitchTsanFiber(e.tsan_fiber);
  e.fiber = std::move(e.fiber).resume();
  fiber_sanitizer::FinishSwitch(main_fake_stack, nullptr, nullptr);
  current_ = mocks::kNoExecution;
  Execution& after = executions_[e.id];  // `e` stays valid: no Spawn during Run
  if (after.state == State::kFinished) {
    TraceEvent(after.id, after.kill_requested ? "killed" : "end", {});
    if (exit_hook_) exit_hook_(after.id, after.kill_requested);
    after.body = nullptr;
    fiber_sanitizer::DestroyTsanFiber(after.tsan_fiber);
    after.tsan_fiber = nullptr;
  }
}

void Scheduler::Kill(Execution& e, ScheduleEnd& end) {
  end.killed.push_back(e.id);
  e.kill_requested = true;
  if (e.state == State::kNotStarted) {  // never ran: nothing to unwind
    e.state = State::kFinished;
    if (exit_hook_) exit_hook_(e.id, true);
    return;
  }
  e.state = State::kReady;
  e.blocked_on = nullptr;
  Resume(e);
  LOCKSTEP_CHECK(e.state == State::kFinished);
}

bool Scheduler::NextEventTime(Instant& next) const {
  bool any = false;
  for (const Execution& e : executions_) {
    if (e.state == State::kFinished) continue;
    Instant t = e.state == State::kBlocked ? e.deadline : e.ready_at;
    if (e.kill_at < t) t = e.kill_at;
    if (!any || t < next) next = t;
    any = true;
  }
  return any;
}

ScheduleEnd Scheduler::Run(bool last_phase) {
  ScheduleEnd end;
  while (true) {
    for (Execution& e : executions_) {
      if (e.state == State::kBlocked && e.deadline <= now_) {
        e.state = State::kReady;
        e.blocked_on = nullptr;
        e.ready_at = now_;
      }
    }
    for (Execution& e : executions_) {
      if (e.state != State::kFinished && e.kill_at <= now_) Kill(e, end);
    }
    runnable_.clear();
    for (const Execution& e : executions_) {
      if ((e.state == State::kReady || e.state == State::kNotStarted) && e.ready_at <= now_) {
        runnable_.push_back(Candidate{e.id, e.next_op});
      }
    }
    if (runnable_.empty()) {
      Instant next;
      if (!NextEventTime(next)) break;  // every execution has ended
      if (next - epoch_ > limits_.virtual_time_max) {
        end.time_limit_hit = true;
        break;
      }
      now_ = next;
      continue;
    }
    if (steps_ > limits_.steps_max) {
      end.step_limit_hit = true;
      break;
    }
    size_t pick = 0;
    if (runnable_.size() > 1) {
      const PickContext context{last_ran_, steps_, end.decisions, global_effect_};
      pick = strategy_->Pick(runnable_, context);
      if (pick == kAbandon) {
        end.abandoned = true;
        break;
      }
      LOCKSTEP_CHECK(pick < runnable_.size());
      ++end.decisions;
      const ExecutionId chosen = runnable_[pick].id;
      if (chosen != last_ran_) {
        for (const Candidate& c : runnable_) end.preemptions += c.id == last_ran_;
      }
      choices_.push_back(chosen);
      if (tracing_) {
        std::string set;
        for (const Candidate& c : runnable_) set += (set.empty() ? "E" : ",E") + std::to_string(c.id);
        TraceEvent(chosen, "choose", "among " + set);
      }
    }
    global_effect_ = false;
    Resume(executions_[runnable_[pick].id]);
  }
  if (end.step_limit_hit || end.time_limit_hit || end.abandoned) {  // end the rest
    for (Execution& e : executions_) {
      if (e.state != State::kFinished) Kill(e, end);
    }
  }
  end.steps = steps_;
  end.end_time = now_;
  if (last_phase) strategy_->EndSchedule(steps_, static_cast<int>(executions_.size()));
  return end;
}

}  // namespace lockstep::harness
