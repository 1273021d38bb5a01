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
#ifndef LOCKSTEP_MOCKS_SIM_SERVICES_H_
#define LOCKSTEP_MOCKS_SIM_SERVICES_H_

#include <memory>

#include "mocks/call_stats.h"
#include "mocks/drive_model.h"
#include "mocks/lock_model.h"
#include "mocks/properties_model.h"
#include "mocks/rng.h"
#include "mocks/sim_context.h"
#include "src/drive_api.h"

#include <vector>
#include "src/lock_service.h"
#include "src/script_properties.h"

namespace lockstep::mocks {


// Latency of one call: uniform in [min, max] of virtual time, drawn from the seed.
struct LatencyKnob {
  Duration min{0};
  Duration max{0};
};

// Faults of the simulated Drive service (the HTTP chaos decorator is a later slice).
struct DriveFaultKnobs {
  // Probability (per million) that a folder create commits and then answers 500 backendError: the
  // caller sees a failure for a folder that exists (an ambiguous outcome).
  uint32_t create_commit_then_fail_per_million = 0;
};

class SimDrive final : public DriveApi {
 public:
  SimDrive(DriveModel& model, SimContext& ctx, LatencyKnob latency, DriveFaultKnobs faults = {},
           CallStats* stats = nullptr)
      : model_(model), ctx_(ctx), latency_(latency), faults_(faults), stats_(stats) {}
  void Reset(uint64_t seed) {
    seed_ = seed;
    latency_rngs_.clear();
    fault_rngs_.clear();
    faults_fired_ = 0;
  }
  // Faults that fired since Reset.
  int faults_fired() const { return faults_fired_; }
  void set_latency(LatencyKnob latency) { latency_ = latency; }
  void set_faults(DriveFaultKnobs faults) { faults_ = faults; }

  StatusOr<FileList> ListChildren(const ListChildrenRequest& request) override;
  StatusOr<DriveFile> Get(std::string_view id) override;
  StatusOr<DriveFile> Create(const CreateFileRequest& request) override;
  StatusOr<DriveFile> Update(std::string_view id, const FileUpdate& update) override;
  StatusOr<std::vector<std::string>> GenerateIds(int count) override;

 private:
  void Enter(const Op& op);
  DriveModel& model_;
  SimContext& ctx_;
  LatencyKnob latency_;
  DriveFaultKnobs faults_;
  CallStats* stats_;
  uint64_t seed_ = 0;
  std::vector<Rng> latency_rngs_;  // per execution, for the same reason as the model's streams
  std::vector<Rng> fault_rngs_;
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

 private:
  PropertiesModel& model_;
  SimContext& ctx_;
  int deployment_;
  CallStats* stats_;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SIM_SERVICES_H_
