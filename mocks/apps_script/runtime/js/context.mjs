// The global scope of one execution: a fresh `vm` context holding the Apps Script globals (the
// shims of this folder), a Date that reads lockstep's virtual clock, and a Math.random drawn from
// the seeded generator. The project's files are then evaluated in it, in clasp's order, so that
// they share one global scope as on the platform.
//
// Services the runtime does not implement (GmailApp, DocumentApp, ...) are present, as on the
// platform, with every method the platform declares reporting itself unsupported when called.
//
//   const ctx = createExecutionContext(rt, prelude);
//   for (const script of scripts) script.runInContext(ctx);
import vm from 'node:vm';

import { CacheServiceShim } from './cache_service.mjs';
import { LoggerShim, makeConsole } from './console.mjs';
import { declarations } from './declarations.mjs';
import { DriveAppShim } from './drive_app.mjs';
import { LockServiceShim } from './lock_service.mjs';
import { PropertiesServiceShim } from './properties_service.mjs';
import { declareClass, shimClasses } from './runtime.mjs';
import { ScriptAppShim } from './script_app.mjs';
import { SessionShim } from './session.mjs';
import { SpreadsheetAppShim } from './spreadsheet_app.mjs';
import { UrlFetchAppShim } from './url_fetch_app.mjs';
import { Charset, DigestAlgorithm, MacAlgorithm, UtilitiesShim, enumObject } from './utilities.mjs';

// Run once per context, in the context: Date and Math.random through lockstep.
// An error's stack holds the project's own frames only: on the platform the caller of the entry
// function is not script code, and lockstep's worker, its shims and Node's module loader (with the
// checkout's absolute path) must not show in what the project logs or writes to Drive, or the
// same seed in two checkouts would write different bytes.
export const PRELUDE_SOURCE = `(function lockstepPrelude(now, random, isProjectFile) {
  Error.prepareStackTrace = function prepareStackTrace(error, frames) {
    let text;
    try {
      text = String(error);
    } catch {
      text = 'Error';
    }
    for (const frame of frames) {
      if (isProjectFile(frame.getFileName())) text += '\\n    at ' + frame.toString();
    }
    return text;
  };
  const OriginalDate = Date;
  function VirtualDate(...args) {
    if (new.target === undefined) return new OriginalDate(now()).toString();
    const d = args.length === 0 ? new OriginalDate(now()) : new OriginalDate(...args);
    if (new.target !== VirtualDate) Object.setPrototypeOf(d, new.target.prototype);
    return d;
  }
  VirtualDate.prototype = OriginalDate.prototype;
  Object.defineProperty(OriginalDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true });
  Object.defineProperty(VirtualDate, 'name', { value: 'Date' });
  Object.defineProperty(VirtualDate, 'length', { value: 7 });
  VirtualDate.now = function now_() { return now(); };
  VirtualDate.parse = OriginalDate.parse;
  VirtualDate.UTC = OriginalDate.UTC;
  Object.defineProperty(globalThis, 'Date', { value: VirtualDate, writable: true, configurable: true });
  Math.random = function random_() { return random(); };
  return { Date: VirtualDate, Array, Object, Error, TypeError, JSON, Uint8Array };
})`;

const MIME_TYPES = {
  FOLDER: 'application/vnd.google-apps.folder', GOOGLE_SHEETS: 'application/vnd.google-apps.spreadsheet',
  GOOGLE_DOCS: 'application/vnd.google-apps.document', GOOGLE_SLIDES: 'application/vnd.google-apps.presentation',
  GOOGLE_FORMS: 'application/vnd.google-apps.form', GOOGLE_DRAWINGS: 'application/vnd.google-apps.drawing',
  GOOGLE_APPS_SCRIPT: 'application/vnd.google-apps.script', SHORTCUT: 'application/vnd.google-apps.shortcut',
  CSV: 'text/csv', PLAIN_TEXT: 'text/plain', HTML: 'text/html', CSS: 'text/css', JAVASCRIPT: 'application/javascript',
  PDF: 'application/pdf', PNG: 'image/png', JPEG: 'image/jpeg', GIF: 'image/gif', BMP: 'image/bmp', SVG: 'image/svg+xml',
  ZIP: 'application/zip', RTF: 'application/rtf', MICROSOFT_EXCEL: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  MICROSOFT_WORD: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  MICROSOFT_POWERPOINT: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  OPENDOCUMENT_TEXT: 'application/vnd.oasis.opendocument.text', OPENDOCUMENT_SPREADSHEET: 'application/x-vnd.oasis.opendocument.spreadsheet',
};

function mimeTypeEnum() {
  const out = {};
  for (const name of declarations.enums['Base.MimeType'] || Object.keys(MIME_TYPES)) out[name] = MIME_TYPES[name] || name;
  return Object.freeze(out);
}

// A stand-in for a service the runtime does not implement: every declared method says so.
const stubClasses = new Map();
function stubService(rt, gasClass) {
  let cls = stubClasses.get(gasClass);
  if (!cls) {
    cls = class UnsupportedService {
      constructor(r) {
        this.rt = r;
      }
    };
    declareClass(cls, gasClass);
    shimClasses.delete(gasClass);  // a stand-in, not a shim
    stubClasses.set(gasClass, cls);
  }
  return new cls(rt);
}

export function createExecutionContext(rt, preludeScript) {
  const globals = {
    DriveApp: new DriveAppShim(rt),
    LockService: new LockServiceShim(rt),
    PropertiesService: new PropertiesServiceShim(rt),
    CacheService: new CacheServiceShim(rt),
    UrlFetchApp: new UrlFetchAppShim(rt),
    SpreadsheetApp: new SpreadsheetAppShim(rt),
    Utilities: new UtilitiesShim(rt),
    Session: new SessionShim(rt),
    ScriptApp: new ScriptAppShim(rt),
    Logger: new LoggerShim(rt),
    console: makeConsole(rt),
    MimeType: mimeTypeEnum(),
    DigestAlgorithm,
    MacAlgorithm,
    Charset,
  };
  for (const [name, gasClass] of Object.entries(declarations.globals)) {
    if (name in globals) continue;
    globals[name] = declarations.enums[gasClass] ? enumObject(declarations.enums[gasClass]) : stubService(rt, gasClass);
  }
  const ctx = vm.createContext(globals, { name: 'Apps Script execution' });
  const prelude = preludeScript.runInContext(ctx);
  rt.intrinsics = prelude(() => rt.now(), () => rt.random.next(), (file) => rt.project.files.has(file));
  return ctx;
}
