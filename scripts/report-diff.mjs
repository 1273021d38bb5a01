#!/usr/bin/env node
// Compares two snapshots of scripts/snapshot-reports.sh: every <name>/report.json in A against
// the one in B, ignoring `generated_at` (the one field that differs by design) and, with
// --moved-scenarios, where a scenario file lives (its folder under scenarios/). Exit 0 when all
// are identical, 1 otherwise, naming each report that differs and its first differing field.
//
//   node scripts/report-diff.mjs /tmp/before /tmp/after --moved-scenarios
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const moved = args.includes('--moved-scenarios');
const [a, b] = args.filter((x) => !x.startsWith('--'));
if (!a || !b) {
  console.error('usage: report-diff.mjs A B [--moved-scenarios]');
  process.exit(2);
}

function normalize(text) {
  const json = JSON.parse(text);
  delete json.generated_at;
  let s = JSON.stringify(json, null, 1);
  if (moved) s = s.replace(/scenarios\/(?:[a-z0-9-]+\/)*([a-z0-9-]+\.ya?ml)/g, 'scenarios/$1');
  return s.split('\n');
}

let compared = 0;
let differ = 0;
for (const name of fs.readdirSync(a).sort()) {
  const pa = path.join(a, name, 'report.json');
  if (!fs.existsSync(pa)) continue;
  compared++;
  const pb = path.join(b, name, 'report.json');
  if (!fs.existsSync(pb)) {
    console.log(`${name}: missing in ${b}`);
    differ++;
    continue;
  }
  const la = normalize(fs.readFileSync(pa, 'utf8'));
  const lb = normalize(fs.readFileSync(pb, 'utf8'));
  const n = Math.max(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    if (la[i] !== lb[i]) {
      console.log(`${name}: differs at line ${i + 1}: ${JSON.stringify(la[i])} vs ${JSON.stringify(lb[i])}`);
      differ++;
      break;
    }
  }
}
console.log(`${compared} reports compared, ${differ} differ`);
process.exit(differ === 0 && compared > 0 ? 0 : 1);
