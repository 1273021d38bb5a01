#include "mocks/sim/sim_keyed_locks.h"

namespace lockstep::mocks {

class SimKeyedLock final : public Lock {
 public:
  SimKeyedLock(SimKeyedLocks& owner, std::string key, SimKeyedLocks::Mutex& m)
      : owner_(owner), key_(std::move(key)), m_(m) {}

  StatusOr<bool> TryLock(Duration timeout) override {
    SimContext& ctx = owner_.ctx_;
    const Op op = Op::Lock(ResourceKey(key_, 0x6b6579));
    ctx.BeforeCall(Duration(0), op);
    const Instant deadline = ctx.Now() + timeout;
    bool waited = false;
    while (true) {
      if (m_.holder == kNoExecution) {
        m_.holder = ctx.Current();
        held_ = true;
        if (ctx.Tracing()) ctx.TraceStep("lock.keyed", key_, "acquired");
        return true;
      }
      if (ctx.Now() >= deadline) {
        if (ctx.Tracing()) ctx.TraceStep("lock.keyed", key_, "timed out");
        return false;
      }
      if (!waited) ++owner_.waits_;
      waited = true;
      ctx.BlockOn(m_.queue, deadline, op);
    }
  }

  Status WaitLock(Duration timeout) override {
    StatusOr<bool> got = TryLock(timeout);
    if (!got.ok()) return got.status();
    if (!*got) return Status(StatusCode::kDeadlineExceeded, 0, "lockTimeout", std::string(kLockTimeoutMessage));
    return Status();
  }

  Status ReleaseLock() override {
    if (!held_) return Status();
    SimContext& ctx = owner_.ctx_;
    ctx.BeforeCall(Duration(0), Op::Lock(ResourceKey(key_, 0x6b6579)));
    held_ = false;
    if (m_.holder == ctx.Current()) {
      m_.holder = kNoExecution;
      ctx.NotifyAll(m_.queue);
    }
    return Status();
  }

  bool HasLock() override { return held_ && m_.holder == owner_.ctx_.Current(); }

 private:
  SimKeyedLocks& owner_;
  std::string key_;
  SimKeyedLocks::Mutex& m_;
  bool held_ = false;
};

std::unique_ptr<Lock> SimKeyedLocks::Get(std::string_view key) {
  std::unique_ptr<Mutex>& m = mutexes_[std::string(key)];
  if (!m) m = std::make_unique<Mutex>();
  return std::make_unique<SimKeyedLock>(*this, std::string(key), *m);
}

std::vector<WaitQueue*> SimKeyedLocks::ReleaseAllOf(ExecutionId execution) {
  std::vector<WaitQueue*> freed;
  for (auto& [key, m] : mutexes_) {
    if (m->holder == execution) {
      m->holder = kNoExecution;
      freed.push_back(&m->queue);
    }
  }
  return freed;
}

}  // namespace lockstep::mocks
