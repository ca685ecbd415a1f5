import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { planFormat, type DriveFormatState } from './format-resolver.js';
import { parseFormat, serializeFormat, type FormatRecord } from './format-record.js';
import { FormatError } from '../../errors/domain-errors.js';

const fresh = (n: number): DriveFormatState[] => Array.from({ length: n }, (_, i) => ({ kind: 'unformatted', endpoint: `/d${i + 1}` }));

function formattedFrom(plan: ReturnType<typeof planFormat>, n: number): DriveFormatState[] {
  return Array.from({ length: n }, (_, i) => ({ kind: 'formatted', endpoint: `/d${i + 1}`, record: plan.toWrite.get(i)! }));
}

test('format: fresh deployment writes one record per drive with a shared layout', () => {
  const plan = planFormat(fresh(8), 4);
  assert.equal(plan.sets.length, 2);
  assert.equal(plan.toWrite.size, 8);
  assert.deepEqual(plan.replaced, []);
  const ids = new Set([...plan.toWrite.values()].map((r) => r.driveId));
  assert.equal(ids.size, 8);
  for (const [i, rec] of plan.toWrite) {
    assert.equal(rec.deploymentId, plan.deploymentId);
    assert.equal(rec.sets.flat()[i], rec.driveId);
    assert.deepEqual(parseFormat(serializeFormat(rec), 'x'), rec);
  }
});

test('format: restart with all records agreeing writes nothing', () => {
  const first = planFormat(fresh(4), 4);
  const again = planFormat(formattedFrom(first, 4), 4);
  assert.equal(again.deploymentId, first.deploymentId);
  assert.equal(again.toWrite.size, 0);
});

test('format: foreign deployment is refused naming the drive', () => {
  const first = planFormat(fresh(4), 4);
  const other = planFormat(fresh(4), 4);
  const states = formattedFrom(first, 4);
  states[2] = { kind: 'formatted', endpoint: '/d3', record: other.toWrite.get(2)! };
  assert.throws(() => planFormat(states, 4), (e: unknown) => e instanceof FormatError && /\/d3/.test(e.message) && /another deployment/.test(e.message));
});

test('format: swapped drives are refused naming a drive', () => {
  const first = planFormat(fresh(4), 4);
  const states = formattedFrom(first, 4);
  const a = states[0]!;
  states[0] = { ...states[1]!, endpoint: '/d1' } as DriveFormatState;
  states[1] = { ...a, endpoint: '/d2' } as DriveFormatState;
  assert.throws(() => planFormat(states, 4), (e: unknown) => e instanceof FormatError && /\/d1/.test(e.message) && /swapped/.test(e.message));
});

test('format: an empty drive among formatted ones gets its expected record and is listed as replaced', () => {
  const first = planFormat(fresh(4), 4);
  const states = formattedFrom(first, 4);
  states[3] = { kind: 'unformatted', endpoint: '/d4' };
  const plan = planFormat(states, 4);
  assert.deepEqual(plan.replaced, [3]);
  assert.deepEqual(plan.toWrite.get(3), first.toWrite.get(3));
});

test('format: changed drive count is refused; offline drive blocks a fresh format', () => {
  const first = planFormat(fresh(4), 4);
  const states = [...formattedFrom(first, 4), ...fresh(4).map((s, i) => ({ ...s, endpoint: `/e${i}` }))];
  assert.throws(() => planFormat(states, 8), /formatted with 4 drives/);
  const withOffline = fresh(4);
  withOffline[1] = { kind: 'offline', endpoint: '/d2' };
  assert.throws(() => planFormat(withOffline, 4), /\/d2 is offline/);
});

test('format record: garbage and wrong shapes are FormatErrors naming the drive', () => {
  const good: FormatRecord = { version: 1, format: 'cairn', deploymentId: randomUUID(), sets: [[randomUUID(), randomUUID()]], driveId: '' };
  const rec = { ...good, driveId: good.sets[0]![0]! };
  assert.deepEqual(parseFormat(serializeFormat(rec), '/x'), rec);
  const bad = [
    Buffer.from('not json'), Buffer.from('null'), Buffer.from('[]'),
    serializeFormat({ ...rec, version: 2 } as unknown as FormatRecord),
    serializeFormat({ ...rec, deploymentId: 'nope' }),
    serializeFormat({ ...rec, driveId: randomUUID() }),
    serializeFormat({ ...rec, sets: [[rec.driveId, rec.driveId]] }),
    serializeFormat({ ...rec, sets: [] }),
  ];
  for (const b of bad) assert.throws(() => parseFormat(b, '/data/d9'), (e: unknown) => e instanceof FormatError && e.message.includes('/data/d9'));
});
