// The runtime's view of the platform is the platform's: gas_declarations.json is what
// tools/gen_declarations.mjs makes of @types/google-apps-script today, and every public method of
// every shim class is a method the platform declares for the class it stands in for (a shim never
// claims a method Apps Script does not have). Helpers are private (a leading underscore).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const js = path.join(here, '../../mocks/apps_script/runtime/js');
let failures = 0;
const fail = (m) => {
  failures++;
  console.log(`FAIL: ${m}`);
};

const committed = fs.readFileSync(path.join(js, 'gas_declarations.json'), 'utf8');
const fresh = execFileSync(process.execPath, [path.join(js, '../tools/gen_declarations.mjs')], { encoding: 'utf8', maxBuffer: 64 << 20 });
if (fresh !== committed) fail('gas_declarations.json differs from a regeneration (run tools/gen_declarations.mjs)');

await import(path.join(js, 'context.mjs'));
const { shimClasses } = await import(path.join(js, 'runtime.mjs'));
const { declaredMethods, member } = await import(path.join(js, 'declarations.mjs'));
let methods = 0;
for (const [gasClass, cls] of shimClasses) {
  const declared = new Set(declaredMethods(gasClass));
  for (let proto = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name.startsWith('_') || name === 'toString') continue;
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (typeof d.value !== 'function' || d.value.name === 'unsupportedMethod') continue;
      methods++;
      if (!declared.has(name) && member(gasClass, name) === undefined) fail(`${gasClass}.${name} is shimmed but the platform does not declare it`);
    }
  }
}
if (shimClasses.size < 20) fail(`only ${shimClasses.size} shim classes registered`);
console.log(`${shimClasses.size} shim classes, ${methods} shimmed methods, all declared by the platform; declarations up to date`);
process.exit(failures ? 1 : 0);
