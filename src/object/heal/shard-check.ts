/**
 * Per-drive checks of the shard files of one data-dir version part: the cheap check (the file
 * exists with exactly the size its geometry implies) and the deep check (every frame is read
 * and its bitrot checksum verified). Used by the heal planner to pick healShards targets.
 */
import type { Drive } from '../../storage/drive/drive.js';
import type { ErasureLayout } from '../../storage/storage.js';
import { checkLayout, shardGeometry } from '../../storage/index.js';

export type ShardState = 'ok' | 'missing' | 'wrong-size' | 'corrupt' | 'unreachable';

export interface ShardFile {
  readonly layout: ErasureLayout;
  readonly path: string;
  /** Object bytes stored in this file (the part size). */
  readonly size: number;
}

/** State of the shard file on one drive; never throws (an unreadable drive is 'unreachable'). */
export async function checkShardFile(drive: Drive, file: ShardFile, deep: boolean): Promise<ShardState> {
  if (!drive.isOnline()) return 'unreachable';
  const { algo } = checkLayout(file.layout, file.layout.distribution.length);
  const geo = shardGeometry(file.layout, file.size, algo.checksumSize);
  let st: { size: number } | undefined;
  try {
    st = await drive.statFile(file.path);
  } catch {
    return 'unreachable';
  }
  if (st === undefined) return geo.fileSize === 0 ? 'ok' : 'missing';
  if (st.size !== geo.fileSize) return 'wrong-size';
  if (!deep) return 'ok';
  for (let b = 0; b < geo.blocks; b++) {
    let frame: Buffer;
    try {
      frame = await drive.readFile(file.path, geo.frameOffset(b), geo.frameSize(b));
    } catch {
      return drive.isOnline() ? 'corrupt' : 'unreachable';
    }
    if (!algo.verify(frame)) return 'corrupt';
  }
  return 'ok';
}

/** True for states healing can fix by rewriting the file (the drive answered). */
export const isRepairable = (s: ShardState): boolean => s === 'missing' || s === 'wrong-size' || s === 'corrupt';
