# Sourced by the shell tests: json FILE PATH prints the value at a dotted path of a JSON file
# ("" when the file is not whole JSON; "undefined" when the path is not there).
json() {
  node -e 'const f = require("fs");
    let v; try { v = JSON.parse(f.readFileSync(process.argv[1], "utf8")); } catch (e) { process.exit(0); }
    for (const k of process.argv[2].split(".")) v = v == null ? undefined : v[k];
    console.log(String(v));' "$1" "$2"
}
