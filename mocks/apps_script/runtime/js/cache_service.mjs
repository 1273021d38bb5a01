// CacheService (GoogleAppsScript.Cache): the script cache (per deployment) and the user cache on
// lockstep's cache model, in virtual time.
//
// Reproduces: values are strings; put takes an expiry in seconds (default 600, at most 21600,
// i.e. 6 hours), counted in virtual time; "data is not guaranteed to persist until its expiration
// time": the model evicts with the scenario's eviction knob, so every get may answer null;
// keys up to 250 characters and values up to 100 KB, else "Argument too large"; getDocumentCache
// is null outside a container. Every call is a scheduling point.
//
//   const cache = CacheService.getScriptCache();
//   if (cache.get('token') === null) cache.put('token', fetchToken(), 300);
import { declareClass } from './runtime.mjs';

const KEY_MAX = 250;
const VALUE_MAX = 100 * 1024;
const EXPIRY_DEFAULT_S = 600;
const EXPIRY_MAX_S = 21600;

export class CacheShim {
  constructor(rt, scope) {
    this.rt = rt;
    this.scope = scope;
  }
  _checkKey(key) {
    const k = String(key);
    if (k.length > KEY_MAX) throw this.rt.error('Argument too large: key');
    return k;
  }
  _checkValue(value) {
    const v = String(value);
    if (Buffer.byteLength(v, 'utf8') > VALUE_MAX) throw this.rt.error('Argument too large: value');
    return v;
  }
  _expiry(seconds) {
    if (seconds === undefined || seconds === null) return EXPIRY_DEFAULT_S;
    const s = Math.floor(Number(seconds));
    if (!Number.isFinite(s) || s < 1) throw this.rt.error('Invalid argument: expirationInSeconds');
    return Math.min(s, EXPIRY_MAX_S);
  }
  get(key) {
    return this.rt.call('cache.get', { scope: this.scope, key: this._checkKey(key) });
  }
  getAll(keys) {
    const list = Array.from(keys || [], (k) => this._checkKey(k));
    return this.rt.object(this.rt.call('cache.get_all', { scope: this.scope, keys: list }));
  }
  put(key, value, expirationInSeconds) {
    this.rt.call('cache.put', { scope: this.scope, key: this._checkKey(key), value: this._checkValue(value), ttl_s: this._expiry(expirationInSeconds) });
  }
  putAll(values, expirationInSeconds) {
    const entries = {};
    for (const [k, v] of Object.entries(values || {})) entries[this._checkKey(k)] = this._checkValue(v);
    this.rt.call('cache.put_all', { scope: this.scope, values: entries, ttl_s: this._expiry(expirationInSeconds) });
  }
  remove(key) {
    this.rt.call('cache.remove', { scope: this.scope, keys: [this._checkKey(key)] });
  }
  removeAll(keys) {
    this.rt.call('cache.remove', { scope: this.scope, keys: Array.from(keys || [], (k) => this._checkKey(k)) });
  }
}
declareClass(CacheShim, 'Cache.Cache');

export class CacheServiceShim {
  constructor(rt) {
    this.rt = rt;
  }
  getScriptCache() {
    return new CacheShim(this.rt, 'script');
  }
  getUserCache() {
    return new CacheShim(this.rt, 'user');
  }
  getDocumentCache() {
    return null;
  }
}
declareClass(CacheServiceShim, 'Cache.CacheService');
