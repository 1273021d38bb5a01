// UrlFetchApp (GoogleAppsScript.URL_Fetch): fetch, fetchAll and getRequest, routed by host to the
// in-process services (api.notion.com to the Notion service, www.googleapis.com to Drive v3,
// sheets.googleapis.com to Sheets v4: the code paths `lockstep serve` uses), with the scenario's
// fault rules and latency applied. Any other host is refused: nothing leaves the machine.
//
// Reproduces: method defaults to GET; a payload object is sent as form fields; contentType
// defaults to application/x-www-form-urlencoded when there is a payload; muteHttpExceptions false
// (the default) throws "Request failed for <origin> returned code <n>. Truncated server response:
// ..." on a code >= 400, true hands the HTTPResponse back; fetchAll sends its requests one after
// the other (each a scheduling point) and answers in order; HTTPResponse has getResponseCode,
// getContentText, getContent, getBlob, getHeaders and getAllHeaders.
//
//   const r = UrlFetchApp.fetch('https://api.notion.com/v1/search', {method: 'post', payload: '{}',
//       contentType: 'application/json', headers: {...}, muteHttpExceptions: true});
//   if (r.getResponseCode() === 200) JSON.parse(r.getContentText());
import { BlobShim, signedBytes, toBuffer } from './blob.mjs';
import { declareClass } from './runtime.mjs';

const METHODS = new Set(['GET', 'DELETE', 'PATCH', 'POST', 'PUT', 'HEAD', 'OPTIONS']);

function escapeUrl(url) {
  // Characters a URL may not carry as they are, escaped; existing %XX escapes are kept.
  return url.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/g, (c) => encodeURIComponent(c));
}

function formEncode(payload) {
  return Object.entries(payload)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

function request(rt, url, params = {}) {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) throw rt.error(`Invalid argument: ${url}`);
  const method = String(params.method || 'get').toUpperCase();
  if (!METHODS.has(method)) throw rt.error(`Invalid argument: method`);
  const headers = {};
  for (const [k, v] of Object.entries(params.headers || {})) headers[k] = String(v);
  let body;
  let contentType = params.contentType;
  const payload = params.payload;
  if (payload !== undefined && payload !== null) {
    if (typeof payload === 'string') body = Buffer.from(payload, 'utf8');
    else if (payload instanceof BlobShim || typeof payload.length === 'number') body = toBuffer(payload);
    else body = Buffer.from(formEncode(payload), 'utf8');
    if (contentType === undefined) contentType = payload instanceof BlobShim && payload.getContentType() ? payload.getContentType() : 'application/x-www-form-urlencoded';
  }
  if (contentType !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = String(contentType);
  }
  return {
    url: params.escaping === false ? url : escapeUrl(url),
    method,
    headers,
    body,
    contentType,
    muted: !!params.muteHttpExceptions,
  };
}

export class HttpResponseShim {
  constructor(rt, reply, bytes) {
    this.rt = rt;
    this.status = reply.status;
    this.headers = reply.headers;  // name -> value, or [values] when repeated
    this.bytes = bytes;
  }
  getResponseCode() {
    return this.status;
  }
  getContentText(charset) {
    return new BlobShim(this.rt, this.bytes).getDataAsString(charset);
  }
  getContent() {
    return signedBytes(this.rt, this.bytes);
  }
  getBlob() {
    const type = Object.entries(this.headers).find(([k]) => k.toLowerCase() === 'content-type');
    return new BlobShim(this.rt, Buffer.from(this.bytes), type ? String(type[1]).split(';')[0] : null, null);
  }
  getAs(contentType) {
    return this.getBlob().getAs(contentType);
  }
  getHeaders() {
    const out = {};
    for (const [k, v] of Object.entries(this.headers)) out[k] = Array.isArray(v) ? v[v.length - 1] : v;
    return this.rt.object(out);
  }
  getAllHeaders() {
    return this.rt.object(this.headers);
  }
}
declareClass(HttpResponseShim, 'URL_Fetch.HTTPResponse');

export class UrlFetchAppShim {
  constructor(rt) {
    this.rt = rt;
  }
  fetch(url, params) {
    const r = request(this.rt, url, params);
    const { result, bytes } = this.rt.exchange('fetch', { url: r.url, method: r.method, headers: r.headers }, r.body);
    const response = new HttpResponseShim(this.rt, result, bytes);
    if (!r.muted && response.status >= 400) {
      const origin = r.url.replace(/^(https?:\/\/[^/?#]+).*$/i, '$1');
      const text = response.getContentText();
      const shown = text.length > 100 ? `${text.slice(0, 100)}...` : text;
      throw this.rt.error(`Request failed for ${origin} returned code ${response.status}. Truncated server response: ${shown} (use muteHttpExceptions option to examine full response)`);
    }
    return response;
  }
  fetchAll(requests) {
    const out = [];
    for (const req of requests) {
      if (typeof req === 'string') out.push(this.fetch(req));
      else out.push(this.fetch(req.url, req));
    }
    return this.rt.array(out);
  }
  getRequest(url, params) {
    const r = request(this.rt, url, params);
    return this.rt.object({
      url: r.url, method: r.method.toLowerCase(), headers: r.headers,
      payload: r.body === undefined ? '' : r.body.toString('utf8'),
      contentType: r.contentType === undefined ? null : r.contentType,
      followRedirects: params && params.followRedirects !== undefined ? !!params.followRedirects : true,
      validateHttpsCertificates: params && params.validateHttpsCertificates !== undefined ? !!params.validateHttpsCertificates : true,
      useIntranet: false,
    });
  }
}
declareClass(UrlFetchAppShim, 'URL_Fetch.UrlFetchApp');
