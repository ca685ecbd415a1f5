/**
 * Tamper evidence for audit records: every record of a node carries
 * `chain: { node, seq, prev, hash }`, where
 *
 *   hash = sha256_hex( prev + "\n" + canonical(record with chain = { node, seq, prev }) )
 *
 * and `prev` is the hash of the same node's previous record ('' before its first; seq starts
 * at 1 and grows by one per record, across restarts). `canonical` is JSON with object keys in
 * code-unit order at every level and no white space, so a record re-serialized by a sink
 * (Elasticsearch reorders nothing it stores, but exports may) still hashes the same.
 * A deleted record shows as a seq gap (and a `prev` that does not match), an edited one as
 * a hash that does not match, a reordered one as a `prev` mismatch once sorted by seq.
 * Pure (node:crypto only): the server seals records, `cairn admin audit verify` checks them.
 */
import { createHash } from 'node:crypto';

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const CHAIN_START: ChainHead = { seq: 0, hash: '' };

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The hash of `record` (its own `chain.hash`, if any, left out) linked to `prev`. */
export function chainHash(record: Record<string, unknown>, link: { node: string; seq: number; prev: string }): string {
  const unsealed = { ...record, chain: { node: link.node, seq: link.seq, prev: link.prev } };
  return createHash('sha256').update(`${link.prev}\n${canonicalJson(unsealed)}`).digest('hex');
}

/** Seals a record body as the next of `head` on `node`; returns the record and the new head. */
export function sealRecord<T extends object>(body: T, node: string, head: ChainHead): { record: T & { chain: { node: string; seq: number; prev: string; hash: string } }; head: ChainHead } {
  const seq = head.seq + 1;
  const hash = chainHash(body as Record<string, unknown>, { node, seq, prev: head.hash });
  return { record: { ...body, chain: { node, seq, prev: head.hash, hash } }, head: { seq, hash } };
}
