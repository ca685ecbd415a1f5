#!/usr/bin/env node
// Copied from /work/shared/bench/bare-server.mjs; adds ListObjectsV2 delimiter (CommonPrefixes).
// Bare Node.js HTTP object server: the "Node ceiling" for an S3 server on this machine.
// It speaks just enough S3 (path-style) for s3bench's workloads and IGNORES auth entirely.
//   fs mode (default): PUT streams the body to a temp file, fsync, rename; GET streams the file.
//   null mode:         PUT discards the body (size kept in a Map); GET sends bytes from memory.
//                      = the loopback HTTP ceiling of a Node server (no disk, no hashing).
// Usage: node bare-server.mjs [--port 9100] [--host 127.0.0.1] [--dir /tmp/bare-data] [--mode fs|null]
//                             [--no-fsync] [--md5]   (md5: compute a real MD5 ETag while streaming)
// Env: UV_THREADPOOL_SIZE (libuv's default 4 unless set by the caller). Setting it here, in an ES
// module, would be too late: the module was read through the pool, which fixed the pool's size
// (Cairn's CommonJS launcher bin/cairn.js does it first). This server makes one file per PUT;
// with 16 threads set by the caller it measured the same as with 4 (PUT 256 KiB c8 824-956 vs
// 736-936 ops/s, PUT 1 MiB c8 303-359 vs 331-365, 4 rounds each, 2026-12-05).
const { createServer } = await import('node:http');
const fs = await import('node:fs');
const fsp = await import('node:fs/promises');
const path = await import('node:path');
const { createHash, randomBytes } = await import('node:crypto');

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const flag = (name) => args.includes(`--${name}`);
const PORT = parseInt(opt('port', '9100'), 10);
const HOST = opt('host', '127.0.0.1');
const DIR = path.resolve(opt('dir', '/tmp/bare-data'));
const MODE = opt('mode', 'fs');
const FSYNC = !flag('no-fsync');
const MD5 = flag('md5');
const READ_CHUNK = 256 * 1024;
const SMALL = 256 * 1024;

const TMP = path.join(DIR, '.tmp');
const MPU = path.join(DIR, '.mpu');
if (MODE === 'fs') { fs.mkdirSync(TMP, { recursive: true }); fs.mkdirSync(MPU, { recursive: true }); }

let counter = 0;
const enc = (k) => encodeURIComponent(k).replace(/^\./, '%2E');
const dec = (f) => decodeURIComponent(f);
const xmlEsc = (s) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);

function send(res, status, body, headers = {}) {
  const b = body == null ? null : Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.writeHead(status, { 'content-length': b ? b.length : 0, ...headers });
  res.end(b);
}
const xml = (res, status, body) => send(res, status, '<?xml version="1.0" encoding="UTF-8"?>\n' + body, { 'content-type': 'application/xml' });
const errXml = (res, status, code) => xml(res, status, `<Error><Code>${code}</Code></Error>`);

// Stream a request body into fd with batched writev (no per-chunk round trips); optional md5.
function bodyToFd(req, fd) {
  return new Promise((resolve, reject) => {
    let pending = []; let pendingBytes = 0; let writing = false; let ended = false; let failed = false; let total = 0;
    const md5 = MD5 ? createHash('md5') : null;
    const finish = () => resolve({ total, md5: md5 ? md5.digest('hex') : null });
    const flush = () => {
      writing = true;
      const bufs = pending; pending = []; pendingBytes = 0;
      const want = bufs.reduce((a, b) => a + b.length, 0);
      fs.writev(fd, bufs, (err, n) => {
        if (err) { failed = true; return reject(err); }
        if (n !== want) { failed = true; return reject(new Error(`short write ${n}/${want}`)); }
        writing = false;
        if (req.isPaused()) req.resume();
        if (pending.length) flush(); else if (ended) finish();
      });
    };
    req.on('data', (c) => {
      if (failed) return;
      total += c.length;
      if (md5) md5.update(c);
      pending.push(c); pendingBytes += c.length;
      if (!writing) flush(); else if (pendingBytes > 8 << 20) req.pause();
    });
    req.on('end', () => { ended = true; if (!writing && !pending.length) finish(); else if (!writing) flush(); });
    req.on('error', (e) => { failed = true; reject(e); });
  });
}

