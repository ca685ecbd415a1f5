/**
 * Ids and data-dir naming of the object layer (stable contract; multipart uses it).
 *
 *  - versionId / writeId / dataId / uploadId: 32 lowercase hex chars = 16 bytes:
 *      6 bytes big-endian milliseconds | 2 bytes per-process counter | 8 random bytes.
 *    Ids generated later in one process sort later (as strings and as bytes); across processes
 *    the millisecond prefix orders them.
 *  - dataId: 32 lowercase hex chars of pure randomness (newDataId): its first two hex chars
 *    fan data dirs out over 256 directories (a time-ordered id would put them all in one).
 *  - The null version's versionId is the string 'null'.
 *  - Shard files of a committed version (shardPathOf()): a plain PUT's one file
 *    `data/<dataId[0..2]>/<dataId>` (record v3 `dataFile`: no data dir), or in the data dir
 *    `data/<dataId[0..2]>/<dataId>/` (dataPath()) `part.<N>` (multipart, and plain PUTs before
 *    v3), or `part.<N>.<partId>` for a part that names its own file.
 *  - A PUT writes its shard file in place, under a fresh dataId (no staging file, no rename):
 *    until a record names it, it is an orphan for the sweeper. Either way `data/<ab>/<dataId>`
 *    is the one entry per drive to remove (Drive.remove takes a file or a tree).
 */
import { partFileNameOf } from '../storage/format/index.js';
import { randomHex, randomInto } from '../util/random-pool.js';

const ID_RE = /^[0-9a-f]{32}$/;
export const NULL_VERSION_ID = 'null';

let lastMs = 0;
let counter = 0;

/** A new time-ordered unique id (see above). */
export function newId(now: number = Date.now()): string {
  if (now > lastMs) { lastMs = now; counter = 0; } else { counter++; if (counter > 0xffff) { lastMs++; counter = 0; } }
  const b = Buffer.allocUnsafe(16);
  b.writeUIntBE(lastMs, 0, 6);
  b.writeUInt16BE(counter, 6);
  randomInto(b, 8, 8);
  return b.toString('hex');
}

/** A new random data id (uniform first byte: good directory fan-out). */
export function newDataId(): string {
  return randomHex(16);
}

export function isValidId(id: string): boolean {
  return ID_RE.test(id);
}

/** True for 'null' or a well-formed id: anything else cannot name a version. */
export function isValidVersionId(versionId: string): boolean {
  return versionId === NULL_VERSION_ID || ID_RE.test(versionId);
}

/** Milliseconds encoded in an id. */
export function idTime(id: string): number {
  return parseInt(id.slice(0, 12), 16);
}

/** `data/<ab>/<dataId>`: the version's data file (`dataFile`) or its data dir (multipart, older PUTs). */
export function dataPath(dataId: string): string {
  return `data/${dataId.slice(0, 2)}/${dataId}`;
}

/**
 * Path of a version's shard file for `part` on each drive: the data file itself when the
 * version has one (`dataFile`), else `part.<N>` or the part's own file in its data dir.
 */
export function shardPathOf(
  v: { readonly dataId?: string; readonly dataFile?: true },
  part: { readonly number: number; readonly file?: string },
): string {
  const at = dataPath(v.dataId!);
  return v.dataFile === true ? at : `${at}/${partFileNameOf(part)}`;
}
