/**
 * Space freed by deletes is reused: a real server on 4 drives (EC 2+2) holds objects inline in
 * its LMDB records (each drive's data.mdb); deleting every object and writing as many new ones
 * (with GETs and HEADs running beside the writes, as in the mixed load) must leave each
 * data.mdb within GROWTH_BOUND of its size after the first fill, over three cycles. LMDB never
 * shrinks its file, so growth here means freed pages were not found again. Without any reuse
 * each cycle would add about a whole fill (3 cycles: ~4x).
 * Issue 15 asks for 10%: met before listing summaries (an `l/` key written beside every record,
 * whose small pages land in the runs the deleted objects' overflow pages freed, so a refill's
 * multi-page values find fewer contiguous free runs); measured with them: 1.11-1.14x after one
 * cycle, 1.19-1.21x after three. Most of that is the tombstones (each delete leaves the
 * record's tombstone and its summary for an hour) and the small pages they take; once heal
 * has collected them the refill stays within 10% (lmdb-space-reuse-after-gc.test.ts, in
 * process with the layer's clock moved). The bound asserted here, with live tombstones, is
 * what holds today, with margin.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startServer } from '../../helpers/server.js';
import { sdkClient, bodyBytes } from '../../helpers/s3-client.js';
import { body, CYCLES, mdbSizes, OBJECTS, objectKey as key, pool } from './space-reuse-workload.js';

const BUCKET = 'space-reuse';
/** Largest accepted data.mdb size after a cycle, as a multiple of its size after the first fill. */
const GROWTH_BOUND = 1.35;

test('delete everything, then refill: freed pages are reused (every data.mdb within 1.35x of its size after 3 cycles, 4 drives)', { timeout: 240_000 }, async () => {
  const server = await startServer({ drives: 4 });
  const s3 = sdkClient(server);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const ids = Array.from({ length: OBJECTS }, (_, i) => i);
    const fill = async (cycle: number): Promise<void> => {
      await pool(ids, async (i) => {
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key(i, cycle), Body: body(i, cycle) }));
        // reads beside the writes: each holds an LMDB read snapshot while commits go on
        if (i % 3 === 0) {
          const got = await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key(i, cycle) }))).Body);
          assert.ok(got.equals(body(i, cycle)), `GET ${key(i, cycle)} returned other bytes`);
          await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key(i, cycle) }));
        }
      });
    };
    await fill(0);
    const base = mdbSizes(server.drives);
    const grown: string[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      await pool(ids, async (i) => { await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key(i, cycle - 1) })); });
      await fill(cycle);
      const now = mdbSizes(server.drives);
      now.forEach((size, d) => {
        const ratio = size / base[d]!;
        if (ratio > GROWTH_BOUND) grown.push(`cycle ${cycle}, drive ${d + 1}: ${(base[d]! / 1048576).toFixed(1)} -> ${(size / 1048576).toFixed(1)} MiB (${ratio.toFixed(2)}x)`);
      });
    }
    assert.deepEqual(grown, [], `data.mdb grew by more than ${Math.round((GROWTH_BOUND - 1) * 100)}% after delete + refill:\n${grown.join('\n')}`);
    // the last fill is all there, byte for byte
    for (const i of [0, OBJECTS >> 1, OBJECTS - 1]) {
      const got = await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key(i, CYCLES) }))).Body);
      assert.ok(got.equals(body(i, CYCLES)));
    }
  } finally {
    s3.destroy();
    await server.stop();
  }
});
