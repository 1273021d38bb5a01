#!/usr/bin/env bash
# The Apps Script runtime from the command line, as a user meets it: `lockstep gas surface` exit
# codes (0 all supported, 1 some not, naming the method and line, 2 bad input); a run whose project
# calls an unsupported method exits 2 naming it and writes no report; core: gas without a project is
# a clear exit 2, --gas-project supplies one; the same seed gives a byte-identical report.json; the
# checklist skips production scenarios without --gas-project, saying so, and gives it to those alone; `gas probe`
# and `calibrate` write the probe and its fragment, exit 2 on bad input. Bounded: small projects,
# a few schedules, a 300 s CTest limit. A third argument `sanitized` (a sanitizer build) runs them
# without shrinking: the release suite checks that a real project's failure shrinks the same twice.
set -uo pipefail
bin=$1
src=$2
shrink=()
[[ ${3:-plain} == sanitized ]] && shrink=(--no-shrink)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

"$bin" gas surface "$src/scenarios/gas/fixture" >"$tmp/s.out" 2>&1 || fail "surface of the fixture: exit $? $(cat "$tmp/s.out")"
grep -q "0 site(s) not supported" "$tmp/s.out" || fail "surface of the fixture: $(tail -1 "$tmp/s.out")"
"$bin" gas surface "$src/tests/gas/unsupported_project" >"$tmp/u.out" 2>&1
[[ $? -eq 1 ]] || fail "surface of an unsupported call: expected exit 1"
grep -q "NOT SUPPORTED  Folder.addEditor  Code.js:4" "$tmp/u.out" || fail "surface names the unsupported call: $(cat "$tmp/u.out")"
"$bin" gas surface "$src/tests/gas/syntax_error_project" >"$tmp/x.out" 2>&1
[[ $? -eq 2 ]] || fail "surface of a syntax error: expected exit 2"
grep -q "Code.js:3:11: Unexpected token" "$tmp/x.out" || fail "surface names the syntax error: $(cat "$tmp/x.out")"
"$bin" gas surface "$tmp/nothing-here" >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "surface of a missing folder: expected exit 2"
"$bin" gas coverage >"$tmp/c.out" 2>&1 || fail "gas coverage"
grep -q "Lock              7 of    7" "$tmp/c.out" || fail "coverage lists LockService: $(cat "$tmp/c.out")"

cat >"$tmp/unsupported.yaml" <<YAML
name: unsupported-run
workspace: {data_sources: 1}
executions: {count: 1}
core: gas
gas: {project: $src/tests/gas/unsupported_project, entry: shareFolder}
exploration: {schedules: 5}
YAML
"$bin" run "${shrink[@]}" "$tmp/unsupported.yaml" --out "$tmp/ur" --quiet >"$tmp/ur.out" 2>&1
[[ $? -eq 2 ]] || fail "a run with an unsupported call: expected exit 2"
grep -q "Apps Script method Folder.addEditor is not supported (Code.js:4)" "$tmp/ur.out" || fail "the run names it: $(cat "$tmp/ur.out")"
[[ ! -e "$tmp/ur/report.json" ]] || fail "a run with bad input wrote a report"

sed '/^  project:/d' "$src/scenarios/gas/fixture-runs/gas-lag-new.yaml" >"$tmp/noproject.yaml"
"$bin" run "${shrink[@]}" "$tmp/noproject.yaml" --out "$tmp/np" --quiet >"$tmp/np.out" 2>&1
[[ $? -eq 2 ]] || fail "core: gas without a project: expected exit 2"
grep -q "give --gas-project DIR" "$tmp/np.out" || fail "it says what to do: $(cat "$tmp/np.out")"
"$bin" run "${shrink[@]}" "$tmp/noproject.yaml" --gas-project "$src/scenarios/gas/fixture" --schedules 5 --out "$tmp/gp" --quiet >/dev/null 2>&1 \
  || fail "--gas-project supplies the project"
"$bin" run "${shrink[@]}" "$tmp/noproject.yaml" --gas-project "$src/scenarios/gas/fixture" --mode threads --out "$tmp/gt" --quiet >"$tmp/gt.out" 2>&1
[[ $? -eq 2 ]] || fail "a real project in threads mode: expected exit 2"

