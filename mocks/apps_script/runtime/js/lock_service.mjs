// LockService (GoogleAppsScript.Lock): script, user and document locks on lockstep's lock model
// through the LockService seam, with the re-entrancy model the scenario chose (S1, S2, S3) and
// one lock namespace per deployment.
//
// Reproduces: getScriptLock/getUserLock return a new Lock object on every call, and nothing is
// acquired until tryLock/waitLock; getDocumentLock is null outside a container-bound script;
// tryLock answers a boolean, waitLock throws "Lock timeout: another process was holding the lock
// for too long." on timeout; hasLock is false before, after a timeout and after release;
// releaseLock of a lock not held does nothing. Every call is a scheduling point; the platform
// releases an execution's locks when it ends or is killed (C++ does that, not the shim).
//
//   const lock = LockService.getScriptLock();
//   if (lock.tryLock(8000)) { try { ... } finally { lock.releaseLock(); } }
import { declareClass } from './runtime.mjs';

function timeoutOf(rt, ms) {
  const n = Number(ms);
  if (!Number.isFinite(n) || n < 0) throw rt.error(`Invalid argument: timeoutInMillis`);
  return Math.floor(n);
}

export class LockShim {
  constructor(rt, scope) {
    this.rt = rt;
    this.scope = scope;
    this.handle = rt.nextLockHandle();
  }
  tryLock(timeoutInMillis) {
    return this.rt.call('lock.try', { h: this.handle, scope: this.scope, ms: timeoutOf(this.rt, timeoutInMillis) });
  }
  waitLock(timeoutInMillis) {
    this.rt.call('lock.wait', { h: this.handle, scope: this.scope, ms: timeoutOf(this.rt, timeoutInMillis) });
  }
  hasLock() {
    return this.rt.call('lock.has', { h: this.handle, scope: this.scope });
  }
  releaseLock() {
    this.rt.call('lock.release', { h: this.handle, scope: this.scope });
  }
}
declareClass(LockShim, 'Lock.Lock');

export class LockServiceShim {
  constructor(rt) {
    this.rt = rt;
  }
  getScriptLock() {
    return new LockShim(this.rt, 'script');
  }
  getUserLock() {
    return new LockShim(this.rt, 'user');
  }
  getDocumentLock() {
    return null;
  }
}
declareClass(LockServiceShim, 'Lock.LockService');
