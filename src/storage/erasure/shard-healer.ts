/**
 * healShards: rebuild the shard files of `targets` from the other drives of the set (only from
 * `sources` when given). Each target gets a tmp file written frame by frame, fsynced, then
 * renamed over `path`, so a crash never leaves a torn shard in place. Every source frame is
 * verified (bitrot checksum) before it is used: a heal never copies a shard it has not
 * verified. Targets listed in `readableTargets` (a file of the right size with some corrupt
 * frames, at an immutable path) are read too, frame by frame: their good frames help rebuild
 * blocks where other drives are also damaged.
 */
import { randomUUID } from 'node:crypto';
import { CorruptRecordError, DriveOfflineError } from '../../errors/domain-errors.js';
import type { Drive, DriveFileWriter } from '../drive/drive.js';
import type { ShardHealOptions } from '../storage.js';
import { frameHeader, makeFrame } from './bitrot.js';
import { BlockFetcher } from './block-fetcher.js';
import { withDriveTimeout } from './drive-timeout.js';
import { checkLayout } from './layout-check.js';
import type { ReedSolomonCodec } from './reed-solomon-codec.js';
import { shardGeometry } from './shard-geometry.js';

export async function healShards(drives: readonly Drive[], codec: ReedSolomonCodec, opts: ShardHealOptions & { readonly driveTimeoutMs: number }): Promise<void> {
  const checked = checkLayout(opts.layout, drives.length);
  const targets = [...new Set(opts.targets)];
  for (const t of targets) {
    if (!Number.isInteger(t) || t < 0 || t >= drives.length) throw new CorruptRecordError(`heal target ${t} is not a drive of the set`);
  }
  if (targets.length === 0) return;
  const geo = shardGeometry(opts.layout, opts.size, checked.algo.checksumSize);
  const readable = new Set(opts.readableTargets ?? []);
  const exclude = new Set(targets.filter((t) => !readable.has(t)));
  if (opts.sources !== undefined) {
    const sources = new Set([...opts.sources, ...readable]);
    drives.forEach((_, i) => { if (!sources.has(i)) exclude.add(i); });
  }
  const fetcher = new BlockFetcher({ drives, checked, path: opts.path, geo, timeoutMs: opts.driveTimeoutMs, exclude });
  const tmpPath = `tmp/heal-${randomUUID()}`;
  const writers = new Map<number, DriveFileWriter>();
  const failures = new Map<number, unknown>();

  await Promise.all(targets.map(async (t) => {
    const drive = drives[t]!;
    if (!drive.isOnline()) { failures.set(t, new DriveOfflineError(drive.endpoint)); return; }
    const opening = drive.createFile(tmpPath);
    try {
      writers.set(t, await withDriveTimeout(opening, opts.driveTimeoutMs, drive.endpoint));
    } catch (err) {
      void opening.then((late) => late.abort(), () => undefined);
      failures.set(t, err);
    }
  }));

  try {
    for (let b = 0; b < geo.blocks && writers.size > 0; b++) {
      const shards = await fetcher.fetch(b);
      const all = await codec.reconstructAll(shards, geo.blockLen(b));
      await Promise.all([...writers].map(async ([t, w]) => {
        try {
          const shard = all[opts.layout.distribution[t]!]!;
          const io = w.writev !== undefined ? w.writev([frameHeader(checked.algo, shard), shard]) : w.write(makeFrame(checked.algo, shard));
          await withDriveTimeout(io, opts.driveTimeoutMs, drives[t]!.endpoint);
        } catch (err) {
          failures.set(t, err);
          writers.delete(t);
          await w.abort();
        }
      }));
    }
    await Promise.all([...writers].map(async ([t, w]) => {
      try {
        await w.finish();
        await drives[t]!.rename(tmpPath, opts.path);
      } catch (err) {
        failures.set(t, err);
        await w.abort();
        await drives[t]!.remove(tmpPath).catch(() => undefined);
      }
    }));
  } catch (err) {
    await Promise.all([...writers].map(async ([t, w]) => {
      await w.abort();
      await drives[t]!.remove(tmpPath).catch(() => undefined);
    }));
    throw err;
  } finally {
    await fetcher.close();
  }
  const first = failures.values().next();
  if (!first.done) throw first.value;
}
