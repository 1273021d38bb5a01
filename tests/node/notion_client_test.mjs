// Drives `lockstep serve` with the official @notionhq/client, unchanged but for baseUrl, at major
// version 2 (Notion-Version 2022-06-28: databases.query) and at the latest major (2025-09-03:
// dataSources.query). With each: a database with title, rich_text and relation properties, 250
// pages, a filtered query read through cursors, a property renamed with its id unchanged, the rate
// limit exceeded (v2 surfaces rate_limited; the latest retries after Retry-After), and
// object_not_found for a missing page.
import {Client as ClientLatest, APIErrorCode} from '@notionhq/client';
import {Client as ClientV2} from 'notion-client-v2';
import assert from 'node:assert/strict';
import {check, finish} from './check.mjs';

const base = process.argv[2].replace(/\/$/, '');
const token = process.argv[3];

async function knobs(body) {
  const r = await fetch(`${base}/__admin/knobs`, {method: 'PUT', body: JSON.stringify(body),
                                                  headers: {'content-type': 'application/json'}});
  assert.equal(r.status, 200);
}

const text = (s) => [{type: 'text', text: {content: s}}];

async function scenario(label, notion, latest) {
  let root;
  let artists;  // database id (v2) or data source id (latest)
  let tracks;
  let tracksDb;
  let firstArtistPage;
  await check(`${label}: find the shared page`, async () => {
    const r = await notion.search({query: 'lockstep workspace', filter: {property: 'object', value: 'page'}});
    root = r.results.find((p) => p.parent.type === 'workspace' || p.parent.type === 'page_id').id;
    assert.ok(root);
  });
  await check(`${label}: create databases with title, rich_text and relation`, async () => {
    const artistProps = {Name: {title: {}}, Bio: {rich_text: {}}};
    if (latest) {
      const a = await notion.databases.create({parent: {type: 'page_id', page_id: root}, title: text(`Artists ${label}`),
                                               initial_data_source: {properties: artistProps}});
      artists = a.data_sources[0].id;
      const t = await notion.databases.create({
        parent: {type: 'page_id', page_id: root}, title: text(`Tracks ${label}`),
        initial_data_source: {properties: {Title: {title: {}}, Notes: {rich_text: {}},
                                           Artists: {relation: {data_source_id: artists, type: 'single_property', single_property: {}}}}},
      });
      tracksDb = t.id;
      tracks = t.data_sources[0].id;
    } else {
      const a = await notion.databases.create({parent: {type: 'page_id', page_id: root}, title: text(`Artists ${label}`),
                                               properties: artistProps});
      artists = a.id;
      const t = await notion.databases.create({
        parent: {type: 'page_id', page_id: root}, title: text(`Tracks ${label}`),
        properties: {Title: {title: {}}, Notes: {rich_text: {}},
                     Artists: {relation: {database_id: artists, type: 'single_property', single_property: {}}}},
      });
      tracks = tracksDb = t.id;
      assert.equal(t.properties.Title.id, 'title');
    }
    const parent = latest ? {type: 'data_source_id', data_source_id: artists} : {database_id: artists};
    firstArtistPage = (await notion.pages.create({parent, properties: {Name: {title: text('Ada')}}})).id;
  });
  await check(`${label}: create 250 pages`, async () => {
    const parent = latest ? {type: 'data_source_id', data_source_id: tracks} : {database_id: tracks};
    for (let i = 0; i < 250; i++) {
      await notion.pages.create({parent, properties: {
        Title: {title: text(`track ${i}`)},
        Notes: {rich_text: text(i % 2 ? 'live' : 'studio')},
        Artists: {relation: i % 5 === 0 ? [{id: firstArtistPage}] : []},
      }});
    }
  });
  await check(`${label}: filtered query through cursors`, async () => {
    const filter = {property: 'Notes', rich_text: {equals: 'live'}};
    const seen = [];
    let cursor;
    let pages = 0;
    do {
      const r = latest
        ? await notion.dataSources.query({data_source_id: tracks, filter, start_cursor: cursor, page_size: 50})
        : await notion.databases.query({database_id: tracks, filter, start_cursor: cursor, page_size: 50});
      seen.push(...r.results.map((p) => p.properties.Title.title[0].plain_text));
      cursor = r.next_cursor ?? undefined;
      pages++;
    } while (cursor);
    assert.equal(seen.length, 125);
    assert.equal(pages, 3);
    const linked = latest
      ? await notion.dataSources.query({data_source_id: tracks, filter: {property: 'Artists', relation: {contains: firstArtistPage}}})
      : await notion.databases.query({database_id: tracks, filter: {property: 'Artists', relation: {contains: firstArtistPage}}});
    assert.equal(linked.results.length, 50);
  });
  await check(`${label}: rename a property, id unchanged`, async () => {
    const before = latest ? await notion.dataSources.retrieve({data_source_id: tracks})
                          : await notion.databases.retrieve({database_id: tracks});
    const id = before.properties.Notes.id;
    const after = latest
      ? await notion.dataSources.update({data_source_id: tracks, properties: {[id]: {name: 'Session'}}})
      : await notion.databases.update({database_id: tracks, properties: {[id]: {name: 'Session'}}});
    assert.equal(after.properties.Session.id, id);
    assert.equal(after.properties.Notes, undefined);
  });
  await check(`${label}: a missing page is object_not_found`, async () => {
    await assert.rejects(notion.pages.retrieve({page_id: '0c4b7ac2-66e3-4f3a-8a34-9e55a86ba0e1'}),
                         (e) => e.code === APIErrorCode.ObjectNotFound && e.status === 404);
  });
  await check(`${label}: the rate limit`, async () => {
    await knobs({notion: {requests_per_second: 2, burst: 2}});
    try {
      const calls = Array.from({length: 4}, () => notion.databases.retrieve({database_id: tracksDb}));
      const results = await Promise.allSettled(calls);
      if (latest) {  // retries after Retry-After (1 s): all four complete
        assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      } else {  // no retries before 5.10: the caller sees rate_limited
        const rejected = results.filter((r) => r.status === 'rejected');
        assert.ok(rejected.length >= 1);
        assert.equal(rejected[0].reason.code, APIErrorCode.RateLimited);
        assert.equal(rejected[0].reason.status, 429);
      }
    } finally {
      await knobs({notion: {requests_per_second: 0}});
    }
  });
}

await scenario('v2', new ClientV2({auth: token, baseUrl: base}), false);
await scenario('latest', new ClientLatest({auth: token, baseUrl: base}), true);
finish('node notion');
