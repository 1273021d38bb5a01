#include "mocks/sim_services.h"

#include <fmt/format.h>

namespace lockstep::mocks {
namespace {

void CountCall(CallStats* stats, Endpoint e, bool failed) {
  if (stats != nullptr) stats->Count(e, failed);
}

std::string_view KindName(ChildKind kind) {
  switch (kind) {
    case ChildKind::kAll: return "all";
    case ChildKind::kFolders: return "folders";
    case ChildKind::kFiles: return "files";
  }
  return "?";
}

template <typename T>
std::string Summary(const StatusOr<T>& r, std::string ok_text) {
  return r.ok() ? std::move(ok_text) : r.status().ToString();
}

}  // namespace

void SimDrive::Enter(const Op& op) {
  Duration latency = latency_.min;
  if (latency_.max > latency_.min) {
    Rng& rng = ActorStream(latency_rngs_, seed_, "drive.latency", ctx_.Current());
    latency = Duration(rng.Range(latency_.min.count(), latency_.max.count()));
  }
  ctx_.BeforeCall(latency, op);
}

StatusOr<FileList> SimDrive::ListChildren(const ListChildrenRequest& request) {
  Enter(Op::Drive(false, ResourceKey(request.parent_id)));
  StatusOr<FileList> r = model_.ListChildren(ctx_.Current(), ctx_.Now(), request);
  CountCall(stats_, Endpoint::kDriveList, !r.ok());
  if (ctx_.Tracing()) {
    std::string names;
    if (r.ok()) {
      for (const DriveFile& f : r->files) names += (names.empty() ? "" : ", ") + f.name;
    }
    ctx_.TraceStep("drive.list",
                   fmt::format("parent={} kind={}{}{}", request.parent_id, KindName(request.kind),
                               request.name_equals.empty() ? "" : " name=",
                               request.name_equals),
                   Summary(r, r.ok() ? fmt::format("{} [{}]", r->files.size(), names) : ""));
  }
  return r;
}

StatusOr<DriveFile> SimDrive::Get(std::string_view id) {
  Enter(Op::Drive(false));  // the file may move between parents: conflicts with every write
  StatusOr<DriveFile> r = model_.Get(id);
  CountCall(stats_, Endpoint::kDriveGet, !r.ok());
  if (ctx_.Tracing()) {
    ctx_.TraceStep("drive.get", std::string(id),
                   Summary(r, r.ok() ? fmt::format("{}{}", r->name, r->trashed ? " (trashed)" : "")
                                     : ""));
  }
  return r;
}

StatusOr<DriveFile> SimDrive::Create(const CreateFileRequest& request) {
  // A create with a pre-generated id also consumes a reservation: a write of everything.
  Enter(request.id.empty() ? Op::Drive(true, ResourceKey(request.parent_id)) : Op::Drive(true));
  StatusOr<DriveFile> r = model_.Create(ctx_.Current(), ctx_.Now(), request);
  if (r.ok() && r->IsFolder() && faults_.create_commit_then_fail_per_million > 0 &&
      ActorStream(fault_rngs_, seed_, "drive.faults", ctx_.Current())
          .ChancePerMillion(faults_.create_commit_then_fail_per_million)) {
    ++faults_fired_;
    r = Status(StatusCode::kInternal, 500, "backendError", "Backend Error");  // committed anyway
  }
  CountCall(stats_, Endpoint::kDriveCreate, !r.ok());
  if (ctx_.Tracing()) {
    ctx_.TraceStep("drive.create",
                   fmt::format("parent={} name={}{}{}", request.parent_id, request.name,
                               request.id.empty() ? "" : " id=", request.id),
                   Summary(r, r.ok() ? "id=" + r->id : ""));
  }
  return r;
}

StatusOr<DriveFile> SimDrive::Update(std::string_view id, const FileUpdate& update) {
  Enter(Op::Drive(true));  // touches the file, its old and new parents
  StatusOr<DriveFile> r = model_.Update(ctx_.Current(), ctx_.Now(), id, update);
  CountCall(stats_, Endpoint::kDriveUpdate, !r.ok());
  if (ctx_.Tracing()) {
    std::string what;
    if (update.name) what += " name=" + *update.name;
    if (update.new_parent_id) what += " parent=" + *update.new_parent_id;
    if (update.trashed) what += *update.trashed ? " trashed" : " untrashed";
    ctx_.TraceStep("drive.update", std::string(id) + what, Summary(r, "ok"));
  }
  return r;
}

StatusOr<std::vector<std::string>> SimDrive::GenerateIds(int count) {
  Enter(Op::Drive(true));
  StatusOr<std::vector<std::string>> r = model_.GenerateIds(ctx_.Current(), count);
  CountCall(stats_, Endpoint::kDriveGenerateIds, !r.ok());
  if (ctx_.Tracing()) {
    ctx_.TraceStep("drive.generateIds", std::to_string(count),
                   Summary(r, r.ok() && !r->empty() ? r->front() : ""));
  }
  return r;
}

// One Lock object of the simulated LockService.
class SimLock final : public Lock {
 public:
  SimLock(SimLockService& service, int object) : service_(service), object_(object) {}

