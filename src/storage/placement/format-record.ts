/**
 * The format record stored on every drive (`.cairn/format.json`): which deployment the drive
 * belongs to, the set layout of the whole pool (sets of drive ids, in argument order), and
 * this drive's own id. Version 1. Parsed as untrusted input.
 */
import { FormatError } from '../../errors/domain-errors.js';

export const FORMAT_VERSION = 1;

export interface FormatRecord {
  readonly version: 1;
  readonly format: 'cairn';
  readonly deploymentId: string;
  /** sets[s][i] = id of drive i of set s. */
  readonly sets: readonly (readonly string[])[];
  /** The id of the drive holding this record. */
  readonly driveId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function serializeFormat(rec: FormatRecord): Buffer {
  return Buffer.from(JSON.stringify(rec, null, 2) + '\n', 'utf8');
}

/** Parse a format record read from `drive`; a FormatError names the drive on any defect. */
export function parseFormat(buf: Buffer, drive: string): FormatRecord {
  let doc: unknown;
  try {
    doc = JSON.parse(buf.toString('utf8'));
  } catch {
    throw new FormatError(`format record on drive ${drive} is not valid JSON`);
  }
  if (typeof doc !== 'object' || doc === null) throw new FormatError(`format record on drive ${drive} is not an object`);
  const r = doc as Record<string, unknown>;
  if (r.format !== 'cairn') throw new FormatError(`drive ${drive} does not hold a cairn format record`);
  if (r.version !== FORMAT_VERSION) throw new FormatError(`format record on drive ${drive} has unsupported version ${String(r.version)}`);
  if (typeof r.deploymentId !== 'string' || !UUID.test(r.deploymentId)) throw new FormatError(`format record on drive ${drive} has a bad deploymentId`);
  if (typeof r.driveId !== 'string' || !UUID.test(r.driveId)) throw new FormatError(`format record on drive ${drive} has a bad driveId`);
  if (!Array.isArray(r.sets) || r.sets.length === 0) throw new FormatError(`format record on drive ${drive} has no sets`);
  const seen = new Set<string>();
  const sets: string[][] = [];
  let width = -1;
  for (const set of r.sets as unknown[]) {
    if (!Array.isArray(set) || set.length === 0 || set.length > 16) throw new FormatError(`format record on drive ${drive} has a bad set`);
    if (width !== -1 && set.length !== width) throw new FormatError(`format record on drive ${drive} has sets of different sizes`);
    width = set.length;
    for (const id of set as unknown[]) {
      if (typeof id !== 'string' || !UUID.test(id) || seen.has(id)) throw new FormatError(`format record on drive ${drive} has a bad or duplicate drive id`);
      seen.add(id);
    }
    sets.push([...(set as string[])]);
  }
  if (!seen.has(r.driveId)) throw new FormatError(`format record on drive ${drive}: its own id is not in the layout`);
  return { version: 1, format: 'cairn', deploymentId: r.deploymentId, sets, driveId: r.driveId };
}

export function sameLayout(a: readonly (readonly string[])[], b: readonly (readonly string[])[]): boolean {
  return a.length === b.length && a.every((set, i) => set.length === b[i]!.length && set.every((id, j) => id === b[i]![j]));
}
