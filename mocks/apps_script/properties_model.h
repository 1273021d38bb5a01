// PropertiesModel: script properties, one store per deployment, not transactional.
//
// Every value has a version (bumped on each write). The model remembers, per execution and key,
// the version that execution last read or wrote, and records a lost update when an execution
// writes a key whose current version is not the one it last saw: a read-modify-write raced with
// another writer (the rotation pointer's DS-001 race).
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_PROPERTIES_MODEL_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_PROPERTIES_MODEL_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mocks/common/sim_context.h"
#include "src/status.h"

namespace lockstep::mocks {

struct PropertyRead {
  int deployment;
  std::string key;
  ExecutionId execution;
  int version;  // 0: the key was not set
  Instant time;
  bool bulk = false;  // read with every other property (getProperties()), not by its key
};

struct LostUpdate {
  int deployment;
  std::string key;
  ExecutionId execution;  // the writer whose view was stale
  int seen_version;
  int current_version;
  Instant time;
};

class PropertiesModel {
 public:
  static constexpr size_t kValueBytesMax = 9 * 1024;

  // Forgets every value, journal and tracked key.
  void Reset();
  // Sets a value as pre-existing state (no journal).
  void Seed(int deployment, std::string_view key, std::string_view value);

  std::optional<std::string> Get(int deployment, ExecutionId caller, std::string_view key,
                                 Instant now);
  Status Set(int deployment, ExecutionId caller, std::string_view key, std::string_view value,
             Instant now);
  void Delete(int deployment, ExecutionId caller, std::string_view key, Instant now);
  // Every key of the deployment's store (each read is journaled as Get journals it).
  std::map<std::string, std::string> All(int deployment, ExecutionId caller, Instant now);
  // Sets `values` and, with `delete_others`, deletes the deployment's other keys; all or nothing.
  Status SetAll(int deployment, ExecutionId caller, const std::map<std::string, std::string>& values,
                bool delete_others, Instant now);

  // Inspection.
  std::optional<std::string> Peek(int deployment, std::string_view key) const;
  // Reads of keys passed to Track (others are not journaled, to keep simulation fast).
  const std::vector<PropertyRead>& tracked_reads() const { return reads_; }
  const std::vector<LostUpdate>& lost_updates() const { return lost_updates_; }
  // Journals reads and lost updates of `key` from now on (until Reset).
  void Track(std::string_view key) {
    if (!IsTracked(key)) tracked_.emplace_back(key);
  }

 private:
  struct Entry {
    std::string value;
    int version = 0;
    bool present = false;
  };
  struct Seen {
    int deployment;
    std::string key;
    ExecutionId execution;
    int version;
  };

  bool IsTracked(std::string_view key) const;
  void Remember(int deployment, std::string_view key, ExecutionId execution, int version);
  const Seen* LastSeen(int deployment, std::string_view key, ExecutionId execution) const;

  // Orders (deployment, key) pairs of std::string or std::string_view keys alike.
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      if (a.first != b.first) return a.first < b.first;
      return std::string_view(a.second) < std::string_view(b.second);
    }
  };
  std::map<std::pair<int, std::string>, Entry, KeyLess> store_;
  std::vector<std::string> tracked_;
  std::vector<Seen> seen_;
  std::vector<PropertyRead> reads_;
  std::vector<LostUpdate> lost_updates_;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_PROPERTIES_MODEL_H_
