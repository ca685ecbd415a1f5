/**
 * Migration chain for object records. MIGRATIONS[n] turns a version-n payload into a
 * version-(n+1) payload. Only v1 exists today, so the chain is empty; when v2 comes, add
 * MIGRATIONS[1], a golden fixture of v2, and keep the v1 fixture test passing forever.
 * Stored shapes are never edited in place: a change means a new version.
 */
import { CorruptRecordError } from '../../errors/domain-errors.js';

type Migration = (payload: unknown) => unknown;

const MIGRATIONS: Readonly<Record<number, Migration>> = {};

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
