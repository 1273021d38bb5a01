// `include:` in a scenario: fragments (a calibration from `lockstep calibrate`, a team's shared
// platform model) whose lock, drive and platform settings the scenario takes, key by key, under
// its own: what the scenario itself says wins. A fragment is checked on its own first, so its
// errors name its own file and line.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/scenario/internal/yaml_reader.h"
#include "src/file_text.h"

namespace lockstep::harness::internal {
namespace {

Status Bad(const std::string& where, int line, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, 0, "scenario", fmt::format("{}:{}: {}", where, line, what));
}

}  // namespace

Status MergeIncludes(YAML::Node& root, const std::string& file_label, Scenario& s) {
  const YAML::Node list = root["include"];
  if (!list) return Status();
  const int line = list.Mark().line + 1;
  std::vector<std::string> files;
  if (list.IsScalar()) {
    files.push_back(list.as<std::string>());
  } else if (list.IsSequence()) {
    for (const auto& item : list) {
      if (!item.IsScalar()) return Bad(file_label, item.Mark().line + 1, "include: expected file names");
      files.push_back(item.as<std::string>());
    }
  } else {
    return Bad(file_label, line, "include: expected a file name or a list of them");
  }
  root.remove("include");
  namespace fs = std::filesystem;
  for (const std::string& name : files) {
    fs::path path = name;
    if (path.is_relative()) path = fs::path(file_label).parent_path() / path;
    const std::string where = path.lexically_normal().string();
    std::optional<std::string> text = ReadFileText(path);
    if (!text) return Bad(file_label, line, fmt::format("include: cannot open {}", where));
    YAML::Node fragment;
    try {
      fragment = YAML::Load(*text);
      if (!fragment.IsMap()) return Bad(where, 1, "a scenario fragment must be a mapping (lock, drive, platform)");
      Section f(fragment, "a scenario fragment", {"lock", "drive", "platform"});
      Scenario checked;  // the fragment alone, so that its errors name it
      LoadFaults(fragment["lock"], fragment["drive"], fragment["platform"], checked);
    } catch (const ScenarioError& e) {
      return Bad(where, e.line, e.message);
    } catch (const YAML::Exception& e) {
      return Bad(where, e.mark.line + 1, "invalid YAML: " + e.msg);
    }
    const bool gas_limit = root["gas"] && root["gas"].IsMap() && root["gas"]["execution_limit_ms"];
    for (const auto& section : fragment) {
      const std::string key = section.first.as<std::string>();
      if (!root[key]) {
        root[key] = YAML::Clone(section.second);
        if (key == "platform" && gas_limit) root[key].remove("kill_after_ms");  // the scenario's limit wins
        continue;
      }
      if (!root[key].IsMap()) continue;  // the scenario's own (malformed) value is reported by the loader
      for (const auto& kv : section.second) {
        const std::string sub = kv.first.as<std::string>();
        if (key == "platform" && sub == "kill_after_ms" && gas_limit) continue;
        if (!root[key][sub]) root[key][sub] = YAML::Clone(kv.second);
      }
    }
    s.includes.push_back(where);
  }
  return Status();
}

}  // namespace lockstep::harness::internal
