// ScriptApp (GoogleAppsScript.Script): the project's id and its triggers. Triggers are recorded in
// C++ (one table per deployment, shared by its executions: one execution's newTrigger is seen by
// another's getProjectTriggers) and never fired: a scenario's executions are what runs.
//
// Reproduces: newTrigger(handler).timeBased().everyMinutes(n)/everyHours(n)/everyDays(n)
// .atHour(h).nearMinute(m).create(); everyMinutes accepts 1, 5, 10, 15 or 30 only, as the platform
// does; getProjectTriggers lists the deployment's triggers; deleteTrigger removes one. Each of
// those is a scheduling point. getScriptId is the deployment's script id.
//
//   ScriptApp.newTrigger('manualRunDriveSheets').timeBased().everyMinutes(10).create();
import { declareClass } from './runtime.mjs';
import { enumObject } from './utilities.mjs';

export class TriggerShim {
  constructor(rt, record) {
    this.rt = rt;
    this.record = record;
  }
  getHandlerFunction() {
    return this.record.handler;
  }
  getUniqueId() {
    return this.record.id;
  }
  getEventType() {
    return 'CLOCK';
  }
  getTriggerSource() {
    return 'CLOCK';
  }
  getTriggerSourceId() {
    return null;
  }
}
declareClass(TriggerShim, 'Script.Trigger');

export class ClockTriggerBuilderShim {
  constructor(rt, handler) {
    this.rt = rt;
    this.spec = { handler };
  }
  everyMinutes(n) {
    if (![1, 5, 10, 15, 30].includes(Number(n))) throw this.rt.error('The value passed to everyMinutes must be 1, 5, 10, 15 or 30.');
    this.spec.every_minutes = Number(n);
    return this;
  }
  everyHours(n) {
    this.spec.every_hours = Number(n);
    return this;
  }
  everyDays(n) {
    this.spec.every_days = Number(n);
    return this;
  }
  everyWeeks(n) {
    this.spec.every_weeks = Number(n);
    return this;
  }
  atHour(h) {
    this.spec.at_hour = Number(h);
    return this;
  }
  nearMinute(m) {
    this.spec.near_minute = Number(m);
    return this;
  }
  after(ms) {
    this.spec.after_ms = Number(ms);
    return this;
  }
  at(date) {
    this.spec.at_ms = date.getTime();
    return this;
  }
  inTimezone(tz) {
    this.spec.time_zone = String(tz);
    return this;
  }
  create() {
    return new TriggerShim(this.rt, this.rt.call('trigger.create', this.spec));
  }
}
declareClass(ClockTriggerBuilderShim, 'Script.ClockTriggerBuilder');

export class TriggerBuilderShim {
  constructor(rt, handler) {
    this.rt = rt;
    this.handler = handler;
  }
  timeBased() {
    return new ClockTriggerBuilderShim(this.rt, this.handler);
  }
}
declareClass(TriggerBuilderShim, 'Script.TriggerBuilder');

export class ScriptAppShim {
  constructor(rt) {
    this.rt = rt;
    this.EventType = enumObject(['CLOCK', 'ON_OPEN', 'ON_EDIT', 'ON_FORM_SUBMIT', 'ON_CHANGE', 'ON_EVENT_UPDATED']);
    this.TriggerSource = enumObject(['SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR']);
    this.AuthMode = enumObject(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL']);
  }
  getScriptId() {
    return this.rt.start.script_id;
  }
  getOAuthToken() {
    return 'lockstep-oauth-token';
  }
  newTrigger(functionName) {
    return new TriggerBuilderShim(this.rt, String(functionName));
  }
  getProjectTriggers() {
    return this.rt.array(this.rt.call('trigger.list', {}).map((r) => new TriggerShim(this.rt, r)));
  }
  deleteTrigger(trigger) {
    this.rt.call('trigger.delete', { id: trigger.getUniqueId() });
  }
}
declareClass(ScriptAppShim, 'Script.ScriptApp');
