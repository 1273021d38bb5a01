#include "src/held_run_lock.h"

namespace lockstep {
namespace {

// A lock the execution holds already, through its run.
class AlreadyHeld final : public Lock {
 public:
  StatusOr<bool> TryLock(Duration) override {
    has_ = true;
    return true;
  }
  Status WaitLock(Duration) override {
    has_ = true;
    return Status();
  }
  Status ReleaseLock() override {
    has_ = false;  // the run's lock stays held: only the run releases it
    return Status();
  }
  bool HasLock() override { return has_; }

 private:
  bool has_ = false;
};

}  // namespace

std::unique_ptr<Lock> HeldRunLock::GetScriptLock() {
  if (held_) return std::make_unique<AlreadyHeld>();
  return inner_.GetScriptLock();
}

}  // namespace lockstep
