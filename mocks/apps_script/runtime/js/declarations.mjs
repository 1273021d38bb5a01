// The Apps Script platform's own declarations (gas_declarations.json, generated from
// @types/google-apps-script by tools/gen_declarations.mjs): which globals are services, which
// classes have which methods, what each method returns. The shims use it to name the methods they
// do not implement; `lockstep gas surface` to name every call site of a project.
//
//   declaredMethods('Drive.Folder')      // ['addEditor', 'addEditors', ..., 'setTrashed']
//   returnType('Drive.Folder', 'getFiles')  // 'Drive.FileIterator'
import fs from 'node:fs';

const data = JSON.parse(fs.readFileSync(new URL('./gas_declarations.json', import.meta.url), 'utf8'));

export const declarations = data;

function lineage(gasClass, out = []) {
  const c = data.classes[gasClass];
  if (!c || out.includes(gasClass)) return out;
  out.push(gasClass);
  for (const parent of c.extends) lineage(parent, out);
  return out;
}

// Every method (not property) the class and its ancestors declare.
export function declaredMethods(gasClass) {
  const names = new Set();
  for (const c of lineage(gasClass)) {
    for (const [name, ret] of Object.entries(data.classes[c].methods)) {
      if (ret === null || typeof ret === 'string') names.add(name);
    }
  }
  return [...names].sort();
}

// The member's declaration: a return type name ("Drive.FileIterator"), null (a primitive or an
// unknown type), an object ({enum} or {property}), or undefined when the class has no such member.
export function member(gasClass, name) {
  for (const c of lineage(gasClass)) {
    const m = data.classes[c].methods;
    if (Object.prototype.hasOwnProperty.call(m, name)) return m[name];
  }
  return undefined;
}

export function isClass(gasClass) {
  return Object.prototype.hasOwnProperty.call(data.classes, gasClass);
}
