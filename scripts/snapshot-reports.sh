#!/usr/bin/env bash
# Runs every scenario under DIR (recursively) with BIN, one worker, writing OUT/<name>/ (the
# reports `lockstep run` writes). With scripts/report-diff.mjs, the check that a refactoring left
# behaviour unchanged: snapshot before, snapshot after, diff.
#
#   scripts/snapshot-reports.sh build/release/lockstep scenarios /tmp/before
set -uo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 BIN DIR OUT" >&2; exit 2; }
bin=$1 dir=$2 out=$3
mkdir -p "$out"
status=0
while read -r f; do
  name=$(basename "$f" .yaml)
  "$bin" run "$f" --out "$out/$name" --quiet --workers 1 >"$out/$name.stdout" 2>&1
  rc=$?
  echo "$name exit $rc"
  [[ $rc -le 1 ]] || status=1
done < <(find "$dir" -name '*.yaml' -not -path '*/data/*' | sort)
exit $status
