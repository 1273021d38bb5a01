#!/usr/bin/env node
// `lockstep gas surface DIR`: every Apps Script call site of a project (service and method,
// file:line), each marked supported by lockstep's runtime or not.
//
// The project is parsed with a real JavaScript parser (acorn), never with regular expressions, and
// methods are named by the platform's own declarations (gas_declarations.json, from
// @types/google-apps-script). A call's receiver type is inferred as far as the code states it:
// globals (DriveApp, LockService, ...), the declared return types of calls (getFolderById ->
// Folder, getFiles -> FileIterator, next -> File), variables and constants assigned from them, for-of
// over arrays, and project functions whose every return has one type. A receiver the inference
// cannot type is named by the method alone when only Apps Script classes declare that name and the
// project does not define it itself (a method `getFiles` on a parameter is a Drive call); such a
// site lists its candidate classes and counts as supported only if the runtime has all of them.
//
// Input (stdin, JSON): {"project": DIR, "files": [{"name": "Code.js", "path": "/abs/Code.js"}, ...]}
// Output: a table on stdout (or JSON with --json); exit 0 when every site is supported, 1 when
// some are not, 2 on bad input (a file that does not parse: file:line:column and what was wrong).
//
// `surface.mjs --coverage [--json]` prints, per service, how many of the platform's methods the
// runtime shims (the figure docs/apps-script.md states).
import fs from 'node:fs';
import { createRequire } from 'node:module';

import './context.mjs';  // loads every shim, so that shimClasses is complete
import { declarations, declaredMethods, member } from './declarations.mjs';
import { shimClasses } from './runtime.mjs';

const require = createRequire(import.meta.url);
let acorn;
let walk;
try {
  acorn = require('acorn');
  walk = require('acorn-walk');
} catch {
  process.stderr.write('lockstep gas surface: the npm packages are missing (run scripts/install-deps.sh)\n');
  process.exit(2);
}

const args = process.argv.slice(2);
const asJson = args.includes('--json');

// ---- what the runtime supports ----

const fakeRt = { start: {}, call() {}, error: (m) => new Error(m), array: (a) => a, object: (o) => o, random: { nextU32: () => 0, next: () => 0 } };

function supported(gasClass, name) {
  const cls = shimClasses.get(gasClass);
  if (!cls) return false;
  const decl = member(gasClass, name);
  if (decl && typeof decl === 'object') {  // an enum or property reached through the service
    try {
      return new cls(fakeRt)[name] !== undefined;
    } catch {
      return false;
    }
  }
  const fn = cls.prototype[name];
  return typeof fn === 'function' && fn.name !== 'unsupportedMethod';
}

function shortName(gasClass) {
  return gasClass.replace(/^[A-Za-z_]+\./, '');
}

// The service a class belongs to ("Drive.Folder" -> "Drive", "Base.Blob" -> "Base").
function serviceOf(gasClass) {
  return gasClass.split('.')[0];
}

if (args.includes('--coverage')) {
  const byService = {};
  for (const gasClass of Object.keys(declarations.classes)) {
    const service = serviceOf(gasClass);
    const methods = declaredMethods(gasClass);
    if (!methods.length) continue;
    const s = byService[service] || (byService[service] = { declared: 0, shimmed: 0 });
    for (const m of methods) {
      s.declared++;
      if (supported(gasClass, m)) s.shimmed++;
    }
  }
  const rows = Object.entries(byService).filter(([, v]) => v.shimmed > 0).sort();
  if (asJson) {
    process.stdout.write(JSON.stringify({ source: declarations.source, services: Object.fromEntries(rows) }, null, 1) + '\n');
  } else {
    process.stdout.write(`Apps Script methods the runtime shims, per service (of ${declarations.source}):\n`);
    for (const [service, v] of rows) process.stdout.write(`  ${service.padEnd(14)} ${String(v.shimmed).padStart(4)} of ${String(v.declared).padStart(4)}\n`);
  }
  process.exit(0);
}

