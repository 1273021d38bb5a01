// Utilities (GoogleAppsScript.Utilities): sleep in virtual time, blobs, CSV, digests, UUIDs,
// dates, base64 and gzip. Only sleep reaches C++ (it advances the execution's virtual time and
// counts toward its time limit, a scheduling point); the rest is computed here, deterministically.
//
// Reproduces: sleep refuses more than 300000 ms (the documented maximum); computeDigest answers
// signed bytes (-128..127), which is why projects write `b & 0xFF`; getUuid draws from the seeded
// generator (the same seed gives the same UUIDs); formatDate reads Java SimpleDateFormat patterns
// in the named time zone; parseCsv reads RFC 4180 (quotes, doubled quotes, CRLF).
//
//   Utilities.sleep(2000);
//   const hex = Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text)
//       .map((b) => ('0' + (b & 0xFF).toString(16)).slice(-2)).join('');
import crypto from 'node:crypto';
import zlib from 'node:zlib';

import { BlobShim, signedBytes, toBuffer } from './blob.mjs';
import { declareClass } from './runtime.mjs';

const SLEEP_MAX_MS = 300000;

export function enumObject(names) {
  const e = {};
  for (const n of names) e[n] = n;
  return Object.freeze(e);
}

export const DigestAlgorithm = enumObject(['MD2', 'MD5', 'SHA_1', 'SHA_256', 'SHA_384', 'SHA_512']);
export const MacAlgorithm = enumObject(['HMAC_MD5', 'HMAC_SHA_1', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512']);
export const Charset = enumObject(['US_ASCII', 'UTF_8']);

const DIGESTS = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };
const MACS = { HMAC_MD5: 'md5', HMAC_SHA_1: 'sha1', HMAC_SHA_256: 'sha256', HMAC_SHA_384: 'sha384', HMAC_SHA_512: 'sha512' };

export function parseCsv(text, delimiter = ',') {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const s = String(text);
  const d = String(delimiter || ',')[0];
  while (i < s.length) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === d) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      if (ch === '\r' && s[i + 1] === '\n') i++;
    } else {
      cell += ch;
    }
    i++;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

// Java SimpleDateFormat patterns, in `timeZone`.
export function formatDate(date, timeZone, pattern) {
  const ms = date.getTime();
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit', second: '2-digit', weekday: 'long', timeZoneName: 'short',
  });
  const p = {};
  for (const part of fmt.formatToParts(new Date(ms))) p[part.type] = part.value;
  const year = Number(p.year);
  const month = Number(p.month);
  const day = Number(p.day);
  const hour = Number(p.hour) % 24;
  const offsetMin = Math.round((Date.UTC(year, month - 1, day, hour, Number(p.minute), Number(p.second)) - (ms - (((ms % 1000) + 1000) % 1000))) / 60000);
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const pad = (n, w) => String(n).padStart(w, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const oh = pad(Math.floor(Math.abs(offsetMin) / 60), 2);
  const om = pad(Math.abs(offsetMin) % 60, 2);
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      out += pattern.slice(i + 1, end < 0 ? pattern.length : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    switch (ch) {
      case 'y': out += n === 2 ? pad(year % 100, 2) : pad(year, n); break;
      case 'M': out += n >= 4 ? months[month - 1] : n === 3 ? months[month - 1].slice(0, 3) : pad(month, n); break;
      case 'd': out += pad(day, n); break;
      case 'H': out += pad(hour, n); break;
      case 'k': out += pad(hour === 0 ? 24 : hour, n); break;
      case 'h': out += pad(hour % 12 === 0 ? 12 : hour % 12, n); break;
      case 'K': out += pad(hour % 12, n); break;
      case 'm': out += pad(Number(p.minute), n); break;
      case 's': out += pad(Number(p.second), n); break;
      case 'S': out += pad(((ms % 1000) + 1000) % 1000, 3).slice(0, Math.max(n, 3)); break;
      case 'E': out += n >= 4 ? p.weekday : p.weekday.slice(0, 3); break;
      case 'u': out += String(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].indexOf(p.weekday) + 1); break;
      case 'a': out += hour < 12 ? 'AM' : 'PM'; break;
      case 'z': out += p.timeZoneName; break;
      case 'Z': out += `${sign}${oh}${om}`; break;
      case 'X': out += offsetMin === 0 ? 'Z' : n === 1 ? `${sign}${oh}` : n === 2 ? `${sign}${oh}${om}` : `${sign}${oh}:${om}`; break;
      default: throw new Error(`Illegal pattern character '${ch}'`);
    }
  }
  return out;
}

