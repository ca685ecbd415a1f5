// Minimal S3 client on undici's low-level dispatch API (no stream objects per request).
import { Pool } from 'undici';
import { createHash } from 'node:crypto';
import { SigV4, UNSIGNED, EMPTY_SHA256, uriEncode, canonicalQuery } from './sigv4.mjs';

const xmlUnescape = (s) =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (m, e) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&'
      : e[1] === 'x' ? String.fromCodePoint(parseInt(e.slice(2), 16)) : String.fromCodePoint(parseInt(e.slice(1), 10)));
const xmlEscape = (s) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);

/** Every (unescaped) first group of `re` (a /g regular expression) in `xml`. */
function captures(xml, re) {
  const out = [];
  let m;
  while ((m = re.exec(xml))) out.push(xmlUnescape(m[1]));
  return out;
}

const isTruncated = (xml) => /<IsTruncated>\s*true\s*<\/IsTruncated>/.test(xml);

export class S3Error extends Error {
  constructor(op, status, body) {
    super(`${op}: HTTP ${status}${body ? ' ' + body.slice(0, 300) : ''}`);
    this.status = status;
  }
}

export class S3 {
  /**
   * @param {object} o endpoint, accessKey, secretKey, region, connections, signedPayload
   */
  constructor(o) {
    const u = new URL(o.endpoint);
    this.origin = u.origin;
    this.host = u.host;
    this.basePath = u.pathname.replace(/\/+$/, ''); // allow http://h:p/prefix
    this.signer = new SigV4({ accessKey: o.accessKey || 'x', secretKey: o.secretKey || 'x', region: o.region || 'us-east-1' });
    this.anonymous = !!o.anonymous;
    this.signedPayload = !!o.signedPayload;
    this.pool = new Pool(this.origin, {
      connections: o.connections || 16,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: o.timeoutMs || 120_000,
      bodyTimeout: o.timeoutMs || 120_000,
    });
    this._hashCache = new Map();
  }

  close() {
    return this.pool.close();
  }

  // sha256 of a body, cached by identity key (bodies are slices of one random buffer)
  payloadHash(body, cacheKey) {
    if (!this.signedPayload) return UNSIGNED;
    if (!body || body.length === 0) return EMPTY_SHA256;
    if (cacheKey != null) {
      let h = this._hashCache.get(cacheKey);
      if (!h) { h = createHash('sha256').update(body).digest('hex'); this._hashCache.set(cacheKey, h); }
      return h;
    }
    return createHash('sha256').update(body).digest('hex');
  }

  /**
   * Low-level request. Resolves {status, headers, bytes, body?}. Never rejects on HTTP status;
   * rejects on transport errors.
   * opts: method, bucket, key, query (object/array), headers, body (Buffer|string), payloadHash,
   *       collect (buffer the response body), onData(chunk) (e.g. verify)
   */
  request(opts) {
    const { method, bucket, key, query, body, collect, onData } = opts;
    let path = this.basePath + '/';
    if (bucket) path += uriEncode(bucket, false);
    if (key != null) path += '/' + uriEncode(key, true);
    const q = query ? canonicalQuery(query) : '';
    const headers = { host: this.host, ...(opts.headers || {}) };
    if (body != null) headers['content-length'] = String(body.length);
    if (!this.anonymous) {
      const ph = opts.payloadHash || (body == null ? (this.signedPayload ? EMPTY_SHA256 : UNSIGNED) : this.payloadHash(body));
      this.signer.sign(method, path, q, headers, ph);
    }
    const fullPath = q ? path + '?' + q : path;
    return new Promise((resolve, reject) => {
      let status = 0;
      let resHeaders = null;
      let bytes = 0;
      let chunks = collect ? [] : null;
      let errBytes = 0;
      this.pool.dispatch(
        // reset:false — undici otherwise closes the connection after every HEAD (undici#258),
        // which made HEAD cost a TCP connect on both sides (AWS SDK's node:http keeps it alive)
        { method, path: fullPath, headers, body: body ?? null, idempotent: false, blocking: method !== 'HEAD', reset: false },
        {
          onRequestStart() {},
          onResponseStart(_c, statusCode, h) {
            status = statusCode; resHeaders = h;
            if (!chunks && (statusCode < 200 || statusCode > 299)) { chunks = []; errBytes = 1; } // keep error bodies
          },
          onResponseData(_c, chunk) {
            bytes += chunk.length;
            if (chunks) { if (!errBytes || bytes < 8192) chunks.push(chunk); }
            else if (onData) onData(chunk);
          },
          onResponseEnd() {
            resolve({ status, headers: resHeaders, bytes, body: chunks ? Buffer.concat(chunks) : null });
          },
          onResponseError(_c, err) { reject(err); },
        },
      );
    });
  }