// ---- the project ----

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const programs = [];
for (const f of input.files) {
  const source = fs.readFileSync(f.path, 'utf8');
  try {
    programs.push({ name: f.name, ast: acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowHashBang: true, allowReturnOutsideFunction: false }) });
  } catch (e) {
    process.stderr.write(`lockstep gas surface: ${f.name}:${e.loc ? `${e.loc.line}:${e.loc.column + 1}` : '?'}: ${e.message.replace(/ \(\d+:\d+\)$/, '')}\n`);
    process.exit(2);
  }
}

const JS_BUILTIN_METHODS = new Set([
  // Array, String, Object, Map, Set, Date, Promise, RegExp, Number, JSON, Math: names a project calls
  // on its own values, never Apps Script calls when the receiver is unknown.
  'push', 'pop', 'shift', 'unshift', 'slice', 'splice', 'concat', 'join', 'map', 'filter', 'reduce', 'forEach',
  'find', 'findIndex', 'some', 'every', 'includes', 'indexOf', 'lastIndexOf', 'sort', 'reverse', 'flat', 'flatMap',
  'keys', 'values', 'entries', 'get', 'set', 'has', 'delete', 'clear', 'add', 'split', 'replace', 'trim',
  'toLowerCase', 'toUpperCase', 'startsWith', 'endsWith', 'substring', 'substr', 'charAt', 'charCodeAt', 'padStart',
  'padEnd', 'repeat', 'match', 'test', 'exec', 'toString', 'toFixed', 'toISOString', 'getTime', 'getFullYear',
  'getMonth', 'getDate', 'getHours', 'getMinutes', 'getSeconds', 'getDay', 'then', 'catch', 'apply', 'call', 'bind',
  'stringify', 'parse', 'floor', 'ceil', 'round', 'max', 'min', 'abs', 'random', 'log', 'error', 'warn', 'info',
  'debug', 'toJSON', 'localeCompare', 'normalize', 'trimStart', 'trimEnd', 'at', 'fill', 'assign', 'freeze',
]);

// Methods the project defines itself (class methods, object-literal methods, assigned functions):
// a call of one of these names on an untyped receiver is the project's own.
const projectMethods = new Set();
const topLevelFunctions = new Map();  // name -> FunctionDeclaration
for (const { ast } of programs) {
  walk.full(ast, (node) => {
    if (node.type === 'MethodDefinition' && node.key.type === 'Identifier') projectMethods.add(node.key.name);
    if (node.type === 'Property' && node.key && node.key.type === 'Identifier' &&
        (node.method || (node.value && /Function/.test(node.value.type)))) projectMethods.add(node.key.name);
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && !node.left.computed &&
        /Function/.test(node.right.type)) projectMethods.add(node.left.property.name);
  });
  for (const st of ast.body) {
    if (st.type === 'FunctionDeclaration' && st.id) topLevelFunctions.set(st.id.name, st);
  }
}

// Scopes: every function (and the program) maps names to inferred types. A name declared in a
// scope without a known type shadows outer knowledge (null).
const scopeTypes = new Map();  // scope node -> Map(name -> type|null)
function scopeOf(ancestors) {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const n = ancestors[i];
    if (n.type === 'Program' || /Function/.test(n.type)) return n;
  }
  return null;
}
function lookup(name, ancestors) {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const n = ancestors[i];
    if (!(n.type === 'Program' || /Function/.test(n.type))) continue;
    const m = scopeTypes.get(n);
    if (m && m.has(name)) return { found: true, type: m.get(name) };
  }
  return { found: false, type: null };
}

const functionReturns = new Map();  // name -> type|null

