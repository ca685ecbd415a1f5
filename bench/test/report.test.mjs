import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, summarize, aggregate, renderTable } from '../lib/report.mjs';

const run = (name, row, round, ops, p99, us, extra = {}) => ({
  name, row, round, ops_per_s: ops, mib_per_s: ops / 256, latency_ms: { p50: p99 / 4, p99 }, errors: 0,
  server_cpu: { us_per_op: us, cores: 1 }, client_cpu: { cores: 0.5 }, peak_rss_mib: 50 + round, ...extra,
});

test('median of odd and even lists, ignoring null and NaN', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([null, 5, NaN]), 5);
  assert.equal(median([]), null);
});

test('summarize takes medians over rounds, max peak RSS and sums errors', () => {
  const s = summarize([run('a', 'r', 1, 100, 10, 300), run('a', 'r', 2, 300, 30, 100, { errors: 2, error_samples: ['PUT 500'] }), run('a', 'r', 3, 200, 20, 200)]);
  assert.equal(s.ops_per_s, 200);
  assert.equal(s.ops_per_s_min, 100);
  assert.equal(s.ops_per_s_max, 300);
  assert.equal(s.p99_ms, 20);
  assert.equal(s.server_us_per_op, 200);
  assert.equal(s.peak_rss_mib, 53);
  assert.equal(s.errors, 2);
  assert.equal(s.error_sample, 'PUT 500');
});

test('a failed run counts as an error and is left out of the medians', () => {
  const s = summarize([run('a', 'r', 1, 100, 10, 300), { name: 'a', row: 'r', round: 2, failed: true, errors: 1, error: 'boom' }]);
  assert.equal(s.failed_runs, 1);
  assert.equal(s.errors, 1);
  assert.equal(s.ops_per_s, 100);
  assert.equal(s.error_sample, 'boom');
});

test('aggregate gives ratios to the ceiling of the same row', () => {
  const rows = [{ label: 'put', workload: 'put' }];
  const runs = [run('cairn-1d', 'put', 1, 50, 40, 600), run('ceiling', 'put', 1, 100, 20, 300)];
  const a = aggregate(rows, runs);
  assert.equal(a.put['cairn-1d'].ratio_ops, 0.5);
  assert.equal(a.put['cairn-1d'].ratio_p99, 2);
  assert.equal(a.put['cairn-1d'].ratio_cpu_per_op, 2);
  assert.equal(a.put.ceiling.ratio_ops, undefined);
  const md = renderTable(rows, a, { 'cairn-1d': { fsync: 'on' }, ceiling: { fsync: 'on' } });
  assert.match(md, /\| put \| cairn-1d \| on \| 50\.0 \(50\.0–50\.0\) \|.*\| 0\.50 \| 2\.00 \| 2\.00 \|/);
});

test('big-list rows are compared with cairn-1d on the 1k bucket of the same list mode', () => {
  const rows = [{ label: 'list-1k-page' }, { label: 'list-1M-page', target: 'big-list' }];
  const runs = [run('cairn-1d', 'list-1k-page', 1, 100, 20, 1000), run('cairn-1d-biglist', 'list-1M-page', 1, 50, 40, 2000)];
  const a = aggregate(rows, runs);
  assert.equal(a['list-1M-page']['cairn-1d-biglist'].vs_1k_bucket_ops, 0.5);
  assert.equal(a['list-1M-page']['cairn-1d-biglist'].vs_1k_bucket_p50, 2);
});
