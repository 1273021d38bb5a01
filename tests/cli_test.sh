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

"$bin" run "$src/scenarios/s2-new.yaml" --schedules 50 --out "$tmp/a" --quiet >/dev/null
check "a passing scenario exits 0" 0 $?
[[ -f "$tmp/a/report.json" && -f "$tmp/a/report.md" ]] || { echo "FAIL: reports missing"; fail=1; }

sed 's/  duplicates: some/  duplicates: none/' "$src/scenarios/baseline-no-lock.yaml" > "$tmp/wrong.yaml"
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

for run in 1 2; do
  "$bin" run "$src/scenarios/s1-old.yaml" --seed 5 --schedules 200 --out "$tmp/d$run" --quiet >/dev/null
done
if diff <(grep -v generated_at "$tmp/d1/report.json") <(grep -v generated_at "$tmp/d2/report.json") >/dev/null; then
  echo "ok: same seed, same report.json"
else
  echo "FAIL: report.json differs between identical runs"; fail=1
fi
cmp -s "$tmp/d1/first-failure.trace.json" "$tmp/d2/first-failure.trace.json" || { echo "FAIL: traces differ"; fail=1; }

if [[ $fail -eq 0 ]]; then echo "cli: 7 passed, 0 failed"; fi
exit $fail
