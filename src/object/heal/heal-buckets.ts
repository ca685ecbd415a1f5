/**
 * Heal the deployment-wide records: `b/<bucket>` and `c/<bucket>/<name>` live on every drive.
 *  - A bucket record held by at least half of the answering drives (the rule listBuckets and
 *    headBucket use) is copied to the online drives that lack it. Records on a minority are
 *    left alone: they do not make a bucket visible, and removing them could race a create.
 *  - A config document: copies are grouped by mtime ("absent" is a group); the newest group
 *    held by a read quorum (buckets.ts rules) is the truth; drives that differ get it (or lose
 *    their copy when the truth is "absent"). Without such a group nothing is changed.
 */
import { QuorumError } from '../../errors/domain-errors.js';
import type { Drive, MetaEntry, MetaOp } from '../../storage/drive/drive.js';
import { decodeBucketConfigRecord, decodeBucketRecord } from '../../storage/format/index.js';
import { bucketQuorums } from '../buckets.js';
import type { LayerContext } from '../layer-context.js';
import { BUCKET_KEY_PREFIX } from '../meta-keys.js';
import { scanPrefix } from './scan-prefix.js';

export interface BucketHealResult {
  readonly bucketRecordsHealed: number;
  readonly configRecordsHealed: number;
  readonly failures: readonly string[];
}

type Answer = MetaEntry[] | undefined;

async function scanAll(drives: readonly Drive[], prefix: string): Promise<Answer[]> {
  return Promise.all(drives.map(async (d) => {
    if (!d.isOnline()) return undefined;
    try { return await scanPrefix(d, prefix); } catch { return undefined; }
  }));
}

const configMtime = (raw: Buffer | undefined): number => {
  if (raw === undefined) return -1;
  try { return decodeBucketConfigRecord(raw).mtime; } catch { return -2; }
};

export async function healBucketRecords(ctx: LayerContext): Promise<BucketHealResult> {
  const drives = ctx.storage.drives;
  const { read } = bucketQuorums(drives.length);
  const failures: string[] = [];
  const ops: MetaOp[][] = drives.map(() => []);

  const buckets = await scanAll(drives, BUCKET_KEY_PREFIX);
  const answered = buckets.filter((a) => a !== undefined).length;
  if (answered < read) throw new QuorumError('read', read, answered);
  const byName = new Map<string, { holders: Set<number>; raw: Buffer; created: number }>();
  buckets.forEach((entries, i) => {
    for (const e of entries ?? []) {
      let created: number;
      try { created = decodeBucketRecord(e.value).created; } catch { continue; }
      const g = byName.get(e.key);
      if (!g) byName.set(e.key, { holders: new Set([i]), raw: e.value, created });
      else {
        g.holders.add(i);
        if (created < g.created) { g.raw = e.value; g.created = created; }
      }
    }
  });
  const existing = new Set<string>();
  let bucketRecordsHealed = 0;
  for (const [key, g] of byName) {
    if (g.holders.size * 2 < answered) continue;
    existing.add(key.slice(BUCKET_KEY_PREFIX.length));
    buckets.forEach((entries, i) => {
      if (entries !== undefined && !g.holders.has(i)) { ops[i]!.push({ key, value: g.raw }); bucketRecordsHealed++; }
    });
  }

  const configs = await scanAll(drives, 'c/');
  const byConfig = new Map<string, (Buffer | undefined)[]>();
  configs.forEach((entries, i) => {
    for (const e of entries ?? []) {
      const bucket = e.key.slice(2, e.key.indexOf('/', 2));
      if (!existing.has(bucket)) continue;
      let row = byConfig.get(e.key);
      if (!row) { row = drives.map(() => undefined); byConfig.set(e.key, row); }
      row[i] = e.value;
    }
  });
  let configRecordsHealed = 0;
  for (const [key, row] of byConfig) {
    const groups = new Map<number, { count: number; raw: Buffer | undefined }>();
    row.forEach((raw, i) => {
      if (configs[i] === undefined) return;
      const id = configMtime(raw);
      const g = groups.get(id);
      if (g) g.count++; else groups.set(id, { count: 1, raw });
    });
    const truth = [...groups.entries()].filter(([id, g]) => id !== -2 && g.count >= read).sort((a, b) => b[0] - a[0])[0];
    if (!truth) continue;
    row.forEach((raw, i) => {
      if (configs[i] === undefined || configMtime(raw) === truth[0]) return;
      ops[i]!.push({ key, value: truth[1].raw ?? null });
      configRecordsHealed++;
    });
  }

  await Promise.all(drives.map(async (d, i) => {
    if (ops[i]!.length === 0) return;
    try { await d.metaBatch(ops[i]!); } catch (err) { failures.push(`${d.endpoint}: ${(err as Error).message}`); }
  }));
  return { bucketRecordsHealed, configRecordsHealed, failures };
}
