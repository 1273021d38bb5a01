#include "mocks/apps_script/properties_model.h"

#include "src/check.h"

namespace lockstep::mocks {

void PropertiesModel::Reset() {
  store_.clear();
  tracked_.clear();
  seen_.clear();
  reads_.clear();
  lost_updates_.clear();
}

void PropertiesModel::Seed(int deployment, std::string_view key, std::string_view value) {
  Entry& e = store_[{deployment, std::string(key)}];
  e.value = std::string(value);
  e.present = true;
  ++e.version;
}

bool PropertiesModel::IsTracked(std::string_view key) const {
  for (const std::string& k : tracked_) {
    if (k == key) return true;
  }
  return false;
}

const PropertiesModel::Seen* PropertiesModel::LastSeen(int deployment, std::string_view key,
                                                       ExecutionId execution) const {
  for (const Seen& s : seen_) {
    if (s.deployment == deployment && s.execution == execution && s.key == key) return &s;
  }
  return nullptr;
}

void PropertiesModel::Remember(int deployment, std::string_view key, ExecutionId execution,
                               int version) {
  for (Seen& s : seen_) {
    if (s.deployment == deployment && s.execution == execution && s.key == key) {
      s.version = version;
      return;
    }
  }
  seen_.push_back(Seen{deployment, std::string(key), execution, version});
}

std::optional<std::string> PropertiesModel::Get(int deployment, ExecutionId caller,
                                                std::string_view key, Instant now) {
  auto it = store_.find(std::pair<int, std::string_view>(deployment, key));
  const int version = it == store_.end() ? 0 : it->second.version;
  if (IsTracked(key)) {
    Remember(deployment, key, caller, version);
    reads_.push_back(PropertyRead{deployment, std::string(key), caller, version, now});
  }
  if (it == store_.end() || !it->second.present) return std::nullopt;
  return it->second.value;
}

Status PropertiesModel::Set(int deployment, ExecutionId caller, std::string_view key,
                            std::string_view value, Instant now) {
  if (value.size() > kValueBytesMax) {
    return Status(StatusCode::kInvalidArgument, 0, "argumentTooLarge",
                  "Argument too large: value");
  }
  auto it = store_.find(std::pair<int, std::string_view>(deployment, key));
  if (it == store_.end()) it = store_.emplace(std::pair(deployment, std::string(key)), Entry{}).first;
  Entry& e = it->second;
  if (IsTracked(key)) {
    const Seen* seen = LastSeen(deployment, key, caller);
    if (seen != nullptr && seen->version != e.version) {
      lost_updates_.push_back(
          LostUpdate{deployment, std::string(key), caller, seen->version, e.version, now});
    }
  }
  e.value = std::string(value);
  e.present = true;
  ++e.version;
  if (IsTracked(key)) Remember(deployment, key, caller, e.version);
  return Status();
}

void PropertiesModel::Delete(int deployment, ExecutionId caller, std::string_view key,
                             Instant now) {
  (void)caller;
  (void)now;
  auto it = store_.find(std::pair<int, std::string_view>(deployment, key));
  if (it == store_.end() || !it->second.present) return;
  it->second.present = false;
  it->second.value.clear();
  ++it->second.version;
}

std::map<std::string, std::string> PropertiesModel::All(int deployment, ExecutionId caller, Instant now) {
  std::map<std::string, std::string> out;
  for (auto it = store_.lower_bound(std::pair<int, std::string_view>(deployment, std::string_view()));
       it != store_.end() && it->first.first == deployment; ++it) {
    if (IsTracked(it->first.second)) {
      Remember(deployment, it->first.second, caller, it->second.version);
      reads_.push_back(PropertyRead{deployment, it->first.second, caller, it->second.version, now, /*bulk=*/true});
    }
    if (it->second.present) out.emplace(it->first.second, it->second.value);
  }
  return out;
}

Status PropertiesModel::SetAll(int deployment, ExecutionId caller, const std::map<std::string, std::string>& values,
                               bool delete_others, Instant now) {
  for (const auto& [key, value] : values) {
    if (value.size() > kValueBytesMax) {
      return Status(StatusCode::kInvalidArgument, 0, "argumentTooLarge", "Argument too large: value");
    }
  }
  if (delete_others) {
    std::vector<std::string> others;
    for (auto it = store_.lower_bound(std::pair<int, std::string_view>(deployment, std::string_view()));
         it != store_.end() && it->first.first == deployment; ++it) {
      if (it->second.present && values.count(it->first.second) == 0) others.push_back(it->first.second);
    }
    for (const std::string& key : others) Delete(deployment, caller, key, now);
  }
  for (const auto& [key, value] : values) {
    Status s = Set(deployment, caller, key, value, now);
    LOCKSTEP_CHECK_MSG(s.ok(), "a value checked above");
  }
  return Status();
}

std::optional<std::string> PropertiesModel::Peek(int deployment, std::string_view key) const {
  auto it = store_.find(std::pair<int, std::string_view>(deployment, key));
  if (it == store_.end() || !it->second.present) return std::nullopt;
  return it->second.value;
}

}  // namespace lockstep::mocks
