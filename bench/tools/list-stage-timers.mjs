#!/usr/bin/env node
// Where a 1,000-key ListObjectsV2 page spends its CPU, stage by stage, in process (built
// dist/): real LocalDrives via createStorage (--drives 1, or 4 = EC 2+2), --keys objects of
// --size bytes put through the ErasureObjectLayer, then --iters repetitions of each stage:
//   range   drive.metaRange of the page's 1,001 entries (LMDB read + key/value copies), per drive
//   decode  decodeObjectRecord of those values
//   layer   layer.listObjects (range on the scanned drives + merge + decode + ObjectInfo)
//   xml     listObjectsV2Xml of the page (the response's UTF-8 bytes)
//   decodeGeneric  the same records through the generic decoder (msgpackr + checks), for comparison
// and the same for a ListMultipartUploads page of --keys pending uploads (created through the layer):
//   uRange    drive.metaRange of the page's upload records, per drive
//   uDecode   decodeUploadRecord + toUploadInfo of those values
//   uLayer    layer.listMultipartUploads (every drive's range + merge + one decode per upload)
//   uXml      listMultipartUploadsResultXml of the page
// Reported as µs per page (median of --rounds rounds); --stages a,b runs only those.
//
//   node bench/tools/list-stage-timers.mjs --drives 1 --keys 1000 --iters 200
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => import(path.join(REPO, 'dist/src', p));

function parseArgs(argv) {
  const o = { drives: 1, keys: 1000, size: 64, iters: 200, rounds: 5, stages: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${a} needs a value`); return Number(x); };
    if (a === '--drives') o.drives = v();
    else if (a === '--keys') o.keys = v();
    else if (a === '--size') o.size = v();
    else if (a === '--iters') o.iters = v();
    else if (a === '--rounds') o.rounds = v();
    else if (a === '--stages') o.stages = argv[++i].split(',');
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function time(iters, rounds, fn) {
  const per = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < iters; i++) await fn();
    const d = process.cpuUsage(t0);
    per.push((d.user + d.system) / iters);
  }
  return { median: Math.round(median(per)), best: Math.round(Math.min(...per)) };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const { createStorage } = await dist('storage/index.js');
  const { ErasureObjectLayer } = await dist('object/erasure-object-layer.js');
  const { decodeObjectRecord, decodeObjectRecordGeneric } = await dist('storage/format/index.js');
  const { listObjectsV2Xml } = await dist('s3/xml/shapes/list-objects-result.js');
  const { objectKey, prefixSuccessor } = await dist('object/meta-keys.js');
  const { listMultipartUploadsResultXml } = await dist('s3/xml/shapes/list-multipart-uploads-result.js');
  const { decodeUploadRecord, uploadsPrefix } = await dist('object/multipart/upload-record.js');
  const { toUploadInfo } = await dist('object/multipart/upload-info.js');
  const root = mkdtempSync(path.join(tmpdir(), 'cairn-liststage-'));
  let layer;
  try {
    const storage = await createStorage({ endpoints: Array.from({ length: o.drives }, (_, i) => path.join(root, `d${i + 1}`)) });
    layer = new ErasureObjectLayer(storage, {});
    const bucket = 'stage';
    await layer.makeBucket({ bucket });
    const body = Buffer.alloc(o.size, 7);
    for (let i = 0; i < o.keys; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, o.keys - i) }, (_, j) =>
        layer.putObject({ bucket, key: `d/${String(i + j).padStart(7, '0')}`, body: Readable.from([body]), size: body.length })));
    }
    const wantUploads = !o.stages || o.stages.some((st) => st.startsWith('u'));
    for (let i = 0; wantUploads && i < o.keys; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, o.keys - i) }, (_, j) =>
        layer.createMultipartUpload({ bucket, key: `u/${String(i + j).padStart(7, '0')}`, contentType: 'application/octet-stream', userMetadata: {} })));
    }
    const drive = storage.sets[0].drives[0];
    const uStart = uploadsPrefix(bucket);
    const uEnd = prefixSuccessor(uStart);
    const uEntries = await drive.metaRange({ start: uStart, end: uEnd, limit: 1001 });
    const uPage = await layer.listMultipartUploads({ bucket, maxUploads: 1000 });
    const owner = { ID: 'a'.repeat(64), DisplayName: 'cairn-root' };
    const uXml = () => listMultipartUploadsResultXml({ bucket, keyMarker: '', uploadIdMarker: '', prefix: '', maxUploads: 1000, result: uPage, encodingType: undefined, owner });
    const start = objectKey(bucket, 'd/');
    const end = prefixSuccessor(start);
    const entries = await drive.metaRange({ start, end, limit: 1001 });
    const page = await layer.listObjects({ bucket, prefix: 'd/', maxKeys: 1000 });
    const xml = listObjectsV2Xml({ name: bucket, prefix: 'd/', maxKeys: 1000, isTruncated: page.isTruncated, contents: page.objects, commonPrefixes: page.commonPrefixes, encodingType: undefined });
    const stages = {
      range: () => drive.metaRange({ start, end, limit: 1001 }),
      decode: () => { for (const e of entries) decodeObjectRecord(e.value); },
      layer: () => layer.listObjects({ bucket, prefix: 'd/', maxKeys: 1000 }),
      xml: () => listObjectsV2Xml({ name: bucket, prefix: 'd/', maxKeys: 1000, isTruncated: page.isTruncated, contents: page.objects, commonPrefixes: page.commonPrefixes, encodingType: undefined }),
      decodeGeneric: () => { for (const e of entries) decodeObjectRecordGeneric(e.value); },
      uRange: () => drive.metaRange({ start: uStart, end: uEnd, limit: 1001 }),
      uDecode: () => { for (const e of uEntries) toUploadInfo(decodeUploadRecord(e.value)); },
      uLayer: () => layer.listMultipartUploads({ bucket, maxUploads: 1000 }),
      uXml,
    };
    if (wantUploads) console.log(`uploads: page=${uPage.uploads.length}, ${uXml().length} B of XML, record ${uEntries[0]?.value.length} B`);
    console.log(`drives=${o.drives} keys=${o.keys} size=${o.size} page=${page.objects.length} keys, ${xml.length} B of XML, record ${entries[0]?.value.length} B`);
    for (const [name, fn] of Object.entries(stages).filter(([n]) => !o.stages || o.stages.includes(n))) {
      for (let i = 0; i < 20; i++) await fn(); // warm-up
      const t = await time(o.iters, o.rounds, fn);
      console.log(`${name.padEnd(10)} ${String(t.median).padStart(6)} µs/page median, ${t.best} best`);
    }
  } finally {
    if (layer) await layer.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e.stack || String(e)); process.exitCode = 1; });