  async _ok(op, p) {
    const r = await p;
    if (r.status < 200 || r.status > 299) throw new S3Error(op, r.status, r.body ? r.body.toString() : '');
    return r;
  }

  createBucket(bucket) {
    return this.request({ method: 'PUT', bucket, collect: true });
  }
  deleteBucket(bucket) {
    return this.request({ method: 'DELETE', bucket, collect: true });
  }
  putObject(bucket, key, body, hashKey) {
    return this.request({ method: 'PUT', bucket, key, body, payloadHash: this.payloadHash(body, hashKey), collect: false });
  }
  getObject(bucket, key, onData) {
    return this.request({ method: 'GET', bucket, key, onData });
  }
  headObject(bucket, key) {
    return this.request({ method: 'HEAD', bucket, key });
  }
  deleteObject(bucket, key) {
    return this.request({ method: 'DELETE', bucket, key, collect: true });
  }

  // GET a listing of `bucket` with `query` plus the `optional` parameters that are set: its XML,
  // or `failed`, the page to hand back as is.
  async #listXml(bucket, query, optional) {
    for (const [name, value] of optional) if (value) query.push([name, value]);
    const r = await this.request({ method: 'GET', bucket, query, collect: true });
    if (r.status !== 200) return { failed: { status: r.status, keys: [], prefixes: [], truncated: false, error: r.body.toString().slice(0, 300) } };
    return { xml: r.body.toString() };
  }

  async listPage(bucket, { prefix, delimiter, maxKeys = 1000, token, startAfter } = {}) {
    const { xml, failed } = await this.#listXml(bucket, [['list-type', '2'], ['max-keys', String(maxKeys)]],
      [['prefix', prefix], ['delimiter', delimiter], ['continuation-token', token], ['start-after', startAfter]]);
    if (failed) return failed;
    const keys = captures(xml, /<Key>([^<]*)<\/Key>/g);
    const prefixes = captures(xml, /<CommonPrefixes>\s*<Prefix>([^<]*)<\/Prefix>\s*<\/CommonPrefixes>/g);
    const nt = /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml);
    return { status: 200, keys, prefixes, truncated: isTruncated(xml), token: nt ? xmlUnescape(nt[1]) : null };
  }

  // One ListObjectVersions page: the key of every <Version> and <DeleteMarker>, in order.
  async listVersionsPage(bucket, { prefix, maxKeys = 1000, keyMarker } = {}) {
    const { xml, failed } = await this.#listXml(bucket, [['versions', ''], ['max-keys', String(maxKeys)]], [['prefix', prefix], ['key-marker', keyMarker]]);
    if (failed) return failed;
    return { status: 200, keys: captures(xml, /<(?:Version|DeleteMarker)>\s*<Key>([^<]*)<\/Key>/g), prefixes: [], truncated: isTruncated(xml) };
  }

  // One ListMultipartUploads page: the key and uploadId of every <Upload>, in order, and where the next page starts.
  async listUploadsPage(bucket, { prefix, maxUploads = 1000, keyMarker, uploadIdMarker } = {}) {
    const { xml, failed } = await this.#listXml(bucket, [['uploads', ''], ['max-uploads', String(maxUploads)]],
      [['prefix', prefix], ['key-marker', keyMarker], ['upload-id-marker', uploadIdMarker]]);
    if (failed) return failed;
    const uploads = [];
    const re = /<Upload>\s*<Key>([^<]*)<\/Key>\s*<UploadId>([^<]*)<\/UploadId>/g;
    let m;
    while ((m = re.exec(xml))) uploads.push({ key: xmlUnescape(m[1]), uploadId: xmlUnescape(m[2]) });
    const nk = /<NextKeyMarker>([^<]*)<\/NextKeyMarker>/.exec(xml);
    const nu = /<NextUploadIdMarker>([^<]*)<\/NextUploadIdMarker>/.exec(xml);
    return {
      status: 200, keys: uploads.map((u) => u.key), uploads, prefixes: [], truncated: isTruncated(xml),
      nextKeyMarker: nk ? xmlUnescape(nk[1]) : null, nextUploadIdMarker: nu ? xmlUnescape(nu[1]) : null,
    };
  }

  // Every pending upload under `prefix`: [{key, uploadId}].
  async listAllUploads(bucket, prefix, limitPages = 100000) {
    const all = [];
    let keyMarker = null;
    let uploadIdMarker = null;
    for (let i = 0; i < limitPages; i++) {
      const p = await this.listUploadsPage(bucket, { prefix, keyMarker, uploadIdMarker });
      if (p.status !== 200) throw new S3Error('ListMultipartUploads', p.status, p.error);
      all.push(...p.uploads);
      if (!p.truncated || p.keys.length === 0) break;
      keyMarker = p.nextKeyMarker;
      uploadIdMarker = p.nextUploadIdMarker;
    }
    return all;
  }

  async listAll(bucket, prefix, maxKeys = 1000, limitPages = 100000) {
    const all = [];
    let token = null;
    let startAfter = null;
    for (let i = 0; i < limitPages; i++) {
      const p = await this.listPage(bucket, { prefix, maxKeys, token, startAfter: token ? null : startAfter });
      if (p.status !== 200) throw new S3Error('ListObjectsV2', p.status, p.error);
      all.push(...p.keys);
      if (!p.truncated || p.keys.length === 0) break;
      token = p.token;
      if (!token) startAfter = p.keys[p.keys.length - 1]; // servers without continuation tokens
    }
    return all;
  }

  // DeleteObjects (batch). Returns {status, deleted, errors}
  async deleteObjects(bucket, keys) {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>true</Quiet>' +
      keys.map((k) => `<Object><Key>${xmlEscape(k)}</Key></Object>`).join('') + '</Delete>';
    const body = Buffer.from(xml);
    const md5 = createHash('md5').update(body).digest('base64');
    const r = await this.request({
      method: 'POST', bucket, query: [['delete', '']], body, collect: true,
      headers: { 'content-md5': md5, 'content-type': 'application/xml' },
      payloadHash: this.signedPayload ? createHash('sha256').update(body).digest('hex') : UNSIGNED,
    });
    const text = r.body.toString();
    const errors = (text.match(/<Error>/g) || []).length;
    return { status: r.status, errors, text };
  }

  async createMultipart(bucket, key) {
    const r = await this.request({ method: 'POST', bucket, key, query: [['uploads', '']], collect: true });
    if (r.status !== 200) return { status: r.status, error: r.body.toString().slice(0, 300) };
    const m = /<UploadId>([^<]*)<\/UploadId>/.exec(r.body.toString());
    return { status: r.status, uploadId: m ? xmlUnescape(m[1]) : null };
  }
  uploadPart(bucket, key, uploadId, partNumber, body, hashKey) {
    return this.request({
      method: 'PUT', bucket, key, body, payloadHash: this.payloadHash(body, hashKey),
      query: [['partNumber', String(partNumber)], ['uploadId', uploadId]], collect: false,
    });
  }
  completeMultipart(bucket, key, uploadId, parts) {
    const xml = '<CompleteMultipartUpload>' +
      parts.map((p) => `<Part><PartNumber>${p.n}</PartNumber><ETag>${xmlEscape(p.etag)}</ETag></Part>`).join('') +
      '</CompleteMultipartUpload>';
    const body = Buffer.from(xml);
    return this.request({
      method: 'POST', bucket, key, query: [['uploadId', uploadId]], body, collect: true,
      headers: { 'content-type': 'application/xml' },
      payloadHash: this.signedPayload ? createHash('sha256').update(body).digest('hex') : UNSIGNED,
    });
  }
  abortMultipart(bucket, key, uploadId) {
    return this.request({ method: 'DELETE', bucket, key, query: [['uploadId', uploadId]], collect: true });
  }
}
