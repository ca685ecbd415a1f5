import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, CHAIN_START, chainHash, sealRecord, type ChainHead } from './audit-chain.js';
import { verifyChainLines } from './chain-verify.js';

type Sealed = ReturnType<typeof sealRecord<Record<string, unknown>>>['record'];

function chainOf(n: number, node = 'host-w0', deploymentid = 'dep-1'): Sealed[] {
  let head: ChainHead = CHAIN_START;
  const out: Sealed[] = [];
  for (let i = 1; i <= n; i++) {
    const s = sealRecord<Record<string, unknown>>({ deploymentid, requestID: `REQ${i}`, api: { name: 'PutObject', statusCode: 200 } }, node, head);
    head = s.head;
    out.push(s.record);
  }
  return out;
}

const lines = (records: readonly unknown[]): string[] => records.map((r) => JSON.stringify(r));
const kinds = (ls: readonly string[]): string[] => verifyChainLines(ls).problems.map((p) => p.kind);

describe('audit chain', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' }, u: undefined }), '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('seals records with seq 1, 2, ... and each prev the hash before', () => {
    const c = chainOf(3);
    assert.deepEqual(c.map((r) => r.chain.seq), [1, 2, 3]);
    assert.equal(c[0]!.chain.prev, '');
    assert.equal(c[1]!.chain.prev, c[0]!.chain.hash);
    assert.equal(c[2]!.chain.hash, chainHash(c[2]!, { node: 'host-w0', seq: 3, prev: c[1]!.chain.hash }));
  });

  it('an intact chain verifies in any order, key order and as Elasticsearch hits', () => {
    const c = chainOf(6);
    const shuffled = [c[3], c[0], c[5], c[1], c[4], c[2]];
    const reKeyed = shuffled.map((r) => JSON.parse(canonicalJson(r)) as unknown);
    const hits = reKeyed.map((r, i) => ({ _index: 'cairn-audit', _id: `id${i}`, _source: r }));
    for (const input of [lines(c), lines(shuffled), lines(reKeyed), lines(hits)]) {
      const r = verifyChainLines(input);
      assert.deepEqual(r.problems, []);
      assert.equal(r.records, 6);
      assert.deepEqual(r.chains, [{ chain: 'dep-1/host-w0', records: 6, firstSeq: 1, lastSeq: 6 }]);
    }
  });

  it('a deleted record is a gap', () => {
    const c = chainOf(5);
    const r = verifyChainLines(lines([c[0], c[1], c[3], c[4]]));
    assert.deepEqual(r.problems.map((p) => [p.kind, p.seq]), [['gap', 4]]);
    assert.match(r.problems[0]!.message, /seq 3 is missing/);
  });

  it('an edited record fails its hash', () => {
    const c = chainOf(4);
    const edited = { ...c[2]!, api: { name: 'DeleteObject', statusCode: 204 } };
    const r = verifyChainLines(lines([c[0], c[1], edited, c[3]]));
    assert.deepEqual(r.problems.map((p) => [p.kind, p.seq]), [['edited', 3]]);
  });

  it('an edited record with a recomputed hash breaks the next link', () => {
    const c = chainOf(4);
    const body = { ...c[2]!, api: { name: 'DeleteObject', statusCode: 204 } };
    const forged = { ...body, chain: { ...c[2]!.chain, hash: chainHash(body, { node: 'host-w0', seq: 3, prev: c[1]!.chain.hash }) } };
    assert.deepEqual(kinds(lines([c[0], c[1], forged, c[3]])), ['broken']);
  });

  it('reordered records (seq numbers swapped) are reported', () => {
    const c = chainOf(4);
    const swap = (r: Sealed, seq: number): Sealed => ({ ...r, chain: { ...r.chain, seq } });
    const k = kinds(lines([c[0], swap(c[2]!, 2), swap(c[1]!, 3), c[3]]));
    assert.ok(k.includes('reordered'), k.join(','));
    assert.ok(k.includes('edited'), k.join(','));
  });

  it('identical copies are counted, not a problem; different content under one seq is a conflict', () => {
    const c = chainOf(3);
    const r = verifyChainLines(lines([c[0], c[1], c[1], c[2]]));
    assert.deepEqual(r.problems, []);
    assert.equal(r.duplicates, 1);
    const other = chainOf(3, 'host-w0', 'dep-1').map((x) => ({ ...x }));
    const alt = { ...other[1]!, requestID: 'OTHER' };
    assert.ok(kinds(lines([c[0], c[1], alt, c[2]])).includes('conflict'));
  });

  it('chains of different nodes are checked apart; a chain may start after seq 1', () => {
    const a = chainOf(3, 'a-w0');
    const b = chainOf(4, 'b-w0');
    const r = verifyChainLines(lines([...b.slice(1), ...a]));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.chains.map((c) => [c.chain, c.firstSeq, c.lastSeq]), [['dep-1/a-w0', 1, 3], ['dep-1/b-w0', 2, 4]]);
  });

  it('lines that are not records are invalid', () => {
    assert.deepEqual(kinds(['{"x":1}', 'not json', '', JSON.stringify({ chain: { node: 'n', seq: 0, prev: '', hash: 'h' } })]), ['invalid', 'invalid', 'invalid']);
  });
});
