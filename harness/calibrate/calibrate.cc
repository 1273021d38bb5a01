#include "harness/calibrate/calibrate.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/calibrate/probe_source.h"

namespace lockstep::harness {
namespace {

using Json = nlohmann::json;

Status Bad(std::string_view file, int line, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, 0, "calibrate", fmt::format("{}:{}: {}", file, line, what));
}

// A field of the probe's JSON, of the expected type, or an error naming it.
struct Reader {
  std::string_view file;
  int line;
  std::string error;

  const Json* At(const Json& j, const char* key, Json::value_t type, bool required = true) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
      if (required && error.empty()) error = fmt::format("the probe result has no '{}'", key);
      return nullptr;
    }
    const bool ok = type == Json::value_t::number_integer ? it->is_number() : it->type() == type;
    if (!ok) {
      if (error.empty()) error = fmt::format("the probe result's '{}' has the wrong type ({})", key, it->type_name());
      return nullptr;
    }
    return &*it;
  }
  bool Bool(const Json& j, const char* key, bool required = true) {
    const Json* v = At(j, key, Json::value_t::boolean, required);
    return v != nullptr && v->get<bool>();
  }
  std::optional<bool> OptionalBool(const Json& j, const char* key) {
    const Json* v = At(j, key, Json::value_t::boolean, false);
    return v == nullptr ? std::nullopt : std::optional<bool>(v->get<bool>());
  }
  int64_t Int(const Json& j, const char* key, bool required = true) {
    const Json* v = At(j, key, Json::value_t::number_integer, required);
    return v == nullptr ? 0 : v->get<int64_t>();
  }
  std::string String(const Json& j, const char* key, bool required = true) {
    const Json* v = At(j, key, Json::value_t::string, required);
    return v == nullptr ? std::string() : v->get<std::string>();
  }
  std::vector<std::optional<int64_t>> Delays(const Json& j, const char* key) {
    std::vector<std::optional<int64_t>> out;
    const Json* v = At(j, key, Json::value_t::array);
    if (v == nullptr) return out;
    for (const Json& d : *v) {
      if (d.is_null()) out.push_back(std::nullopt);
      else if (d.is_number()) out.push_back(d.get<int64_t>());
      else if (error.empty()) error = fmt::format("the probe result's '{}' holds a {}, expected milliseconds or null", key, d.type_name());
    }
    return out;
  }
};

std::string List(const std::vector<std::optional<int64_t>>& delays) {
  std::string out;
  for (const auto& d : delays) out += (out.empty() ? "" : ", ") + (d ? std::to_string(*d) : std::string("never"));
  return out;
}

// A {min, max} lag from the delays another execution saw, at the observer's resolution: a folder
// seen at the first look after `poll` ms may have been visible at once.
std::string LagLine(const char* key, const std::vector<std::optional<int64_t>>& delays, int64_t poll, int64_t looked,
                    const char* how) {
  if (delays.empty()) return fmt::format("  # {}: not measured\n", key);
  int64_t lo = INT64_MAX;
  int64_t hi = 0;
  int never = 0;
  for (const auto& d : delays) {
    if (!d) {
      ++never;
      continue;
    }
    lo = std::min(lo, *d);
    hi = std::max(hi, *d);
  }
  if (never > 0) hi = std::max(hi, looked);
  if (never == static_cast<int>(delays.size())) lo = looked;
  const std::string seen = fmt::format("{} in another execution saw {} new folders after {} ms (looking every <= {} ms)",
                                       how, delays.size(), List(delays), poll);
  if (never == 0 && hi <= poll) return fmt::format("  {}: {{min: 0, max: 0}}  # {}: at the first look\n", key, seen);
  return fmt::format("  {}: {{min: {}, max: {}}}  # {}{}\n", key, std::max<int64_t>(0, lo - poll), hi, seen,
                     never > 0 ? fmt::format("; {} never within {} ms", never, looked) : "");
}

}  // namespace

std::string_view ProbeSource() { return kProbeSourceText; }

