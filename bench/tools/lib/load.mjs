// s3bench load generation: one worker's slots issuing operations until the deadline.
import { S3 } from './s3.mjs';
import { Hist } from './hist.mjs';
import { VARIANTS, VSTEP } from './config.mjs';

export function makeBuffer(cfg) {
  const need = Math.max(cfg.size, cfg.workload === 'multipart' ? cfg.partSize : 0) + VARIANTS * VSTEP;
  const buf = Buffer.allocUnsafe(need);
  // deterministic random content (so workers/processes agree for --verify): expand a fixed seed
  const seed = Buffer.allocUnsafe(1 << 20);
  let x = 0x9e3779b9;
  for (let i = 0; i < seed.length; i += 4) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; seed.writeUInt32LE(x >>> 0, i); }
  for (let off = 0; off < need; off += seed.length) seed.copy(buf, off, 0, Math.min(seed.length, need - off));
  // break the 1 MiB period so distinct chunks differ (position-dependent xor)
  for (let off = 0; off < need; off += 4096) buf.writeUInt32LE((off / 4096) >>> 0, off);
  return buf;
}
// Name of prepared object i: flat <prefix><i>, or dirs <prefix>d0042/o0042137 (1,000 per directory).
export const DIR_SIZE = 1000;
const pad = (n, w) => String(n).padStart(w, '0');
export function keyOf(cfg, i) {
  if (cfg.layout !== 'dirs') return cfg.keyPrefix + i;
  return `${cfg.keyPrefix}d${pad(Math.floor(i / DIR_SIZE), 4)}/o${pad(i, 7)}`;
}

export const bodyOf = (buf, size, v) => buf.subarray(v * VSTEP, v * VSTEP + size);

