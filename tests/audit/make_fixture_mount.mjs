// Builds a Drive for Desktop mount tree with a known count of every class the mount audit tells
// apart, and writes what the audit must find, counted here as the tree is built (not by lockstep):
//
//   node tests/audit/make_fixture_mount.mjs OUT
//     OUT/mount/                 the tree (names, sizes and modification times as a mount shows them)
//     OUT/mount.jsonl            the same tree as a listing ({"path", "size", "modified"} per line)
//     OUT/expected.json          {"summary": {...}}: the fields audit.json must carry
//
// Deterministic: the same tree, sizes and times on every run.
import fs from 'node:fs';
import path from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: make_fixture_mount.mjs OUT');
  process.exit(2);
}
const root = path.join(out, 'mount');
fs.rmSync(out, { recursive: true, force: true });

const listing = [];
const T0 = Date.UTC(2025, 11, 1, 8, 0, 0);  // 2025-12-01T08:00:00Z
const iso = (ms) => new Date(ms).toISOString();

function entry(rel, { dir = false, size = 0, mtime = T0 } = {}) {
  const abs = path.join(root, rel);
  if (dir) fs.mkdirSync(abs, { recursive: true });
  else {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, 'x'.repeat(size));
  }
  listing.push({ rel, dir, size: dir ? 0 : size, mtime });
}

let n = 0;
const uuid = () => {
  n += 1;
  const h = n.toString(16).padStart(12, '0');
  return `2a0e7361-6c27-80${h.slice(0, 2)}-9c1d-${h}`;
};

const parent = 'My Drive/notion-workspace/workspace-databases';
const exp = {
  data_sources: 0, folder_entries: 0, canonical_folders: 0, extra_folder_entries: 0,
  data_sources_with_extra_folders: 0, extra_folders_histogram: { 0: 0, 1: 0, 2: 0, '3+': 0 },
  copy_folders: 0, renamed_title_folders: 0, title_suffixed_folders: 0, entries_without_uuid: 0,
  copies_without_uuid: 0, main_csvs: 0, data_sources_without_main_csv: 0, csv_copies: 0, drive_csv_copies: 0,
  macos_csv_copies: 0, data_sources_with_csv_copies: 0, largest_csv_stack: 0, other_files: 0,
  archive_folders: 0, versioned_backups: 0, other_archive_files: 0, data_sources_with_backups: 0,
  reprocessing_intervals: 0, reprocessing_intervals_histogram: {
    under_10s: 0, '10s_to_2min': 0, '2min_to_15min': 0, '15min_to_1day': 0, '1day_or_more': 0,
  },
  intervals_under_2_min: 0, data_sources_reprocessed_within_2_min: 0,
};
const bin = (gap) => (gap < 10e3 ? 'under_10s' : gap < 120e3 ? '10s_to_2min' : gap < 900e3 ? '2min_to_15min'
  : gap < 86400e3 ? '15min_to_1day' : '1day_or_more');

// One data source: its canonical folder, copies, an older-titled folder, CSVs and backups.
// `backups` are offsets in ms from T0; `isoBackups` names some with an ISO time instead, and
// `taggedBackups` some with `_<8 hex>` after the time (what a later production version wrote).
function dataSource(title, o = {}) {
  const id = uuid();
  const base = `${title}_${id}`;
  exp.data_sources += 1;
  const folders = [];
  if (o.renamedFrom) {
    folders.push(`${o.renamedFrom}_${id}`);
    exp.renamed_title_folders += 1;
  }
  if (!o.onlyCopies) {
    folders.push(base);
    exp.canonical_folders += 1;
    if (/ \(\d+\)$/.test(title)) exp.title_suffixed_folders += 1;
  }
  for (const s of o.copies ?? []) {
    folders.push(`${base} ${s}`);
    exp.copy_folders += 1;
  }
  const extra = folders.length - 1;
  exp.folder_entries += folders.length;
  exp.extra_folder_entries += extra;
  exp.data_sources_with_extra_folders += extra > 0 ? 1 : 0;
  exp.extra_folders_histogram[extra >= 3 ? '3+' : extra] += 1;
  // The renamed folder is the older one; the canonical folder holds the CSVs.
  folders.forEach((f, i) => entry(`${parent}/${f}`, { dir: true, mtime: T0 + i * 60e3 }));
  const home = `${parent}/${o.onlyCopies ? folders[0] : base}`;
  let copies = 0;
  if (o.csv !== false) {
    entry(`${home}/${base}.csv`, { size: 300, mtime: T0 + 3600e3 });
    exp.main_csvs += 1;
  } else {
    exp.data_sources_without_main_csv += 1;
  }
  for (let k = 1; k <= (o.driveCsvCopies ?? 0); k += 1) {
    entry(`${home}/${base} (${k}).csv`, { size: 300 + k, mtime: T0 + (3600 + 600 * k) * 1e3 });
    exp.drive_csv_copies += 1;
    copies += 1;
  }
  // A racing run that created the first copy wrote its own main CSV there: the main CSV twice.
  if (o.copyCsv) {
    entry(`${parent}/${folders[1]}/${base}.csv`, { size: 301, mtime: T0 + 3660e3 });
    exp.drive_csv_copies += 1;
    copies += 1;
  }
  for (const k of o.macosCsvCopies ?? []) {
    entry(`${home}/${base} ${k}.csv`, { size: 299, mtime: T0 + 7200e3 + k });
    exp.macos_csv_copies += 1;
    copies += 1;
  }
  exp.csv_copies += copies;
  exp.data_sources_with_csv_copies += copies > 0 ? 1 : 0;
  exp.largest_csv_stack = Math.max(exp.largest_csv_stack, copies);
  for (const f of o.otherFiles ?? []) {
    entry(`${home}/${f}`, { size: 10 });
    exp.other_files += 1;
  }
  const backups = o.backups ?? [];
  if (backups.length > 0 || o.archiveOthers) {
    entry(`${home}/.archive`, { dir: true });
    exp.archive_folders += 1;
  }
  backups.forEach((off, i) => {
    const t = new Date(T0 + off).toISOString();
    let stamp = (o.isoBackups ?? []).includes(i) ? t : t.replace(/:/g, '-').replace('.', '-').replace('T', '_');
    if ((o.taggedBackups ?? []).includes(i)) stamp += `_${(0x04dda1af + i).toString(16).padStart(8, '0')}`;
    entry(`${home}/.archive/${base}_v${stamp}.csv`, { size: 290, mtime: T0 + off + 900 });
  });
  exp.versioned_backups += backups.length;
  exp.data_sources_with_backups += backups.length > 0 ? 1 : 0;
  for (const f of o.archiveOthers ?? []) {
    entry(`${home}/.archive/${f}`, { size: 5 });
    exp.other_archive_files += 1;
  }
  const sorted = [...backups].sort((a, b) => a - b);
  let short = 0;
  for (let i = 1; i < sorted.length; i += 1) {
    const gap = sorted[i] - sorted[i - 1];
    exp.reprocessing_intervals += 1;
    exp.reprocessing_intervals_histogram[bin(gap)] += 1;
    short += gap < 120e3 ? 1 : 0;
  }
  exp.intervals_under_2_min += short;
  exp.data_sources_reprocessed_within_2_min += short > 0 ? 1 : 0;
}

