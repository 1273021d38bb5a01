// Find-or-create of artists by name through the official @notionhq/client (the 2025-09-03 API:
// data sources), four async workers at once, as the Python example does with threads. Faithful
// (the default): two workers that miss the same artist at once both create it. --fixed: one
// in-flight promise per name (single flight), so each artist is created once.
//
// The API: NOTION_BASE_URL without its /v1 (lockstep exec sets it), else the client's default
// https://api.notion.com; the token from NOTION_TOKEN.
import {Client} from '@notionhq/client';

const baseUrl = process.env.NOTION_BASE_URL ? process.env.NOTION_BASE_URL.replace(/\/v1\/?$/, '') : undefined;
const notion = new Client({auth: process.env.NOTION_TOKEN, baseUrl});
const fixed = process.argv.includes('--fixed');
const artists = ['Burial', 'Four Tet', 'Floating Points'];
const tracks = Array.from({length: 12}, (_, i) => ({key: `track-${String(i).padStart(2, '0')}`, title: `Track ${i}`,
                                                     artist: artists[i % artists.length]}));
const text = (s) => [{type: 'text', text: {content: s}}];

async function dataSource(title) {
  const r = await notion.search({query: title, filter: {property: 'object', value: 'data_source'}});
  const hit = r.results.find((d) => d.title.map((t) => t.plain_text).join('') === title);
  if (!hit) throw new Error(`no data source titled ${title}`);
  return hit.id;
}

async function findOrCreate(ds, name) {
  const r = await notion.dataSources.query({data_source_id: ds, filter: {property: 'Name', title: {equals: name}}});
  if (r.results.length > 0) return r.results[0].id;
  const page = await notion.pages.create({parent: {type: 'data_source_id', data_source_id: ds},
                                          properties: {Name: {title: text(name)}}});
  return page.id;
}

const inFlight = new Map();  // --fixed: name -> the one promise of its find-or-create
function artistId(ds, name) {
  if (!fixed) return findOrCreate(ds, name);
  if (!inFlight.has(name)) inFlight.set(name, findOrCreate(ds, name));
  return inFlight.get(name);
}

const artistsDs = await dataSource('Artists');
const tracksDs = await dataSource('Tracks');
const queue = [...tracks];
async function worker() {
  for (let t = queue.shift(); t; t = queue.shift()) {
    const id = await artistId(artistsDs, t.artist);
    await notion.pages.create({parent: {type: 'data_source_id', data_source_id: tracksDs}, properties: {
      'Title': {title: text(t.title)},
      'djay Pro ID': {rich_text: text(t.key)},
      'Artists': {relation: [{id}]},
    }});
  }
}
await Promise.all([worker(), worker(), worker(), worker()]);
console.log(`${tracks.length} tracks written (${fixed ? 'fixed' : 'faithful'})`);
