#!/usr/bin/env bash
# Explores SCENARIO... as SHARDS shards at once on this machine (xargs -P, one process each), then
# merges them into the reports one run would have written:
#
#   docs/distributed/local-parallel.sh scenarios/nested-lock scenarios/proofs
#   SHARDS=8 SCHEDULES=1000000 OUT=reports/nightly docs/distributed/local-parallel.sh scenarios
#
# LOCKSTEP names the binary (default: lockstep on the PATH). Exits as `lockstep merge` does.
set -euo pipefail
LOCKSTEP=${LOCKSTEP:-lockstep}
SHARDS=${SHARDS:-4}
SCHEDULES=${SCHEDULES:-100000}
OUT=${OUT:-reports/sharded}
export LOCKSTEP SHARDS SCHEDULES OUT

if [[ "${1:-}" == --one-shard ]]; then  # one shard, started by xargs below
  i=$2
  shift 2
  # A shard's own verdict (exit 1) covers its share only: the merge gives the run's.
  "$LOCKSTEP" run "$@" --schedules "$SCHEDULES" --shard "$i/$SHARDS" --workers 1 --quiet \
    --out "$OUT/shard-$i" >"$OUT/shard-$i.log" 2>&1 || [ $? -eq 1 ]
  exit
fi
if [[ $# -eq 0 ]]; then
  echo "usage: $0 SCENARIO|DIR..." >&2
  exit 2
fi
mkdir -p "$OUT"
rm -rf "$OUT"/shard-*
seq 0 $((SHARDS - 1)) | xargs -P "$SHARDS" -I{} "$0" --one-shard {} "$@"
shards=()
for ((i = 0; i < SHARDS; i++)); do shards+=("$OUT/shard-$i"); done
exec "$LOCKSTEP" merge "${shards[@]}" --out "$OUT/merged"
