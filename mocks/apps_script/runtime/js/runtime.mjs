// ExecutionRuntime: what every shim uses during one execution. It stands in for nothing of Apps
// Script itself; it is the shims' only way to the models (`call`, one synchronous request to the
// execution's fiber in C++, a scheduling point there) and the source of everything that must be
// deterministic: the virtual clock (advanced only by C++'s answers), the seeded generator behind
// Math.random and Utilities.getUuid, and the context's own intrinsics, so that a Date, an Array
// or an Error handed to the project belongs to the project's realm (`x instanceof Date` holds).
//
//   const folder = rt.call('drive.get', { id });        // a scheduling point in C++
//   const { bytes } = rt.exchange('drive.read', { id }); // raw bytes beside the JSON (channel.mjs)
//   return rt.date(folder.modified);                     // a Date of the project's realm
//   throw rt.error('No item with the given ID could be found.');
import { declaredMethods } from './declarations.mjs';

// xoshiro128**, seeded by splitmix32 from (seed, execution): the same draws on every platform.
class Random {
  constructor(seedText, execution) {
    let h = 0x811c9dc5;
    for (const ch of `${seedText}/${execution}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    const split = () => {
      h = (h + 0x9e3779b9) >>> 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s = [split(), split(), split(), split()];
  }
  nextU32() {
    const s = this.s;
    const result = Math.imul(((Math.imul(s[1], 5) << 7) | (Math.imul(s[1], 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ((s[3] << 11) | (s[3] >>> 21)) >>> 0;
    return result;
  }
  // [0, 1) with 53 random bits, as Math.random promises.
  next() {
    return (this.nextU32() * 2 ** 21 + (this.nextU32() >>> 11)) / 2 ** 53;
  }
}

export class ExecutionRuntime {
  // The context is made before the execution is known (a worker prepares its next context while it
  // waits); begin() gives it the execution.
  constructor(channel, project) {
    this.channel = channel;
    this.project = project;
    this.start = null;
    this.nowMs = 0;
    this.random = null;
    this.tracing = false;
    this.logs = [];
    this.intrinsics = null;  // set once the context exists
    this.lockHandles = 0;
    this.calls = 0;
    this.killed = false;
  }

  begin(start) {
    this.start = start;
    this.nowMs = start.now;
    this.random = new Random(start.seed, start.execution);
    this.tracing = !!start.tracing;
  }

  // One request to C++; returns its result, or throws the Apps Script exception it answered.
  // Once the execution is killed (its time limit), nothing reaches C++ any more: every call throws,
  // so whatever the project's code does on its way out has no effect, as on the platform.
  call(op, args, bytes) {
    return this.exchange(op, args, bytes).result;
  }

  // The same, for a call with raw bytes either way (a Buffer: a file's content, an HTTP body):
  // returns { result, bytes }.
  exchange(op, args, bytes) {
    if (this.killed) throw this.error('lockstep: this execution was killed at its time limit');
    const frame = { c: op, a: args };
    if (this.tracing) {
      frame.s = this.site();
      if (this.logs.length) {
        frame.l = this.logs;
        this.logs = [];
      }
    }
    this.channel.send(frame, bytes);
    this.calls++;
    const reply = this.channel.receive();
    if (reply.kill) {
      this.killed = true;
      throw this.error('lockstep: this execution was killed at its time limit');
    }
    this.nowMs = reply.n;
    if (reply.e !== undefined) throw this.error(reply.e, reply.k);
    return { result: reply.r, bytes: this.channel.payload };
  }

  now() {
    return this.nowMs;
  }

  // An Apps Script exception of the project's realm: String(e) is "Exception: <message>".
  error(message, name = 'Exception') {
    const e = new this.intrinsics.Error(message);
    e.name = name;
    return e;
  }
  typeError(message) {
    return new this.intrinsics.TypeError(message);
  }
  date(ms) {
    return new this.intrinsics.Date(ms);
  }
  array(list) {
    return this.intrinsics.Array.from(list);
  }
  // A plain object of the project's realm (a copy).
  object(plain) {
    return this.intrinsics.JSON.parse(JSON.stringify(plain));
  }

  // "Code.js:5360": the first frame of the project's own code on the stack.
  site() {
    const savedPrepare = Error.prepareStackTrace;
    const savedLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 30;
    Error.prepareStackTrace = (_, frames) => frames;
    const holder = {};
    Error.captureStackTrace(holder, this.site);
    const frames = holder.stack;
    Error.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
    for (const f of frames) {
      const file = f.getFileName();
      if (file && this.project.files.has(file)) return `${file}:${f.getLineNumber()}`;
    }
    return '';
  }

  log(level, text) {
    if (this.tracing) this.logs.push([level, text]);
  }

  // Ends the execution: the method is one the platform has and this runtime does not. The fiber
  // in C++ reports it (the run exits 2 naming it); the project cannot catch it.
  unsupported(qualifiedMethod) {
    this.channel.send({ unsupported: qualifiedMethod, s: this.site() });
    process.exit(0);
  }

  nextLockHandle() {
    return ++this.lockHandles;
  }
}

// Gives every method the platform declares for `gasClass` (and the classes it extends) that the
// shim class does not implement a body that reports it as unsupported, so a project that calls one
// fails with the method's name and line instead of "is not a function".
// Every shim class by the platform class it stands for ("Drive.Folder" -> FolderShim).
export const shimClasses = new Map();

export function declareClass(shimClass, gasClass) {
  shimClasses.set(gasClass, shimClass);
  Object.defineProperty(shimClass.prototype, '__gasClass', { value: gasClass });
  for (const name of declaredMethods(gasClass)) {
    if (name in shimClass.prototype) continue;
    Object.defineProperty(shimClass.prototype, name, {
      value: function unsupportedMethod() {
        this.rt.unsupported(`${gasClass.replace(/^[A-Za-z_]+\./, '')}.${name}`);
      },
      writable: true,
      configurable: true,
    });
  }
  return shimClass;
}
