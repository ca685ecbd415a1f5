/**
 * What the parent of a crash trial checks after the child was SIGKILLed, on the reopened drives:
 *  - every key reads back as its last acknowledged state (content recomputed from key + seq),
 *    or — only for the key of the operation in flight at the kill — as that operation's result;
 *  - nothing torn is visible (after a heal pass also for the key in flight, see checkAfterCrash): every listed object reads back completely and matches its ETag
 *    (md5 for single-part objects; the expected content for multipart ones);
 *  - after the sweeper (grace elapsed) no tmp entries remain, every data dir is referenced by a
 *    `d/` entry (or by an upload writing its parts or completing into it), every multipart dir
 *    has its upload record, and a pending in-place upload's dir holds only recorded part files.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ObjectNotFoundError } from '../../src/errors/domain-errors.js';
import type { ErasureObjectLayer } from '../../src/object/index.js';
import { decodePartRecord, decodeUploadRecord, inPlacePartFileName, partsPrefix } from '../../src/object/multipart/upload-record.js';
import { dataPath } from '../../src/object/ids.js';
import { createObjectHealer, healObject, scanPrefix } from '../../src/object/heal/index.js';
import type { Storage } from '../../src/storage/storage.js';
import { ObjectScanner, Sweeper } from '../../src/workers/index.js';
import { contentAfter, CRASH_BUCKET, CRASH_KEYS, crashOp } from './crash-script.js';

export interface ChildLog {
  /** ops acknowledged, in order (index into the script). */
  readonly acked: number[];
  /** The op begun but not acknowledged when the child died. */
  readonly inFlight: number | undefined;
  readonly failures: string[];
}

/** Parse complete lines only (a line cut by the kill is ignored). */
export function parseChildLog(stdout: string): ChildLog {
  const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1).split('\n').filter(Boolean);
  const acked: number[] = [];
  const failures: string[] = [];
  let begun: number | undefined;
  for (const line of complete) {
    if (line.startsWith('BEGIN ')) begun = Number(line.slice(6));
    else if (line.startsWith('ACK ')) {
      assert.ok(begun !== undefined, `ACK without BEGIN: ${line}`);
      acked.push(begun);
      begun = undefined;
    } else if (line.startsWith('FAIL')) failures.push(line);
  }
  return { acked, inFlight: begun, failures };
}

async function readAll(layer: ErasureObjectLayer, key: string): Promise<Buffer | undefined> {
  try {
    const res = await layer.getObject({ bucket: CRASH_BUCKET, key });
    const chunks: Buffer[] = [];
    for await (const c of res.body) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  } catch (err) {
    if (err instanceof ObjectNotFoundError) return undefined;
    throw err;
  }
}

const same = (a: Buffer | undefined, b: Buffer | undefined): boolean => (a === undefined ? b === undefined : b !== undefined && a.equals(b));

/**
 * `listingExempt`: before any heal, the key of the operation in flight may be listed from
 * copies other than the ones GET picks. A listing settles every key whose scanned copies
 * disagree with the quorum read GET uses, so what remains is one case: in a set with k == m,
 * a commit that reached exactly k drives (one short of write quorum, never acknowledged), all
 * of them outside the n - writeQuorum + 1 drives the listing scans, is a read quorum GET sees
 * and the listing does not. The key must still read back as an acceptable state; after a heal
 * pass the exemption is dropped.
 */
export async function checkAfterCrash(
  layer: ErasureObjectLayer, seed: number, log: ChildLog, what: string, opts: { listingExempt?: string } = {},
): Promise<void> {
  const lastAck = new Map<string, number>();
  for (const i of log.acked) lastAck.set(crashOp(seed, i).key, i);
  const inFlight = log.inFlight === undefined ? undefined : crashOp(seed, log.inFlight);
  for (const key of CRASH_KEYS) {
    const got = await readAll(layer, key);
    const acked = lastAck.has(key) ? contentAfter(crashOp(seed, lastAck.get(key)!)) : undefined;
    const ok = same(got, acked) || (inFlight?.key === key && same(got, contentAfter(inFlight)));
    assert.ok(ok, `${what}: ${key} holds ${got === undefined ? 'nothing' : `${got.length} bytes`}; acked op ${lastAck.get(key)}, in flight ${log.inFlight}`);
  }
  const listed = await layer.listObjects({ bucket: CRASH_BUCKET, maxKeys: 1000 });
  for (const o of listed.objects) {
    if (o.key === opts.listingExempt) continue;
    const got = await readAll(layer, o.key);
    assert.ok(got !== undefined, `${what}: listed ${o.key} is not readable`);
    assert.equal(got.length, o.size, `${what}: ${o.key} size`);
    if (!o.etag.includes('-')) assert.equal(createHash('md5').update(got).digest('hex'), o.etag, `${what}: ${o.key} md5`);
  }
}

/** One scanner pass over everything, healing each finding; returns the number healed. */
export async function healPass(layer: ErasureObjectLayer): Promise<number> {
  const found: string[] = [];
  const stats = await new ObjectScanner(createObjectHealer(layer.context), (_b, k) => found.push(k), { objectsPerSecond: 1_000_000 }).scanPass();
  assert.equal(stats.errors, 0);
  for (const key of found) {
    const res = await healObject(layer.context, { bucket: CRASH_BUCKET, key: key });
    assert.deepEqual(res.failures, [], `heal of ${key}`);
  }
  return found.length;
}

export async function checkSweptClean(storage: Storage, what: string): Promise<void> {
  const sweeper = new Sweeper(storage, { graceMs: 60_000, now: () => Date.now() + 3_600_000 });
  const stats = await sweeper.sweepAll();
  assert.equal(stats.errors, 0, `${what}: sweep errors`);
  for (const d of storage.drives) {
    assert.deepEqual(await d.list('tmp'), [], `${what}: tmp leftovers on ${d.endpoint}`);
    const uploads = await scanPrefix(d, 'u/');
    const uploadIds = new Set<string>();
    const completing = new Set<string>();
    for (const u of uploads) {
      const rec = decodeUploadRecord(u.value);
      uploadIds.add(rec.uploadId);
      if (rec.completingDataId) completing.add(rec.completingDataId);
      if (rec.dataId) {
        completing.add(rec.dataId);
        // A live in-place upload (not committed): every part file left is one a part record names.
        if ((await d.metaGet(`d/${rec.dataId}`)) === undefined) {
          const named = new Set((await scanPrefix(d, partsPrefix(rec.uploadId))).map((e) => {
            const p = decodePartRecord(e.value);
            return inPlacePartFileName(p.partNumber, p.partId);
          }));
          for (const f of await d.list(dataPath(rec.dataId))) assert.ok(named.has(f), `${what}: unrecorded part file ${f} of upload ${rec.uploadId} on ${d.endpoint}`);
        }
      }
    }
    for (const dir of await d.list('multipart')) assert.ok(uploadIds.has(dir), `${what}: multipart/${dir} without upload on ${d.endpoint}`);
    for (const fan of await d.list('data')) {
      for (const id of await d.list(`data/${fan}`)) {
        const ref = await d.metaGet(`d/${id}`);
        assert.ok(ref !== undefined || completing.has(id), `${what}: unreferenced data/${fan}/${id} on ${d.endpoint}`);
      }
    }
  }
}
