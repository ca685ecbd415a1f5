// End to end: `bench/run.mjs` against the bare ceiling alone (Cairn is tested by the real run),
// and s3bench's list check catching a listing that does not match the key layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBare, stopServer } from '../lib/servers.mjs';
import { runS3bench, lastJson } from '../lib/s3bench-runner.mjs';

const BENCH = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

test('run.mjs --quick against the ceiling: every figure, zero errors, files written', { timeout: 240_000 }, () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-test-'));
  try {
    const r = spawnSync(process.execPath, [path.join(BENCH, 'run.mjs'), '--quick', '--servers', 'ceiling', '--no-build', '--no-fio',
      '--only', '^(put-4KiB-c1|get-4KiB-c16|multipart-256MiB-c2|list-1k-dir|mem-idle)$', '--idle-connections', '200', '--out', out],
    { encoding: 'utf8', timeout: 230_000 });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    const j = JSON.parse(readFileSync(path.join(out, 'quick-latest.json'), 'utf8'));
    assert.deepEqual(j.rows.map((x) => x.label), ['put-4KiB-c1', 'get-4KiB-c16', 'multipart-256MiB-c2', 'list-1k-dir']);
    assert.equal(j.errors, 0);
    for (const row of j.rows) {
      const s = j.summary[row.label].ceiling;
      assert.ok(s.ops_per_s > 0, `${row.label} ops`);
      assert.ok(s.p99_ms > 0, `${row.label} p99`);
      assert.ok(s.server_us_per_op > 0, `${row.label} cpu`);
      assert.ok(s.peak_rss_mib > 10, `${row.label} rss`);
    }
    const get = j.runs.find((x) => x.row === 'get-4KiB-c16');
    assert.ok(get.requests > 0);
    assert.equal(j.memory.ceiling.idle.connections_open, 200);
    assert.equal(j.memory.ceiling.idle.statuses['200'], 200);
    assert.ok(j.machine.cores >= 1 && j.machine.node.startsWith('v'));
    assert.equal(j.servers.ceiling.fsync, 'on');
    const md = readFileSync(path.join(out, 'quick-latest.md'), 'utf8');
    assert.match(md, /\| get-4KiB-c16 \| ceiling \| on \|/);
    assert.match(md, /200 idle keep-alive connections/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a listing that does not match the layout is an error, not a figure', { timeout: 60_000 }, async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-test-'));
  const s = await startBare({ name: 'ceiling', root });
  try {
    const common = ['-e', s.url, '-a', 'x', '-s', 'x', '--bucket', 'b1', '--key-prefix', 'l/', '--layout', 'dirs', '-z', '16B', '-c', '2', '-d', '0.5s', '-w', '0s'];
    const ok = lastJson((await runS3bench(['list', ...common, '--objects', '1500', '--list-mode', 'dir', '--no-cleanup'], 50_000)).stdout);
    assert.equal(ok.errors, 0);
    assert.ok(ok.ops > 0);
    // claim 2,500 objects where 1,500 exist: pages past the end and the third directory come up short
    const bad = lastJson((await runS3bench(['list', ...common, '--objects', '2500', '--list-mode', 'root', '--no-prepare'], 50_000)).stdout);
    assert.ok(bad.errors > 0);
    assert.match(bad.error_samples[0], /got 0 keys \+ 2 prefixes, want 0 \+ 3/);
  } finally {
    await stopServer(s);
    rmSync(root, { recursive: true, force: true });
  }
});
