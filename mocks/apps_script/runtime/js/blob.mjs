// Blob (GoogleAppsScript.Base.Blob): bytes with a content type and a name, as Utilities.newBlob,
// File.getBlob and HTTPResponse.getBlob hand them out. Local to the execution (no shared state).
// Reproduces: getBytes as signed bytes (-128..127, which is why callers write `b & 0xFF`),
// getDataAsString in UTF-8 unless a charset is named, getAs relabelling the content type (the
// platform also converts formats; this runtime does not, and says so in docs/apps-script.md).
//
//   const blob = Utilities.newBlob('a,b\n', 'text/csv', 'x.csv');
//   folder.createFile(blob);
import { declareClass } from './runtime.mjs';

function encodingOf(charset) {
  const c = String(charset || 'UTF-8').toUpperCase().replace(/_/g, '-');
  if (c === 'UTF-8' || c === 'UTF8') return 'utf8';
  if (c === 'US-ASCII' || c === 'ASCII') return 'ascii';
  if (c === 'ISO-8859-1' || c === 'LATIN1') return 'latin1';
  if (c === 'UTF-16LE') return 'utf16le';
  return 'utf8';
}

// Bytes from what a project passes: a string, a Blob, or an array of (signed or unsigned) bytes.
export function toBuffer(value, charset) {
  if (value === undefined || value === null) return Buffer.alloc(0);
  if (typeof value === 'string') return Buffer.from(value, encodingOf(charset));
  if (value instanceof BlobShim) return Buffer.from(value.bytes);
  if (value && typeof value.getBytes === 'function' && !(value instanceof BlobShim)) {
    return Buffer.from(Array.from(value.getBytes(), (b) => b & 0xff));
  }
  if (typeof value.length === 'number') return Buffer.from(Array.from(value, (b) => Number(b) & 0xff));
  return Buffer.from(String(value), 'utf8');
}

export function signedBytes(rt, buffer) {
  return rt.array(Array.from(new Int8Array(buffer.buffer, buffer.byteOffset, buffer.length)));
}

export class BlobShim {
  constructor(rt, bytes, contentType = null, name = null) {
    this.rt = rt;
    this.bytes = bytes;
    this.contentType = contentType;
    this.name = name;
  }
  copyBlob() {
    return new BlobShim(this.rt, Buffer.from(this.bytes), this.contentType, this.name);
  }
  getAllBlobs() {
    return this.rt.array([this]);
  }
  getAs(contentType) {
    return new BlobShim(this.rt, Buffer.from(this.bytes), String(contentType), this.name);
  }
  getBlob() {
    return this;
  }
  getBytes() {
    return signedBytes(this.rt, this.bytes);
  }
  getContentType() {
    return this.contentType;
  }
  getDataAsString(charset) {
    return this.bytes.toString(encodingOf(charset));
  }
  getName() {
    return this.name;
  }
  isGoogleType() {
    return typeof this.contentType === 'string' && this.contentType.startsWith('application/vnd.google-apps.');
  }
  setBytes(data) {
    this.bytes = toBuffer(data);
    return this;
  }
  setContentType(contentType) {
    this.contentType = contentType === null ? null : String(contentType);
    return this;
  }
  setContentTypeFromExtension() {
    const ext = String(this.name || '').split('.').pop().toLowerCase();
    const types = { csv: 'text/csv', txt: 'text/plain', json: 'application/json', md: 'text/markdown',
                    html: 'text/html', png: 'image/png', jpg: 'image/jpeg', pdf: 'application/pdf' };
    if (!types[ext]) throw this.rt.error(`Unable to determine the content type of ${this.name}`);
    this.contentType = types[ext];
    return this;
  }
  setDataFromString(string, charset) {
    this.bytes = Buffer.from(String(string), encodingOf(charset));
    return this;
  }
  setName(name) {
    this.name = String(name);
    return this;
  }
  toString() {
    return 'Blob';
  }
}
declareClass(BlobShim, 'Base.Blob');
