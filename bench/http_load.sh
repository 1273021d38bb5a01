#!/usr/bin/env bash
# Loopback load on `lockstep serve` with wrk (Debian's): requests/s and p50/p99 latency for
# files.get, files.list by name, files.list of one folder's children, and Sheets values.get, over a
# Drive of 10,000 files. Bounded: each run lasts DURATION (default 10s) with CONNECTIONS (default
# 32) connections on 2 wrk threads; the server runs 64 workers (at least one per connection: httplib keeps a worker per open keep-alive connection). Both share the machine's cores.
#
#   bench/http_load.sh [path/to/lockstep]        # prints a Markdown table
set -euo pipefail
bin=${1:-build/release/lockstep}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps.sh installs it" >&2; exit 1; }
tmp=$(mktemp -d)
cleanup() { [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

"$bin" serve --port 0 --threads 64 >"$tmp/serve.out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q 'http://' "$tmp/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.out")
[[ -n "$url" ]] || { echo "lockstep serve did not start" >&2; cat "$tmp/serve.out" >&2; exit 1; }

# 500 folders of 20 files each, and one spreadsheet with 100 rows.
awk 'BEGIN {
  printf "{\"drive\":{\"files\":["
  sep = ""
  for (f = 0; f < 500; f++) {
    printf "%s{\"id\":\"folder%d\",\"name\":\"db%d\",\"mimeType\":\"application/vnd.google-apps.folder\",\"parents\":[\"root\"]}", sep, f, f
    sep = ","
    for (i = 0; i < 19; i++) {
      printf ",{\"id\":\"file%d_%d\",\"name\":\"db%d_%d.csv\",\"mimeType\":\"text/csv\",\"parents\":[\"folder%d\"],\"content\":\"id,title\\n1,x\\n\"}", f, i, f, i, f
    }
  }
  printf ",{\"id\":\"registry\",\"name\":\"Notion Meta-DB Registry\",\"mimeType\":\"application/vnd.google-apps.spreadsheet\",\"parents\":[\"root\"]}"
  printf "]},\"sheets\":{\"spreadsheets\":[{\"id\":\"registry\",\"sheets\":[{\"title\":\"Databases\",\"rows\":["
  for (r = 0; r < 100; r++) printf "%s[\"ds%d\",\"Database %d\",%d]", (r ? "," : ""), r, r, r
  printf "]}]}]}}"
}' >"$tmp/state.json"
curl -sf -X PUT -H "Content-Type: application/json" --data-binary @"$tmp/state.json" "$url/__admin/state" >/dev/null

run() {  # name, path
  local out
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$url$2")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {printf "%d", $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo "wrk -t2 -c$connections -d$duration --latency, lockstep serve --threads 64, 10,000 files"
echo
echo '| request | requests/s | p50 | p99 | non-2xx |'
echo '|---|---|---|---|---|'
run 'files.get' '/drive/v3/files/file250_7'
run "files.list, q = name = 'db250_7.csv'" "/drive/v3/files?q=name%20%3D%20%27db250_7.csv%27"
run "files.list, q = '<folder>' in parents (19 files)" "/drive/v3/files?q=%27folder250%27%20in%20parents&fields=files(id,name)"
run 'files.list, no q (first page of 100)' '/drive/v3/files'
run 'values.get Databases (100 rows)' '/v4/spreadsheets/registry/values/Databases'
