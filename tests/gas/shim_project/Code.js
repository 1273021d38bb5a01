/**
 * Test project of tests/gas_runtime_test.cc: each function exercises one shim and records what it
 * saw as JSON in a script property (the test reads the properties model), so that the assertions
 * are on what the models hold, never on the shim's own view.
 */
const P = PropertiesService.getScriptProperties();  // read at load, as production's PROPS is

function record_(key, value) {
  P.setProperty(key, JSON.stringify(value));
}

function iteratorPaging() {
  const parent = DriveApp.getFolderById(P.getProperty('PARENT'));
  for (let i = 0; i < 7; i++) parent.createFolder(`f${i}`);
  const names = (it, n) => {
    const out = [];
    while (out.length < n && it.hasNext()) out.push(it.next().getName());
    return out;
  };
  const it = parent.getFolders();
  const first = names(it, 4);
  const token = it.getContinuationToken();
  const rest = names(DriveApp.continueFolderIterator(token), 100);
  let end = '';
  try {
    it.next();
    it.next();
    it.next();
    it.next();
  } catch (e) {
    end = String(e);
  }
  let badToken = '';
  try {
    DriveApp.continueFileIterator(token);
  } catch (e) {
    badToken = String(e);
  }
  record_('result', { first, rest, end, badToken, byName: names(parent.getFoldersByName('f3'), 10) });
}

function lockReentrancy() {
  const outer = LockService.getScriptLock();
  const outerGot = outer.tryLock(100);
  const inner = LockService.getScriptLock();
  const innerGot = inner.tryLock(100);
  if (innerGot) inner.releaseLock();
  record_('e0', { outerGot, innerGot, documentLock: LockService.getDocumentLock() });
  Utilities.sleep(10000);
  outer.releaseLock();
}

function lockLater() {
  const lock = LockService.getScriptLock();
  const got = lock.tryLock(100);
  let waited = '';
  try {
    LockService.getScriptLock().waitLock(50);
  } catch (e) {
    waited = String(e);
  }
  record_('e1', { got, hasLock: lock.hasLock(), waited });
  if (got) lock.releaseLock();
}

function fetchMuted() {
  const headers = { Authorization: 'Bearer t', 'Notion-Version': '2025-09-03' };
  const muted = UrlFetchApp.fetch('https://api.notion.com/v1/pages/00000000-0000-4000-8000-000000000000',
                                  { headers, muteHttpExceptions: true });
  let thrown = '';
  try {
    UrlFetchApp.fetch('https://api.notion.com/v1/pages/00000000-0000-4000-8000-000000000000', { headers });
  } catch (e) {
    thrown = String(e);
  }
  let elsewhere = '';
  try {
    UrlFetchApp.fetch('https://example.com/', { muteHttpExceptions: true });
  } catch (e) {
    elsewhere = String(e);
  }
  const search = UrlFetchApp.fetch('https://api.notion.com/v1/search', {
    method: 'post', headers, contentType: 'application/json', payload: JSON.stringify({ filter: { property: 'object', value: 'data_source' } }),
  });
  record_('result', {
    code: muted.getResponseCode(), body: JSON.parse(muted.getContentText()).code, thrown, elsewhere,
    searchCode: search.getResponseCode(), results: JSON.parse(search.getContentText()).results.length,
    headers: Object.keys(search.getAllHeaders()).length > 0,
  });
}

function propertiesReader() {
  const before = P.getProperty('k');
  Utilities.sleep(5000);
  record_('result', { before, after: P.getProperty('k'), all: Object.keys(P.getProperties()).includes('k') });
}

function propertiesWriter() {
  PropertiesService.getScriptProperties().setProperty('k', 42);
}

function virtualTime() {
  const t0 = Date.now();
  const d = new Date();
  Utilities.sleep(2500);
  const t1 = new Date().getTime();
  let tooLong = '';
  try {
    Utilities.sleep(300001);
  } catch (e) {
    tooLong = String(e);
  }
  class Later extends Date {}
  record_('result', {
    t0, elapsed: t1 - t0, sameAsNew: d.getTime() === t0, isDate: d instanceof Date, sub: new Later(5) instanceof Date,
    epoch: new Date(0).getTime(), asString: typeof Date(), random: Math.random(), uuid: Utilities.getUuid(), tooLong,
    formatted: Utilities.formatDate(new Date(Date.UTC(2026, 0, 20, 15, 4, 5)), 'America/New_York', "yyyy-MM-dd'T'HH:mm:ss Z"),
    localHour: new Date(Date.UTC(2026, 0, 20, 15, 0, 0)).getHours(),
    digest: Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, 'abc').slice(0, 4),
    csv: Utilities.parseCsv('a,"b ""c""",d\r\n1,2,3\n'),
    zone: Session.getScriptTimeZone(), email: Session.getActiveUser().getEmail(), script: ScriptApp.getScriptId(),
  });
}

