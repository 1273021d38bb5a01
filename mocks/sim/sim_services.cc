#include "mocks/sim/sim_services.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

void SimDrive::Reset(uint64_t seed) {
  seed_ = seed;
  latency_rngs_.clear();
  fault_rngs_.clear();
  deferred_.clear();
  chaos_.Restart(seed);
  faults_fired_ = 0;
}

void SimDrive::set_faults(DriveFaultKnobs faults) {
  chaos_.Clear();
  for (FaultRule& r : faults.rules) chaos_.AddRule(std::move(r));
  has_rules_ = !chaos_.Rules().empty();
}

template <typename BodyFn>
std::optional<FaultDecision> SimDrive::Decide(const char* method, const std::string& path, BodyFn body) {
  if (!has_rules_) return std::nullopt;
  std::optional<FaultDecision> d =
      chaos_.Decide(method, path, body(), &ActorStream(fault_rngs_, seed_, "drive.faults", ctx_.Current()));
  if (d) ++faults_fired_;
  return d;
}

void SimDrive::Enter(const Op& op, Duration extra) {
  Duration latency = latency_.min;
  if (latency_.max > latency_.min) {
    Rng& rng = ActorStream(latency_rngs_, seed_, "drive.latency", ctx_.Current());
    latency = Duration(rng.Range(latency_.min.count(), latency_.max.count()));
  }
  // A pending late commit may apply during any Drive call: then every call touches everything.
  ctx_.BeforeCall(latency + extra, deferred_.empty() ? op : Op::Drive(true));
  ApplyDue(ctx_.Now());
}

void SimDrive::ApplyDue(Instant now) {
  while (!deferred_.empty()) {
    auto it = std::min_element(deferred_.begin(), deferred_.end(),
                               [](const Deferred& a, const Deferred& b) { return a.due < b.due; });
    if (it->due > now) return;
    Deferred d = std::move(*it);
    deferred_.erase(it);
    const Status s = d.apply(d.caller, d.due);
    if (ctx_.Tracing()) ctx_.TraceStep("drive.late_commit", "fail_then_commit", s.ok() ? "applied" : s.ToString());
  }
}

void SimDrive::FlushDeferred() { ApplyDue(Instant::max()); }

template <typename T, typename ApplyFn>
StatusOr<T> SimDrive::WithFault(const std::optional<FaultDecision>& fault, ApplyFn apply) {
  if (!fault) return apply(ctx_.Current(), ctx_.Now());
  const FaultRule& rule = fault->rule;
  switch (rule.action) {
    case FaultAction::kLatency:
      return apply(ctx_.Current(), ctx_.Now());
    case FaultAction::kRespond:
      return FaultStatus(rule);
    case FaultAction::kFailThenCommit:
      deferred_.push_back({ctx_.Now() + rule.delay, ctx_.Current(),
                           [apply](ExecutionId caller, Instant at) mutable {
                             auto r = apply(caller, at);
                             return r.ok() ? Status() : r.status();
                           }});
      return FaultStatus(rule);
    case FaultAction::kCommitThenFail:
    case FaultAction::kTimeout:
      (void)apply(ctx_.Current(), ctx_.Now());
      return FaultStatus(rule);
  }
  return FaultStatus(rule);
}

namespace {

Duration FaultDelay(const std::optional<FaultDecision>& fault) {
  if (!fault) return Duration(0);
  const FaultAction a = fault->rule.action;
  return a == FaultAction::kLatency || a == FaultAction::kTimeout ? fault->rule.delay : Duration(0);
}

std::string FaultNote(const std::optional<FaultDecision>& fault) {
  return fault ? fmt::format(" [fault: {}]", FaultActionName(fault->rule.action)) : std::string();
}

}  // namespace

StatusOr<FileList> SimDrive::ListChildren(const ListChildrenRequest& request) {
  const auto fault = Decide("GET", "/drive/v3/files", [] { return std::string(); });
  Enter(Op::Drive(false, ResourceKey(request.parent_id)), FaultDelay(fault));
  StatusOr<FileList> r = WithFault<FileList>(fault, [this, request](ExecutionId caller, Instant now) {
    return model_.ListChildren(caller, now, request);
  });
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
                   Summary(r, r.ok() ? fmt::format("{} [{}]", r->files.size(), names) : "") + FaultNote(fault));
  }
  return r;
}

StatusOr<DriveFile> SimDrive::Get(std::string_view id) {
  const auto fault = Decide("GET", "/drive/v3/files/" + std::string(id), [] { return std::string(); });
  Enter(Op::Drive(false), FaultDelay(fault));  // the file may move between parents: conflicts with every write
  StatusOr<DriveFile> r =
      WithFault<DriveFile>(fault, [this, file = std::string(id)](ExecutionId, Instant) { return model_.Get(file); });
  CountCall(stats_, Endpoint::kDriveGet, !r.ok());
  if (ctx_.Tracing()) {
    ctx_.TraceStep("drive.get", std::string(id),
                   Summary(r, r.ok() ? fmt::format("{}{}", r->name, r->trashed ? " (trashed)" : "")
                                     : "") + FaultNote(fault));
  }
  return r;
}

