// Drives `lockstep serve` with Google's official Node client, @googleapis/sheets, unchanged but
// for the base URL: spreadsheets.create (and the Drive file it makes), values update, get and
// append (twice: not idempotent), clear, batchUpdate, addSheet, a quoted tab title in A1
// notation, and Sheets' google.rpc.Status errors.
import {sheets as sheetsApi, auth} from '@googleapis/sheets';
import {drive as driveApi} from '@googleapis/drive';
import assert from 'node:assert/strict';
import {check, finish} from './check.mjs';

const base = process.argv[2];
const token = process.argv[3];
const client = new auth.OAuth2();
client.setCredentials({access_token: token});
const sheets = sheetsApi({version: 'v4', auth: client, rootUrl: base});
const drive = driveApi({version: 'v3', auth: client, rootUrl: base});

let id;
await check('spreadsheets.create makes a Drive file', async () => {
  const r = await sheets.spreadsheets.create({
    requestBody: {properties: {title: 'Notion Meta-DB Registry'},
                  sheets: [{properties: {title: 'Databases'}}, {properties: {title: 'Properties'}}]},
  });
  id = r.data.spreadsheetId;
  assert.ok(id);
  assert.deepEqual(r.data.sheets.map((s) => s.properties.title), ['Databases', 'Properties']);
  const f = await drive.files.get({fileId: id, fields: 'name,mimeType,parents'});
  assert.equal(f.data.mimeType, 'application/vnd.google-apps.spreadsheet');
  assert.equal(f.data.name, 'Notion Meta-DB Registry');
});
await check('values.update then values.get', async () => {
  const u = await sheets.spreadsheets.values.update({
    spreadsheetId: id, range: 'Databases!A1', valueInputOption: 'USER_ENTERED',
    requestBody: {values: [['id', 'title', 'rows'], ['284e7361', 'Tasks', '12']]},
  });
  assert.equal(u.data.updatedRange, 'Databases!A1:C2');
  assert.equal(u.data.updatedCells, 6);
  const g = await sheets.spreadsheets.values.get({spreadsheetId: id, range: 'Databases!A1:C',
                                                  valueRenderOption: 'UNFORMATTED_VALUE'});
  assert.deepEqual(g.data.values, [['id', 'title', 'rows'], ['284e7361', 'Tasks', 12]]);
  assert.equal(g.data.range, 'Databases!A1:C1000');
});
await check('values.append twice appends twice', async () => {
  for (const expected of ['Databases!A3:C3', 'Databases!A4:C4']) {
    const a = await sheets.spreadsheets.values.append({
      spreadsheetId: id, range: 'Databases', valueInputOption: 'RAW',
      requestBody: {values: [['9f3af9af', 'Notes', '3']]},
    });
    assert.equal(a.data.updates.updatedRange, expected);
  }
  const g = await sheets.spreadsheets.values.get({spreadsheetId: id, range: 'Databases'});
  assert.equal(g.data.values.length, 4);
});
await check('values.clear and values.batchUpdate', async () => {
  const c = await sheets.spreadsheets.values.clear({spreadsheetId: id, range: 'Databases!A2:C'});
  assert.equal(c.data.clearedRange, 'Databases!A2:C1000');
  const b = await sheets.spreadsheets.values.batchUpdate({
    spreadsheetId: id,
    requestBody: {valueInputOption: 'RAW', data: [{range: 'Properties!A1', values: [['db', 'property']]},
                                                  {range: 'Databases!A2', values: [['x', 'y']]}]},
  });
  assert.equal(b.data.totalUpdatedCells, 4);
  const g = await sheets.spreadsheets.values.batchGet({spreadsheetId: id, ranges: ['Databases', 'Properties']});
  assert.deepEqual(g.data.valueRanges.map((v) => v.values.length), [2, 1]);
});
await check('addSheet and a quoted title', async () => {
  const r = await sheets.spreadsheets.batchUpdate({
    spreadsheetId: id, requestBody: {requests: [{addSheet: {properties: {title: "Jo's tab"}}}]},
  });
  assert.ok(r.data.replies[0].addSheet.properties.sheetId > 0);
  await sheets.spreadsheets.values.update({spreadsheetId: id, range: "'Jo''s tab'!B2", valueInputOption: 'RAW',
                                           requestBody: {values: [['v']]}});
  const g = await sheets.spreadsheets.values.get({spreadsheetId: id, range: "'Jo''s tab'!A1:B2"});
  assert.deepEqual(g.data.values, [[], ['', 'v']]);
  assert.equal(g.data.range, "'Jo''s tab'!A1:B2");
  const s = await sheets.spreadsheets.get({spreadsheetId: id, fields: 'sheets.properties.title'});
  assert.deepEqual(s.data.sheets.map((x) => x.properties.title), ['Databases', 'Properties', "Jo's tab"]);
});
await check('errors in the google.rpc.Status shape', async () => {
  await assert.rejects(sheets.spreadsheets.values.get({spreadsheetId: 'nope', range: 'A1'}), (e) =>
    (e.status === 404 || e.code === 404) && e.response.data.error.status === 'NOT_FOUND');
  await assert.rejects(sheets.spreadsheets.values.update({spreadsheetId: id, range: 'Nope!A1', valueInputOption: 'RAW',
                                                          requestBody: {values: [['x']]}}), (e) =>
    (e.status === 400 || e.code === 400) && e.response.data.error.status === 'INVALID_ARGUMENT' &&
    e.response.data.error.message === 'Unable to parse range: Nope!A1');
});
finish('node sheets');