for run in 1 2; do
  "$bin" run "${shrink[@]}" "$src/scenarios/gas/fixture-runs/gas-s1-new.yaml" --schedules 20 --workers 2 --out "$tmp/d$run" --quiet >/dev/null 2>&1
done
if ! diff <(grep -v generated_at "$tmp/d1/report.json") <(grep -v generated_at "$tmp/d2/report.json") >/dev/null; then
  fail "same seed, same project: report.json differs"
fi
cmp -s "$tmp/d1/first-failure.trace.json" "$tmp/d2/first-failure.trace.json" || fail "same seed: the first failure's trace differs"
"$bin" replay "$tmp/d1/first-failure.trace.json" >/dev/null 2>&1 || fail "a real project's failure replays exactly"

mkdir -p "$tmp/cl"
cp "$src/scenarios/gas/production/production-one-run.yaml" "$tmp/cl/"
sed -i 's/^tags: .*/tags: [checklist, gas, production]/' "$tmp/cl/production-one-run.yaml"
cp "$src/scenarios/nested-lock/s2-new.yaml" "$tmp/cl/"
"$bin" checklist "${shrink[@]}" "$tmp/cl" --reports "$tmp/clr" --quiet --schedules 5 >"$tmp/cl.out" 2>&1 || fail "checklist with a skipped item: exit $?"
grep -q "SKIPPED production-one-run: runs a real Apps Script project and names none" "$tmp/cl.out" || fail "the checklist says what it skipped: $(tail -5 "$tmp/cl.out")"
grep -q "1 passed, 0 failed, 1 skipped" "$tmp/cl.out" || fail "the checklist counts the skipped item: $(tail -2 "$tmp/cl.out")"

# --gas-project is the project of the items that name none; an item with a project of its own (the
# fixture's) keeps it in a folder, and a file named on the command line takes the given one.
mkdir -p "$tmp/cl2"
sed "s|^  project: .*|  project: $src/scenarios/gas/fixture|" "$src/scenarios/gas/fixture-runs/gas-s2-new.yaml" >"$tmp/cl2/own.yaml"
"$bin" checklist "${shrink[@]}" "$tmp/cl2" --gas-project "$src/tests/gas/unsupported_project" --reports "$tmp/clr2" --quiet --schedules 5 \
  >"$tmp/cl2.out" 2>&1 || fail "an item with its own project keeps it: exit $? $(tail -3 "$tmp/cl2.out")"
grep -q "1 passed, 0 failed" "$tmp/cl2.out" || fail "the item ran on its own project: $(tail -2 "$tmp/cl2.out")"
"$bin" run "${shrink[@]}" "$tmp/cl2/own.yaml" --gas-project "$src/tests/gas/unsupported_project" --schedules 5 --out "$tmp/ov" --quiet >"$tmp/ov.out" 2>&1
[[ $? -eq 2 ]] || fail "a file named on the command line takes --gas-project: expected exit 2 (no manualRunDriveSheets there)"
mkdir -p "$tmp/cl3"
cp "$tmp/noproject.yaml" "$tmp/cl3/"
"$bin" checklist "${shrink[@]}" "$tmp/cl3" --gas-project "$src/tests/gas/unsupported_project" --reports "$tmp/clr3" --quiet --schedules 5 >"$tmp/cl3.out" 2>&1
[[ $? -eq 2 ]] || fail "a checklist item that cannot run: expected exit 2 $(tail -2 "$tmp/cl3.out")"
grep -q "noproject.yaml: execution E0 of .*: the project has no function manualRunDriveSheets" "$tmp/cl3.out" \
  || fail "the checklist names what cannot run: $(cat "$tmp/cl3.out")"