StatusOr<DriveFile> SimDrive::Create(const CreateFileRequest& request) {
  const auto fault = Decide("POST", request.content.empty() ? "/drive/v3/files" : "/upload/drive/v3/files", [&] {
    nlohmann::json meta{{"name", request.name}, {"mimeType", request.mime_type}, {"parents", {request.parent_id}}};
    if (!request.id.empty()) meta["id"] = request.id;
    return meta.dump();
  });
  // A create with a pre-generated id also consumes a reservation: a write of everything.
  Enter(request.id.empty() ? Op::Drive(true, ResourceKey(request.parent_id)) : Op::Drive(true), FaultDelay(fault));
  StatusOr<DriveFile> r = WithFault<DriveFile>(
      fault, [this, parent = std::string(request.parent_id), name = std::string(request.name),
              mime = std::string(request.mime_type), id = std::string(request.id),
              content = std::string(request.content)](ExecutionId caller, Instant now) {
        return model_.Create(caller, now, {.parent_id = parent, .name = name, .mime_type = mime, .id = id,
                                           .content = content});
      });
  CountCall(stats_, Endpoint::kDriveCreate, !r.ok());
  if (ctx_.Tracing()) {
    ctx_.TraceStep("drive.create",
                   fmt::format("parent={} name={}{}{}", request.parent_id, request.name,
                               request.id.empty() ? "" : " id=", request.id),
                   Summary(r, r.ok() ? "id=" + r->id : "") + FaultNote(fault));
  }
  return r;
}

StatusOr<DriveFile> SimDrive::Update(std::string_view id, const FileUpdate& update) {
  const auto fault = Decide("PATCH", "/drive/v3/files/" + std::string(id), [&] {
    nlohmann::json body = nlohmann::json::object();
    if (update.name) body["name"] = *update.name;
    if (update.trashed) body["trashed"] = *update.trashed;
    return body.dump();
  });
  Enter(Op::Drive(true), FaultDelay(fault));  // touches the file, its old and new parents
  StatusOr<DriveFile> r = WithFault<DriveFile>(fault, [this, file = std::string(id), update](ExecutionId caller,
                                                                                              Instant now) {
    return model_.Update(caller, now, file, update);
  });
  CountCall(stats_, Endpoint::kDriveUpdate, !r.ok());
  if (ctx_.Tracing()) {
    std::string what;
    if (update.name) what += " name=" + *update.name;
    if (update.new_parent_id) what += " parent=" + *update.new_parent_id;
    if (update.trashed) what += *update.trashed ? " trashed" : " untrashed";
    ctx_.TraceStep("drive.update", std::string(id) + what, Summary(r, "ok") + FaultNote(fault));
  }
  return r;
}

StatusOr<std::vector<std::string>> SimDrive::GenerateIds(int count) {
  const auto fault = Decide("GET", "/drive/v3/files/generateIds", [] { return std::string(); });
  Enter(Op::Drive(true), FaultDelay(fault));
  StatusOr<std::vector<std::string>> r = WithFault<std::vector<std::string>>(
      fault, [this, count](ExecutionId caller, Instant) { return model_.GenerateIds(caller, count); });
  CountCall(stats_, Endpoint::kDriveGenerateIds, !r.ok());
  if (ctx_.Tracing()) {
    ctx_.TraceStep("drive.generateIds", std::to_string(count),
                   Summary(r, r.ok() && !r->empty() ? r->front() : "") + FaultNote(fault));
  }
  return r;
}

StatusOr<std::string> SimDrive::GetContent(std::string_view id) {
  const auto fault = Decide("GET", "/drive/v3/files/" + std::string(id), [] { return std::string(); });
  Enter(Op::Drive(false, ResourceKey(id, 1)), FaultDelay(fault));
  StatusOr<std::string> r = WithFault<std::string>(
      fault, [this, file = std::string(id)](ExecutionId, Instant) { return model_.Content(file); });
  CountCall(stats_, Endpoint::kDriveGet, !r.ok());
  if (ctx_.Tracing()) {
    ctx_.TraceStep("drive.getContent", std::string(id),
                   Summary(r, r.ok() ? fmt::format("{} bytes", r->size()) : "") + FaultNote(fault));
  }
  return r;
}

Status SimDrive::SetContent(std::string_view id, std::string_view content) {
  const auto fault = Decide("PATCH", "/upload/drive/v3/files/" + std::string(id), [&] { return std::string(content); });
  Enter(Op::Drive(true, ResourceKey(id, 1)), FaultDelay(fault));
  StatusOr<bool> r = WithFault<bool>(
      fault, [this, file = std::string(id), text = std::string(content)](ExecutionId caller, Instant now) -> StatusOr<bool> {
        Status s = model_.SetContent(caller, now, file, text);
        if (!s.ok()) return s;
        return true;
      });
  CountCall(stats_, Endpoint::kDriveUpdate, !r.ok());
  if (ctx_.Tracing()) {
    ctx_.TraceStep("drive.setContent", fmt::format("{} {} bytes", id, content.size()),
                   Summary(r, "ok") + FaultNote(fault));
  }
  return r.ok() ? Status() : r.status();
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

StatusOr<std::map<std::string, std::string>> SimProperties::GetProperties() {
  // Reads every key: depends on every write to the store.
  ctx_.BeforeCall(Duration(0), Op::Props(false, 0));
  std::map<std::string, std::string> all = model_.All(deployment_, ctx_.Current(), ctx_.Now());
  CountCall(stats_, Endpoint::kPropsGet, false);
  if (ctx_.Tracing()) ctx_.TraceStep("props.get_all", "", fmt::format("{} keys", all.size()));
  return all;
}

Status SimProperties::SetProperties(const std::map<std::string, std::string>& values, bool delete_others) {
  ctx_.BeforeCall(Duration(0), Op::Props(true, 0));
  Status s = model_.SetAll(deployment_, ctx_.Current(), values, delete_others, ctx_.Now());
  CountCall(stats_, Endpoint::kPropsSet, !s.ok());
  if (ctx_.Tracing()) {
    ctx_.TraceStep("props.set_all", fmt::format("{} keys{}", values.size(), delete_others ? ", others deleted" : ""),
                   s.ToString());
  }
  return s;
}

}  // namespace lockstep::mocks
