// SimLogger and SimRandom: the Logger and RandomSource seams in simulation.
//
// SimLogger keeps, per schedule, the log events that checkers and code probes need (who listed no
// folder for which data source, who created and consolidated what, which runs were skipped) and,
// when tracing, every line with its production text as a trace step.
#ifndef LOCKSTEP_MOCKS_SIM_SIM_LOGGER_H_
#define LOCKSTEP_MOCKS_SIM_SIM_LOGGER_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mocks/common/rng.h"
#include "mocks/common/sim_context.h"
#include "mocks/common/string_hash.h"
#include "src/logger.h"
#include "src/random_source.h"

namespace lockstep::mocks {

struct DsEvent {
  ExecutionId execution;
  int data_source;
};

class SimLogger final : public Logger {
 public:
  explicit SimLogger(SimContext& ctx) : scheduler_(ctx) {}

  // Names the data sources (by id) that events refer to.
  void SetDataSources(const std::vector<std::string>& ids);
  void Reset(int execution_count);

  bool WantsText() const override { return scheduler_.Tracing(); }
  void Log(LogLevel level, std::string_view event, std::string_view subject,
           std::string_view message) override;
  // Records an event of the current execution as Log does, without a log line: what an
  // execution whose code is not the C++ core (a real Apps Script project) was seen to do.
  void Note(std::string_view event, std::string_view subject);

  const std::vector<DsEvent>& none_found() const { return none_found_; }
  const std::vector<DsEvent>& created() const { return created_; }
  const std::vector<DsEvent>& consolidated() const { return consolidated_; }
  // Data sources whose processing finished ("db.done"), by execution.
  const std::vector<DsEvent>& done() const { return done_; }
  int deferred() const { return deferred_; }
  int folder_lock_timeouts() const { return folder_lock_timeouts_; }
  int runs_skipped() const { return runs_skipped_; }
  // True if the execution started processing at least one data source.
  bool processed_any(ExecutionId e) const {
    return e >= 0 && static_cast<size_t>(e) < processed_any_.size() && processed_any_[e];
  }
  // The idempotent page creation found a row key's page already (a retried or concurrent create),
  // and trashed a second page of one key.
  int page_keys_found() const { return page_keys_found_; }
  int page_keys_deduplicated() const { return page_keys_deduplicated_; }
  int DataSourceIndex(std::string_view id) const;
  void MarkProcessed(ExecutionId e) {
    if (static_cast<size_t>(e) >= processed_any_.size()) processed_any_.resize(e + 1, 0);
    processed_any_[e] = 1;
  }
  // True if some execution started the folder step of data source `i`.
  bool ds_processed(int i) const { return ds_processed_[i]; }
  void MarkDsProcessed(int i) { ds_processed_[i] = 1; }

 private:
  SimContext& scheduler_;
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> ds_index_;
  std::vector<DsEvent> none_found_;
  std::vector<DsEvent> created_;
  std::vector<DsEvent> consolidated_;
  std::vector<DsEvent> done_;
  std::vector<char> processed_any_;
  std::vector<char> ds_processed_;
  int deferred_ = 0;
  int folder_lock_timeouts_ = 0;
  int runs_skipped_ = 0;
  int page_keys_found_ = 0;
  int page_keys_deduplicated_ = 0;
};

class SimRandom final : public RandomSource {
 public:
  explicit SimRandom(SimContext& ctx) : scheduler_(ctx) {}
  void Reset(uint64_t seed) {
    seed_ = seed;
    rngs_.clear();
  }
  std::string NewUuid() override;  // from the calling execution's own stream

 private:
  SimContext& scheduler_;
  uint64_t seed_ = 0;
  std::vector<Rng> rngs_;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SIM_SIM_LOGGER_H_