  StatusOr<bool> TryLock(Duration timeout) override {
    SimContext& ctx = service_.ctx_;
    LockModel& model = service_.model_;
    ctx.BeforeCall(Duration(0), LockOp());
    const Instant start = ctx.Now();
    if (service_.knobs_.try_lock_error_per_million > 0 &&
        ActorStream(service_.rngs_, service_.seed_, "lock.errors", ctx.Current())
            .ChancePerMillion(service_.knobs_.try_lock_error_per_million)) {
      model.RecordError(object_, start);
      CountCall(service_.stats_, Endpoint::kLockTry, true);
      Trace("lock.tryLock", timeout, "error");
      return Status(StatusCode::kUnavailable, 0, "lockServiceError",
                    "Exception: There are too many LockService operations against the same script.");
    }
    model.RecordAttempt(object_, start);
    CountCall(service_.stats_, Endpoint::kLockTry, false);
    const Instant deadline = start + timeout;
    bool contended = false;
    while (true) {
      if (model.TryAcquire(object_, ctx.Now())) {
        model.RecordWaitEnd(object_, ctx.Now(), ctx.Now() - start, true, contended);
        Trace("lock.tryLock", timeout, "true");
        return true;
      }
      if (ctx.Now() >= deadline) {
        model.RecordWaitEnd(object_, ctx.Now(), ctx.Now() - start, false, true);
        Trace("lock.tryLock", timeout, "false");
        return false;
      }
      contended = true;
      ctx.BlockOn(model.QueueOf(object_), deadline, LockOp());
    }
  }

  Status WaitLock(Duration timeout) override {
    StatusOr<bool> got = TryLock(timeout);
    if (!got.ok()) return got.status();
    if (!*got) {
      return Status(StatusCode::kDeadlineExceeded, 0, "lockTimeout",
                    std::string(kLockTimeoutMessage));
    }
    return Status();
  }

  Status ReleaseLock() override {
    SimContext& ctx = service_.ctx_;
    ctx.BeforeCall(Duration(0), LockOp());
    CountCall(service_.stats_, Endpoint::kLockRelease, false);
    if (service_.model_.Release(object_, ctx.Now())) {
      ctx.NotifyAll(service_.model_.QueueOf(object_));
    }
    if (ctx.Tracing()) ctx.TraceStep("lock.releaseLock", LockName(), "ok");
    return Status();
  }

  bool HasLock() override { return service_.model_.HasLock(object_); }

 private:
  std::string LockName() const { return fmt::format("script#{}", object_); }
  // Every lock of a deployment is one resource (scopes are rare; coarse is safe).
  Op LockOp() const { return Op::Lock(static_cast<uint64_t>(service_.deployment_) + 1); }
  void Trace(std::string_view call, Duration timeout, std::string_view result) {
    SimContext& ctx = service_.ctx_;
    if (ctx.Tracing()) {
      ctx.TraceStep(call, fmt::format("{} timeout={}ms", LockName(), timeout.count()),
                    std::string(result));
    }
  }
  SimLockService& service_;
  int object_;
};

std::unique_ptr<Lock> SimLockService::NewLock(LockScope scope) {
  LockKey key{deployment_, scope, 0};
  return std::make_unique<SimLock>(*this, model_.NewObject(ctx_.Current(), key));
}

std::unique_ptr<Lock> SimLockService::GetScriptLock() { return NewLock(LockScope::kScript); }
std::unique_ptr<Lock> SimLockService::GetUserLock() { return NewLock(LockScope::kUser); }
std::unique_ptr<Lock> SimLockService::GetDocumentLock() { return nullptr; }

StatusOr<std::optional<std::string>> SimProperties::GetProperty(std::string_view key) {
  ctx_.BeforeCall(Duration(0), Op::Props(false, ResourceKey(key, static_cast<uint64_t>(deployment_))));
  std::optional<std::string> v = model_.Get(deployment_, ctx_.Current(), key, ctx_.Now());
  CountCall(stats_, Endpoint::kPropsGet, false);
  if (ctx_.Tracing()) ctx_.TraceStep("props.get", std::string(key), v ? *v : "null");
  return v;
}

Status SimProperties::SetProperty(std::string_view key, std::string_view value) {
  ctx_.BeforeCall(Duration(0), Op::Props(true, ResourceKey(key, static_cast<uint64_t>(deployment_))));
  Status s = model_.Set(deployment_, ctx_.Current(), key, value, ctx_.Now());
  CountCall(stats_, Endpoint::kPropsSet, !s.ok());
  if (ctx_.Tracing()) {
    ctx_.TraceStep("props.set", fmt::format("{}={}", key, value), s.ToString());
  }
  return s;
}

Status SimProperties::DeleteProperty(std::string_view key) {
  ctx_.BeforeCall(Duration(0), Op::Props(true, ResourceKey(key, static_cast<uint64_t>(deployment_))));
  model_.Delete(deployment_, ctx_.Current(), key, ctx_.Now());
  CountCall(stats_, Endpoint::kPropsDelete, false);
  if (ctx_.Tracing()) ctx_.TraceStep("props.delete", std::string(key), "ok");
  return Status();
}

}  // namespace lockstep::mocks
