#!/usr/bin/env bash
# lockstep exec, with real programs (examples/black-box/): the Python find-or-create (python3-requests,
# 4 threads) and the Node one (@notionhq/client, 4 async workers) fail the race gate faithful and
# pass it fixed, under --repeat; the curl script run as
# three overlapping executions fails it; every execution gets its environment (LOCKSTEP_URL,
# LOCKSTEP_EXECUTION, the token in NOTION_TOKEN, NOTION_API_KEY and LOCKSTEP_TOKEN_FILE) and its
# own log; with --intercept the Python and curl programs run unmodified against their hard-coded
# hosts through the run's proxy and CA, and other hosts are refused; a command that cannot start exits 6, a program that never ends is ended at --timeout
# and exits 7 with nothing of it left running; a scenario that does not load exits 2 naming file:line.
# Bounded: each run takes a second or two; --timeout 1 for the program that never ends.
set -uo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
source "$(dirname "$0")/json_field.sh"
ex=$src/examples/black-box

"$bin" exec "$ex/find-or-create.yaml" --repeat 3 --quiet --out "$tmp/faithful" -- python3 "$ex/find_or_create.py" >"$tmp/out" 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "the faithful Python program: expected exit 1, got $rc: $(cat "$tmp/out")"
[[ $(json "$tmp/faithful/report.json" results.schedules_by_violation.duplicate-pages) -ge 1 ]] \
  || fail "the faithful Python program's duplicates are not in report.json"
[[ $(json "$tmp/faithful/report.json" exploration.schedules) == 3 ]] || fail "three rounds"
grep -q "12 tracks written (faithful)" "$tmp/faithful/round-0/execution-0.log" || fail "the program's output is not in its log"
for f in report.md report.html summary.md junit.xml metrics.prom index.html; do
  [[ -f "$tmp/faithful/$f" ]] || fail "exec wrote no $f"
done

"$bin" exec "$ex/find-or-create.yaml" --repeat 3 --quiet --out "$tmp/fixed" -- python3 "$ex/find_or_create.py" --fixed >"$tmp/out" 2>&1
rc=$?
[[ $rc -eq 0 ]] || fail "the fixed Python program: expected exit 0, got $rc: $(cat "$tmp/out")"
[[ $(json "$tmp/fixed/report.json" results.schedules_with_violation) == 0 ]] || fail "the fixed program left duplicates"

"$bin" exec "$ex/find-or-create-cron.yaml" --repeat 2 --quiet --out "$tmp/cron" -- "$ex/find_or_create.sh" >"$tmp/out" 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "the curl script as three executions: expected exit 1, got $rc: $(cat "$tmp/out")"
[[ -f "$tmp/cron/round-1/execution-2.log" ]] || fail "one log per execution and round"

# The Node example through the official @notionhq/client (from the npm registry, as
# tests/node_client_test.sh installs its clients).
mkdir -p "$tmp/node"
cp "$ex/package.json" "$ex/find_or_create.mjs" "$tmp/node/"
if (cd "$tmp/node" && npm install --no-audit --no-fund --loglevel=error >npm.log 2>&1); then
  "$bin" exec "$ex/find-or-create.yaml" --repeat 2 --quiet --out "$tmp/nodef" -- node "$tmp/node/find_or_create.mjs" >"$tmp/out" 2>&1
  rc=$?
  [[ $rc -eq 1 ]] || fail "the faithful Node program: expected exit 1, got $rc: $(cat "$tmp/out")"
  "$bin" exec "$ex/find-or-create.yaml" --repeat 2 --quiet --out "$tmp/nodex" -- node "$tmp/node/find_or_create.mjs" --fixed >"$tmp/out" 2>&1
  rc=$?
  [[ $rc -eq 0 ]] || fail "the fixed Node program: expected exit 0, got $rc: $(cat "$tmp/out")"
else
  fail "npm install of the Node example: $(tail -5 "$tmp/node/npm.log")"
fi

# --intercept: the same programs unmodified, their hard-coded https://api.notion.com/v1 reached
# through the run's proxy and CA; any other host is refused, and nothing leaves the machine.
env -u NOTION_BASE_URL "$bin" exec "$ex/find-or-create.yaml" --intercept --repeat 2 --quiet --out "$tmp/icf" -- \
  python3 "$ex/find_or_create.py" >"$tmp/out" 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "the faithful Python program through --intercept: expected exit 1, got $rc: $(cat "$tmp/out")"
grep -q "12 tracks written (faithful)" "$tmp/icf/round-0/execution-0.log" || fail "--intercept: $(cat "$tmp/icf/round-0/execution-0.log")"
env -u NOTION_BASE_URL "$bin" exec "$ex/find-or-create.yaml" --intercept --repeat 2 --quiet --out "$tmp/icx" -- \
  python3 "$ex/find_or_create.py" --fixed >"$tmp/out" 2>&1
