// PropertiesService (GoogleAppsScript.Properties): the script store (one per deployment) and the
// user store (one per deployment's user) on lockstep's properties model.
//
// Reproduces: values are strings (others are converted with String); each call is atomic on its
// own and a scheduling point, last writer wins, with no transaction across calls (so a
// getProperty/setProperty pair can lose an update, which the checkers detect); the Properties
// object is live (a project that keeps `PROPS` from load time reads the current store on every
// call); getProperties returns a copy; getDocumentProperties is null outside a container; a value
// over 9 KB is refused as the platform refuses it.
//
//   const props = PropertiesService.getScriptProperties();
//   props.setProperty('k', props.getProperty('k') + 1);   // a lost update under concurrency
import { declareClass } from './runtime.mjs';

export class PropertiesShim {
  constructor(rt, store) {
    this.rt = rt;
    this.store = store;
  }
  getProperty(key) {
    return this.rt.call('props.get', { store: this.store, key: String(key) });
  }
  setProperty(key, value) {
    this.rt.call('props.set', { store: this.store, key: String(key), value: String(value) });
    return this;
  }
  deleteProperty(key) {
    this.rt.call('props.delete', { store: this.store, key: String(key) });
    return this;
  }
  getProperties() {
    return this.rt.object(this.rt.call('props.all', { store: this.store }));
  }
  getKeys() {
    return this.rt.array(Object.keys(this.rt.call('props.all', { store: this.store })));
  }
  setProperties(properties, deleteAllOthers) {
    const values = {};
    for (const [k, v] of Object.entries(properties || {})) values[k] = String(v);
    this.rt.call('props.set_all', { store: this.store, values, delete_others: !!deleteAllOthers });
    return this;
  }
  deleteAllProperties() {
    this.rt.call('props.set_all', { store: this.store, values: {}, delete_others: true });
    return this;
  }
}
declareClass(PropertiesShim, 'Properties.Properties');

export class PropertiesServiceShim {
  constructor(rt) {
    this.rt = rt;
  }
  getScriptProperties() {
    return new PropertiesShim(this.rt, 'script');
  }
  getUserProperties() {
    return new PropertiesShim(this.rt, 'user');
  }
  getDocumentProperties() {
    return null;
  }
}
declareClass(PropertiesServiceShim, 'Properties.PropertiesService');
