#!/usr/bin/env bash
# The dependency rules are link rules: every probe in tests/layering/probes.txt (a source of one
# library that includes a header that library may not use) must fail to build, with "No such file
# or directory" for that header (GCC's words; clang's are "'header' file not found"); and every quoted include in the sources is rooted at the project
# (src/, mocks/, harness/, tests/, bench/, fuzz/), never relative, so nothing can reach around the
# rules with "../".
set -uo pipefail
build=$1
src=$2
status=0
while read -r name library header; do
  out=$(cmake --build "$build" --target "layering_probe_$name" 2>&1)
  if [[ $? -eq 0 ]]; then
    echo "FAIL: $library may include $header (layering_probe_$name compiled)"
    status=1
  elif ! grep -qF -e "$header: No such file or directory" -e "'$header' file not found" <<<"$out"; then
    echo "FAIL: layering_probe_$name failed for another reason than $header:"
    echo "$out" | tail -20
    status=1
  else
    echo "ok: $library cannot include $header"
  fi
done <"$src/tests/layering/probes.txt"
bad=$(grep -rnE --include='*.h' --include='*.cc' '#include "' "$src"/{src,mocks,harness,tests,bench} "$src"/fuzz 2>/dev/null \
      | grep -vE '#include "(src|mocks|harness|tests|bench|fuzz)/' | grep -v '/tests/layering/')
if [[ -n "$bad" ]]; then
  echo "FAIL: includes not rooted at the project:"
  echo "$bad"
  status=1
fi
exit $status
