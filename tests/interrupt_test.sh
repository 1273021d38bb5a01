#!/usr/bin/env bash
# Interrupted runs keep their work. Signals go to a real `lockstep` child process:
# - SIGINT during `run` after some schedules: exit 130, a valid report.json marked
#   "interrupted": true with the schedules explored and those requested, report.md saying so;
# - SIGTERM: the same with exit 143;
# - a second signal while the first is being honoured ends the process at once (130), and the
#   report already in the output folder is the earlier one, whole;
# - SIGTERM and then --resume: the same report.json and shard.json as an uninterrupted run;
# - SIGINT during `checklist`: exit 130, checklist.md lists what ran and what did not, latest/ too.
# Bounded: each child is signalled after at most a few seconds; a 120 s CTest limit.
set -uo pipefail
bin=$1
src=$2
build=${3:-plain}  # sanitized: every schedule some 20 times slower
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

source "$(dirname "$0")/json_field.sh"

# Starts `lockstep ARGS...` in the background; its pid in $child.
start() {
  "$bin" "$@" >"$tmp/child.out" 2>"$tmp/child.err" &
  child=$!
}
# Waits for $child; its exit code in $rc.
finish() {
  wait "$child"
  rc=$?
}

many=(--schedules 100000000 --workers 2 --quiet)

# SIGINT after some schedules.
start run "$src/scenarios/nested-lock/s2-new.yaml" "${many[@]}" --out "$tmp/int"
sleep 2
kill -INT "$child"
finish
[[ $rc -eq 130 ]] || fail "run + SIGINT: expected exit 130, got $rc: $(cat "$tmp/child.err")"
[[ $(json "$tmp/int/report.json" exploration.interrupted) == true ]] || fail "run + SIGINT: report.json not marked interrupted"
explored=$(json "$tmp/int/report.json" exploration.schedules)
[[ $explored =~ ^[0-9]+$ && $explored -gt 0 && $explored -lt 100000000 ]] || fail "run + SIGINT: schedules explored '$explored'"
[[ $(json "$tmp/int/report.json" exploration.schedules_requested) == 100000000 ]] || fail "run + SIGINT: schedules_requested"
grep -q "^\*\*Interrupted\*\* (SIGINT or SIGTERM) after $explored of 100000000 schedules" "$tmp/int/report.md" \
  || fail "report.md says it was interrupted: $(head -12 "$tmp/int/report.md")"
grep -q "interrupted: 1 of 1 scenario(s) explored" "$tmp/child.out" || fail "run + SIGINT says so: $(cat "$tmp/child.out")"
grep -q "interrupted: finishing the schedules under way" "$tmp/child.err" || fail "run + SIGINT: the message on stderr"
ls "$tmp/int" | grep -q '\.tmp' && fail "run + SIGINT left a temporary file: $(ls "$tmp/int")"

# SIGTERM.
start run "$src/scenarios/nested-lock/s2-new.yaml" "${many[@]}" --out "$tmp/term"
sleep 2
kill -TERM "$child"
finish
[[ $rc -eq 143 ]] || fail "run + SIGTERM: expected exit 143, got $rc"
[[ $(json "$tmp/term/report.json" exploration.interrupted) == true ]] || fail "run + SIGTERM: report.json not marked interrupted"

# SIGTERM (a pod being preempted) and then --resume: the run goes on from its checkpoint and ends
# with the report an uninterrupted run writes.
some=(--schedules "$([[ $build == sanitized ]] && echo 3000 || echo 30000)" --workers 2 --quiet --checkpoint-interval 0.05)
SOURCE_DATE_EPOCH=1700000000 "$bin" run "$src/scenarios/nested-lock/s2-new.yaml" "${some[@]}" --out "$tmp/once" >/dev/null 2>&1 \
  || fail "the uninterrupted run to compare with"
export SOURCE_DATE_EPOCH=1700000000
start run "$src/scenarios/nested-lock/s2-new.yaml" "${some[@]}" --out "$tmp/pre"
for _ in $(seq 200); do [[ -f "$tmp/pre/shard.json" ]] && break; sleep 0.01; done
kill -TERM "$child"
finish
[[ $rc -eq 143 || $rc -eq 0 ]] || fail "run + SIGTERM before --resume: exit $rc"
"$bin" run "$src/scenarios/nested-lock/s2-new.yaml" "${some[@]}" --resume "$tmp/pre" >/dev/null 2>&1 || fail "--resume after SIGTERM"
cmp -s "$tmp/once/report.json" "$tmp/pre/report.json" || fail "the resumed run's report.json differs from the uninterrupted one's"
cmp -s "$tmp/once/shard.json" "$tmp/pre/shard.json" || fail "the resumed run's shard.json differs from the uninterrupted one's"
unset SOURCE_DATE_EPOCH

# An uninterrupted run says interrupted: false.
"$bin" run "$src/scenarios/nested-lock/s2-new.yaml" --schedules 20 --quiet --out "$tmp/whole" >/dev/null 2>&1 \
  || fail "a short run"
[[ $(json "$tmp/whole/report.json" exploration.interrupted) == false ]] || fail "an uninterrupted run is marked interrupted"
[[ $(json "$tmp/whole/report.json" exploration.schedules_requested) == undefined ]] || fail "schedules_requested without an interruption"

# A second signal ends at once; the earlier report in the folder stays whole. A production-size day
# spends seconds on one schedule, so the first signal alone would keep the child running a while.
cp -r "$tmp/whole" "$tmp/again"
start run "$src/scenarios/day/day-baseline-new.yaml" --schedules 50 --workers 1 --quiet --out "$tmp/again"
sleep 1
kill -INT "$child"
sleep 0.3
t0=$(date +%s%N)
kill -INT "$child" 2>/dev/null
finish
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[[ $rc -eq 130 ]] || fail "two SIGINTs: expected exit 130, got $rc"
(( ms < 2000 )) || fail "two SIGINTs: the child took $ms ms to end after the second"
grep -q "interrupted again: stopping now" "$tmp/child.err" || fail "the second signal's message: $(cat "$tmp/child.err")"
[[ $(json "$tmp/again/report.json" exploration.schedules) =~ ^[0-9]+$ ]] || fail "the report in the folder is not whole after a second signal"

# SIGINT during a checklist: what ran is reported, what did not is listed.
mkdir -p "$tmp/cl"
for f in s2-new s3-new s2-registry; do
  sed 's/^  schedules: .*/  schedules: 100000000/' "$src/scenarios/nested-lock/$f.yaml" >"$tmp/cl/$f.yaml"
done
start checklist "$tmp/cl" --reports "$tmp/clr" --quiet --workers 2
sleep 2
kill -INT "$child"
finish
[[ $rc -eq 130 ]] || fail "checklist + SIGINT: expected exit 130, got $rc: $(cat "$tmp/child.err")"
grep -q "(interrupted: not every schedule ran)" "$tmp/clr/latest/checklist.md" || fail "checklist.md marks the interrupted item: $(cat "$tmp/clr/latest/checklist.md")"
grep -q "NOT RUN (interrupted)" "$tmp/clr/latest/checklist.md" || fail "checklist.md lists the items not run"
grep -q "; interrupted: 2 not run" "$tmp/clr/latest/checklist.md" || fail "checklist.md counts them: $(tail -1 "$tmp/clr/latest/checklist.md")"
for r in "$tmp"/clr/latest/*/report.json; do
  [[ $(json "$r" exploration.interrupted) == true ]] || fail "$r: not marked interrupted"
done
exit $status