async function putFile(req, res, finalPath) {
  const tmp = path.join(TMP, `${process.pid}-${counter++}`);
  const fh = await fsp.open(tmp, 'w');
  let r;
  try {
    r = await bodyToFd(req, fh.fd);
    if (FSYNC) await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {}); await fsp.unlink(tmp).catch(() => {});
    throw e;
  }
  await fh.close();
  await fsp.rename(tmp, finalPath);
  send(res, 200, null, { etag: `"${r.md5 || (counter.toString(16).padStart(32, '0'))}"` });
}

async function streamFile(res, fd, size, head) {
  if (head) { send(res, 200, null, { 'content-length': size }); return; }
  res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream' });
  if (size <= SMALL) {
    const b = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) { const { bytesRead } = await fd.read(b, off, size - off, off); if (!bytesRead) break; off += bytesRead; }
    res.end(b);
    return;
  }
  await new Promise((resolve, reject) => {
    const rs = fs.createReadStream(null, { fd: fd.fd, autoClose: false, highWaterMark: READ_CHUNK, start: 0 });
    rs.on('error', reject);
    res.on('close', resolve);
    rs.pipe(res);
  });
}

async function getObject(req, res, p, head) {
  let fh;
  try { fh = await fsp.open(p, 'r'); } catch { return errXml(res, 404, 'NoSuchKey'); }
  try {
    const st = await fh.stat();
    if (!st.isDirectory()) return await streamFile(res, fh, st.size, head);
    // completed multipart upload: directory of parts "1","2",... (zero-copy complete)
    await fh.close(); fh = null;
    const parts = (await fsp.readdir(p)).filter((n) => /^\d+$/.test(n)).sort((a, b) => a - b);
    const sizes = await Promise.all(parts.map((n) => fsp.stat(path.join(p, n)).then((s) => s.size)));
    const total = sizes.reduce((a, b) => a + b, 0);
    if (head) return send(res, 200, null, { 'content-length': total });
    res.writeHead(200, { 'content-length': total, 'content-type': 'application/octet-stream' });
    for (const n of parts) {
      await new Promise((resolve, reject) => {
        const rs = fs.createReadStream(path.join(p, n), { highWaterMark: READ_CHUNK });
        rs.on('error', reject); rs.on('end', resolve);
        rs.pipe(res, { end: false });
      });
    }
    res.end();
  } finally { if (fh) await fh.close().catch(() => {}); }
}

async function listV2(res, bdir, q) {
  let names;
  try { names = await fsp.readdir(bdir); } catch { return errXml(res, 404, 'NoSuchBucket'); }
  const prefix = q.get('prefix') || '';
  const maxKeys = Math.min(parseInt(q.get('max-keys') || '1000', 10), 1000);
  const after = q.get('continuation-token') || q.get('start-after') || '';
  const delim = q.get('delimiter') || '';
  const all = names.map(dec).filter((k) => k.startsWith(prefix) && k > after).sort();
  // delimiter: keys sharing prefix+...+delim collapse into one CommonPrefix (counted in max-keys)
  const keys = []; const cps = []; let last = '';
  let truncated = false;
  for (const k of all) {
    const cut = delim ? k.indexOf(delim, prefix.length) : -1;
    const cp = cut >= 0 ? k.slice(0, cut + delim.length) : null;
    if (cp !== null && cps.length && cps[cps.length - 1] === cp) continue;
    if (keys.length + cps.length >= maxKeys) { truncated = true; break; }
    if (cp !== null) { cps.push(cp); last = cp; } else { keys.push(k); last = k; }
  }
  const sizes = await Promise.all(keys.map((k) => fsp.stat(path.join(bdir, enc(k))).then((s) => s.size, () => 0)));
  let body = `<ListBucketResult><Name>x</Name><Prefix>${xmlEsc(prefix)}</Prefix><KeyCount>${keys.length + cps.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>`;
  // the token is the last returned name; for a CommonPrefix, skip everything under it (append \uffff)
  if (truncated) body += `<NextContinuationToken>${xmlEsc(last.endsWith(delim) && delim ? last + '\uffff' : last)}</NextContinuationToken>`;
  for (let i = 0; i < keys.length; i++) body += `<Contents><Key>${xmlEsc(keys[i])}</Key><Size>${sizes[i]}</Size><ETag>"0"</ETag></Contents>`;
  for (const cp of cps) body += `<CommonPrefixes><Prefix>${xmlEsc(cp)}</Prefix></CommonPrefixes>`;
  xml(res, 200, body + '</ListBucketResult>');
}

