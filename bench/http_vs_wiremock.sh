#!/usr/bin/env bash
# lockstep serve, WireMock and the bare cpp-httplib ceiling side by side: the same loopback, the
# same cores, the same wrk load, the same answer bodies. WireMock 3.13.2 comes from its npm package (it runs on Java: Debian's
# default-jre-headless) and serves, as stubs, the bodies lockstep serve answered for:
#   - a files.list of one folder's 20 children (q = '<folder>' in parents);
#   - a Notion data-source query of 20 pages (Notion-Version 2025-09-03);
#   - a Drive files.create of a folder (lockstep creates one per request; WireMock answers a copy).
# WireMock runs with --no-request-journal and 64 container threads, and is warmed up (its JIT) for
# WARMUP before each measurement; lockstep serve with --threads 64. The ceiling is
# bench/lockstep_httplib_ceiling: the same cpp-httplib set up as lockstep serve sets it up, 64
# threads, answering each route with its constant body and doing nothing else. Bounded: each measurement
# lasts DURATION (default 8s) with CONNECTIONS (default 64) on 2 wrk threads.
#
#   bench/http_vs_wiremock.sh [path/to/lockstep]     # prints a Markdown table
set -euo pipefail
bin=${1:-build/release/lockstep}
ceiling=${CEILING:-$(dirname "$bin")/bench/lockstep_httplib_ceiling}
[[ -x "$ceiling" ]] || { echo "$ceiling is missing: build the release tree (make build)" >&2; exit 1; }
duration=${DURATION:-8s}
warmup=${WARMUP:-5s}
connections=${CONNECTIONS:-64}
for tool in wrk java npm curl node; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (java: apt-get install default-jre-headless)" >&2; exit 1; }
done
tmp=$(mktemp -d)
cleanup() {
  [[ -n "${lpid:-}" ]] && kill "$lpid" 2>/dev/null
  [[ -n "${wpid:-}" ]] && kill "$wpid" 2>/dev/null
  [[ -n "${cpid:-}" ]] && kill "$cpid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$tmp" && npm install --no-audit --no-fund --loglevel=error wiremock@3.13.2 >npm.log 2>&1) \
  || { echo "npm install wiremock failed" >&2; cat "$tmp/npm.log" >&2; exit 1; }
jar=$(find "$tmp/node_modules/wiremock" -name 'wiremock-standalone-*.jar' | head -1)
[[ -n "$jar" ]] || { echo "no WireMock jar in the npm package" >&2; exit 1; }

"$bin" serve --port 0 --threads 64 --token t >"$tmp/serve.out" 2>&1 &
lpid=$!
for _ in $(seq 50); do grep -q 'http://' "$tmp/serve.out" && break; sleep 0.1; done
lurl=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.out")
auth=(-H "Authorization: Bearer t" -H "Content-Type: application/json")

# The world: a parent with 20 folders; a Notion data source with 20 pages.
parent=$(curl -sf "${auth[@]}" -X POST "$lurl/drive/v3/files" -d '{"name":"bench","mimeType":"application/vnd.google-apps.folder"}' \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')
for i in $(seq 0 19); do
  curl -sf "${auth[@]}" -X POST "$lurl/drive/v3/files" \
    -d "{\"name\":\"db$i\",\"mimeType\":\"application/vnd.google-apps.folder\",\"parents\":[\"$parent\"]}" >/dev/null
done
nv=(-H "Notion-Version: 2025-09-03")
root=$(curl -sf "${auth[@]}" "${nv[@]}" -X POST "$lurl/v1/search" -d '{"query":"lockstep workspace"}' \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).results[0].id))')
ds=$(curl -sf "${auth[@]}" "${nv[@]}" -X POST "$lurl/v1/databases" \
  -d "{\"parent\":{\"type\":\"page_id\",\"page_id\":\"$root\"},\"title\":[{\"text\":{\"content\":\"Bench\"}}],\"initial_data_source\":{\"properties\":{\"Name\":{\"title\":{}}}}}" \
  | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data_sources[0].id))')
for i in $(seq 0 19); do
  curl -sf "${auth[@]}" "${nv[@]}" -X POST "$lurl/v1/pages" \
    -d "{\"parent\":{\"type\":\"data_source_id\",\"data_source_id\":\"$ds\"},\"properties\":{\"Name\":{\"title\":[{\"text\":{\"content\":\"Page $i\"}}]}}}" >/dev/null
done
list_path="/drive/v3/files?q=%27$parent%27%20in%20parents&fields=files(id,name,mimeType)"
query_path="/v1/data_sources/$ds/query"
create_body="{\"name\":\"new\",\"mimeType\":\"application/vnd.google-apps.folder\",\"parents\":[\"$parent\"]}"
curl -sf "${auth[@]}" "$lurl$list_path" >"$tmp/list.json"
curl -sf "${auth[@]}" "${nv[@]}" -X POST "$lurl$query_path" -d '{"page_size":20}' >"$tmp/query.json"
curl -sf "${auth[@]}" -X POST "$lurl/drive/v3/files" -d "$create_body" >"$tmp/create.json"

