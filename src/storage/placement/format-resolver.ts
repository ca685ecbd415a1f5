/**
 * Decides, from what each drive holds, whether the deployment can start: a fresh deployment
 * (nothing formatted), a restart (all formats agree), or a restart with replaced drives
 * (empty drives among formatted ones get the expected record back). Refuses with a
 * FormatError naming the drive on a foreign deployment, a changed layout or swapped drives.
 * Pure: no I/O.
 */
import { randomUUID } from 'node:crypto';
import { FormatError } from '../../errors/domain-errors.js';
import { sameLayout, type FormatRecord } from './format-record.js';

/** What one drive (by argument position) holds: */
export type DriveFormatState =
  | { readonly kind: 'offline'; readonly endpoint: string }
  | { readonly kind: 'unformatted'; readonly endpoint: string }
  | { readonly kind: 'formatted'; readonly endpoint: string; readonly record: FormatRecord };

export interface FormatPlan {
  readonly deploymentId: string;
  readonly sets: readonly (readonly string[])[];
  /** Records to write, by drive position (fresh drives or replaced drives). */
  readonly toWrite: ReadonlyMap<number, FormatRecord>;
  /** Positions of drives that were empty among formatted ones. */
  readonly replaced: readonly number[];
}

export function planFormat(states: readonly DriveFormatState[], setSize: number): FormatPlan {
  const n = states.length;
  if (n % setSize !== 0) throw new FormatError(`${n} drives do not divide into sets of ${setSize}`);
  const formatted = states.flatMap((s, i) => (s.kind === 'formatted' ? [{ i, s }] : []));

  if (formatted.length === 0) {
    const offline = states.find((s) => s.kind === 'offline');
    if (offline !== undefined) throw new FormatError(`cannot format a new deployment: drive ${offline.endpoint} is offline`);
    const ids = states.map(() => randomUUID());
    const sets: string[][] = [];
    for (let s = 0; s < n / setSize; s++) sets.push(ids.slice(s * setSize, (s + 1) * setSize));
    return freshPlan(randomUUID(), sets);
  }

  // The reference is the deployment most formatted drives agree on (ties: first drive).
  const votes = new Map<string, number>();
  for (const { s } of formatted) {
    if (s.kind === 'formatted') votes.set(s.record.deploymentId, (votes.get(s.record.deploymentId) ?? 0) + 1);
  }
  let deploymentId = '';
  let best = -1;
  for (const { s } of formatted) {
    if (s.kind !== 'formatted') continue;
    const v = votes.get(s.record.deploymentId)!;
    if (v > best) { best = v; deploymentId = s.record.deploymentId; }
  }
  const ref = formatted.find(({ s }) => s.kind === 'formatted' && s.record.deploymentId === deploymentId)!.s as Extract<DriveFormatState, { kind: 'formatted' }>;
  const sets = ref.record.sets;
  const flat = sets.flat();

  for (const { s } of formatted) {
    if (s.kind !== 'formatted') continue;
    if (s.record.deploymentId !== deploymentId) {
      throw new FormatError(`drive ${s.endpoint} belongs to another deployment (${s.record.deploymentId}, expected ${deploymentId})`);
    }
    if (!sameLayout(s.record.sets, sets)) throw new FormatError(`drive ${s.endpoint} has a set layout that differs from the other drives`);
  }
  if (flat.length !== n || sets[0]!.length !== setSize) {
    throw new FormatError(`the deployment was formatted with ${flat.length} drives in sets of ${sets[0]!.length}, but ${n} drives in sets of ${setSize} were given (first formatted drive: ${ref.endpoint})`);
  }
  for (const { i, s } of formatted) {
    if (s.kind !== 'formatted') continue;
    const at = flat.indexOf(s.record.driveId);
    if (at !== i) {
      const should = states[at]?.endpoint ?? `position ${at}`;
      throw new FormatError(`drive ${s.endpoint} is in position ${i + 1} but was formatted for position ${at + 1} (where ${should} is now): drives swapped?`);
    }
  }
  const toWrite = new Map<number, FormatRecord>();
  const replaced: number[] = [];
  states.forEach((s, i) => {
    if (s.kind !== 'unformatted') return;
    toWrite.set(i, { version: 1, format: 'cairn', deploymentId, sets, driveId: flat[i]! });
    replaced.push(i);
  });
  return { deploymentId, sets, toWrite, replaced };
}

/** The plan that formats every drive for the given deployment and layout. */
export function freshPlan(deploymentId: string, sets: readonly (readonly string[])[]): FormatPlan {
  const toWrite = new Map<number, FormatRecord>();
  sets.flat().forEach((driveId, i) => toWrite.set(i, { version: 1, format: 'cairn', deploymentId, sets, driveId }));
  return { deploymentId, sets, toWrite, replaced: [] };
}

/**
 * Encoding of a fresh plan (deployment id + layout) so that processes formatting the same
 * drives at once agree on one plan (stored with an atomic metaUpdate on the first drive).
 */
export function encodePlan(plan: FormatPlan): Buffer {
  return Buffer.from(JSON.stringify({ deploymentId: plan.deploymentId, sets: plan.sets }), 'utf8');
}

/** The stored plan when it fits `n` drives in sets of `setSize`, else undefined. */
export function decodePlan(buf: Buffer, n: number, setSize: number): FormatPlan | undefined {
  try {
    const doc = JSON.parse(buf.toString('utf8')) as { deploymentId?: unknown; sets?: unknown };
    if (typeof doc.deploymentId !== 'string' || !Array.isArray(doc.sets)) return undefined;
    const sets = doc.sets as unknown[];
    if (sets.length * setSize !== n) return undefined;
    if (!sets.every((set) => Array.isArray(set) && set.length === setSize && set.every((id) => typeof id === 'string'))) return undefined;
    const flat = (sets as string[][]).flat();
    if (new Set(flat).size !== flat.length) return undefined;
    return freshPlan(doc.deploymentId, sets as string[][]);
  } catch {
    return undefined;
  }
}
