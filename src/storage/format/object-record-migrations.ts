/**
 * Migration chain for object records. MIGRATIONS[n] turns a version-n payload into a
 * version-(n+1) payload; every version keeps a golden fixture (test/fixtures/format/
 * object-record-v<n>.*) whose test passes forever. Stored shapes are never edited in place:
 * a change means a new version.
 *  - v1 -> v2: v2 adds `removed` (versions removed by a hard delete, object-record.ts); a v1
 *    record has removed nothing it remembers, so it gets `removed: []`. The shape of the
 *    payload is checked after the chain (a v1 record without versions stays corrupt).
 *  - v2 -> v3: v3 adds a version's `dataFile` (its shard file is `data/<ab>/<dataId>`, no data
 *    dir); a v2 version's files are in its data dir, which is what an absent `dataFile` means,
 *    so the payload is unchanged. The bump keeps binaries before v3 from reading a v3 record
 *    (they would look for `part.1` in a dir that does not exist): they refuse it instead.
 */
import { CorruptRecordError } from '../../errors/domain-errors.js';

type Migration = (payload: unknown) => unknown;

/** v1 -> v2: add an empty `removed` list (a non-map payload is left for the validator to reject). */
function addRemoved(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || Buffer.isBuffer(payload)) return payload;
  return { ...(payload as Record<string, unknown>), removed: [] };
}

/** v2 -> v3: nothing to change (see above). */
const unchanged: Migration = (payload) => payload;

const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: addRemoved, 2: unchanged };

export function migrateObjectPayload(fromVersion: number, payload: unknown, toVersion: number): unknown {
  let v = fromVersion;
  let p = payload;
  while (v < toVersion) {
    const step = MIGRATIONS[v];
    if (!step) throw new CorruptRecordError(`no migration from object record v${v}`);
    p = step(p);
    v++;
  }
  return p;
}