# WireMock with the same bodies.
wport=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
java -jar "$jar" --port "$wport" --bind-address 127.0.0.1 --no-request-journal --container-threads 64 --disable-banner \
  >"$tmp/wiremock.out" 2>&1 &
wpid=$!
wurl="http://127.0.0.1:$wport"
for _ in $(seq 100); do curl -sf "$wurl/__admin/mappings" >/dev/null 2>&1 && break; sleep 0.2; done
stub() {  # method, url path, body file
  node -e 'const f=require("fs"); console.log(JSON.stringify({request:{method:process.argv[1],urlPath:process.argv[2]},
    response:{status:200,body:f.readFileSync(process.argv[3],"utf8"),headers:{"Content-Type":"application/json; charset=UTF-8"}}}))' \
    "$1" "$2" "$3" | curl -sf -X POST -H "Content-Type: application/json" --data-binary @- "$wurl/__admin/mappings" >/dev/null
}
stub GET /drive/v3/files "$tmp/list.json"
stub POST "$query_path" "$tmp/query.json"
stub POST /drive/v3/files "$tmp/create.json"
cmp -s <(curl -sf "${auth[@]}" "$wurl$list_path") "$tmp/list.json" || { echo "WireMock does not answer the same listing" >&2; exit 1; }

# The ceiling with the same bodies.
"$ceiling" --threads 64 --body "GET:/drive/v3/files=$tmp/list.json" --body "POST:$query_path=$tmp/query.json" \
  --body "POST:/drive/v3/files=$tmp/create.json" >"$tmp/ceiling.out" 2>&1 &
cpid=$!
for _ in $(seq 50); do grep -q 'http://' "$tmp/ceiling.out" && break; sleep 0.1; done
curl_=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/ceiling.out")
cmp -s <(curl -sf "$curl_$list_path") "$tmp/list.json" || { echo "the ceiling does not answer the same listing" >&2; exit 1; }

post_script() {  # body file -> a wrk Lua script
  node -e 'const f=require("fs"); console.log(`wrk.method = "POST"\nwrk.body = ${JSON.stringify(f.readFileSync(process.argv[1],"utf8"))}\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Notion-Version"] = "2025-09-03"`)' "$1"
}
echo '{"page_size":20}' >"$tmp/query.body"
echo "$create_body" >"$tmp/create.body"
post_script "$tmp/query.body" >"$tmp/query.lua"
post_script "$tmp/create.body" >"$tmp/create.lua"

declare -A rps_of p99_of
measure() {  # label, server, url, extra wrk args...
  local label=$1 server=$2 url=$3
  shift 3
  local out rps p50 p99 errors
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency -H "Authorization: Bearer t" "$@" "$url")
  rps=$(awk '/^Requests\/sec:/ {printf "%d", $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  rps_of[$server]=$rps
  p99_of[$server]=$p99
  printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$server" "$rps" "$p50" "$p99" "${errors:-0}"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", (b > 0 ? a / b : 0)}'; }
echo "wrk -t2 -c$connections -d$duration --latency on the same 2 cores; WireMock 3.13.2 warmed up for $warmup each time"
echo
echo '| request | server | requests/s | p50 | p99 | non-2xx |'
echo '|---|---|---|---|---|---|'
summary=()
for what in list query create; do
  case $what in
    list) label="files.list, 20 folders"; path=$list_path; args=() ;;
    query) label="Notion data-source query, 20 pages"; path=$query_path; args=(-s "$tmp/query.lua") ;;
    create) label="Drive files.create"; path=/drive/v3/files; args=(-s "$tmp/create.lua") ;;
  esac
  measure "$label" "lockstep serve" "$lurl$path" "${args[@]}"
  wrk -t2 -c"$connections" -d"$warmup" -H "Authorization: Bearer t" "${args[@]}" "$wurl$path" >/dev/null
  measure "$label" "WireMock" "$wurl$path" "${args[@]}"
  measure "$label" "bare cpp-httplib" "$curl_$path" "${args[@]}"
  summary+=("| $label | $(ratio "${rps_of[lockstep serve]}" "${rps_of[WireMock]}") | $(ratio "${rps_of[lockstep serve]}" "${rps_of[bare cpp-httplib]}") | ${p99_of[lockstep serve]} / ${p99_of[WireMock]} |")
done
echo
echo '| request | lockstep / WireMock (req/s) | lockstep / bare cpp-httplib (req/s) | p99 lockstep / WireMock |'
echo '|---|---|---|---|'
printf '%s\n' "${summary[@]}"
