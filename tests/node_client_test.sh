#!/usr/bin/env bash
# Runs tests/node/*_client_test.mjs (Google's official @googleapis/drive and @googleapis/sheets,
# and @notionhq/client at major 2 and the latest, from the npm registry) against a `lockstep serve` on a free loopback port. Bounded: one server, a few dozen
# requests, a 120 s limit.
set -uo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
cleanup() { [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
command -v node >/dev/null && command -v npm >/dev/null || { echo "FAIL: node and npm are needed"; exit 1; }
cp "$src/tests/node/package.json" "$src/tests/node/drive_client_test.mjs" "$src/tests/node/sheets_client_test.mjs" \
   "$src/tests/node/notion_client_test.mjs" "$src/tests/node/check.mjs" "$tmp/"
(cd "$tmp" && npm install --no-audit --no-fund --loglevel=error >npm.log 2>&1) || { echo "FAIL: npm install"; cat "$tmp/npm.log"; exit 1; }
"$bin" serve --port 0 --token test-token >"$tmp/serve.out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q 'http://' "$tmp/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out")
[[ -n "$url" ]] || { echo "FAIL: lockstep serve did not start"; cat "$tmp/serve.out"; exit 1; }
status=0
timeout 120 node "$tmp/drive_client_test.mjs" "$url" test-token || status=1
timeout 120 node "$tmp/sheets_client_test.mjs" "$url" test-token || status=1
timeout 120 node "$tmp/notion_client_test.mjs" "$url" test-token || status=1
exit $status
