#!/usr/bin/env node
// The Node host of lockstep's Apps Script runtime: one process per exploration worker, started by
// lockstep (mocks/apps_script/runtime/gas_host.cc). It compiles the project once, then keeps a
// pool of worker threads (worker.mjs), one per live execution.
//
// Control lines (JSON, one per line) on stdin:
//   {"project": {"files": [{"name": "Code.js", "path": "/abs/Code.js"}, ...]}}   first, once
//   {"open": N, "req": "/tmp/.../N.req", "rep": "/tmp/.../N.rep"}              a worker for slot N
//   {"terminate": N}                                                            stop slot N's worker
//   {"quit": true}
// Lines on stdout: {"host": "ready", "files": n}, or {"error": "Code.js:184: SyntaxError: ..."} and
// exit 2 when the project does not compile; {"exited": N, "code": c} when slot N's worker ended
// (killed at the time limit, an unsupported call, or a crash).
import fs from 'node:fs';
import readline from 'node:readline';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';

let files = null;
const workers = new Map();

function say(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function compile(list) {
  const out = [];
  for (const f of list) {
    const source = fs.readFileSync(f.path, 'utf8');
    let script;
    try {
      script = new vm.Script(source, { filename: f.name });
    } catch (e) {
      const where = String(e.stack || '').split('\n')[0];
      say({ error: `${where}: ${e.name}: ${e.message}` });
      process.exit(2);
    }
    out.push({ name: f.name, source, cache: script.createCachedData() });
  }
  return out;
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (!line.trim()) return;
  const msg = JSON.parse(line);
  if (msg.project) {
    files = compile(msg.project.files);
    say({ host: 'ready', files: files.length });
  } else if (msg.open !== undefined) {
    const slot = msg.open;
    const w = new Worker(new URL('./worker.mjs', import.meta.url), {
      workerData: { slot, requestPath: msg.req, replyPath: msg.rep, files },
      stdout: false,
      stderr: false,
    });
    workers.set(slot, w);
    w.on('error', (e) => {
      process.stderr.write(`lockstep gas host: worker ${slot}: ${e && e.stack ? e.stack : e}\n`);
    });
    w.on('exit', (code) => {
      workers.delete(slot);
      say({ exited: slot, code });
    });
  } else if (msg.terminate !== undefined) {
    // A killed execution's code that did not unwind (an endless loop that catches everything).
    const w = workers.get(msg.terminate);
    if (w) w.terminate();
  } else if (msg.quit) {
    process.exit(0);
  }
});
rl.on('close', () => process.exit(0));
