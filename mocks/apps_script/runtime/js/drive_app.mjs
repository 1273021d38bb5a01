// DriveApp (GoogleAppsScript.Drive): DriveApp, Folder, File, FolderIterator and FileIterator, on
// lockstep's Drive model through the DriveApi seam. Every read and write of Drive is one call to
// C++ (a scheduling point); the objects hold only what the last call returned.
//
// Reproduces: names may repeat (createFolder never checks); trash is a flag (setTrashed);
// getFolders/getFiles list a parent (the model's listing lag applies to them), getFoldersByName/
// getFilesByName search by name (the name index and its lag); iterators fetch pages lazily, each
// page a scheduling point, with getContinuationToken and DriveApp.continueFolderIterator /
// continueFileIterator; next() past the end throws as the platform does. Metadata getters (getName,
// getLastUpdated, isTrashed, ...) answer from the metadata the object was fetched with, updated by
// the object's own writes; getSize and getBlob read the content (a call). Files have one parent:
// Folder.addFile moves the file there, removeFile of a file's only parent leaves it in place.
//
//   const it = DriveApp.getFolderById(parentId).getFolders();
//   while (it.hasNext()) { const f = it.next(); ... }
import { BlobShim, toBuffer } from './blob.mjs';
import { declareClass } from './runtime.mjs';

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
const NOT_FOUND = 'No item with the given ID could be found. Or perhaps you do not have permission to access it.';

function urlOf(meta) {
  if (meta.mime === FOLDER_MIME) return `https://drive.google.com/drive/folders/${meta.id}`;
  if (meta.mime === 'application/vnd.google-apps.spreadsheet') return `https://docs.google.com/spreadsheets/d/${meta.id}/edit?usp=drivesdk`;
  return `https://drive.google.com/file/d/${meta.id}/view?usp=drivesdk`;
}

function requireString(rt, value, what) {
  if (value === undefined || value === null) throw rt.error(`Invalid argument: ${what}`);
  return String(value);
}

class ItemShim {
  constructor(rt, meta) {
    this.rt = rt;
    this.meta = meta;
  }
  getId() {
    return this.meta.id;
  }
  getName() {
    return this.meta.name;
  }
  getUrl() {
    return urlOf(this.meta);
  }
  getDescription() {
    return null;
  }
  getDateCreated() {
    return this.rt.date(this.meta.created);
  }
  getLastUpdated() {
    return this.rt.date(this.meta.modified);
  }
  isTrashed() {
    return !!this.meta.trashed;
  }
  isStarred() {
    return false;
  }
  getParents() {
    const parent = this.meta.parent;
    return new FolderIteratorShim(this.rt, { preset: parent ? [parent] : [] });
  }
  setName(name) {
    this.meta = this.rt.call('drive.update', { id: this.meta.id, name: requireString(this.rt, name, 'name') });
    return this;
  }
  setTrashed(trashed) {
    this.meta = this.rt.call('drive.update', { id: this.meta.id, trashed: !!trashed });
    return this;
  }
  moveTo(destination) {
    if (!destination || typeof destination.getId !== 'function') throw this.rt.error('Invalid argument: destination');
    this.meta = this.rt.call('drive.update', { id: this.meta.id, parent: destination.getId() });
    return this;
  }
  toString() {
    return this.meta.name;
  }
}

