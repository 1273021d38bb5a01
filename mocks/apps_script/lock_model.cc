#include "mocks/apps_script/lock_model.h"

#include "src/check.h"

namespace lockstep::mocks {

std::string_view ReentrancyName(Reentrancy r) {
  switch (r) {
    case Reentrancy::kS1: return "S1";
    case Reentrancy::kS2: return "S2";
    case Reentrancy::kS3: return "S3";
  }
  return "?";
}

bool ParseReentrancy(std::string_view name, Reentrancy& out) {
  if (name == "S1" || name == "s1" || name == "shared") out = Reentrancy::kS1;
  else if (name == "S2" || name == "s2" || name == "counted") out = Reentrancy::kS2;
  else if (name == "S3" || name == "s3" || name == "not-reentrant") out = Reentrancy::kS3;
  else return false;
  return true;
}

std::string_view LockScopeName(LockScope s) {
  switch (s) {
    case LockScope::kScript: return "script";
    case LockScope::kUser: return "user";
    case LockScope::kDocument: return "document";
  }
  return "?";
}

std::string_view LockEventKindName(LockEvent::Kind kind) {
  switch (kind) {
    case LockEvent::Kind::kAttempt: return "attempt";
    case LockEvent::Kind::kAcquire: return "acquire";
    case LockEvent::Kind::kTimeout: return "timeout";
    case LockEvent::Kind::kRelease: return "release";
    case LockEvent::Kind::kReleaseNoop: return "release-noop";
    case LockEvent::Kind::kAutoRelease: return "auto-release";
    case LockEvent::Kind::kError: return "error";
  }
  return "?";
}

void LockModel::Reset() {
  locks_.clear();
  objects_.clear();
  events_.clear();
  violations_.clear();
}

int LockModel::LockIndex(const LockKey& key) {
  for (size_t i = 0; i < locks_.size(); ++i) {
    if (locks_[i].key == key) return static_cast<int>(i);
  }
  LockState state;
  state.key = key;
  state.queue.id = static_cast<int>(locks_.size());
  locks_.push_back(state);
  return static_cast<int>(locks_.size()) - 1;
}

int LockModel::NewObject(ExecutionId execution, const LockKey& key) {
  objects_.push_back(Object{execution, LockIndex(key), false});
  return static_cast<int>(objects_.size()) - 1;
}

void LockModel::Record(LockEvent::Kind kind, int object, Instant now, Duration waited) {
  const Object& o = objects_[object];
  const LockState& l = locks_[o.lock];
  events_.push_back(LockEvent{kind, now, o.execution, object, l.key, l.holder, waited});
}

void LockModel::CheckBeliefs(int object, Instant now) {
  const Object& me = objects_[object];
  for (const Object& other : objects_) {
    if (other.lock == me.lock && other.believes_held && other.execution != me.execution) {
      violations_.push_back(
          MutualExclusionViolation{locks_[me.lock].key, now, other.execution, me.execution});
      return;
    }
  }
}

bool LockModel::TryAcquire(int object, Instant now) {
  Object& o = objects_[object];
  LockState& l = locks_[o.lock];
  bool got = false;
  if (l.holder == kNoExecution) {
    l.holder = o.execution;
    l.holder_object = object;
    l.count = 1;
    got = true;
  } else if (l.holder == o.execution) {
    switch (reentrancy_) {
      case Reentrancy::kS1: got = true; break;
      case Reentrancy::kS2:
        if (!o.believes_held) ++l.count;  // a second tryLock on the same object adds nothing
        got = true;
        break;
      case Reentrancy::kS3: got = l.holder_object == object; break;
    }
  }
  if (got && !o.believes_held) {
    CheckBeliefs(object, now);
    o.believes_held = true;
  }
  return got;
}

bool LockModel::Release(int object, Instant now) {
  Object& o = objects_[object];
  LockState& l = locks_[o.lock];
  if (!o.believes_held) {  // "has no effect if the lock has not been acquired"
    Record(LockEvent::Kind::kReleaseNoop, object, now);
    return false;
  }
  o.believes_held = false;
  bool changed = false;
  if (l.holder == o.execution) {
    switch (reentrancy_) {
      case Reentrancy::kS1:
        l.holder = kNoExecution;
        changed = true;
        break;
      case Reentrancy::kS2:
        changed = true;
        if (--l.count == 0) l.holder = kNoExecution;
        break;
      case Reentrancy::kS3:
        if (l.holder_object == object) {
          l.holder = kNoExecution;
          changed = true;
        }
        break;
    }
  }
  if (l.holder == kNoExecution) {
    l.holder_object = -1;
    l.count = 0;
  }
  Record(changed ? LockEvent::Kind::kRelease : LockEvent::Kind::kReleaseNoop, object, now);
  return changed;
}

bool LockModel::HasLock(int object) const {
  const Object& o = objects_[object];
  const LockState& l = locks_[o.lock];
  if (!o.believes_held || l.holder != o.execution) return false;
  return reentrancy_ != Reentrancy::kS3 || l.holder_object == object;
}

std::vector<WaitQueue*> LockModel::ReleaseAllOf(ExecutionId execution, Instant now) {
  std::vector<WaitQueue*> freed;
  for (size_t i = 0; i < objects_.size(); ++i) {
    if (objects_[i].execution == execution) objects_[i].believes_held = false;
  }
  for (LockState& l : locks_) {
    if (l.holder != execution) continue;
    l.holder = kNoExecution;
    l.holder_object = -1;
    l.count = 0;
    freed.push_back(&l.queue);
    events_.push_back(LockEvent{LockEvent::Kind::kAutoRelease, now, execution, -1, l.key,
                                kNoExecution, Duration(0)});
  }
  return freed;
}

void LockModel::RecordAttempt(int object, Instant now) {
  Record(LockEvent::Kind::kAttempt, object, now);
}

void LockModel::RecordWaitEnd(int object, Instant now, Duration waited, bool acquired,
                              bool contended) {
  Record(acquired ? LockEvent::Kind::kAcquire : LockEvent::Kind::kTimeout, object, now, waited);
  events_.back().contended = contended;
}

void LockModel::RecordError(int object, Instant now) { Record(LockEvent::Kind::kError, object, now); }

WaitQueue& LockModel::QueueOf(int object) { return locks_[objects_[object].lock].queue; }

}  // namespace lockstep::mocks
