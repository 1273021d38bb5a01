#!/usr/bin/env bash
# The Apps Script runtime from the command line, as a user meets it: `lockstep gas surface` exit
# codes (0 all supported, 1 some not, naming the method and line, 2 bad input); a run whose project
# calls an unsupported method exits 2 naming it and writes no report; core: gas without a project is
# a clear exit 2, --gas-project supplies one; the same seed gives a byte-identical report.json; the
# checklist skips production scenarios without --gas-project, saying so, and gives it to those alone. Bounded: small projects,
# a few schedules, a 300 s CTest limit.
set -uo pipefail
bin=$1
src=$2
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
"$bin" run "$tmp/unsupported.yaml" --out "$tmp/ur" --quiet >"$tmp/ur.out" 2>&1
[[ $? -eq 2 ]] || fail "a run with an unsupported call: expected exit 2"
grep -q "Apps Script method Folder.addEditor is not supported (Code.js:4)" "$tmp/ur.out" || fail "the run names it: $(cat "$tmp/ur.out")"
[[ ! -e "$tmp/ur/report.json" ]] || fail "a run with bad input wrote a report"

sed '/^  project:/d' "$src/scenarios/gas/fixture-runs/gas-lag-new.yaml" >"$tmp/noproject.yaml"
"$bin" run "$tmp/noproject.yaml" --out "$tmp/np" --quiet >"$tmp/np.out" 2>&1
[[ $? -eq 2 ]] || fail "core: gas without a project: expected exit 2"
grep -q "give --gas-project DIR" "$tmp/np.out" || fail "it says what to do: $(cat "$tmp/np.out")"
"$bin" run "$tmp/noproject.yaml" --gas-project "$src/scenarios/gas/fixture" --schedules 5 --out "$tmp/gp" --quiet >/dev/null 2>&1 \
  || fail "--gas-project supplies the project"
"$bin" run "$tmp/noproject.yaml" --gas-project "$src/scenarios/gas/fixture" --mode threads --out "$tmp/gt" --quiet >"$tmp/gt.out" 2>&1
[[ $? -eq 2 ]] || fail "a real project in threads mode: expected exit 2"

for run in 1 2; do
  "$bin" run "$src/scenarios/gas/fixture-runs/gas-s1-new.yaml" --schedules 20 --workers 2 --out "$tmp/d$run" --quiet >/dev/null 2>&1
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
"$bin" checklist "$tmp/cl" --reports "$tmp/clr" --quiet --schedules 5 >"$tmp/cl.out" 2>&1 || fail "checklist with a skipped item: exit $?"
grep -q "SKIPPED production-one-run: runs a real Apps Script project and names none" "$tmp/cl.out" || fail "the checklist says what it skipped: $(tail -5 "$tmp/cl.out")"
grep -q "1 passed, 0 failed, 1 skipped" "$tmp/cl.out" || fail "the checklist counts the skipped item: $(tail -2 "$tmp/cl.out")"

# --gas-project is the project of the items that name none; an item with a project of its own (the
# fixture's) keeps it in a folder, and a file named on the command line takes the given one.
mkdir -p "$tmp/cl2"
sed "s|^  project: .*|  project: $src/scenarios/gas/fixture|" "$src/scenarios/gas/fixture-runs/gas-s2-new.yaml" >"$tmp/cl2/own.yaml"
"$bin" checklist "$tmp/cl2" --gas-project "$src/tests/gas/unsupported_project" --reports "$tmp/clr2" --quiet --schedules 5 \
  >"$tmp/cl2.out" 2>&1 || fail "an item with its own project keeps it: exit $? $(tail -3 "$tmp/cl2.out")"
grep -q "1 passed, 0 failed" "$tmp/cl2.out" || fail "the item ran on its own project: $(tail -2 "$tmp/cl2.out")"
"$bin" run "$tmp/cl2/own.yaml" --gas-project "$src/tests/gas/unsupported_project" --schedules 5 --out "$tmp/ov" --quiet >"$tmp/ov.out" 2>&1
[[ $? -eq 2 ]] || fail "a file named on the command line takes --gas-project: expected exit 2 (no manualRunDriveSheets there)"
mkdir -p "$tmp/cl3"
cp "$tmp/noproject.yaml" "$tmp/cl3/"
"$bin" checklist "$tmp/cl3" --gas-project "$src/tests/gas/unsupported_project" --reports "$tmp/clr3" --quiet --schedules 5 >"$tmp/cl3.out" 2>&1
[[ $? -eq 2 ]] || fail "a checklist item that cannot run: expected exit 2 $(tail -2 "$tmp/cl3.out")"
grep -q "noproject.yaml: execution E0 of .*: the project has no function manualRunDriveSheets" "$tmp/cl3.out" \
  || fail "the checklist names what cannot run: $(cat "$tmp/cl3.out")"
exit $status