export class FolderShim extends ItemShim {
  createFolder(name) {
    const meta = this.rt.call('drive.create', { parent: this.meta.id, name: requireString(this.rt, name, 'name'), mime: FOLDER_MIME });
    return new FolderShim(this.rt, meta);
  }
  // createFile(blob) or createFile(name, content[, mimeType]).
  createFile(nameOrBlob, content, mimeType) {
    return new FileShim(this.rt, createFileIn(this.rt, this.meta.id, nameOrBlob, content, mimeType));
  }
  getFolders() {
    return new FolderIteratorShim(this.rt, { parent: this.meta.id, kind: 'folders' });
  }
  getFiles() {
    return new FileIteratorShim(this.rt, { parent: this.meta.id, kind: 'files' });
  }
  getFoldersByName(name) {
    return new FolderIteratorShim(this.rt, { parent: this.meta.id, kind: 'folders', name: requireString(this.rt, name, 'name') });
  }
  getFilesByName(name) {
    return new FileIteratorShim(this.rt, { parent: this.meta.id, kind: 'files', name: requireString(this.rt, name, 'name') });
  }
  getFilesByType(mimeType) {
    return new FileIteratorShim(this.rt, { parent: this.meta.id, kind: 'files', mime: String(mimeType) });
  }
  getSize() {
    return 0;
  }
  addFile(child) {
    child.meta = this.rt.call('drive.update', { id: child.getId(), parent: this.meta.id });
    return this;
  }
  addFolder(child) {
    return this.addFile(child);
  }
  removeFile(child) {
    // One parent per file: removing it from that parent would orphan it; the platform leaves a
    // file that has no other parent where it is.
    child.meta = this.rt.call('drive.get', { id: child.getId() });
    return this;
  }
  removeFolder(child) {
    return this.removeFile(child);
  }
}
declareClass(FolderShim, 'Drive.Folder');

export class FileShim extends ItemShim {
  getMimeType() {
    return this.meta.mime;
  }
  getSize() {
    return this.rt.call('drive.size', { id: this.meta.id });
  }
  getBlob() {
    const { bytes } = this.rt.exchange('drive.read', { id: this.meta.id });
    return new BlobShim(this.rt, bytes, this.meta.mime, this.meta.name);
  }
  getAs(contentType) {
    return this.getBlob().getAs(contentType);
  }
  getThumbnail() {
    return null;
  }
  setContent(content) {
    this.rt.call('drive.write', { id: this.meta.id, name: this.meta.name }, toBuffer(content));
    this.meta = { ...this.meta, modified: this.rt.now() };
    return this;
  }
  makeCopy(nameOrDestination, destination) {
    let name = `Copy of ${this.meta.name}`;
    let parent = this.meta.parent;
    if (typeof nameOrDestination === 'string') name = nameOrDestination;
    else if (nameOrDestination && typeof nameOrDestination.getId === 'function') parent = nameOrDestination.getId();
    if (destination && typeof destination.getId === 'function') parent = destination.getId();
    const blob = this.getBlob();
    const meta = this.rt.call('drive.create', { parent, name, mime: this.meta.mime }, blob.bytes);
    return new FileShim(this.rt, meta);
  }
}
declareClass(FileShim, 'Drive.File');

function createFileIn(rt, parent, nameOrBlob, content, mimeType) {
  if (nameOrBlob && typeof nameOrBlob === 'object' && typeof nameOrBlob.getBytes === 'function') {
    const blob = nameOrBlob instanceof BlobShim ? nameOrBlob : new BlobShim(rt, toBuffer(nameOrBlob), null, null);
    const name = blob.getName() || 'Untitled';
    return rt.call('drive.create', { parent, name, mime: blob.getContentType() || 'application/octet-stream' }, blob.bytes);
  }
  const name = requireString(rt, nameOrBlob, 'name');
  if (content === undefined) throw rt.error('Invalid argument: content');
  return rt.call('drive.create', { parent, name, mime: mimeType ? String(mimeType) : 'text/plain' }, toBuffer(String(content)));
}