# The calibration probe: `gas probe` writes the file (again over itself, never over another file),
# `calibrate` turns a saved log into a fragment a scenario includes; bad results exit 2 naming the line.
"$bin" gas probe --out "$tmp/probe" >"$tmp/p.out" 2>&1 || fail "gas probe: exit $? $(cat "$tmp/p.out")"
grep -q "^function lockstepProbe()" "$tmp/probe/LockstepProbe.js" || fail "gas probe wrote the probe"
"$bin" gas probe --out "$tmp/probe" >/dev/null 2>&1 || fail "gas probe over its own file"
mkdir -p "$tmp/mine" && echo "function mine() {}" >"$tmp/mine/LockstepProbe.js"
"$bin" gas probe --out "$tmp/mine" >"$tmp/pm.out" 2>&1
[[ $? -eq 2 ]] || fail "gas probe over a user's file: expected exit 2"
grep -q "function mine" "$tmp/mine/LockstepProbe.js" || fail "gas probe overwrote a user's file"
cat >"$tmp/probe.log" <<'LOG'
12:00:00 Notice Execution started
12:02:31 Info LOCKSTEP_PROBE {"lockstep_probe":1,"id":"ab12cd34","at":"2026-12-01T12:00:00.000Z","observer":true,"lock":{"outer_acquired":true,"inner_acquired":true,"inner_waited_ms":0,"outer_has_lock_after_inner_release":true,"other_execution_acquired_after_inner_release":false,"model":"S2"},"listing":{"includes_trashed":true,"order":"creation"},"move_touches_parents":{"old_parent":true,"new_parent":true},"visibility":{"get_folders_ms":[1200,800,2600,400,900],"folder_get_folders_by_name_ms":[5200,4800,6100,4500,5000],"drive_get_folders_by_name_ms":[5100,4700,6000,4400,4900],"poll_ms":300,"looked_ms":120000},"previous_execution_limit":{"run":"ffee0011","ms":1795000,"resolution_ms":10000,"survived":false},"notes":[]}
12:02:31 Notice Execution completed
LOG
mkdir -p "$tmp/cal"
"$bin" calibrate "$tmp/probe.log" --out "$tmp/cal/calibration.fragment.yaml" >"$tmp/cal.out" 2>&1 || fail "calibrate: exit $? $(cat "$tmp/cal.out")"
for want in "reentrancy: S2" "listing_lag_ms: {min: 100, max: 2600}" "name_search_lag_ms: {min: 4100, max: 6000}" \
            "list_includes_trashed: true" "move_touches_parents: true" "kill_after_ms: 1800000"; do
  grep -qF "$want" "$tmp/cal/calibration.fragment.yaml" || fail "the fragment says '$want': $(cat "$tmp/cal/calibration.fragment.yaml")"
done
cat >"$tmp/cal/calibrated.yaml" <<'YAML'
name: calibrated
include: calibration.fragment.yaml
workspace: {data_sources: 2}
executions: {starts_ms: [0, 1000]}
core: {strategy: lock-first}
exploration: {schedules: 5}
YAML
"$bin" run "${shrink[@]}" "$tmp/cal/calibrated.yaml" --out "$tmp/calr" --quiet >"$tmp/calr.out" 2>&1
[[ $? -le 1 ]] || fail "a scenario including the fragment runs: exit $? $(cat "$tmp/calr.out")"
grep -q '"includes"' "$tmp/calr/report.json" || fail "report.json names the fragment it included"
"$bin" checklist "${shrink[@]}" "$tmp/cal" --reports "$tmp/calc" --quiet --schedules 5 >"$tmp/calc.out" 2>&1
grep -q "calibration.fragment" "$tmp/calc.out" && fail "the checklist took a fragment for a scenario: $(cat "$tmp/calc.out")"
printf 'LOCKSTEP_PROBE {"lockstep_probe":1,\n' >"$tmp/bad.log"
"$bin" calibrate "$tmp/bad.log" >"$tmp/bad.out" 2>&1
[[ $? -eq 2 ]] || fail "calibrate of a broken line: expected exit 2"
grep -q "bad.log:1: the probe's result is not a JSON object" "$tmp/bad.out" || fail "calibrate names the line: $(cat "$tmp/bad.out")"
"$bin" calibrate "$tmp/none.log" >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "calibrate of a missing file: expected exit 2"
exit $status
