// console and Logger (GoogleAppsScript.Base.Logger): the project's log lines, into lockstep's trace
// when the schedule is traced (each line becomes a trace step of its execution, in order, at the
// virtual time it was written) and nowhere otherwise. Local to the execution.
//
// Reproduces: console.log/info/warn/error/debug format their arguments as the platform's V8 does
// (objects as JSON-like text, %s/%d/%o substitutions); Logger.log(format, ...values) substitutes
// %s; Logger.getLog answers everything logged so far; Logger.clear empties it.
//
//   console.log('processed', n, 'databases');
import util from 'node:util';

import { declareClass } from './runtime.mjs';

export function makeConsole(rt) {
  const line = (level) => (...args) => rt.log(level, util.format(...args));
  return {
    log: line('info'),
    info: line('info'),
    warn: line('warning'),
    error: line('error'),
    debug: line('debug'),
    trace: line('debug'),
    time() {},
    timeEnd() {},
  };
}

export class LoggerShim {
  constructor(rt) {
    this.rt = rt;
    this.text = '';
  }
  log(format, ...values) {
    let s = typeof format === 'string' ? format : util.format(format);
    if (values.length) {
      let k = 0;
      s = s.replace(/%s/g, () => (k < values.length ? String(values[k++]) : '%s'));
      if (k < values.length) s += ' ' + values.slice(k).map(String).join(' ');
    }
    this.text += s + '\n';
    this.rt.log('info', s);
    return this;
  }
  getLog() {
    return this.text;
  }
  clear() {
    this.text = '';
  }
}
declareClass(LoggerShim, 'Base.Logger');
