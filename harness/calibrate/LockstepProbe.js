/**
 * LockstepProbe.js: measures, on the real Apps Script platform, what lockstep's models leave as
 * knobs. Add this file to a project (any project of the account to measure), run lockstepProbe()
 * once from the editor, and copy the line it logs that starts with "LOCKSTEP_PROBE " into a file;
 * `lockstep calibrate FILE` turns it into a scenario fragment (docs/calibration.md).
 *
 * What it measures:
 *   - the re-entrancy of a nested LockService.getScriptLock() in one execution (S1, S2 or S3):
 *     does a second lock object of the same execution acquire the held lock, and does releasing
 *     it free the lock for another execution;
 *   - whether a folder created by one execution is listed by getFolders(), found by
 *     Folder.getFoldersByName() and by DriveApp.getFoldersByName() in another execution at once or
 *     after a delay (five folders, the delays seen);
 *   - whether getFolders() lists trashed children, and in which order it lists;
 *   - whether moving a file updates getLastUpdated() of its old and new parent folders;
 *   - the execution time limit (see below).
 *
 * The other execution is an observer started by a time-based trigger this function creates (the
 * first run asks for the permission to manage triggers); lockstepProbe waits up to 150 s for it. If
 * it never starts, the cross-execution figures are null and the lock model is read from hasLock().
 * After its measurements the observer keeps writing a heartbeat into the script properties every
 * 10 s until the platform kills it: the next run of lockstepProbe reports that run's time limit
 * (run it again after 35 minutes to get it; the first run reports null).
 *
 * Everything it creates is in one folder "lockstep-probe-<id>" in My Drive, trashed at the end,
 * and its properties start with LOCKSTEP_PROBE_. Nothing else is touched.
 */

var LOCKSTEP_PROBE_FOLDERS = 5;         // folders created for the visibility measurement
var LOCKSTEP_PROBE_POLL_MS = 250;       // the observer's polling interval
var LOCKSTEP_PROBE_SEE_MS = 120000;     // how long the observer looks for each folder
var LOCKSTEP_PROBE_WAIT_MS = 150000;    // how long lockstepProbe waits for the observer
var LOCKSTEP_PROBE_BEAT_MS = 10000;     // the observer's heartbeat interval
var LOCKSTEP_PROBE_BEAT_MAX_MS = 2400000;  // the observer stops beating after 40 minutes

function lockstepProbeProps_() {
  return PropertiesService.getScriptProperties();
}

function lockstepProbeGet_(key) {
  var v = lockstepProbeProps_().getProperty('LOCKSTEP_PROBE_' + key);
  return v === null ? null : JSON.parse(v);
}

function lockstepProbeSet_(key, value) {
  lockstepProbeProps_().setProperty('LOCKSTEP_PROBE_' + key, JSON.stringify(value));
}

// Waits (polling the properties) until `read()` answers something other than null, or `ms` pass.
function lockstepProbeAwait_(read, ms) {
  var until = Date.now() + ms;
  for (;;) {
    var v = read();
    if (v !== null && v !== undefined) return v;
    if (Date.now() >= until) return null;
    Utilities.sleep(LOCKSTEP_PROBE_POLL_MS);
  }
}

// The time limit of the previous probe's observer, from its last heartbeat.
function lockstepProbeLimit_() {
  var beat = lockstepProbeGet_('HEARTBEAT');
  if (beat === null) return null;
  // Still beating? A heartbeat younger than three intervals means the observer is alive.
  if (Date.now() - beat.last < 3 * LOCKSTEP_PROBE_BEAT_MS) return null;
  return { run: beat.run, ms: beat.last - beat.started, resolution_ms: LOCKSTEP_PROBE_BEAT_MS,
           survived: beat.last - beat.started >= LOCKSTEP_PROBE_BEAT_MAX_MS };
}

function lockstepProbeOrder_(names) {
  var sorted = names.slice().sort();
  var created = ['c-2', 'c-1', 'c-3'];
  if (names.join(',') === created.join(',')) return 'creation';
  if (names.join(',') === sorted.join(',')) return 'name';
  return 'other';
}

