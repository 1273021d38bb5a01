#!/usr/bin/env bash
# Opens the HTML reports in a real headless browser (Debian's chromium): every page must load with
# no console message at all (our pages have no script, so any message is an error or a failed
# load), and its charts must be present in the rendered DOM. A page with a script error is checked
# first, to prove the detector works.
set -uo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then echo "FAIL: chromium is not installed (scripts/install-deps.sh installs it)"; exit 1; fi
fail=0
passed=0

render() {  # file -> $tmp/dom, $tmp/log
  timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 --dump-dom "file://$1" \
    >"$tmp/dom" 2>"$tmp/log"
}

check_page() {  # file, minimum number of charts
  render "$1"
  local messages charts
  messages=$(grep -c 'CONSOLE' "$tmp/log")
  charts=$(grep -o '<svg class="chart' "$tmp/dom" | wc -l)
  if [[ $messages -ne 0 ]]; then echo "FAIL: $1: console messages:"; grep CONSOLE "$tmp/log"; fail=1; return; fi
  if [[ $charts -lt $2 ]]; then echo "FAIL: $1: $charts charts, expected at least $2"; fail=1; return; fi
  echo "ok: $1 loads cleanly with $charts charts"
  passed=$((passed + 1))
}

printf '<html><body><script>throw new Error("kaput")</script></body></html>' > "$tmp/bad.html"
render "$tmp/bad.html"
if grep -q 'Uncaught Error: kaput' "$tmp/log"; then
  echo "ok: the detector sees a script error"; passed=$((passed + 1))
else
  echo "FAIL: the detector missed a script error"; fail=1
fi

"$bin" run "$src/scenarios/listing-lag/lag-new.yaml" "$src/scenarios/nested-lock/s2-new.yaml" --schedules 100 --out "$tmp/r" --quiet >/dev/null
check_page "$tmp/r/index.html" 1
check_page "$tmp/r/lag-new/report.html" 4    # locks, API calls, timeline, shrunk sequence
check_page "$tmp/r/s2-new/report.html" 3
"$bin" audit "$src/tests/fixtures/drive-listing.json" --out "$tmp/a" >/dev/null
check_page "$tmp/a/audit.html" 1
node "$src/tests/audit/make_fixture_mount.mjs" "$tmp/fx" >/dev/null
"$bin" audit --mount "$tmp/fx/mount" --out "$tmp/m" >/dev/null
check_page "$tmp/m/audit.html" 2    # extra folders per data source, intervals between processings

echo "html: $passed passed, $fail failed"
exit $fail
