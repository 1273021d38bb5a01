#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time: first over the regressions (each must pass), then
# fuzzing from the seed corpus, new inputs going to WORK/corpus (never into the repository), a
# crash's input to WORK/artifacts/. Fails on any crash, leak, timeout, sanitizer report or
# out-of-memory, and prints the crash input's path.
#
#   run_fuzzer.sh TARGET SECONDS WORK SEEDS REGRESSIONS
set -euo pipefail
target=$1 seconds=$2 work=$3 seeds=$4 regressions=$5
mkdir -p "$work/corpus" "$work/artifacts"
if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
  "$target" -runs=0 "$regressions"
fi
"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds"
