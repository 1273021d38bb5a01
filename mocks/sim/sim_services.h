// Sim services: the core's seams (DriveApi, LockService, ScriptProperties) on top of the
// in-memory models, for the deterministic simulation.
//
// Each call is a scheduling point (SimContext::BeforeCall, with the call's modelled latency),
// then applies atomically to the model as the current execution at the current virtual time.
// One service object per deployment serves every execution of that deployment: the execution is
// asked of the context, so nothing is allocated per execution.
//
//   SimDrive drive(model, ctx, latency);
//   CoreEnv env{drive, ...};
#ifndef LOCKSTEP_MOCKS_SIM_SIM_SERVICES_H_
#define LOCKSTEP_MOCKS_SIM_SIM_SERVICES_H_

#include <memory>

#include "mocks/apps_script/lock_model.h"
#include "mocks/apps_script/properties_model.h"
#include "mocks/common/call_stats.h"
#include "mocks/common/rng.h"
#include "mocks/common/sim_context.h"
#include "mocks/drive/drive_model.h"
#include "mocks/faults/chaos.h"
#include "src/drive_api.h"

#include <functional>
#include <vector>
#include "src/lock_service.h"
#include "src/script_properties.h"

namespace lockstep::mocks {


// Latency of one call: uniform in [min, max] of virtual time, drawn from the seed.
struct LatencyKnob {
  Duration min{0};
  Duration max{0};
};

// Faults of the simulated Drive service: the chaos rules of `lockstep serve` (mocks/chaos.h),
// matched against the Drive v3 request that the HTTP client would send for the same call
// (ListChildren: GET /drive/v3/files; Get: GET /drive/v3/files/<id>; Create: POST
// /drive/v3/files, or /upload/drive/v3/files with content, body {"name","mimeType","parents"[,"id"]};
// Update: PATCH /drive/v3/files/<id>, body {"name","trashed"}; GenerateIds: GET
// /drive/v3/files/generateIds; GetContent: GET /drive/v3/files/<id> (alt=media); SetContent: PATCH
// /upload/drive/v3/files/<id>, body the content). Content reads count as files.get and content
// writes as files.update, the endpoints they are. In virtual time: latency and timeout add the rule's delay to the
// call; fail_then_commit applies the call at its due time, before the next Drive call that comes
// after it (or at the end of the schedule).
struct DriveFaultKnobs {
  std::vector<FaultRule> rules;
};

class SimDrive final : public DriveApi {
 public:
  SimDrive(DriveModel& model, SimContext& ctx, LatencyKnob latency, DriveFaultKnobs faults = {},
           CallStats* stats = nullptr)
      : model_(model), ctx_(ctx), latency_(latency), stats_(stats) {
    set_faults(std::move(faults));
  }
  void Reset(uint64_t seed);
  // Faults that fired since Reset.
  int faults_fired() const { return faults_fired_; }
  void set_latency(LatencyKnob latency) { latency_ = latency; }
  void set_faults(DriveFaultKnobs faults);
  // Applies the fail_then_commit calls still pending (the end of a schedule: they all commit).
  void FlushDeferred();

  StatusOr<FileList> ListChildren(const ListChildrenRequest& request) override;
  StatusOr<DriveFile> Get(std::string_view id) override;
  StatusOr<DriveFile> Create(const CreateFileRequest& request) override;
  StatusOr<DriveFile> Update(std::string_view id, const FileUpdate& update) override;
  StatusOr<std::vector<std::string>> GenerateIds(int count) override;
  StatusOr<std::string> GetContent(std::string_view id) override;
  Status SetContent(std::string_view id, std::string_view content) override;

 private:
  struct Deferred {
    Instant due;
    ExecutionId caller;
    std::function<Status(ExecutionId, Instant)> apply;  // what the late commit answered
  };
  // The fault for this call, if a rule fires (body built only when there are rules).
  template <typename BodyFn>
  std::optional<FaultDecision> Decide(const char* method, const std::string& path, BodyFn body);
  void Enter(const Op& op, Duration extra = Duration(0));
  void ApplyDue(Instant now);
  // Runs `apply` now, later (fail_then_commit) or not at all (respond), and returns what the caller
  // sees: `apply`'s result or the fault's status.
  template <typename T, typename ApplyFn>
  StatusOr<T> WithFault(const std::optional<FaultDecision>& fault, ApplyFn apply);

  DriveModel& model_;
  SimContext& ctx_;
  LatencyKnob latency_;
  CallStats* stats_;
  Chaos chaos_;
  bool has_rules_ = false;
  uint64_t seed_ = 0;
  std::vector<Rng> latency_rngs_;  // per execution, for the same reason as the model's streams
  std::vector<Rng> fault_rngs_;
  std::vector<Deferred> deferred_;
  int faults_fired_ = 0;
};

struct LockKnobs {
  // Probability (per million) that tryLock/waitLock fails with a service error.
  uint32_t try_lock_error_per_million = 0;
};

class SimLockService final : public LockService {
 public:
  SimLockService(LockModel& model, SimContext& ctx, int deployment, LockKnobs knobs,
                 CallStats* stats = nullptr)
      : model_(model), ctx_(ctx), deployment_(deployment), knobs_(knobs), stats_(stats) {}
  void Reset(uint64_t seed) {
    seed_ = seed;
    rngs_.clear();
  }

  void set_knobs(LockKnobs knobs) { knobs_ = knobs; }

  std::unique_ptr<Lock> GetScriptLock() override;
  std::unique_ptr<Lock> GetUserLock() override;
  std::unique_ptr<Lock> GetDocumentLock() override;  // null: the job is not container-bound

 private:
  friend class SimLock;
  std::unique_ptr<Lock> NewLock(LockScope scope);
  LockModel& model_;
  SimContext& ctx_;
  int deployment_;
  LockKnobs knobs_;
  CallStats* stats_;
  uint64_t seed_ = 0;
  std::vector<Rng> rngs_;  // per execution
};

class SimProperties final : public ScriptProperties {
 public:
  SimProperties(PropertiesModel& model, SimContext& ctx, int deployment,
                CallStats* stats = nullptr)
      : model_(model), ctx_(ctx), deployment_(deployment), stats_(stats) {}

  StatusOr<std::optional<std::string>> GetProperty(std::string_view key) override;
  Status SetProperty(std::string_view key, std::string_view value) override;
  Status DeleteProperty(std::string_view key) override;
  StatusOr<std::map<std::string, std::string>> GetProperties() override;
  Status SetProperties(const std::map<std::string, std::string>& values, bool delete_others) override;

 private:
  PropertiesModel& model_;
  SimContext& ctx_;
  int deployment_;
  CallStats* stats_;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SIM_SIM_SERVICES_H_
