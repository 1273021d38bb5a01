// Session (GoogleAppsScript.Base.Session and User): who runs the script and in which time zone,
// from the scenario (gas.user_email, per deployment) and the project's appsscript.json. Local to
// the execution: no call reaches C++.
//
// Reproduces: getActiveUser and getEffectiveUser return a User whose getEmail is the deployment's
// account (a time-driven trigger runs as the account that owns it, so both agree);
// getScriptTimeZone is the manifest's timeZone.
//
//   const email = Session.getActiveUser().getEmail();
import { declareClass } from './runtime.mjs';

export class UserShim {
  constructor(rt, email) {
    this.rt = rt;
    this.email = email;
  }
  getEmail() {
    return this.email;
  }
  getUserLoginId() {
    return this.email;
  }
  toString() {
    return this.email;
  }
}
declareClass(UserShim, 'Base.User');

export class SessionShim {
  constructor(rt) {
    this.rt = rt;
  }
  getActiveUser() {
    return new UserShim(this.rt, this.rt.start.user_email);
  }
  getEffectiveUser() {
    return new UserShim(this.rt, this.rt.start.user_email);
  }
  getScriptTimeZone() {
    return this.rt.start.time_zone;
  }
  getActiveUserLocale() {
    return 'en';
  }
  getTemporaryActiveUserKey() {
    return `lockstep-user-key-${this.rt.start.deployment}`;
  }
}
declareClass(SessionShim, 'Base.Session');
