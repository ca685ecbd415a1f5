/**
 * Identity and recency of object records: the two questions quorum reads (record-quorum.ts),
 * listings (list-merge.ts) and heal (heal/heal-plan.ts) ask of the per-drive copies of a key.
 *
 *  - identity: two copies hold the same record iff their identities are equal. It names every
 *    version (writeId, with the metaWriteId of its last in-place metadata update) and every
 *    removed writeId (tombstone entries), so a tombstone is never mistaken for "absent" and a
 *    drive that missed a removal differs from the ones that saw it. Inline shards (which differ
 *    per drive by design) and the `at` of a removal are not part of it.
 *  - recency: the newest event a record knows of — its latest version by (mtime, writeId) or
 *    its newest removal by (at, writeId of the removed version), whichever is newer. A removal
 *    happens after the version it removes was written, so a drive that saw the removal is
 *    newer than a drive that still holds the removed version: a tombstone beats a stale copy
 *    also when no copy has a read quorum (a torn state).
 *  - visibility: a record without versions (a tombstone) reads as "no such key".
 */
import type { ObjectRecord } from '../storage/format/index.js';

/** See the module comment; '' is the identity of "no record". */
export function recordIdentity(r: ObjectRecord | undefined): string {
  if (!r) return '';
  const versions = r.versions.map((v) => (v.metaWriteId ? `${v.writeId}:${v.metaWriteId}` : v.writeId)).join(',');
  return r.removed.length === 0 ? versions : `${versions}|${r.removed.map((x) => x.writeId).join(',')}`;
}

interface Recency {
  readonly time: number;
  readonly id: string;
}

function compareEvents(a: Recency, b: Recency): number {
  if (a.time !== b.time) return b.time - a.time;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The record's newest event (see the module comment); undefined for an empty record. */
function recencyOf(r: ObjectRecord): Recency | undefined {
  const latest = r.versions[0];
  const removal = r.removed[0];
  const v = latest ? { time: latest.mtime, id: latest.writeId } : undefined;
  const x = removal ? { time: removal.at, id: removal.writeId } : undefined;
  if (!v) return x;
  if (!x) return v;
  return compareEvents(v, x) <= 0 ? v : x;
}

/** Negative when a is newer than b, positive when older, 0 when as recent; no record is the oldest. */
export function compareRecency(a: ObjectRecord | undefined, b: ObjectRecord | undefined): number {
  const ra = a ? recencyOf(a) : undefined;
  const rb = b ? recencyOf(b) : undefined;
  if (!ra) return rb ? 1 : 0;
  if (!rb) return -1;
  return compareEvents(ra, rb);
}

/** A record that names no version: the key is deleted. */
export const isTombstone = (r: ObjectRecord): boolean => r.versions.length === 0;

/** The record as reads see it: undefined for no record and for a tombstone. */
export function visibleRecord(r: ObjectRecord | undefined): ObjectRecord | undefined {
  return r === undefined || isTombstone(r) ? undefined : r;
}
