#include "src/rotation_state.h"

#include <nlohmann/json.hpp>

namespace lockstep {

RotationState ParseRotationState(std::string_view json) {
  RotationState state;
  nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return state;
  if (auto it = j.find("rp"); it != j.end() && it->is_number_integer()) state.rp = it->get<int>();
  if (auto it = j.find("cycle"); it != j.end() && it->is_number_integer()) {
    state.cycle = it->get<int>();
  }
  if (auto it = j.find("lastRun"); it != j.end() && it->is_string()) {
    state.last_run = it->get<std::string>();
  }
  return state;
}

std::string SerializeRotationState(const RotationState& state) {
  // JSON.stringify order of the production object: rp, cycle, lastRun.
  std::string out = "{\"rp\":" + std::to_string(state.rp) + ",\"cycle\":" +
                    std::to_string(state.cycle) + ",\"lastRun\":";
  out += state.last_run ? nlohmann::json(*state.last_run).dump() : "null";
  out += '}';
  return out;
}

StatusOr<RotationState> LoadRotationState(CoreEnv& env) {
  StatusOr<std::optional<std::string>> raw = env.properties.GetProperty(env.config.rotation_key);
  if (!raw.ok()) return raw.status();
  if (!raw->has_value()) return RotationState{};
  return ParseRotationState(**raw);
}

Status SaveRotationState(CoreEnv& env, const RotationState& state) {
  return env.properties.SetProperty(env.config.rotation_key, SerializeRotationState(state));
}

}  // namespace lockstep