function cacheAndTriggers() {
  const cache = CacheService.getScriptCache();
  cache.put('a', 'one', 2);
  cache.put('b', 'two');
  const fresh = cache.get('a');
  Utilities.sleep(3000);
  ScriptApp.newTrigger('manualRunDriveSheets').timeBased().everyMinutes(10).create();
  let badMinutes = '';
  try {
    ScriptApp.newTrigger('x').timeBased().everyMinutes(7);
  } catch (e) {
    badMinutes = String(e);
  }
  const triggers = ScriptApp.getProjectTriggers().map((t) => t.getHandlerFunction());
  ScriptApp.deleteTrigger(ScriptApp.getProjectTriggers()[0]);
  record_('result', {
    fresh, expired: cache.get('a'), kept: cache.get('b'), documentCache: CacheService.getDocumentCache(),
    triggers, badMinutes, left: ScriptApp.getProjectTriggers().length,
  });
}

function spreadsheet() {
  const ss = SpreadsheetApp.create('Registry');
  const sheet = ss.getSheetByName('Databases') || ss.insertSheet('Databases');
  sheet.getRange(1, 1, 2, 3).setValues([['a', 'b', 'c'], [1, true, 'x']]);
  let mismatch = '';
  try {
    sheet.getRange(1, 1, 1, 2).setValues([['only one']]);
  } catch (e) {
    mismatch = String(e);
  }
  const values = sheet.getRange('A1:C2').getValues();
  const reopened = SpreadsheetApp.openById(ss.getId()).getSheets().map((s) => s.getName());
  sheet.clear();
  record_('result', { values, reopened, mismatch, cleared: sheet.getLastRow(), missing: ss.getSheetByName('Nope') });
}

function holdThenSleep() {
  const lock = LockService.getScriptLock();
  lock.tryLock(100);
  try {
    Utilities.sleep(20000);  // killed during this sleep
  } finally {
    P.setProperty('finally', 'ran');  // the platform runs no finally block of a killed script
  }
}

function takeAfterKill() {
  const lock = LockService.getScriptLock();
  record_('result', { got: lock.tryLock(100) });
}

// A run its guard turns away: it reads every script property at load (the rotation pointer among
// them, as a real project's getProperties() does), then leaves without touching a data source.
function guardTurnsAway() {
  const all = P.getProperties();
  record_('seen', { pointer: all.nds_drive_sheets_drive_sheets || null });
}

// What a caught error's stack shows: the project's own frames only.
function stackOfAnError() {
  let stack = '';
  try {
    DriveApp.getFolderById('no-such-folder');
  } catch (e) {
    stack = e.stack;
  }
  record_('result', { stack, thrown: new Error('here').stack });
}

// File contents cross to Drive and back as raw bytes: text with every character JSON escapes or
// UTF-8 spreads over several bytes, a large text, and bytes that are not UTF-8 at all (a gzip).
function fileContents() {
  const parent = DriveApp.getFolderById(P.getProperty('PARENT'));
  const text = 'h\u00e9llo "quoted" \\ back\nnew\tline \u0000 nul \ud83c\udfb5 note \u2028 end';
  const small = parent.createFile('small.txt', text, 'text/plain');
  const big = 'x'.repeat(70000) + text;  // more than one pipe buffer and the channel's first 64 KiB
  small.setContent(big);
  const zipped = Utilities.gzip(Utilities.newBlob(text, 'text/plain', 'note.txt'));
  const zipFile = parent.createFile(zipped);
  const back = DriveApp.getFileById(zipFile.getId()).getBlob();
  const sameBytes = JSON.stringify(back.getBytes()) === JSON.stringify(zipped.getBytes());
  const empty = parent.createFile('empty.txt', '');
  record_('result', {
    bigSame: DriveApp.getFileById(small.getId()).getBlob().getDataAsString() === big,
    bigSize: small.getSize(),
    sameBytes,
    unzipped: Utilities.ungzip(back).getDataAsString() === text,
    zipSize: zipFile.getSize(),
    emptyText: empty.getBlob().getDataAsString(),
    ids: { small: small.getId(), zip: zipFile.getId() },
  });
}
