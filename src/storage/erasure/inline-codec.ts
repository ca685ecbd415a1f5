/**
 * Inline shards for small objects kept inside metadata records: the same frame format as
 * shard files, built in memory. One buffer per drive of the set. Decoding returns views of the
 * shards where it can (every data shard good), so the shard buffers must be the caller's own.
 */
import { QuorumError } from '../../errors/domain-errors.js';
import type { ErasureLayout } from '../storage.js';
import { makeFrame, openFrame } from './bitrot.js';
import { checkLayout } from './layout-check.js';
import type { ReedSolomonCodec } from './reed-solomon-codec.js';
import { shardGeometry } from './shard-geometry.js';

export async function encodeInline(codec: ReedSolomonCodec, layout: ErasureLayout, driveCount: number, data: Buffer): Promise<Buffer[]> {
  const { algo } = checkLayout(layout, driveCount);
  const geo = shardGeometry(layout, data.length, algo.checksumSize);
  const out = Array.from({ length: driveCount }, () => Buffer.allocUnsafe(geo.fileSize));
  for (let b = 0; b < geo.blocks; b++) {
    const start = b * geo.blockSize;
    const shards = await codec.encodeBlock(data.subarray(start, start + geo.blockLen(b)));
    const off = geo.frameOffset(b);
    for (let d = 0; d < driveCount; d++) {
      makeFrame(algo, shards[layout.distribution[d]!]!).copy(out[d]!, off);
    }
  }
  return out;
}

export async function decodeInline(
  codec: ReedSolomonCodec, layout: ErasureLayout, shards: readonly (Buffer | undefined)[], size: number,
): Promise<{ data: Buffer; bad: number[] }> {
  const n = shards.length;
  const { algo } = checkLayout(layout, n);
  const geo = shardGeometry(layout, size, algo.checksumSize);
  const bad = new Set<number>();
  shards.forEach((buf, d) => { if (buf === undefined || buf.length !== geo.fileSize) bad.add(d); });
  let data: Buffer | undefined;
  for (let b = 0; b < geo.blocks; b++) {
    const off = geo.frameOffset(b);
    const len = geo.frameSize(b);
    const byShard = new Array<Buffer | undefined>(n).fill(undefined);
    let good = 0;
    for (let d = 0; d < n; d++) {
      if (bad.has(d)) continue;
      const payload = openFrame(algo, shards[d]!.subarray(off, off + len));
      if (payload === undefined) { bad.add(d); continue; }
      byShard[layout.distribution[d]!] = payload;
      good++;
    }
    if (good < layout.k) throw new QuorumError('read', layout.k, good);
    // All data shards good: their bytes as they are (no decode). A one-block object with one
    // data shard is served as a view of its shard (the caller's private record copy).
    const views = codec.dataViews(byShard, geo.blockLen(b));
    if (views !== undefined && geo.blocks === 1 && views.length === 1) return { data: views[0]!, bad: [...bad].sort((x, y) => x - y) };
    data ??= Buffer.allocUnsafe(size);
    if (views !== undefined) {
      let at = b * geo.blockSize;
      for (const v of views) { v.copy(data, at); at += v.length; }
    } else {
      (await codec.reconstruct(byShard, geo.blockLen(b))).copy(data, b * geo.blockSize);
    }
  }
  return { data: data ?? Buffer.alloc(0), bad: [...bad].sort((x, y) => x - y) };
}
