// One worker thread of the host: runs executions one after another, each in a fresh context, and
// talks to its execution's fiber in C++ over its own two FIFOs (channel.mjs). The project's files
// are compiled once per worker (with the host's code cache) and re-evaluated in every context.
//
// Frames from C++ on the reply FIFO: {start: {...}} begins an execution; during one, each call's
// answer, or {kill} (the time limit): from then on every Apps Script call of the execution throws
// without reaching C++, and when the project's code has unwound the worker says {done, killed}
// and is free again. Frames to C++: {ready}, then per execution its calls and a final {done} (or
// {unsupported}, after which the worker exits).
import fs from 'node:fs';
import vm from 'node:vm';
import { workerData } from 'node:worker_threads';

import { Channel } from './channel.mjs';
import { PRELUDE_SOURCE, createExecutionContext } from './context.mjs';
import { ExecutionRuntime } from './runtime.mjs';

const { slot, requestPath, replyPath, files } = workerData;
const channel = new Channel(fs.openSync(requestPath, 'w'), fs.openSync(replyPath, 'r'));
const scripts = files.map((f) => new vm.Script(f.source, { filename: f.name, cachedData: f.cache }));
const prelude = new vm.Script(PRELUDE_SOURCE, { filename: 'lockstep-prelude.js' });
const project = { files: new Set(files.map((f) => f.name)) };

// The entry function of a context, by name (C++ checked it is an identifier); compiled once.
const entryScripts = new Map();
function entryScript(name) {
  let s = entryScripts.get(name);
  if (!s) {
    s = new vm.Script(`typeof ${name} === 'function' ? ${name} : undefined`, { filename: 'lockstep-entry.js' });
    entryScripts.set(name, s);
  }
  return s;
}

// A value the entry returned, as JSON (functions, cycles and the like become their description).
function describe(value) {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return String(value);
  }
}

function errorFrame(e) {
  if (e === null || typeof e !== 'object') return { name: 'Error', message: String(e), stack: '' };
  return { name: String(e.name || 'Error'), message: String(e.message ?? e), stack: String(e.stack || '') };
}

// The next execution's runtime and context, made while the worker waits for it (a context costs
// most of a millisecond; made ahead, it is off the schedule's critical path). Nothing in it
// depends on the execution until begin().
function prepare() {
  const rt = new ExecutionRuntime(channel, project);
  return { rt, ctx: createExecutionContext(rt, prelude) };
}

function run(start, prepared) {
  const { rt, ctx } = prepared;
  rt.begin(start);
  let error = null;
  let value;
  try {
    for (const script of scripts) script.runInContext(ctx);
    const entry = entryScript(start.entry).runInContext(ctx);
    if (entry === undefined) {
      error = { name: 'lockstep', message: `the project has no function ${start.entry}`, stack: '' };
    } else {
      value = entry.apply(undefined, start.args || []);
    }
  } catch (e) {
    error = errorFrame(e);
  }
  // A killed execution's end: C++ only needs to know the worker is free again.
  if (rt.killed) {
    channel.send({ done: true, killed: true });
    return;
  }
  const frame = { done: true, ok: error === null, calls: rt.calls };
  if (error) frame.error = error;
  else frame.value = describe(value);
  if (rt.logs.length) frame.l = rt.logs;
  channel.send(frame);
}

let next = prepare();
channel.send({ ready: slot });
for (;;) {
  const frame = channel.receive();
  if (frame.quit) break;
  if (frame.start) {
    run(frame.start, next);
    next = prepare();
  }
}
