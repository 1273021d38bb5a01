#!/usr/bin/env bash
# Proves `lockstep audit --mount` and `--mount-listing` from the command line, on the generated
# fixture mount: exit 1 with findings, the summary printed and the five reports written with the
# issue's fields; the same audit.json from the tree and from its listing; byte-identical reports
# for the same input with SOURCE_DATE_EPOCH; and bad input (not a directory, a line that is not
# JSON, a name that cannot be read, two inputs) exits 2 with the place named, leaving an earlier
# report as it was.
set -uo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # description, expected exit code, actual exit code
  if [[ $2 -ne $3 ]]; then echo "FAIL: $1: expected exit $2, got $3"; fail=1; else echo "ok: $1"; fi
}
expect() {  # description, haystack, needle
  if [[ "$2" == *"$3"* ]]; then echo "ok: $1"; else echo "FAIL: $1: no \"$3\" in: $2"; fail=1; fi
}

node "$src/tests/audit/make_fixture_mount.mjs" "$tmp/fx" >/dev/null || { echo "FAIL: generator"; exit 1; }

out=$(SOURCE_DATE_EPOCH=1767225600 "$bin" audit --mount "$tmp/fx/mount" --out "$tmp/a" --listing-out "$tmp/a.jsonl")
check "a mount with copies exits 1" 1 $?
expect "the summary is printed" "$out" "18 data sources in 32 folder entries: 11 extra folders over 7 data sources"
expect "the rotation's expectation is printed" "$out" "comes round about every 1.0 hours"
for f in audit.json audit.md audit.html junit.xml metrics.prom; do
  [[ -s "$tmp/a/$f" ]] || { echo "FAIL: $f missing"; fail=1; }
done
node -e '
  const a = require(process.argv[1]).summary, e = require(process.argv[2]).summary;
  const bad = Object.keys(e).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(e[k]));
  if (bad.length) { console.log("FAIL: audit.json differs from the generator in", bad.join(", ")); process.exit(1); }
  console.log("ok: audit.json carries the generator'"'"'s " + Object.keys(e).length + " counts");
' "$tmp/a/audit.json" "$tmp/fx/expected.json" || fail=1

SOURCE_DATE_EPOCH=1767225600 "$bin" audit --mount "$tmp/fx/mount" --out "$tmp/b" >/dev/null
cmp -s "$tmp/a/audit.json" "$tmp/b/audit.json" && cmp -s "$tmp/a/audit.html" "$tmp/b/audit.html" \
  && echo "ok: the same tree gives byte-identical reports" || { echo "FAIL: reports differ between two runs"; fail=1; }

SOURCE_DATE_EPOCH=1767225600 "$bin" audit --mount-listing "$tmp/a.jsonl" --out "$tmp/c" >/dev/null
check "the written listing audits the same" 1 $?
diff <(grep -v '"source"' "$tmp/a/audit.json") <(grep -v '"source"' "$tmp/c/audit.json") >/dev/null \
  && echo "ok: --listing-out round trip" || { echo "FAIL: the listing's audit differs from the walk's"; fail=1; }
SOURCE_DATE_EPOCH=1767225600 "$bin" audit --mount-listing "$tmp/fx/mount.jsonl" --out "$tmp/d" >/dev/null
check "the generator's listing exits 1" 1 $?

# A clean mount exits 0.
mkdir -p "$tmp/clean/db/A_2a0e7361-6c27-8000-9c1d-000000000001"
: > "$tmp/clean/db/A_2a0e7361-6c27-8000-9c1d-000000000001/A_2a0e7361-6c27-8000-9c1d-000000000001.csv"
"$bin" audit --mount "$tmp/clean" --out "$tmp/e" >/dev/null
check "a clean mount exits 0" 0 $?

# Bad input: exit 2, the place named, the earlier report in the same directory untouched.
cp -r "$tmp/a" "$tmp/keep"
msg=$("$bin" audit --mount "$tmp/fx/mount.jsonl" --out "$tmp/a" 2>&1 >/dev/null)
check "a file given as --mount exits 2" 2 $?
expect "it says a directory was expected" "$msg" "mount.jsonl: expected a directory"
"$bin" audit --mount "$tmp/nowhere" --out "$tmp/a" >/dev/null 2>&1
check "a missing mount exits 2" 2 $?
{ head -3 "$tmp/fx/mount.jsonl"; echo '{"path": "x", '; } > "$tmp/bad.jsonl"
msg=$("$bin" audit --mount-listing "$tmp/bad.jsonl" --out "$tmp/a" 2>&1 >/dev/null)
check "a listing line that is not JSON exits 2" 2 $?
expect "it names the file and line" "$msg" "bad.jsonl:4:"
printf '{"path":"db/A_2a0e7361-6c27-8000-9c1d-000000000001/.archive/A_2a0e7361-6c27-8000-9c1d-000000000001_vsoon.csv"}\n' \
  > "$tmp/badname.jsonl"
msg=$("$bin" audit --mount-listing "$tmp/badname.jsonl" --out "$tmp/a" 2>&1 >/dev/null)
check "a backup name whose time cannot be read exits 2" 2 $?
expect "it names the line and the form expected" "$msg" "badname.jsonl:1:"
expect "it says what was expected" "$msg" "expected <name>_v<YYYY-MM-DD_HH-MM-SS-mmmZ>.csv"
"$bin" audit --mount "$tmp/fx/mount" --mount-listing "$tmp/fx/mount.jsonl" --out "$tmp/a" >/dev/null 2>&1
check "two inputs exit 2" 2 $?
"$bin" audit --mount-listing "$tmp/fx/mount.jsonl" --listing-out "$tmp/x.jsonl" --out "$tmp/a" >/dev/null 2>&1
check "--listing-out without --mount exits 2" 2 $?
diff -r "$tmp/keep" "$tmp/a" >/dev/null && echo "ok: bad input left the earlier report as it was" \
  || { echo "FAIL: bad input changed the earlier report"; fail=1; }
exit $fail