export async function runLoad(cfg, wid, nw, startAt, shared) {
  const slotsTotal = cfg.concurrency;
  const slots = Math.floor(slotsTotal / nw) + (wid < slotsTotal % nw ? 1 : 0);
  const opsLimit = Math.floor(cfg.opsLimit / nw) + (wid < cfg.opsLimit % nw ? 1 : 0);
  const s3 = new S3({
    endpoint: cfg.endpoint, accessKey: cfg.accessKey, secretKey: cfg.secretKey, region: cfg.region,
    anonymous: cfg.anonymous, signedPayload: cfg.signedPayload, timeoutMs: cfg.timeoutMs,
    connections: slots * (cfg.workload === 'multipart' ? cfg.partConcurrency : 1),
  });
  const buf = makeBuffer(cfg);
  const B = cfg.bucket;
  const size = cfg.size;
  const warmEnd = startAt + cfg.warmupMs;
  const deadline = warmEnd + cfg.durationMs;
  const hist = new Hist();
  const perOp = {};
  const opHist = (t) => (perOp[t] ||= { hist: new Hist(), ops: 0, bytes: 0 });
  const st = { ops: 0, bytes: 0, errors: 0, errSamples: [], requests: 0, listings: 0, listedObjects: 0, issued: 0, consecErr: 0, lastEnd: 0, stop: false };
  const errorCount = {};
  const recordErr = (what) => {
    st.errors++;
    st.consecErr++;
    errorCount[what] = (errorCount[what] || 0) + 1;
    if (st.errSamples.length < 5) st.errSamples.push(what);
    if (st.consecErr > 500) st.stop = true; // server is down: stop hammering
  };
  const ok2xx = (s) => s >= 200 && s <= 299;

  // workload-specific state
  const objects = cfg.objects;
  let seq = 0;
  let live = null; let variantOf = null; const busy = new Map();
  let delQueue = null;
  if (cfg.workload === 'mixed') {
    live = []; variantOf = new Map();
    for (let i = wid; i < objects; i += nw) { const k = keyOf(cfg, i); live.push(k); variantOf.set(k, i % VARIANTS); }
  }
  if (cfg.workload === 'delete') {
    delQueue = [];
    for (let i = wid; i < objects; i += nw) delQueue.push(keyOf(cfg, i));
  }
  const pickOp = (() => {
    const m = cfg.mix; const tot = m.get + m.head + m.put + m.delete;
    return () => { let r = Math.random() * tot; for (const k of ['get', 'head', 'put', 'delete']) { if ((r -= m[k]) < 0) return k; } return 'get'; };
  })();

  const verifier = (v, expectedSize) => {
    if (!cfg.verify) return { onData: undefined, bad: () => false };
    let pos = 0; let bad = false; const base = v * VSTEP;
    return {
      onData: (chunk) => {
        if (!bad && (pos + chunk.length > expectedSize || !chunk.equals(buf.subarray(base + pos, base + pos + chunk.length)))) bad = true;
        pos += chunk.length;
      },
      bad: () => bad,
    };
  };

  async function getKey(key, v, expectedSize) {
    const ver = verifier(v, expectedSize);
    const r = await s3.getObject(B, key, ver.onData);
    st.requests++;
    if (!ok2xx(r.status)) return `GET ${r.status}`;
    if (r.bytes !== expectedSize) return `GET short body ${r.bytes}/${expectedSize}`;
    if (ver.bad()) return 'GET body mismatch';
    return null;
  }

  // list modes page/dir/root: one ListObjectsV2 page whose exact content is known from the layout;
  // versions / uploads: one ListObjectVersions / ListMultipartUploads page from a random key-marker
  // (one version, or one pending upload, per key)
  const nDirs = Math.ceil(objects / DIR_SIZE);
  async function listOnePage() {
    const mk = cfg.maxKeys;
    let q; let wantKeys; let wantPrefixes = 0; let firstKey;
    let list = (query) => s3.listPage(B, query);
    if (cfg.listMode === 'versions' || cfg.listMode === 'uploads') {
      const i = Math.floor(Math.random() * Math.max(1, objects - mk + 1)) - 1;
      const keyMarker = i >= 0 ? keyOf(cfg, i) : null;
      q = { prefix: cfg.keyPrefix, maxKeys: mk, maxUploads: mk, keyMarker };
      wantKeys = Math.min(mk, objects - 1 - i);
      firstKey = keyOf(cfg, i + 1);
      list = cfg.listMode === 'versions' ? (query) => s3.listVersionsPage(B, query) : (query) => s3.listUploadsPage(B, query);
    } else if (cfg.listMode === 'page') {
      // start after object i (-1: from the start) so that the page is full whenever possible
      const i = Math.floor(Math.random() * Math.max(1, objects - mk + 1)) - 1;
      q = { prefix: cfg.keyPrefix, maxKeys: mk, startAfter: i >= 0 ? keyOf(cfg, i) : null };
      wantKeys = Math.min(mk, objects - 1 - i);
      firstKey = keyOf(cfg, i + 1);
    } else if (cfg.listMode === 'dir') {
      const d = Math.floor(Math.random() * nDirs);
      q = { prefix: `${cfg.keyPrefix}d${pad(d, 4)}/`, delimiter: '/', maxKeys: mk };
      wantKeys = Math.min(mk, DIR_SIZE, objects - d * DIR_SIZE);
      firstKey = keyOf(cfg, d * DIR_SIZE);
    } else {
      q = { prefix: cfg.keyPrefix, delimiter: '/', maxKeys: mk };
      wantKeys = 0; wantPrefixes = Math.min(mk, nDirs);
    }
    const p = await list(q);
    st.requests++;
    if (p.status !== 200) return { err: `LIST ${p.status}`, bytes: 0 };
    st.listedObjects += p.keys.length + p.prefixes.length;
    st.listings++;
    if (p.keys.length !== wantKeys || p.prefixes.length !== wantPrefixes) {
      return { err: `LIST ${cfg.listMode} got ${p.keys.length} keys + ${p.prefixes.length} prefixes, want ${wantKeys} + ${wantPrefixes}`, bytes: 0 };
    }
    if (firstKey && wantKeys && p.keys[0] !== firstKey) return { err: `LIST ${cfg.listMode} first key ${p.keys[0]}, want ${firstKey}`, bytes: 0 };
    return { err: null, bytes: 0 };
  }

  // one operation: returns {err, bytes, type}
  async function oneOp(slot) {
    switch (cfg.workload) {
      case 'put': {
        const n = seq++; const v = n % VARIANTS;
        const r = await s3.putObject(B, `${cfg.runId}-w${wid}-${n}`, bodyOf(buf, size, v), v);
        st.requests++;
        return { err: ok2xx(r.status) ? null : `PUT ${r.status}`, bytes: size };
      }
      case 'get': {
        const i = Math.floor(Math.random() * objects);
        return { err: await getKey(keyOf(cfg, i), i % VARIANTS, size), bytes: size };
      }
      case 'mixed': {
        let t = pickOp();
        if ((t === 'delete' || t === 'get' || t === 'head') && live.length <= slots) t = 'put';
        if (t === 'put') {
          const k = `${cfg.runId}-w${wid}-${seq++}`; const v = seq % VARIANTS;
          const r = await s3.putObject(B, k, bodyOf(buf, size, v), v);
          st.requests++;
          if (ok2xx(r.status)) { live.push(k); variantOf.set(k, v); return { err: null, bytes: size, type: t }; }
          return { err: `PUT ${r.status}`, bytes: size, type: t };
        }
        if (t === 'delete') {
          let idx = -1;
          for (let tries = 0; tries < 8; tries++) { const j = Math.floor(Math.random() * live.length); if (!busy.get(live[j])) { idx = j; break; } }
          if (idx < 0) t = 'head';
          else {
            const k = live[idx]; live[idx] = live[live.length - 1]; live.pop(); variantOf.delete(k);
            const r = await s3.deleteObject(B, k);
            st.requests++;
            return { err: ok2xx(r.status) ? null : `DELETE ${r.status}`, bytes: 0, type: t };
          }
        }
        const k = live[Math.floor(Math.random() * live.length)];
        busy.set(k, (busy.get(k) || 0) + 1);
        try {
          if (t === 'get') return { err: await getKey(k, variantOf.get(k), size), bytes: size, type: t };
          const r = await s3.headObject(B, k);
          st.requests++;
          const len = r.headers && parseInt(r.headers['content-length'], 10);
          return { err: !ok2xx(r.status) ? `HEAD ${r.status}` : len !== size ? `HEAD content-length ${len}` : null, bytes: 0, type: 'head' };
        } finally {
          const c = busy.get(k) - 1; if (c) busy.set(k, c); else busy.delete(k);
        }
      }
      case 'list': {
        if (cfg.listMode !== 'walk') return listOnePage();
        const p = await s3.listPage(B, { prefix: cfg.keyPrefix, maxKeys: cfg.maxKeys, token: slot.token, startAfter: slot.token ? null : slot.after });
        st.requests++;
        if (p.status !== 200) { slot.token = null; slot.after = null; slot.count = 0; return { err: `LIST ${p.status}`, bytes: 0 }; }
        slot.count += p.keys.length;
        st.listedObjects += p.keys.length;
        if (p.truncated && p.keys.length) {
          slot.token = p.token; slot.after = p.token ? null : p.keys[p.keys.length - 1];
          return { err: null, bytes: 0 };
        }
        const full = slot.count; slot.token = null; slot.after = null; slot.count = 0;
        st.listings++;
        return { err: full === objects ? null : `LIST incomplete ${full}/${objects}`, bytes: 0 };
      }
      case 'delete': {
        if (cfg.batch > 1) {
          const keys = delQueue.splice(-cfg.batch, cfg.batch);
          if (!keys.length) return null;
          const r = await s3.deleteObjects(B, keys);
          st.requests++;
          return { err: !ok2xx(r.status) ? `DELETEOBJECTS ${r.status}` : r.errors ? `DELETEOBJECTS ${r.errors} key errors` : null, bytes: 0, count: keys.length };
        }
        const k = delQueue.pop();
        if (k === undefined) return null;
        const r = await s3.deleteObject(B, k);
        st.requests++;
        return { err: ok2xx(r.status) ? null : `DELETE ${r.status}`, bytes: 0 };
      }
      case 'multipart': {
        const key = `${cfg.runId}-w${wid}-${seq++}`;
        const c = await s3.createMultipart(B, key);
        st.requests++;
        if (c.status !== 200 || !c.uploadId) return { err: `CreateMultipartUpload ${c.status}`, bytes: size };
        const nParts = Math.max(1, Math.ceil(size / cfg.partSize));
        const etags = new Array(nParts);
        let next = 0; let perr = null;
        const partWorker = async () => {
          while (!perr) {
            const n = next++;
            if (n >= nParts) return;
            const len = Math.min(cfg.partSize, size - n * cfg.partSize);
            const v = (n + 1) % VARIANTS;
            const t0 = performance.now();
            const r = await s3.uploadPart(B, key, c.uploadId, n + 1, bodyOf(buf, len, v), `p${v}:${len}`);
            st.requests++;
            const ms = performance.now() - t0;
            if (!ok2xx(r.status)) { perr = `UploadPart ${r.status}`; return; }
            const et = r.headers.etag; etags[n] = Array.isArray(et) ? et[0] : et;
            if (!etags[n]) { perr = 'UploadPart: no ETag'; return; }
            if (Date.now() >= warmEnd && Date.now() < deadline) { const ph = opHist('part'); ph.hist.add(ms); ph.ops++; ph.bytes += len; }
          }
        };
        await Promise.all(Array.from({ length: Math.min(cfg.partConcurrency, nParts) }, partWorker));
        if (perr) { await s3.abortMultipart(B, key, c.uploadId).catch(() => {}); return { err: perr, bytes: size }; }
        const r = await s3.completeMultipart(B, key, c.uploadId, etags.map((etag, i) => ({ n: i + 1, etag })));
        st.requests++;
        const bad = !ok2xx(r.status) ? `CompleteMultipartUpload ${r.status}` : /<Error>/.test(r.body.toString()) ? 'CompleteMultipartUpload <Error>' : null;
        return { err: bad, bytes: size };
      }
    }
    throw new Error('unreachable');
  }

  const cpu = { start: null, end: null };
  const tWarm = setTimeout(() => { cpu.start = process.cpuUsage(); }, Math.max(0, warmEnd - Date.now()));
  const tEnd = setTimeout(() => { cpu.end = process.cpuUsage(); }, Math.max(0, deadline - Date.now()));

  let windowEnd = deadline;
  let active = slots;
  async function slotLoop() {
    const slot = { token: null, after: null, count: 0 };
    while (!st.stop && Date.now() < deadline && st.issued < opsLimit) {
      st.issued++;
      const t0w = Date.now();
      const t0 = performance.now();
      let res;
      try {
        res = await oneOp(slot);
      } catch (e) {
        res = { err: `${e.code || e.name}: ${e.message}`.slice(0, 200), bytes: 0 };
      }
      if (res === null) break; // nothing left (delete)
      const ms = performance.now() - t0;
      const tDone = Date.now();
      if (res.err) { recordErr(res.err); continue; }
      st.consecErr = 0;
      if (t0w >= warmEnd && tDone <= deadline) {
        const n = res.count || 1;
        hist.add(ms);
        st.ops += n;
        st.bytes += res.bytes;
        st.lastEnd = tDone;
        if (res.type) { const h = opHist(res.type); h.hist.add(ms); h.ops++; h.bytes += res.bytes; }
      }
    }
    active--;
    if (active === 0 && Date.now() < deadline) windowEnd = Math.max(warmEnd + 1, Math.max(st.lastEnd, Date.now()));
  }
  const wait = startAt - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  await Promise.all(Array.from({ length: slots }, slotLoop));
  if (!cpu.end) { cpu.end = process.cpuUsage(); clearTimeout(tEnd); }
  if (!cpu.start) { cpu.start = cpu.end; clearTimeout(tWarm); }
  await s3.close();
  const windowMs = Math.max(1, Math.min(windowEnd, deadline) - warmEnd);
  const perOpJson = {};
  for (const [k, v] of Object.entries(perOp)) perOpJson[k] = { hist: v.hist.toJSON(), ops: v.ops, bytes: v.bytes };
  return {
    wid, slots, hist: hist.toJSON(), perOp: perOpJson, ops: st.ops, bytes: st.bytes, errors: st.errors, errorCount,
    errSamples: st.errSamples, requests: st.requests, listings: st.listings, listedObjects: st.listedObjects,
    windowMs, cpuUserS: (cpu.end.user - cpu.start.user) / 1e6, cpuSysS: (cpu.end.system - cpu.start.system) / 1e6,
  };
}