StatusOr<ProbeResult> ParseProbeResult(std::string_view text, std::string_view file) {
  // The last line carrying the probe's prefix (an execution log may hold several runs), else a
  // file that is the JSON alone.
  std::string_view json_text;
  int line_no = 0;
  int line = 0;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line;
    const std::string_view l = text.substr(start, end - start);
    if (size_t at = l.find(kProbeLinePrefix); at != std::string_view::npos) {
      json_text = l.substr(at + kProbeLinePrefix.size());
      line_no = line;
    }
    start = end + 1;
  }
  if (json_text.empty()) {
    const size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '{') {
      return Bad(file, 1, fmt::format("expected the probe's line (\"{}{{...}}\", logged by lockstepProbe) or its JSON",
                                      kProbeLinePrefix));
    }
    json_text = text;
    line_no = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(first), '\n'));
  }
  const Json j = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Bad(file, line_no, "the probe's result is not a JSON object");
  if (!j.contains("lockstep_probe")) return Bad(file, line_no, "not a lockstep probe result (no 'lockstep_probe' key)");
  if (!j["lockstep_probe"].is_number() || j["lockstep_probe"].get<int>() != 1) {
    return Bad(file, line_no, "a probe result of another version (expected lockstep_probe: 1)");
  }
  Reader rd{file, line_no, {}};
  ProbeResult r;
  r.id = rd.String(j, "id");
  r.at = rd.String(j, "at");
  r.observer = rd.Bool(j, "observer");
  if (const Json* lock = rd.At(j, "lock", Json::value_t::object)) {
    if (rd.Bool(*lock, "outer_acquired")) {
      r.lock_model = rd.String(*lock, "model");
      if (r.lock_model != "S1" && r.lock_model != "S2" && r.lock_model != "S3" && rd.error.empty()) {
        rd.error = fmt::format("lock.model: expected S1, S2 or S3, got '{}'", r.lock_model);
      }
      r.inner_acquired = rd.Bool(*lock, "inner_acquired");
      r.inner_waited_ms = rd.Int(*lock, "inner_waited_ms");
      r.other_acquired_after_inner_release = rd.OptionalBool(*lock, "other_execution_acquired_after_inner_release");
      r.outer_has_lock_after_inner_release = rd.OptionalBool(*lock, "outer_has_lock_after_inner_release");
    }
  }
  if (const Json* listing = rd.At(j, "listing", Json::value_t::object)) {
    r.includes_trashed = rd.Bool(*listing, "includes_trashed");
    r.order = rd.String(*listing, "order");
  }
  if (const Json* move = rd.At(j, "move_touches_parents", Json::value_t::object)) {
    r.move_old_parent = rd.Bool(*move, "old_parent");
    r.move_new_parent = rd.Bool(*move, "new_parent");
  }
  if (const Json* v = rd.At(j, "visibility", Json::value_t::object, /*required=*/false)) {
    r.visibility_measured = true;
    r.listing_ms = rd.Delays(*v, "get_folders_ms");
    r.in_parent_ms = rd.Delays(*v, "folder_get_folders_by_name_ms");
    r.search_ms = rd.Delays(*v, "drive_get_folders_by_name_ms");
    r.poll_ms = rd.Int(*v, "poll_ms");
    r.looked_ms = rd.Int(*v, "looked_ms");
  }
  if (const Json* limit = rd.At(j, "previous_execution_limit", Json::value_t::object, /*required=*/false)) {
    r.execution_limit_ms = rd.Int(*limit, "ms");
    r.limit_resolution_ms = rd.Int(*limit, "resolution_ms");
    r.limit_survived = rd.Bool(*limit, "survived");
  }
  if (const Json* notes = rd.At(j, "notes", Json::value_t::array, /*required=*/false)) {
    for (const Json& n : *notes) r.notes.push_back(n.is_string() ? n.get<std::string>() : n.dump());
  }
  if (!rd.error.empty()) return Bad(file, line_no, rd.error);
  return r;
}

std::string CalibrationFragment(const ProbeResult& r, std::string_view file) {
  std::string y = fmt::format(
      "# lockstep calibration: probe {} of {} ({}), by `lockstep calibrate`.\n"
      "# A scenario takes it with `include: [<this file>]`; the scenario's own keys win. docs/calibration.md\n",
      r.id, r.at, file);
  for (const std::string& n : r.notes) y += fmt::format("# probe note: {}\n", n);
  if (r.lock_model.empty()) {
    y += "# lock: not measured (the script lock was busy when the probe ran)\n";
  } else {
    std::string why;
    if (r.lock_model == "S3") {
      why = fmt::format("a nested getScriptLock() waited {} ms and did not acquire the held lock", r.inner_waited_ms);
    } else if (r.other_acquired_after_inner_release) {
      why = *r.other_acquired_after_inner_release
                ? "a nested getScriptLock() acquired at once, and its release let another execution take the lock"
                : "a nested getScriptLock() acquired at once, and after its release another execution was refused";
    } else {
      why = fmt::format("a nested getScriptLock() acquired at once; after its release the outer lock's hasLock() was {} "
                        "(no other execution watched)",
                        r.outer_has_lock_after_inner_release.value_or(false));
    }
    y += fmt::format("lock:\n  reentrancy: {}  # {}\n", r.lock_model, why);
  }
  y += "drive:\n";
  if (r.visibility_measured) {
    y += LagLine("listing_lag_ms", r.listing_ms, r.poll_ms, r.looked_ms, "getFolders()");
    y += LagLine("name_search_lag_ms", r.search_ms, r.poll_ms, r.looked_ms, "DriveApp.getFoldersByName()");
    y += fmt::format("  # Folder.getFoldersByName() saw them after {} ms (lockstep: the later of the two lags)\n",
                     List(r.in_parent_ms));
  } else {
    y += "  # listing_lag_ms, name_search_lag_ms: not measured (no observer execution: the probe's trigger did not run)\n";
  }
  y += fmt::format("  list_includes_trashed: {}  # getFolders() {} a trashed child\n", r.includes_trashed,
                   r.includes_trashed ? "listed" : "did not list");
  y += fmt::format("  move_touches_parents: {}  # a move changed getLastUpdated() of the old parent: {}, the new: {}\n",
                   r.move_old_parent && r.move_new_parent, r.move_old_parent ? "yes" : "no",
                   r.move_new_parent ? "yes" : "no");
  if (r.order != "creation") {
    y += fmt::format("  # getFolders() listed in {} order; lockstep's Drive model lists in creation order (no knob)\n",
                     r.order);
  }
  if (!r.execution_limit_ms) {
    y += "# platform.kill_after_ms: not measured (run lockstepProbe again 35 minutes after a first run)\n";
  } else if (r.limit_survived) {
    y += fmt::format("# platform.kill_after_ms: the observer ran {} ms without being killed: no limit below that\n",
                     *r.execution_limit_ms);
  } else {
    const int64_t step = std::max<int64_t>(1, r.limit_resolution_ms);
    const int64_t limit = (*r.execution_limit_ms + step - 1) / step * step;
    y += fmt::format("platform:\n  kill_after_ms: {}  # the observer's last heartbeat came {} ms after it started "
                     "(one every {} ms)\n",
                     limit, *r.execution_limit_ms, r.limit_resolution_ms);
  }
  return y;
}

}  // namespace lockstep::harness
