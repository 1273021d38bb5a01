#include "mocks/sim/sim_logger.h"

#include <fmt/format.h>

namespace lockstep::mocks {

void SimLogger::SetDataSources(const std::vector<std::string>& ids) {
  ds_index_.clear();
  for (size_t i = 0; i < ids.size(); ++i) ds_index_.emplace(ids[i], static_cast<int>(i));
}

void SimLogger::Reset(int execution_count) {
  none_found_.clear();
  created_.clear();
  consolidated_.clear();
  done_.clear();
  processed_any_.assign(execution_count, 0);
  ds_processed_.assign(ds_index_.size(), 0);
  deferred_ = 0;
  folder_lock_timeouts_ = 0;
  runs_skipped_ = 0;
  page_keys_found_ = 0;
  page_keys_deduplicated_ = 0;
}

int SimLogger::DataSourceIndex(std::string_view id) const {
  auto it = ds_index_.find(id);
  return it == ds_index_.end() ? -1 : it->second;
}

void SimLogger::Log(LogLevel level, std::string_view event, std::string_view subject,
                    std::string_view message) {
  if (scheduler_.Tracing()) {
    scheduler_.TraceStep(fmt::format("log.{}", LogLevelName(level)),
                         fmt::format("{} {}", event, subject), std::string(message));
  }
  Note(event, subject);
}

void SimLogger::Note(std::string_view event, std::string_view subject) {
  const ExecutionId e = scheduler_.Current();
  if (event == "folder.none_found") {
    none_found_.push_back({e, DataSourceIndex(subject)});
  } else if (event == "folder.created") {
    created_.push_back({e, DataSourceIndex(subject)});
  } else if (event == "folder.consolidate") {
    consolidated_.push_back({e, DataSourceIndex(subject)});
  } else if (event == "db.start") {
    if (e >= 0) MarkProcessed(e);
    if (const int i = DataSourceIndex(subject); i >= 0) ds_processed_[i] = 1;
  } else if (event == "db.done") {
    if (const int i = DataSourceIndex(subject); i >= 0) done_.push_back({e, i});
  } else if (event == "folder.deferred") {
    ++deferred_;
  } else if (event == "folder.lock_timeout") {
    ++folder_lock_timeouts_;
  } else if (event == "run.skipped") {
    ++runs_skipped_;
  } else if (event == "row.key_found") {
    ++page_keys_found_;
  } else if (event == "row.key_deduplicated") {
    ++page_keys_deduplicated_;
  }
}

std::string SimRandom::NewUuid() {
  Rng& rng = ActorStream(rngs_, seed_, "uuid", scheduler_.Current());
  const uint64_t hi = rng.Next();
  const uint64_t lo = rng.Next();
  // Version 4, variant 10xx.
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff,
                     hi & 0xfff, 0x8000 | ((lo >> 48) & 0x3fff), lo & 0xffffffffffffULL);
}

}  // namespace lockstep::mocks
