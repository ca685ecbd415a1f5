/**
 * Rewrite one drive's copy of an object record during heal, with the same index discipline as
 * commit-version.ts: the record and its `d/<dataId>` reverse-index entries change in ONE
 * metaUpdate. It is a compare-and-swap: when the drive's stored bytes are no longer the ones
 * the plan read (a write raced the heal), nothing is written and 'raced' is returned.
 * Data dirs that lost their last reference on the drive are removed afterwards.
 */
import type { Drive, MetaOp } from '../../storage/drive/drive.js';
import {
  decodeObjectRecord, encodeDataIndexRecord, type ObjectRecord,
} from '../../storage/format/index.js';
import { dataPath } from '../ids.js';
import { dataIndexKey, objectKey } from '../meta-keys.js';
import { objectRecordOp } from '../record-op.js';

function dataIds(r: ObjectRecord | undefined): Set<string> {
  const s = new Set<string>();
  for (const v of r?.versions ?? []) if (v.dataId !== undefined) s.add(v.dataId);
  return s;
}

function decodeOrNone(buf: Buffer | undefined): ObjectRecord | undefined {
  if (buf === undefined) return undefined;
  try {
    return decodeObjectRecord(buf);
  } catch {
    return undefined;
  }
}

/** Equal stored values (undefined: no value). */
export const sameBytes = (a: Buffer | undefined, b: Buffer | undefined): boolean =>
  a === undefined ? b === undefined : b !== undefined && a.equals(b);

export interface DriveRecordWrite {
  readonly drive: Drive;
  readonly bucket: string;
  readonly key: string;
  /** What the plan read on this drive (undefined: absent). */
  readonly expected: Buffer | undefined;
  /** What the drive must hold (undefined: no record). */
  readonly desired: ObjectRecord | undefined;
}

export async function writeDriveRecord(w: DriveRecordWrite): Promise<'written' | 'raced'> {
  const okey = objectKey(w.bucket, w.key);
  const outcome = await w.drive.metaUpdate([okey], (cur) => {
    if (!sameBytes(cur[0], w.expected)) return { ops: [], result: { raced: true, orphaned: [] as string[] } };
    const before = dataIds(decodeOrNone(cur[0]));
    const after = dataIds(w.desired);
    const ops: MetaOp[] = [objectRecordOp(okey, w.desired)];
    const orphaned = [...before].filter((id) => !after.has(id));
    for (const id of orphaned) ops.push({ key: dataIndexKey(id), value: null });
    for (const v of w.desired?.versions ?? []) {
      if (v.dataId === undefined) continue;
      ops.push({ key: dataIndexKey(v.dataId), value: encodeDataIndexRecord({ bucket: w.bucket, key: w.key, writeId: v.writeId }) });
    }
    return { ops, result: { raced: false, orphaned } };
  });
  if (outcome.raced) return 'raced';
  for (const id of outcome.orphaned) {
    try { await w.drive.remove(dataPath(id)); } catch { /* no d/ entry any more: the sweeper removes it */ }
  }
  return 'written';
}
