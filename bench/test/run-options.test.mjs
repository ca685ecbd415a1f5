import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunOptions, selected, ALL_SERVERS } from '../lib/run-options.mjs';
import { buildMatrix, bigLabel } from '../lib/matrix.mjs';

test('defaults: full run, all servers, 2 rounds, 1M big listing', () => {
  const o = parseRunOptions([]);
  assert.equal(o.mode, 'full');
  assert.deepEqual(o.servers, ALL_SERVERS);
  assert.equal(o.rounds, 2);
  assert.equal(o.bigListObjects, 1_000_000);
  assert.equal(o.memPutSize, '256MiB');
});

test('--quick shortens everything and --only filters labels', () => {
  const o = parseRunOptions(['--quick', '--only', '^get-4KiB', '--big-list-objects=20000']);
  assert.equal(o.mode, 'quick');
  assert.equal(o.rounds, 1);
  assert.equal(o.bigListObjects, 20000);
  assert.ok(selected(o, 'get-4KiB-c16'));
  assert.ok(!selected(o, 'put-4KiB-c16'));
  assert.ok(!selected(o, 'mem-put'));
});

test('bad options are rejected with a message', () => {
  assert.throws(() => parseRunOptions(['--rounds', 'x']), /--rounds must be a number/);
  assert.throws(() => parseRunOptions(['--servers', 'minio']), /unknown server minio/);
  assert.throws(() => parseRunOptions(['--bogus', '1']), /unknown option --bogus/);
  assert.throws(() => parseRunOptions(['--only']), /missing value/);
  assert.throws(() => parseRunOptions(['--only', '(']), /--only/);
  assert.throws(() => parseRunOptions(['stray']), /unexpected argument/);
});

test('the matrix holds every workload the issue asks for', () => {
  const rows = buildMatrix({ quick: false, durationS: 5, warmupS: 1, bigListObjects: 1_000_000 });
  const labels = rows.map((r) => r.label);
  for (const l of ['put-4KiB-c1', 'put-4KiB-c16', 'get-4KiB-c1', 'get-4KiB-c16', 'put-1MiB-c8', 'get-1MiB-c8', 'put-64MiB-c4',
    'get-64MiB-c4', 'multipart-256MiB-c2', 'delete-4KiB-c16', 'mixed-64KiB-c16', 'list-1k-page', 'list-1k-dir', 'list-1M-page', 'list-1M-dir']) {
    assert.ok(labels.includes(l), l);
  }
  for (const r of rows.filter((x) => x.workload === 'get' || x.workload === 'mixed')) assert.ok(r.args.includes('--verify'), r.label);
  assert.equal(rows.filter((r) => r.target === 'big-list').length, 3);
  assert.equal(bigLabel(1_000_000), '1M');
  assert.equal(bigLabel(10_000), '10k');
  assert.equal(bigLabel(1234), '1234');
});
