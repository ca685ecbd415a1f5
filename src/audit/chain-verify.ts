/**
 * Checks audit records given as JSON lines (the records themselves, or Elasticsearch hits
 * with the record under `_source`), in any order: records are grouped by deployment and
 * node, sorted by `chain.seq`, and each one's hash is recomputed (audit-chain.ts).
 * Problems found:
 *   edited     the hash does not match the record's content
 *   gap        seq numbers missing between two records (deleted records)
 *   reordered  a record's `prev` is the hash of another record than its predecessor
 *              (records moved or renumbered)
 *   broken     a record's `prev` matches no record given (its predecessor was replaced)
 *   conflict   two different records with the same seq
 *   invalid    a line that is not JSON or has no chain
 * Identical copies of a record (a redelivery) are counted, not a problem. A chain may start
 * after seq 1 (an export of a time range): its first record's `prev` cannot be checked.
 * Pure: the caller reads the lines.
 */
import { chainHash } from './audit-chain.js';

export type ChainProblemKind = 'edited' | 'gap' | 'reordered' | 'broken' | 'conflict' | 'invalid';

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** `deploymentid/node`, '' for an invalid line. */
  readonly chain: string;
  readonly seq: number | undefined;
  /** 1-based line number in the input. */
  readonly line: number;
  readonly message: string;
}

export interface ChainSummary {
  readonly chain: string;
  readonly records: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

export interface VerifyReport {
  readonly records: number;
  readonly duplicates: number;
  readonly chains: readonly ChainSummary[];
  readonly problems: readonly ChainProblem[];
}

interface Entry {
  readonly line: number;
  readonly record: Record<string, unknown>;
  readonly node: string;
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseEntry(text: string, line: number): Entry | string {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch { return 'not JSON'; }
  if (isRecord(doc) && isRecord(doc['_source'])) doc = doc['_source'];
  if (!isRecord(doc)) return 'not a JSON object';
  const c = doc['chain'];
  if (!isRecord(c)) return 'no chain field';
  const { node, seq, prev, hash } = c;
  if (typeof node !== 'string' || typeof prev !== 'string' || typeof hash !== 'string' || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    return 'chain needs node, seq (integer >= 1), prev and hash';
  }
  return { line, record: doc, node, seq, prev, hash };
}

function chainId(e: Entry): string {
  const d = e.record['deploymentid'];
  return `${typeof d === 'string' ? d : ''}/${e.node}`;
}

function verifyOne(id: string, entries: Entry[], problems: ChainProblem[]): { summary: ChainSummary; duplicates: number } {
  entries.sort((a, b) => a.seq - b.seq || a.line - b.line);
  const seqOfHash = new Map<string, number>();
  for (const e of entries) seqOfHash.set(e.hash, e.seq);
  let duplicates = 0;
  let before: Entry | undefined;
  const report = (kind: ChainProblemKind, e: Entry, message: string): void => { problems.push({ kind, chain: id, seq: e.seq, line: e.line, message }); };
  for (const e of entries) {
    const expected = chainHash(e.record, { node: e.node, seq: e.seq, prev: e.prev });
    const intact = expected === e.hash;
    if (!intact) report('edited', e, `seq ${e.seq}: the content does not match its hash`);
    if (before !== undefined && before.seq === e.seq) {
      if (before.hash === e.hash && intact) duplicates++;
      else report('conflict', e, `seq ${e.seq} appears twice with different content (lines ${before.line} and ${e.line})`);
      continue;
    }
    if (before !== undefined) {
      if (e.seq !== before.seq + 1) {
        const from = before.seq + 1;
        const to = e.seq - 1;
        report('gap', e, from === to ? `seq ${from} is missing` : `seq ${from}..${to} are missing (${to - from + 1} records)`);
      }
      if (e.prev !== before.hash) {
        const linked = seqOfHash.get(e.prev);
        if (linked !== undefined && linked !== e.seq - 1) report('reordered', e, `seq ${e.seq} was chained after seq ${linked}, not after seq ${e.seq - 1}`);
        else if (e.seq === before.seq + 1) report('broken', e, `seq ${e.seq}: prev does not match the hash of seq ${before.seq}`);
      }
    } else if (e.seq === 1 && e.prev !== '') {
      report('broken', e, 'seq 1 has a prev: it is not the start of a chain');
    }
    before = e;
  }
  const first = entries[0]!;
  const last = entries[entries.length - 1]!;
  return { summary: { chain: id, records: entries.length, firstSeq: first.seq, lastSeq: last.seq }, duplicates };
}

export function verifyChainLines(lines: readonly string[]): VerifyReport {
  const problems: ChainProblem[] = [];
  const groups = new Map<string, Entry[]>();
  let records = 0;
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const parsed = parseEntry(text, i + 1);
    if (typeof parsed === 'string') {
      problems.push({ kind: 'invalid', chain: '', seq: undefined, line: i + 1, message: `line ${i + 1}: ${parsed}` });
      return;
    }
    records++;
    const id = chainId(parsed);
    const list = groups.get(id) ?? [];
    list.push(parsed);
    groups.set(id, list);
  });
  const chains: ChainSummary[] = [];
  let duplicates = 0;
  for (const id of [...groups.keys()].sort()) {
    const r = verifyOne(id, groups.get(id)!, problems);
    chains.push(r.summary);
    duplicates += r.duplicates;
  }
  return { records, duplicates, chains, problems };
}
