#!/usr/bin/env bash
# Proves the CLI's exit codes and messages: 0 when expectations hold, 1 when they do not, 2 on bad
# input with file:line, and byte-identical report.json for the same seed apart from generated_at.
set -uo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # description, expected exit code, actual exit code
  if [[ $2 -ne $3 ]]; then echo "FAIL: $1: expected exit $2, got $3"; fail=1; else echo "ok: $1"; fi
}

"$bin" run "$src/scenarios/nested-lock/s2-new.yaml" --schedules 50 --out "$tmp/a" --quiet >/dev/null
check "a passing scenario exits 0" 0 $?
[[ -f "$tmp/a/report.json" && -f "$tmp/a/report.md" ]] || { echo "FAIL: reports missing"; fail=1; }

sed 's/  duplicates: some/  duplicates: none/' "$src/scenarios/no-lock/baseline-no-lock.yaml" > "$tmp/wrong.yaml"
"$bin" run "$tmp/wrong.yaml" --schedules 50 --out "$tmp/b" --quiet >/dev/null
check "an unmet expectation exits 1" 1 $?
grep -q '"reproduce": "lockstep run' "$tmp/b/report.json" || { echo "FAIL: no reproduction command"; fail=1; }
[[ -f "$tmp/b/first-failure.timeline.txt" ]] || { echo "FAIL: no timeline"; fail=1; }

printf 'name: bad\nexecutions:\n  count: 2\ncore:\n  strategy: sometimes\n' > "$tmp/bad.yaml"
msg=$("$bin" run "$tmp/bad.yaml" --out "$tmp/c" 2>&1 >/dev/null)
check "a bad scenario exits 2" 2 $?
[[ "$msg" == *"bad.yaml:5: strategy: expected one of"* ]] || { echo "FAIL: message was: $msg"; fail=1; }
[[ ! -e "$tmp/c" ]] || { echo "FAIL: bad input wrote reports"; fail=1; }

"$bin" run "$tmp/missing.yaml" >/dev/null 2>&1
check "a missing file exits 2" 2 $?

"$bin" run "$src/scenarios/nested-lock/s2-new.yaml" --mode sometimes --out "$tmp/m" >/dev/null 2>&1
check "an unknown mode exits 2" 2 $?
msg=$("$bin" run "$src/scenarios/nested-lock/s2-new.yaml" --mode threads --strategy dfs --out "$tmp/m" 2>&1 >/dev/null)
check "dfs in threads mode exits 2" 2 $?
[[ "$msg" == *"needs --mode sim"* ]] || { echo "FAIL: message was: $msg"; fail=1; }
"$bin" run "$src/scenarios/nested-lock/s2-new.yaml" --mode threads --schedules 3 --out "$tmp/t" --quiet >/dev/null
check "threads mode runs a scenario" 0 $?
grep -q '"mode": "threads"' "$tmp/t/report.json" || { echo "FAIL: the report does not name the mode"; fail=1; }

for run in 1 2; do
  "$bin" run "$src/scenarios/nested-lock/s1-old.yaml" --seed 5 --schedules 200 --out "$tmp/d$run" --quiet >/dev/null
done
if diff <(grep -v generated_at "$tmp/d1/report.json") <(grep -v generated_at "$tmp/d2/report.json") >/dev/null; then
  echo "ok: same seed, same report.json"
else
  echo "FAIL: report.json differs between identical runs"; fail=1
fi
cmp -s "$tmp/d1/first-failure.trace.json" "$tmp/d2/first-failure.trace.json" || { echo "FAIL: traces differ"; fail=1; }

# Replay: a recorded failure replays identically (exit 0); a tampered one is detected (exit 4).
"$bin" replay "$tmp/b/first-failure.trace.json" >/dev/null
check "replaying a recorded failure exits 0" 0 $?
python3 - "$tmp/b/first-failure.trace.json" "$tmp/tampered.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["choices"] = [1 - c for c in t["choices"]] or [5]
json.dump(t, open(sys.argv[2], "w"))
PY
"$bin" replay "$tmp/tampered.json" >/dev/null 2>&1
check "a replay that diverges exits 4" 4 $?
[[ -f "$tmp/b/shrunk.trace.json" && -f "$tmp/b/shrunk.sequence.txt" ]] || { echo "FAIL: no shrunk counterexample"; fail=1; }
"$bin" replay "$tmp/b/shrunk.trace.json" >/dev/null
check "the shrunk counterexample replays" 0 $?
# A trace names its build; from another build a replay says so, and a divergence then exits 5.
grep -q '"build": "lockstep ' "$tmp/b/first-failure.trace.json" || { echo "FAIL: the trace names no build"; fail=1; }
python3 - "$tmp/b/first-failure.trace.json" "$tmp/other-build.json" "$tmp/other-build-diverged.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["build"] = "lockstep 0.0.0 0123456789abcdef"
json.dump(t, open(sys.argv[2], "w"))
t["choices"] = [1 - c for c in t["choices"]] or [5]
json.dump(t, open(sys.argv[3], "w"))
PY
err=$("$bin" replay "$tmp/other-build.json" 2>&1 >/dev/null)
check "another build's trace that replays identically exits 0" 0 $?
[[ "$err" == *"recorded by lockstep 0.0.0 0123456789abcdef"* ]] || { echo "FAIL: no note of the other build: $err"; fail=1; }
err=$("$bin" replay "$tmp/other-build-diverged.json" 2>&1 >/dev/null)
check "another build's trace that diverges exits 5" 5 $?
[[ "$err" == *"may be the code that changed"* ]] || { echo "FAIL: the divergence does not name the build: $err"; fail=1; }
# A trace with a field of the wrong type: exit 2, the field and its line named.
python3 - "$tmp/b/first-failure.trace.json" "$tmp/bad-seed.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["seed"] = "five"
json.dump(t, open(sys.argv[2], "w"), indent=1)
PY
err=$("$bin" replay "$tmp/bad-seed.json" 2>&1 >/dev/null)
check "a trace whose seed is not a number exits 2" 2 $?
[[ "$err" =~ bad-seed.json:[0-9]+:\ seed:\ expected ]] || { echo "FAIL: the error does not name the field and line: $err"; fail=1; }

