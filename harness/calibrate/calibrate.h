// Calibration: what the real Apps Script platform does where lockstep's models have knobs.
//
// ProbeSource() is LockstepProbe.js, the Apps Script file `lockstep gas probe` writes: a user adds
// it to a real project, runs lockstepProbe() once (and once more after 35 minutes for the
// execution limit), and keeps the line it logs ("LOCKSTEP_PROBE {...}"). CalibrationFragment turns
// that line into a scenario fragment (lock model, listing and name-search lag, trashed listings,
// move timestamps, the execution limit) that scenarios take with `include:`. docs/calibration.md.
//
//   StatusOr<ProbeResult> r = ParseProbeResult(text, "probe.log");
//   std::string yaml = CalibrationFragment(*r, "probe.log");
#ifndef LOCKSTEP_HARNESS_CALIBRATE_CALIBRATE_H_
#define LOCKSTEP_HARNESS_CALIBRATE_CALIBRATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/status.h"

namespace lockstep::harness {

// The Apps Script probe, as written by `lockstep gas probe`.
std::string_view ProbeSource();
inline constexpr std::string_view kProbeFileName = "LockstepProbe.js";
// What starts the probe's one result line in a log.
inline constexpr std::string_view kProbeLinePrefix = "LOCKSTEP_PROBE ";

// One probe run, as its JSON line says. Unmeasured figures are empty.
struct ProbeResult {
  std::string id;
  std::string at;
  bool observer = false;  // another execution was there to watch
  std::string lock_model;  // "S1", "S2", "S3", or "" (the lock was busy)
  bool inner_acquired = false;
  int64_t inner_waited_ms = 0;
  std::optional<bool> other_acquired_after_inner_release;
  std::optional<bool> outer_has_lock_after_inner_release;
  bool includes_trashed = false;
  std::string order;  // "creation", "name", "other"
  bool move_old_parent = false;
  bool move_new_parent = false;
  // Per folder the delay (ms) until another execution saw it, or nullopt (never, within looked_ms).
  std::vector<std::optional<int64_t>> listing_ms;
  std::vector<std::optional<int64_t>> in_parent_ms;
  std::vector<std::optional<int64_t>> search_ms;
  int64_t poll_ms = 0;
  int64_t looked_ms = 0;
  bool visibility_measured = false;
  std::optional<int64_t> execution_limit_ms;  // the previous probe's observer: last heartbeat
  int64_t limit_resolution_ms = 0;
  bool limit_survived = false;  // it was not killed within its 40 minutes
  std::vector<std::string> notes;
};

// Finds the last "LOCKSTEP_PROBE {...}" line in `text` (a saved execution log, or the JSON alone)
// and reads it. Errors name `file:line` and what was expected.
StatusOr<ProbeResult> ParseProbeResult(std::string_view text, std::string_view file);

// The scenario fragment (YAML, with the measurements as comments) for `include:`.
std::string CalibrationFragment(const ProbeResult& r, std::string_view file);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_CALIBRATE_CALIBRATE_H_