const readAll = (req) => new Promise((resolve, reject) => { const c = []; req.on('data', (d) => c.push(d)); req.on('end', () => resolve(Buffer.concat(c))); req.on('error', reject); });

async function handleFs(req, res, bucket, key, q) {
  const bdir = path.join(DIR, enc(bucket));
  const m = req.method;
  if (key == null) {
    if (m === 'PUT') { await fsp.mkdir(bdir, { recursive: true }); return send(res, 200); }
    if (m === 'DELETE') { try { await fsp.rmdir(bdir); return send(res, 204); } catch (e) { return errXml(res, e.code === 'ENOTEMPTY' ? 409 : 404, 'BucketNotEmpty'); } }
    if (m === 'GET' && q.get('list-type') === '2') return listV2(res, bdir, q);
    if (m === 'POST' && q.has('delete')) {
      const body = (await readAll(req)).toString();
      const keys = [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((x) => x[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
      await Promise.all(keys.map((k) => fsp.rm(path.join(bdir, enc(k)), { recursive: true, force: true })));
      return xml(res, 200, '<DeleteResult></DeleteResult>');
    }
    if (m === 'HEAD') return fsp.stat(bdir).then(() => send(res, 200), () => send(res, 404));
    return errXml(res, 501, 'NotImplemented');
  }
  const p = path.join(bdir, enc(key));
  if (m === 'PUT' && q.has('uploadId')) {
    const id = q.get('uploadId').replace(/[^0-9a-f]/g, '');
    const n = parseInt(q.get('partNumber'), 10);
    return putFile(req, res, path.join(MPU, id, String(n)));
  }
  if (m === 'PUT') return putFile(req, res, p);
  if (m === 'GET' || m === 'HEAD') return getObject(req, res, p, m === 'HEAD');
  if (m === 'POST' && q.has('uploads')) {
    const id = randomBytes(16).toString('hex');
    await fsp.mkdir(path.join(MPU, id));
    return xml(res, 200, `<InitiateMultipartUploadResult><Bucket>${xmlEsc(bucket)}</Bucket><Key>${xmlEsc(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
  }
  if (m === 'POST' && q.has('uploadId')) {
    await readAll(req);
    const id = q.get('uploadId').replace(/[^0-9a-f]/g, '');
    await fsp.rm(p, { recursive: true, force: true });
    await fsp.rename(path.join(MPU, id), p);
    return xml(res, 200, `<CompleteMultipartUploadResult><Key>${xmlEsc(key)}</Key><ETag>"${id}-1"</ETag></CompleteMultipartUploadResult>`);
  }
  if (m === 'DELETE' && q.has('uploadId')) {
    await fsp.rm(path.join(MPU, q.get('uploadId').replace(/[^0-9a-f]/g, '')), { recursive: true, force: true });
    return send(res, 204);
  }
  if (m === 'DELETE') { await fsp.rm(p, { recursive: true, force: true }); return send(res, 204); }
  return errXml(res, 501, 'NotImplemented');
}

// ---- null mode (memory only) ----
const NULLBUF = randomBytes(1 << 20);
const sizes = new Map(); // "bucket/key" -> size
const uploads = new Map();
const countBody = (req) => new Promise((resolve, reject) => { let n = 0; req.on('data', (d) => { n += d.length; }); req.on('end', () => resolve(n)); req.on('error', reject); });
async function handleNull(req, res, bucket, key, q) {
  const m = req.method;
  if (key == null) {
    if (m === 'PUT' || m === 'DELETE') { await countBody(req); return send(res, m === 'PUT' ? 200 : 204); }
    if (m === 'GET' && q.get('list-type') === '2') {
      const prefix = q.get('prefix') || ''; const after = q.get('continuation-token') || q.get('start-after') || '';
      const maxKeys = Math.min(parseInt(q.get('max-keys') || '1000', 10), 1000);
      const pre = bucket + '/';
      let keys = [];
      for (const k of sizes.keys()) if (k.startsWith(pre)) { const kk = k.slice(pre.length); if (kk.startsWith(prefix) && kk > after) keys.push(kk); }
      keys.sort();
      const truncated = keys.length > maxKeys; keys = keys.slice(0, maxKeys);
      let body = `<ListBucketResult><KeyCount>${keys.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>`;
      if (truncated) body += `<NextContinuationToken>${xmlEsc(keys[keys.length - 1])}</NextContinuationToken>`;
      for (const k of keys) body += `<Contents><Key>${xmlEsc(k)}</Key><Size>${sizes.get(pre + k)}</Size></Contents>`;
      return xml(res, 200, body + '</ListBucketResult>');
    }
    if (m === 'POST' && q.has('delete')) {
      const body = (await readAll(req)).toString();
      for (const x of body.matchAll(/<Key>([^<]*)<\/Key>/g)) sizes.delete(bucket + '/' + x[1].replace(/&amp;/g, '&'));
      return xml(res, 200, '<DeleteResult></DeleteResult>');
    }
    return send(res, 200);
  }
  const id = bucket + '/' + key;
  if (m === 'PUT' && q.has('uploadId')) { const n = await countBody(req); const u = uploads.get(q.get('uploadId')); if (u) u.push(n); return send(res, 200, null, { etag: '"0"' }); }
  if (m === 'PUT') { sizes.set(id, await countBody(req)); return send(res, 200, null, { etag: '"0"' }); }
  if (m === 'POST' && q.has('uploads')) { const u = randomBytes(8).toString('hex'); uploads.set(u, []); return xml(res, 200, `<InitiateMultipartUploadResult><UploadId>${u}</UploadId></InitiateMultipartUploadResult>`); }
  if (m === 'POST' && q.has('uploadId')) { await readAll(req); const u = uploads.get(q.get('uploadId')) || []; uploads.delete(q.get('uploadId')); sizes.set(id, u.reduce((a, b) => a + b, 0)); return xml(res, 200, '<CompleteMultipartUploadResult></CompleteMultipartUploadResult>'); }
  if (m === 'DELETE') { sizes.delete(id); return send(res, 204); }
  const size = sizes.get(id);
  if (size == null) return errXml(res, 404, 'NoSuchKey');
  if (m === 'HEAD') return send(res, 200, null, { 'content-length': size });
  res.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream' });
  if (size <= NULLBUF.length) return res.end(NULLBUF.subarray(0, size));
  let left = size;
  const pump = () => {
    while (left > 0) {
      const n = Math.min(left, NULLBUF.length); left -= n;
      if (!res.write(NULLBUF.subarray(0, n))) { if (left > 0) res.once('drain', pump); else res.end(); return; }
    }
    res.end();
  };
  pump();
}

const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 60_000, requestTimeout: 0 }, (req, res) => {
  const qi = req.url.indexOf('?');
  const rawPath = qi < 0 ? req.url : req.url.slice(0, qi);
  const q = new URLSearchParams(qi < 0 ? '' : req.url.slice(qi + 1));
  const slash = rawPath.indexOf('/', 1);
  const bucket = decodeURIComponent(slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash));
  const key = slash < 0 || slash === rawPath.length - 1 ? null : decodeURIComponent(rawPath.slice(slash + 1));
  if (!bucket) return xml(res, 200, '<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>');
  (MODE === 'null' ? handleNull : handleFs)(req, res, bucket, key, q).catch((e) => {
    if (!res.headersSent) errXml(res, 500, 'InternalError: ' + xmlEsc(String(e.message)));
    else res.destroy(e);
  });
});
server.listen(PORT, HOST, () => console.error(`bare-server pid ${process.pid} ${MODE} ${MODE === 'fs' ? DIR : ''} fsync=${FSYNC} md5=${MD5} http://${HOST}:${server.address().port}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