# Shards from the GTest environment variables, and the exhaustive strategy.
GTEST_SHARD_INDEX=1 GTEST_TOTAL_SHARDS=2 "$bin" run "$src/scenarios/nested-lock/s2-new.yaml" --schedules 10 --out "$tmp/e" --quiet >/dev/null
check "a shard from GTEST_SHARD_INDEX runs" 0 $?
grep -q '"shard": "1/2"' "$tmp/e/report.json" || { echo "FAIL: shard not recorded"; fail=1; }
"$bin" run "$src/scenarios/nested-lock/s2-new.yaml" --shard 3/2 --out "$tmp/f" >/dev/null 2>&1
check "a bad shard exits 2" 2 $?
out=$("$bin" run "$src/scenarios/proofs/proof-folder-step-new.yaml" --out "$tmp/g" --quiet)
check "an exhaustive proof exits 0" 0 $?
[[ "$out" == *"explored all 170 classes"* ]] || { echo "FAIL: proof output was: $out"; fail=1; }

# Checklist: only the tagged scenarios, timestamped and latest folders, the step summary.
mkdir -p "$tmp/cl"
cp "$src/scenarios/nested-lock/s2-new.yaml" "$tmp/cl/"
sed 's/^tags: .*/tags: [other]/' "$src/scenarios/nested-lock/s1-new.yaml" > "$tmp/cl/untagged.yaml"
out=$(GITHUB_STEP_SUMMARY="$tmp/step.md" "$bin" checklist "$tmp/cl" --reports "$tmp/rep" --schedules 20 --quiet)
check "a passing checklist exits 0" 0 $?
[[ "$out" == *"1 passed, 0 failed"* ]] || { echo "FAIL: checklist output was: $out"; fail=1; }
[[ -f "$tmp/rep/latest/index.html" && -f "$tmp/rep/latest/junit.xml" && -f "$tmp/rep/latest/metrics.prom" && -f "$tmp/rep/latest/checklist.md" ]] \
  || { echo "FAIL: checklist reports missing"; fail=1; }
[[ $(ls -d "$tmp"/rep/20*/ | wc -l) -eq 1 ]] || { echo "FAIL: no timestamped report folder"; fail=1; }
grep -q "| s2-new |" "$tmp/step.md" || { echo "FAIL: GITHUB_STEP_SUMMARY not written"; fail=1; }

# Audit: findings exit 1, a clean listing 0, bad input 2.
"$bin" audit "$src/tests/fixtures/drive-listing.json" --out "$tmp/au" >/dev/null
check "an audit with findings exits 1" 1 $?
echo '{"files":[]}' > "$tmp/empty.json"
"$bin" audit "$tmp/empty.json" --out "$tmp/au2" >/dev/null
check "a clean audit exits 0" 0 $?
echo '{"files":[{"id":1}]}' > "$tmp/badlisting.json"
"$bin" audit "$tmp/badlisting.json" --out "$tmp/au3" >/dev/null 2>&1
check "a bad listing exits 2" 2 $?

# lockstep serve --state: a snapshot that is not JSON names its line, one with a field of the wrong
# type names the field; both exit 2 before the server listens.
printf '{"drive": {"files": [\n  {"id": "a", "name": }\n]}}\n' > "$tmp/badstate.json"
err=$("$bin" serve --port 0 --state "$tmp/badstate.json" 2>&1 >/dev/null)
check "a state file that is not JSON exits 2" 2 $?
[[ "$err" == *"badstate.json:2:"* ]] || { echo "FAIL: the state error does not name the line: $err"; fail=1; }
echo '{"drive": {"files": [{"id": "a", "name": 7, "mimeType": "text/plain"}]}}' > "$tmp/typestate.json"
err=$("$bin" serve --port 0 --state "$tmp/typestate.json" 2>&1 >/dev/null)
check "a state file with a field of the wrong type exits 2" 2 $?
[[ "$err" == *"typestate.json: state:"* ]] || { echo "FAIL: the state error does not say what: $err"; fail=1; }

if [[ $fail -eq 0 ]]; then echo "cli: all passed, 0 failed"; fi
exit $fail