function typeOf(node, ancestors) {
  if (!node) return null;
  switch (node.type) {
    case 'ChainExpression':
      return typeOf(node.expression, ancestors);
    case 'Identifier': {
      const local = lookup(node.name, ancestors);
      if (local.found) return local.type;
      for (const { ast } of programs) {  // top-level constants of any file (one global scope)
        const m = scopeTypes.get(ast);
        if (m && m.has(node.name)) return m.get(node.name);
      }
      return declarations.globals[node.name] || null;
    }
    case 'MemberExpression': {
      if (node.computed) {
        const t = typeOf(node.object, ancestors);
        return t && t.endsWith('[]') ? t.slice(0, -2) : null;
      }
      const t = typeOf(node.object, ancestors);
      if (!t) return null;
      const m = member(t, node.property.name);
      if (m && typeof m === 'object') return m.enum || m.property || null;
      return null;
    }
    case 'CallExpression': {
      const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
      if (callee.type === 'MemberExpression' && !callee.computed) {
        const t = typeOf(callee.object, ancestors);
        if (t) {
          const m = member(t, callee.property.name);
          return typeof m === 'string' ? m : null;
        }
        return null;
      }
      if (callee.type === 'Identifier' && topLevelFunctions.has(callee.name)) return functionReturns.get(callee.name) || null;
      return null;
    }
    case 'LogicalExpression':
      return typeOf(node.left, ancestors) || typeOf(node.right, ancestors);
    case 'ConditionalExpression':
      return typeOf(node.consequent, ancestors) || typeOf(node.alternate, ancestors);
    case 'AssignmentExpression':
      return typeOf(node.right, ancestors);
    default:
      return null;
  }
}

// Infers variable types in passes until nothing changes (a constant typed from a function whose
// return type is inferred from constants, ...).
function inferPass() {
  let changed = false;
  const note = (scope, name, type) => {
    let m = scopeTypes.get(scope);
    if (!m) scopeTypes.set(scope, (m = new Map()));
    if (m.get(name) === type && m.has(name)) return;
    if (m.has(name) && m.get(name) && !type) return;  // keep what an earlier assignment told
    m.set(name, type);
    changed = true;
  };
  for (const { ast } of programs) {
    walk.ancestor(ast, {
      VariableDeclarator(node, ancestors) {
        if (node.id.type !== 'Identifier') return;
        note(scopeOf(ancestors), node.id.name, typeOf(node.init, ancestors));
      },
      AssignmentExpression(node, ancestors) {
        if (node.left.type !== 'Identifier') return;
        const t = typeOf(node.right, ancestors);
        if (t) note(scopeOf(ancestors), node.left.name, t);
      },
      ForOfStatement(node, ancestors) {
        const t = typeOf(node.right, ancestors);
        const decl = node.left.type === 'VariableDeclaration' ? node.left.declarations[0].id : node.left;
        if (decl.type === 'Identifier') note(scopeOf([...ancestors, node]), decl.name, t && t.endsWith('[]') ? t.slice(0, -2) : null);
      },
    });
    for (const [name, fn] of topLevelFunctions) {
      const types = new Set();
      walk.ancestor(fn.body, {
        ReturnStatement(node, ancestors) {
          if (scopeOf([fn, ...ancestors]) !== fn) return;  // a nested function's return
          types.add(typeOf(node.argument, [ast, fn, ...ancestors]));
        },
      });
      const t = types.size === 1 ? [...types][0] : null;
      if (functionReturns.get(name) !== t && t) {
        functionReturns.set(name, t);
        changed = true;
      }
    }
  }
  return changed;
}
for (let i = 0; i < 10 && inferPass(); i++);

// The classes whose objects this project can hold: the services it names, then what the methods
// it calls (by name, anywhere) return from those, to a fixed point. An untyped receiver can only be
// one of these: a project that never names CalendarApp holds no CalendarEvent.
const calledNames = new Set();
const namedGlobals = new Set();
for (const { ast } of programs) {
  walk.full(ast, (node) => {
    if (node.type === 'CallExpression') {
      const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
      if (callee.type === 'MemberExpression' && !callee.computed) calledNames.add(callee.property.name);
    }
    if (node.type === 'Identifier' && declarations.globals[node.name]) namedGlobals.add(node.name);
  });
}
const reachable = new Set([...namedGlobals].map((g) => declarations.globals[g]));
for (let grew = true; grew;) {
  grew = false;
  for (const c of [...reachable]) {
    for (const name of calledNames) {
      let r = member(c, name);
      if (r && typeof r === 'object') r = r.enum || r.property;
      if (typeof r !== 'string') continue;
      r = r.replace(/\[\]$/, '');
      if (declarations.classes[r] && !reachable.has(r)) {
        reachable.add(r);
        grew = true;
      }
    }
  }
}

