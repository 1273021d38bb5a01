// Drives `lockstep serve` with Google's official Node client, @googleapis/drive, unchanged but for
// the base URL: folders, q listing across pages, multipart upload and download, rename, move,
// trash, generateIds + create with the id + the same create again (409), and a 401 without the
// token. Uploads need rootUrl per call (the client sends them to its default host otherwise).
import {drive as driveApi, auth} from '@googleapis/drive';
import assert from 'node:assert/strict';
import {check, finish} from './check.mjs';

const base = process.argv[2];
const token = process.argv[3];
const client = new auth.OAuth2();
client.setCredentials({access_token: token});
const drive = driveApi({version: 'v3', auth: client, rootUrl: base});
const FOLDER = 'application/vnd.google-apps.folder';

let parent;
let other;
let fileId;
await check('create folders', async () => {
  parent = (await drive.files.create({requestBody: {name: 'workspace-databases', mimeType: FOLDER}, fields: 'id'})).data.id;
  other = (await drive.files.create({requestBody: {name: 'other', mimeType: FOLDER}, fields: 'id'})).data.id;
  for (let i = 0; i < 5; i++) {
    await drive.files.create({requestBody: {name: `db${i}_284e7361-6c27-8018-872a-eb14e82e039${i}`, mimeType: FOLDER, parents: [parent]}});
  }
  assert.ok(parent && other);
});
await check('list with q across pages', async () => {
  const names = [];
  let pageToken;
  let pages = 0;
  do {
    const r = await drive.files.list({q: `'${parent}' in parents and trashed = false`, pageSize: 2, pageToken,
                                      fields: 'nextPageToken, files(id, name)'});
    names.push(...r.data.files.map((f) => f.name));
    pageToken = r.data.nextPageToken;
    pages++;
  } while (pageToken);
  assert.equal(names.length, 5);
  assert.equal(pages, 3);
});
await check('multipart upload and download', async () => {
  const r = await drive.files.create({
    requestBody: {name: 'db.csv', parents: [parent], mimeType: 'text/csv'},
    media: {mimeType: 'text/csv', body: 'id,title\n1,x\n'},
    fields: 'id, name, size',
  }, {rootUrl: base});
  fileId = r.data.id;
  assert.equal(r.data.size, '13');
  const got = await drive.files.get({fileId, alt: 'media'}, {responseType: 'text'});
  assert.equal(got.data, 'id,title\n1,x\n');
});
await check('rename, move, trash', async () => {
  const renamed = await drive.files.update({fileId, requestBody: {name: 'renamed.csv'}, fields: 'name'});
  assert.equal(renamed.data.name, 'renamed.csv');
  const moved = await drive.files.update({fileId, addParents: other, removeParents: parent, fields: 'parents'});
  assert.deepEqual(moved.data.parents, [other]);
  const trashed = await drive.files.update({fileId, requestBody: {trashed: true}, fields: 'trashed'});
  assert.equal(trashed.data.trashed, true);
  const live = await drive.files.list({q: `'${other}' in parents and trashed = false`});
  assert.equal(live.data.files.length, 0);
});
await check('generateIds, create with the id, create again: 409', async () => {
  const ids = (await drive.files.generateIds({count: 2})).data.ids;
  assert.equal(ids.length, 2);
  await drive.files.create({requestBody: {id: ids[0], name: 'idem', mimeType: FOLDER}});
  await assert.rejects(drive.files.create({requestBody: {id: ids[0], name: 'idem', mimeType: FOLDER}}),
                       (e) => e.status === 409 || e.code === 409);
});
await check('a bad query is a 400 in Drive\'s shape', async () => {
  await assert.rejects(drive.files.list({q: "name = "}), (e) => {
    const body = e.response && e.response.data && e.response.data.error;
    return (e.status === 400 || e.code === 400) && body && body.errors[0].reason === 'invalid' &&
           body.errors[0].location === 'q';
  });
});
await check('no token: 401', async () => {
  const anonymous = driveApi({version: 'v3', rootUrl: base});
  await assert.rejects(anonymous.files.list({}), (e) => e.status === 401 || e.code === 401);
});
finish('node drive');