export class UtilitiesShim {
  constructor(rt) {
    this.rt = rt;
    this.DigestAlgorithm = DigestAlgorithm;
    this.MacAlgorithm = MacAlgorithm;
    this.Charset = Charset;
  }
  sleep(milliseconds) {
    const ms = Math.floor(Number(milliseconds));
    if (!Number.isFinite(ms) || ms < 0) throw this.rt.error('Invalid argument: milliseconds');
    if (ms > SLEEP_MAX_MS) throw this.rt.error(`Invalid argument: milliseconds (at most ${SLEEP_MAX_MS})`);
    this.rt.call('sleep', { ms });
  }
  newBlob(data, contentType, name) {
    return new BlobShim(this.rt, toBuffer(data), contentType === undefined ? null : contentType, name === undefined ? null : name);
  }
  parseCsv(csv, delimiter) {
    return this.rt.array(parseCsv(csv, delimiter).map((r) => this.rt.array(r)));
  }
  computeDigest(algorithm, value, charset) {
    const alg = DIGESTS[String(algorithm)];
    if (!alg) throw this.rt.error(`Invalid argument: algorithm`);
    return signedBytes(this.rt, crypto.createHash(alg).update(toBuffer(value, charset)).digest());
  }
  computeHmacSignature(algorithm, value, key, charset) {
    const alg = MACS[String(algorithm)];
    if (!alg) throw this.rt.error(`Invalid argument: algorithm`);
    return signedBytes(this.rt, crypto.createHmac(alg, toBuffer(key, charset)).update(toBuffer(value, charset)).digest());
  }
  computeHmacSha256Signature(value, key, charset) {
    return this.computeHmacSignature('HMAC_SHA_256', value, key, charset);
  }
  getUuid() {
    const b = [];
    for (let i = 0; i < 4; i++) {
      const w = this.rt.random.nextU32();
      b.push(w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff);
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  formatDate(date, timeZone, format) {
    if (!date || typeof date.getTime !== 'function') throw this.rt.error('Invalid argument: date');
    try {
      return formatDate(date, String(timeZone), String(format));
    } catch (e) {
      throw this.rt.error(`Invalid argument: ${e.message}`);
    }
  }
  formatString(template, ...args) {
    let k = 0;
    return String(template).replace(/%(-?\d*)(?:\.(\d+))?([sdf%])/g, (m, width, precision, conv) => {
      if (conv === '%') return '%';
      const v = args[k++];
      let s = conv === 'd' ? String(Math.trunc(Number(v))) : conv === 'f' ? Number(v).toFixed(precision === undefined ? 6 : Number(precision)) : String(v);
      const w = Math.abs(Number(width || 0));
      if (s.length < w) s = width.startsWith('-') ? s.padEnd(w) : s.padStart(w);
      return s;
    });
  }
  base64Encode(data, charset) {
    return toBuffer(data, charset).toString('base64');
  }
  base64EncodeWebSafe(data, charset) {
    return toBuffer(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }
  base64Decode(encoded) {
    return signedBytes(this.rt, Buffer.from(String(encoded), 'base64'));
  }
  base64DecodeWebSafe(encoded) {
    return signedBytes(this.rt, Buffer.from(String(encoded).replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  }
  gzip(blob, name) {
    return new BlobShim(this.rt, zlib.gzipSync(toBuffer(blob)), 'application/x-gzip', name || (blob && blob.getName ? `${blob.getName()}.gz` : null));
  }
  ungzip(blob) {
    return new BlobShim(this.rt, zlib.gunzipSync(toBuffer(blob)), null, null);
  }
  jsonParse(text) {
    return this.rt.intrinsics.JSON.parse(String(text));
  }
  jsonStringify(value) {
    return JSON.stringify(value);
  }
}
declareClass(UtilitiesShim, 'Utilities.Utilities');