// Reachable classes that declare a method name (for untyped receivers).
const classesByMethod = new Map();
for (const gasClass of reachable) {
  for (const m of declaredMethods(gasClass)) {
    if (!classesByMethod.has(m)) classesByMethod.set(m, []);
    classesByMethod.get(m).push(gasClass);
  }
}
const SERVICE_CLASSES = new Set(Object.values(declarations.globals));

const sites = [];
for (const { name: file, ast } of programs) {
  walk.ancestor(ast, {
    CallExpression(node, ancestors) {
      const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
      if (callee.type !== 'MemberExpression' || callee.computed) return;
      const method = callee.property.name;
      const line = node.loc.start.line;
      const t = typeOf(callee.object, ancestors.slice(0, -1));
      if (t) {
        if (member(t, method) === undefined) return;  // a class the platform has, a name it does not: not a call of it
        sites.push({ file, line, classes: [t], method, inferred: true });
        return;
      }
      if (callee.object.type === 'Identifier' && declarations.globals[callee.object.name] &&
          !lookup(callee.object.name, ancestors).found) {
        return;  // a global service's unknown member: not a platform method
      }
      if (JS_BUILTIN_METHODS.has(method) || projectMethods.has(method)) return;
      const candidates = (classesByMethod.get(method) || []).filter((c) => !SERVICE_CLASSES.has(c));
      if (!candidates.length) return;
      sites.push({ file, line, classes: candidates, method, inferred: false });
    },
  });
}

// A typed site is supported or not; an untyped one is supported when the runtime has the method
// on every class the receiver may be, "partly" when on some (reported, not failed), not at all
// when on none.
for (const s of sites) {
  s.supported_by = s.classes.filter((c) => supported(c, s.method));
  s.supported = s.supported_by.length > 0;
  s.partly = s.supported && s.supported_by.length < s.classes.length;
  s.name = s.inferred ? `${shortName(s.classes[0])}.${s.method}` : s.method;
}
sites.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));

const unsupported = sites.filter((s) => !s.supported);
if (asJson) {
  process.stdout.write(JSON.stringify({ project: input.project, source: declarations.source, sites, unsupported: unsupported.length }, null, 1) + '\n');
} else {
  const out = [];
  out.push(`Apps Script call sites of ${input.project} (${programs.length} files, methods named by ${declarations.source}):`);
  const byMethod = new Map();
  for (const s of sites) {
    const key = s.inferred ? s.name
      : s.partly ? `${s.method} (on ${s.supported_by.map(shortName).join(' | ')}; not on ${s.classes.filter((c) => !s.supported_by.includes(c)).map(shortName).join(' | ')})`
      : `${s.method} (on ${s.classes.map(shortName).join(' | ')})`;
    const e = byMethod.get(key) || { sites: [], supported: s.supported, partly: s.partly };
    e.sites.push(`${s.file}:${s.line}`);
    byMethod.set(key, e);
  }
  for (const [key, e] of [...byMethod.entries()].sort()) {
    const where = e.sites.length > 3 ? `${e.sites.slice(0, 3).join(', ')}, ... (${e.sites.length} sites)` : e.sites.join(', ');
    out.push(`  ${e.partly ? 'partly       ' : e.supported ? 'supported    ' : 'NOT SUPPORTED'}  ${key}  ${where}`);
  }
  out.push(`${sites.length} call sites of ${byMethod.size} methods; ${unsupported.length} site(s) not supported` +
           `${sites.filter((s) => !s.inferred).length ? `; ${sites.filter((s) => !s.inferred).length} named by the method alone (receiver not inferred)` : ''}`);
  process.stdout.write(out.join('\n') + '\n');
}
process.exit(unsupported.length ? 1 : 0);