const H = 3600e3;
dataSource('Tracks', { backups: [0, 13 * H, 26 * H], taggedBackups: [2] });
dataSource('Artists', { copies: ['(1)'], driveCsvCopies: 2, backups: [0, 5e3, 95e3, 40 * H] });
dataSource('Playlists [Team Housing Solutions]', { copies: ['(1)', '(2)'], macosCsvCopies: [2], copyCsv: true });
dataSource('Café — Zürich 日本語 ✓', { backups: [0, 180e3, 20 * H + 180e3, 70 * H], isoBackups: [1] });
dataSource('SocialMediaAnalytics (1)', { copies: ['(1)'], driveCsvCopies: 1 });
dataSource('Video Library (1)', {});
dataSource('New Name', { renamedFrom: 'Old Name', backups: [0, 30e3] });
dataSource('Big Stack', { driveCsvCopies: 118, macosCsvCopies: [2, 3], otherFiles: ['schema.csv'],
  archiveOthers: ['notes.txt'] });
dataSource('Notes (draft) (v2)', { copies: ['(1)', '(2)', '(3)'] });
dataSource('No CSV yet', { csv: false });
dataSource('Nested', { copies: ['(1)', '(1) (1)'] });
dataSource('Only Copies', { onlyCopies: true, copies: ['(1)', '(2)'] });
for (const t of ['Clients', 'Invoices', 'Tasks', 'Projects', 'Areas', 'Meetings']) dataSource(t, {});
// Directories of the databases folder that name no data source, one of them a copy.
for (const f of ['script_runs', 'script_runs (1)', 'Workspace-Areas']) {
  entry(`${parent}/${f}`, { dir: true });
  exp.folder_entries += 1;
  exp.entries_without_uuid += 1;
  exp.copies_without_uuid += / \(\d+\)$/.test(f) ? 1 : 0;
}
entry(`${parent}/Notion Meta-DB Registry.gsheet`, { size: 174 });
// Elsewhere on the drive: not a databases folder.
entry('My Drive/Photos (1)/IMG_0001 (1).jpg', { size: 1000 });
entry('My Drive/Reports/Q4 2025.csv', { size: 50 });

for (const e of listing) {
  const t = new Date(e.mtime);
  fs.utimesSync(path.join(root, e.rel), t, t);
}
// Directories last: writing their children moved their times.
for (const e of [...listing].reverse()) {
  if (e.dir) fs.utimesSync(path.join(root, e.rel), new Date(e.mtime), new Date(e.mtime));
}
const lines = listing.map((e) => JSON.stringify(
  e.dir ? { path: e.rel, size: 0, modified: iso(e.mtime), dir: true } : { path: e.rel, size: e.size, modified: iso(e.mtime) }));
fs.writeFileSync(path.join(out, 'mount.jsonl'), lines.join('\n') + '\n');
fs.writeFileSync(path.join(out, 'expected.json'), JSON.stringify({ summary: exp }, null, 2) + '\n');
