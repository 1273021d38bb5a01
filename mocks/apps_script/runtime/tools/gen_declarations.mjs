#!/usr/bin/env node
// Reads the Apps Script platform's own declarations (@types/google-apps-script, parsed with the
// TypeScript compiler, never with regular expressions) and writes what lockstep needs of them as
// JSON: every global service (`DriveApp` -> "Drive.DriveApp"), every class with its methods and
// each method's return type ("Drive.Folder.getFiles" -> "Drive.FileIterator"), the classes each
// class extends, and enums with their members.
//
//   node mocks/apps_script/runtime/tools/gen_declarations.mjs > mocks/apps_script/runtime/js/gas_declarations.json
//
// The runtime (the unsupported-method guard) and `lockstep gas surface` read the JSON, so neither
// needs TypeScript at run time; tests/gas/declarations_test.mjs regenerates it and compares.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const root = path.dirname(require.resolve('@types/google-apps-script/package.json'));
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

const files = fs.readdirSync(root).filter((f) => /^google-apps-script\..*\.d\.ts$/.test(f)).sort();
const classes = {};
const enums = {};
const globals = {};

// "GoogleAppsScript.Drive.Folder" or "Folder" (inside namespace Drive) -> "Drive.Folder".
function qualify(typeNode, ns) {
  if (!typeNode) return null;
  if (ts.isArrayTypeNode(typeNode)) {
    const inner = qualify(typeNode.elementType, ns);
    return inner ? inner + '[]' : null;
  }
  if (ts.isUnionTypeNode(typeNode)) {
    const parts = typeNode.types.map((t) => qualify(t, ns)).filter((t) => t && t !== 'null');
    return parts.length === 1 ? parts[0] : null;
  }
  if (!ts.isTypeReferenceNode(typeNode)) return null;
  const name = typeNode.typeName.getText();
  if (name.startsWith('GoogleAppsScript.')) return name.slice('GoogleAppsScript.'.length);
  if (name.includes('.')) return name;
  return `${ns}.${name}`;
}

function visitNamespace(body, ns) {
  for (const st of body.statements) {
    if (ts.isModuleDeclaration(st) && st.body && ts.isModuleBlock(st.body)) {
      visitNamespace(st.body, ns ? `${ns}.${st.name.text}` : st.name.text);
    } else if (ts.isInterfaceDeclaration(st) && ns) {
      const key = `${ns}.${st.name.text}`;
      const cls = classes[key] || (classes[key] = { methods: {}, extends: [] });
      for (const clause of st.heritageClauses || []) {
        for (const t of clause.types) {
          const n = t.expression.getText();
          cls.extends.push(n.startsWith('GoogleAppsScript.') ? n.slice(17) : n.includes('.') ? n : `${ns}.${n}`);
        }
      }
      for (const m of st.members) {
        if (!m.name) continue;
        const name = m.name.getText();
        if (ts.isMethodSignature(m)) {
          const ret = qualify(m.type, ns);
          const prev = cls.methods[name];
          // Overloads: keep a return type only when every overload agrees.
          cls.methods[name] = prev === undefined ? ret : prev === ret ? prev : null;
        } else if (ts.isPropertySignature(m) && m.type && ts.isTypeQueryNode(m.type)) {
          // `DigestAlgorithm: typeof DigestAlgorithm`: an enum reached through its service.
          const n = m.type.exprName.getText();
          cls.methods[name] = { enum: n.startsWith('GoogleAppsScript.') ? n.slice(17) : n.includes('.') ? n : `${ns}.${n}` };
        } else if (ts.isPropertySignature(m)) {
          const t = qualify(m.type, ns);
          if (t) cls.methods[name] = { property: t };
        }
      }
    } else if (ts.isEnumDeclaration(st) && ns) {
      enums[`${ns}.${st.name.text}`] = st.members.map((m) => m.name.getText());
    }
  }
}

for (const f of files) {
  const text = fs.readFileSync(path.join(root, f), 'utf8');
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
  for (const st of sf.statements) {
    if (ts.isModuleDeclaration(st) && st.name.text === 'GoogleAppsScript' && st.body && ts.isModuleBlock(st.body)) {
      visitNamespace(st.body, '');
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const t = d.type && ts.isTypeReferenceNode(d.type) ? d.type.typeName.getText() : null;
        if (t && t.startsWith('GoogleAppsScript.')) globals[d.name.getText()] = t.slice(17);
      }
    }
  }
}

const sortObject = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
for (const k of Object.keys(classes)) {
  classes[k].methods = sortObject(classes[k].methods);
  classes[k].extends.sort();
}
const out = {
  source: `@types/google-apps-script@${version}`,
  globals: sortObject(globals),
  classes: sortObject(classes),
  enums: sortObject(enums),
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