rc=$?
[[ $rc -eq 0 ]] || fail "the fixed Python program through --intercept: expected exit 0, got $rc: $(cat "$tmp/out")"
"$bin" exec "$ex/find-or-create-cron.yaml" --intercept --quiet --out "$tmp/icc" -- "$ex/find_or_create.sh" >"$tmp/out" 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "the curl script through --intercept: expected exit 1, got $rc: $(cat "$tmp/out")"
cat >"$tmp/elsewhere.sh" <<'SH'
#!/usr/bin/env bash
curl -sS https://example.com/ -o /dev/null 2>&1; echo "curl exit $?"
python3 -c "import requests
print('python http', requests.get('http://example.org/', timeout=5).status_code)
try:
    requests.get('https://example.org/', timeout=5); print('python reached it')
except Exception as e:
    print('python refused:', type(e).__name__)"
SH
chmod +x "$tmp/elsewhere.sh"
"$bin" exec "$ex/find-or-create.yaml" --intercept --quiet --out "$tmp/ice" -- "$tmp/elsewhere.sh" >"$tmp/out" 2>&1
grep -q "curl exit 56" "$tmp/ice/round-0/execution-0.log" || fail "curl to another host: $(cat "$tmp/ice/round-0/execution-0.log")"
grep -q "python http 403" "$tmp/ice/round-0/execution-0.log" || fail "Python over plain HTTP to another host: $(cat "$tmp/ice/round-0/execution-0.log")"
grep -q "python refused: ProxyError" "$tmp/ice/round-0/execution-0.log" || fail "Python to another host: $(cat "$tmp/ice/round-0/execution-0.log")"
grep -q "the proxy refused example.com:443" "$tmp/out" || fail "exec names the refused host: $(cat "$tmp/out")"

# lockstep serve --intercept: the same proxy and CA in front of a standing server.
"$bin" serve --port 0 --token t --scenario "$ex/find-or-create.yaml" --intercept "$tmp/serveca" >"$tmp/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 50); do grep -q "intercepting" "$tmp/serve.out" && break; sleep 0.1; done
proxy=$(grep -o 'HTTPS_PROXY=http://127.0.0.1:[0-9]*' "$tmp/serve.out" | cut -d= -f2)
answer=$(HTTPS_PROXY=$proxy CURL_CA_BUNDLE=$tmp/serveca/ca.pem curl -sS -X POST https://api.notion.com/v1/search \
  -H "Authorization: Bearer t" -H "Notion-Version: 2022-06-28" -H "Content-Type: application/json" -d '{"query": "Tracks"}' 2>&1)
[[ $answer == *'"plain_text":"Tracks"'* ]] || fail "serve --intercept: api.notion.com through its proxy: $answer"
kill "$serve_pid"
wait "$serve_pid" || fail "serve --intercept did not end cleanly on SIGTERM"

# The environment of each execution.
cat >"$tmp/env.sh" <<'SH'
#!/usr/bin/env bash
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $NOTION_TOKEN" "$LOCKSTEP_URL/drive/v3/files")
echo "$LOCKSTEP_EXECUTION $NOTION_TOKEN $NOTION_API_KEY $(cat "$LOCKSTEP_TOKEN_FILE") $code" >"$OUT_DIR/env-$LOCKSTEP_EXECUTION"
SH
chmod +x "$tmp/env.sh"
OUT_DIR=$tmp "$bin" exec "$src/scenarios/race-before-lock/folder-step-new.yaml" --token tok --quiet --out "$tmp/env" -- "$tmp/env.sh" \
  >"$tmp/out" 2>&1 || fail "the environment program: $(cat "$tmp/out")"
for i in 0 1 2; do
  [[ $(cat "$tmp/env-$i" 2>/dev/null) == "$i tok tok tok 200" ]] || fail "execution $i's environment: $(cat "$tmp/env-$i" 2>&1)"
done

# A command that cannot start; a program that never ends; a scenario no server can be seeded from.
"$bin" exec "$ex/find-or-create.yaml" --quiet --out "$tmp/nostart" -- /nonexistent/program >"$tmp/out" 2>&1
rc=$?
[[ $rc -eq 6 ]] || fail "a command that cannot start: expected exit 6, got $rc"
grep -q "could not start: /nonexistent/program" "$tmp/out" || fail "the start error names the command: $(cat "$tmp/out")"
marker="lockstep-exec-test-$$"
"$bin" exec "$ex/find-or-create.yaml" --quiet --timeout 1 --out "$tmp/hang" -- bash -c "exec -a $marker sleep 600" >"$tmp/out" 2>&1
rc=$?
[[ $rc -eq 7 ]] || fail "a program that never ends: expected exit 7, got $rc: $(cat "$tmp/out")"
grep -q "did not end within 1 s" "$tmp/out" || fail "the timeout is named: $(cat "$tmp/out")"
pgrep -f "$marker" >/dev/null && fail "the program that never ended is still running"
printf 'name: broken\nexecutions:\n  count: many\n' >"$tmp/broken.yaml"
"$bin" exec "$tmp/broken.yaml" --quiet --out "$tmp/broken" -- true >"$tmp/out" 2>&1
rc=$?
[[ $rc -eq 2 ]] || fail "a scenario that does not load: expected exit 2, got $rc"
grep -q "broken.yaml:3" "$tmp/out" || fail "the scenario error names file:line: $(cat "$tmp/out")"
"$bin" exec "$ex/find-or-create.yaml" --quiet --out "$tmp/nocmd" >"$tmp/out" 2>&1
rc=$?
[[ $rc -eq 2 ]] || fail "no command: expected exit 2, got $rc"
exit $status