function lockstepProbe() {
  var result = { lockstep_probe: 1, at: new Date().toISOString(), time_zone: Session.getScriptTimeZone(),
                 notes: [] };
  var id = Utilities.getUuid().slice(0, 8);
  result.id = id;
  result.previous_execution_limit = lockstepProbeLimit_();
  var props = lockstepProbeProps_();
  ['RUN', 'OBSERVER', 'PHASE', 'LOCK_OBSERVED', 'FOLDER', 'LAG', 'SEEN', 'HEARTBEAT'].forEach(function (k) {
    props.deleteProperty('LOCKSTEP_PROBE_' + k);
  });
  lockstepProbeSet_('RUN', id);
  var trigger = null;
  try {
    trigger = ScriptApp.newTrigger('lockstepProbeObserver').timeBased().after(1000).create();
  } catch (e) {
    result.notes.push('no trigger: ' + String(e));
  }
  var root = DriveApp.getRootFolder();
  var probe = root.createFolder('lockstep-probe-' + id);
  lockstepProbeSet_('FOLDER', probe.getId());
  var observer = lockstepProbeAwait_(function () { return lockstepProbeGet_('OBSERVER'); }, LOCKSTEP_PROBE_WAIT_MS);
  result.observer = observer !== null;
  if (!result.observer) result.notes.push('the observer did not start within ' + LOCKSTEP_PROBE_WAIT_MS + ' ms');

  // 1. Nested getScriptLock() in one execution.
  var outer = LockService.getScriptLock();
  var lock = { outer_acquired: outer.tryLock(10000) };
  if (lock.outer_acquired) {
    var inner = LockService.getScriptLock();
    var t0 = Date.now();
    lock.inner_acquired = inner.tryLock(3000);
    lock.inner_waited_ms = Date.now() - t0;
    if (lock.inner_acquired) {
      inner.releaseLock();
      lock.outer_has_lock_after_inner_release = outer.hasLock();
      if (result.observer) {
        lockstepProbeSet_('PHASE', 'lock');
        var seen = lockstepProbeAwait_(function () { return lockstepProbeGet_('LOCK_OBSERVED'); }, 60000);
        lock.other_execution_acquired_after_inner_release = seen === null ? null : seen === 'acquired';
      }
    }
    outer.releaseLock();
    if (!lock.inner_acquired) lock.model = 'S3';
    else if (lock.other_execution_acquired_after_inner_release === true) lock.model = 'S1';
    else if (lock.other_execution_acquired_after_inner_release === false) lock.model = 'S2';
    else lock.model = lock.outer_has_lock_after_inner_release ? 'S2' : 'S1';
  } else {
    result.notes.push('the script lock was busy: no re-entrancy measurement');
  }
  result.lock = lock;

  // 2. Listings: trashed children, order.
  var trashed = probe.createFolder('trashed-' + id);
  trashed.setTrashed(true);
  ['c-2', 'c-1', 'c-3'].forEach(function (n) { probe.createFolder(n); });
  var names = [];
  var includesTrashed = false;
  for (var it = probe.getFolders(); it.hasNext();) {
    var f = it.next();
    if (f.getName() === 'trashed-' + id) includesTrashed = true;
    else names.push(f.getName());
  }
  result.listing = { includes_trashed: includesTrashed, order: lockstepProbeOrder_(names), names: names };

  // 3. A move and the parents' modification times.
  var from = probe.createFolder('move-from');
  var to = probe.createFolder('move-to');
  var file = from.createFile('moved.txt', 'lockstep probe', 'text/plain');
  var fromBefore = DriveApp.getFolderById(from.getId()).getLastUpdated().getTime();
  var toBefore = DriveApp.getFolderById(to.getId()).getLastUpdated().getTime();
  Utilities.sleep(2000);
  file.moveTo(to);
  result.move_touches_parents = {
    old_parent: DriveApp.getFolderById(from.getId()).getLastUpdated().getTime() !== fromBefore,
    new_parent: DriveApp.getFolderById(to.getId()).getLastUpdated().getTime() !== toBefore,
  };

  // 4. Another execution's view of new folders.
  if (result.observer) {
    var created = {};
    var lagNames = [];
    for (var k = 1; k <= LOCKSTEP_PROBE_FOLDERS; ++k) lagNames.push('lag-' + id + '-' + k);
    lockstepProbeSet_('LAG', { names: lagNames, created: created });
    lockstepProbeSet_('PHASE', 'lag');
    for (var j = 0; j < lagNames.length; ++j) {
      probe.createFolder(lagNames[j]);
      created[lagNames[j]] = Date.now();
      lockstepProbeSet_('LAG', { names: lagNames, created: created });
      Utilities.sleep(3000);
    }
    var report = lockstepProbeAwait_(function () {
      var s = lockstepProbeGet_('SEEN');
      return s !== null && s.finished ? s : null;
    }, LOCKSTEP_PROBE_SEE_MS + 30000);
    var delays = function (seenAt) {
      return lagNames.map(function (n) {
        return seenAt && seenAt[n] !== undefined ? seenAt[n] - created[n] : null;
      });
    };
    result.visibility = report === null ? null : {
      get_folders_ms: delays(report.listing),
      folder_get_folders_by_name_ms: delays(report.in_parent),
      drive_get_folders_by_name_ms: delays(report.search),
      poll_ms: report.poll_ms,
      looked_ms: LOCKSTEP_PROBE_SEE_MS,
    };
    if (report === null) result.notes.push('the observer did not report what it saw');
  } else {
    result.visibility = null;
  }
  lockstepProbeSet_('PHASE', 'done');
  probe.setTrashed(true);
  if (trigger !== null) {
    try { ScriptApp.deleteTrigger(trigger); } catch (e) { result.notes.push('trigger not deleted: ' + String(e)); }
  }
  if (result.previous_execution_limit === null) {
    result.notes.push('execution limit: run lockstepProbe again in 35 minutes (the observer is measuring it now)');
  }
  var line = JSON.stringify(result);
  lockstepProbeProps_().setProperty('LOCKSTEP_PROBE_RESULT', line);
  console.log('LOCKSTEP_PROBE ' + line);
  return result;
}