// An iterator over one listing: pages are fetched when the buffer runs dry. `preset` lists ids to
// give out first (a continued iterator's unread rest, a parents list).
class IteratorShim {
  constructor(rt, spec, make) {
    this.rt = rt;
    this.spec = spec;
    this.make = make;
    this.buffer = (spec.buffer || []).slice();
    this.preset = (spec.preset || []).slice();
    this.token = spec.token || '';
    this.done = spec.done !== undefined ? spec.done : spec.parent === undefined;  // a preset-only iterator lists nothing
    this.started = !!spec.started;
  }
  _fill() {
    while (this.buffer.length === 0 && this.preset.length > 0) {
      this.buffer.push(this.rt.call('drive.get', { id: this.preset.shift() }));
    }
    while (this.buffer.length === 0 && !this.done) {
      const page = this.rt.call('drive.list', {
        parent: this.spec.parent, kind: this.spec.kind, name: this.spec.name, mime: this.spec.mime,
        token: this.token, size: this.rt.start.iterator_page_size,
      });
      this.started = true;
      this.buffer.push(...page.files);
      this.token = page.next;
      if (!page.next) this.done = true;
    }
  }
  hasNext() {
    this._fill();
    return this.buffer.length > 0;
  }
  next() {
    this._fill();
    if (this.buffer.length === 0) throw this.rt.error('Cannot retrieve the next object: iterator has reached the end.');
    return this.make(this.rt, this.buffer.shift());
  }
  getContinuationToken() {
    const state = { ...this.spec, buffer: this.buffer, preset: this.preset, token: this.token, done: this.done, started: this.started };
    return Buffer.from(JSON.stringify(state), 'utf8').toString('base64');
  }
}

export class FolderIteratorShim extends IteratorShim {
  constructor(rt, spec) {
    super(rt, { kind: 'folders', ...spec }, (r, meta) => new FolderShim(r, meta));
  }
}
declareClass(FolderIteratorShim, 'Drive.FolderIterator');

export class FileIteratorShim extends IteratorShim {
  constructor(rt, spec) {
    super(rt, { kind: 'files', ...spec }, (r, meta) => (meta.mime === FOLDER_MIME ? new FolderShim(r, meta) : new FileShim(r, meta)));
  }
}
declareClass(FileIteratorShim, 'Drive.FileIterator');

function continued(rt, token, kind) {
  let spec;
  try {
    spec = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8'));
  } catch {
    spec = null;
  }
  if (!spec || spec.kind !== kind) throw rt.error('Invalid argument: continuationToken');
  return spec;
}

export class DriveAppShim {
  constructor(rt) {
    this.rt = rt;
  }
  getFolderById(id) {
    const meta = this.rt.call('drive.get', { id: requireString(this.rt, id, 'id') });
    if (meta.mime !== FOLDER_MIME) throw this.rt.error(NOT_FOUND);
    return new FolderShim(this.rt, meta);
  }
  getFileById(id) {
    const meta = this.rt.call('drive.get', { id: requireString(this.rt, id, 'id') });
    return meta.mime === FOLDER_MIME ? new FolderShim(this.rt, meta) : new FileShim(this.rt, meta);
  }
  getRootFolder() {
    return new FolderShim(this.rt, this.rt.call('drive.get', { id: 'root' }));
  }
  createFolder(name) {
    return this.getRootFolder().createFolder(name);
  }
  createFile(nameOrBlob, content, mimeType) {
    return new FileShim(this.rt, createFileIn(this.rt, 'root', nameOrBlob, content, mimeType));
  }
  // Everywhere in My Drive, by name: the name index (and its lag).
  getFoldersByName(name) {
    return new FolderIteratorShim(this.rt, { parent: '', kind: 'folders', name: requireString(this.rt, name, 'name') });
  }
  getFilesByName(name) {
    return new FileIteratorShim(this.rt, { parent: '', kind: 'files', name: requireString(this.rt, name, 'name') });
  }
  getFolders() {
    return new FolderIteratorShim(this.rt, { parent: '', kind: 'folders' });
  }
  getFiles() {
    return new FileIteratorShim(this.rt, { parent: '', kind: 'files' });
  }
  continueFolderIterator(token) {
    return new FolderIteratorShim(this.rt, continued(this.rt, token, 'folders'));
  }
  continueFileIterator(token) {
    return new FileIteratorShim(this.rt, continued(this.rt, token, 'files'));
  }
  addFile(child) {
    return this.getRootFolder().addFile(child);
  }
  addFolder(child) {
    return this.getRootFolder().addFolder(child);
  }
  removeFile(child) {
    return this.getRootFolder().removeFile(child);
  }
  removeFolder(child) {
    return this.getRootFolder().removeFolder(child);
  }
}
declareClass(DriveAppShim, 'Drive.DriveApp');