// The observer: another execution, started by lockstepProbe's trigger.
function lockstepProbeObserver() {
  var run = lockstepProbeAwait_(function () { return lockstepProbeGet_('RUN'); }, 60000);
  if (run === null) return;
  var started = Date.now();
  lockstepProbeSet_('OBSERVER', { run: run, started: started });
  var lockDone = false;
  var seen = { listing: {}, in_parent: {}, search: {}, poll_ms: 0, finished: false };
  var lagSince = null;
  var lastPoll = null;
  var folder = null;
  for (;;) {
    var phase = lockstepProbeGet_('PHASE');
    if (phase === 'done' || Date.now() - started > LOCKSTEP_PROBE_WAIT_MS + LOCKSTEP_PROBE_SEE_MS + 120000) break;
    if (phase === 'lock' && !lockDone) {
      var other = LockService.getScriptLock();
      var got = other.tryLock(0);
      if (got) other.releaseLock();
      lockstepProbeProps_().setProperty('LOCKSTEP_PROBE_LOCK_OBSERVED', JSON.stringify(got ? 'acquired' : 'refused'));
      lockDone = true;
    }
    if (phase === 'lag') {
      var lag = lockstepProbeGet_('LAG');
      if (folder === null) folder = DriveApp.getFolderById(lockstepProbeGet_('FOLDER'));
      if (lagSince === null) lagSince = Date.now();
      var now = Date.now();
      if (lastPoll !== null) seen.poll_ms = Math.max(seen.poll_ms, now - lastPoll);
      lastPoll = now;
      var listed = {};
      for (var it = folder.getFolders(); it.hasNext();) listed[it.next().getName()] = true;
      var changed = false;
      var all = true;
      lag.names.forEach(function (n) {
        if (lag.created[n] === undefined) { all = false; return; }
        var t = Date.now();
        if (seen.listing[n] === undefined && listed[n]) { seen.listing[n] = t; changed = true; }
        if (seen.in_parent[n] === undefined && folder.getFoldersByName(n).hasNext()) { seen.in_parent[n] = Date.now(); changed = true; }
        if (seen.search[n] === undefined && DriveApp.getFoldersByName(n).hasNext()) { seen.search[n] = Date.now(); changed = true; }
        if (seen.listing[n] === undefined || seen.in_parent[n] === undefined || seen.search[n] === undefined) all = false;
      });
      if (all || Date.now() - lagSince > LOCKSTEP_PROBE_SEE_MS + 15000) {
        seen.finished = true;
        lockstepProbeSet_('SEEN', seen);
        break;
      }
      if (changed) lockstepProbeSet_('SEEN', seen);
    }
    Utilities.sleep(LOCKSTEP_PROBE_POLL_MS);
  }
  // The execution limit: beat until the platform ends this execution.
  for (;;) {
    var last = Date.now();
    var done = last - started >= LOCKSTEP_PROBE_BEAT_MAX_MS;
    lockstepProbeSet_('HEARTBEAT', { run: run, started: started, last: last });
    if (done) return;
    Utilities.sleep(LOCKSTEP_PROBE_BEAT_MS);
  }
}
