// s3bench's versions and uploads list modes against a real Cairn (the bare server has neither
// listing): one page of 1,000 from a random key-marker, checked against the key layout, and a
// layout that does not match is an error, not a figure. Needs a built dist/ (npm run build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cairnAvailable, startCairn, stopServer } from '../lib/servers.mjs';
import { runS3bench, lastJson } from '../lib/s3bench-runner.mjs';
import { S3 } from '../tools/lib/s3.mjs';

test('list --list-mode versions|uploads: full pages, checked; a wrong layout is an error', { timeout: 120_000, skip: !cairnAvailable() && 'dist/ not built' }, async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-test-'));
  const s = await startCairn({ name: 'cairn', root, drives: 1 });
  try {
    const common = ['-e', s.url, '-a', s.accessKey, '-s', s.secretKey, '--bucket', 'bench-lists', '--layout', 'dirs', '-z', '16B', '-c', '2', '-d', '0.5s', '-w', '0s', '--max-keys', '100'];
    const versions = lastJson((await runS3bench(['list', ...common, '--key-prefix', 'v/', '--objects', '300', '--list-mode', 'versions', '--no-cleanup'], 60_000)).stdout);
    assert.equal(versions.errors, 0, versions.error_samples?.[0]);
    assert.ok(versions.listings > 0);
    const uploads = lastJson((await runS3bench(['list', ...common, '--key-prefix', 'u/', '--objects', '300', '--list-mode', 'uploads', '--no-cleanup'], 60_000)).stdout);
    assert.equal(uploads.errors, 0, uploads.error_samples?.[0]);
    assert.ok(uploads.listings > 0);
    const s3 = new S3({ endpoint: s.url, accessKey: s.accessKey, secretKey: s.secretKey, connections: 2 });
    try {
      // prepare opened one upload per key and put no object there
      const open = await s3.listAllUploads('bench-lists', 'u/');
      assert.equal(open.length, 300);
      assert.equal(new Set(open.map((u) => u.key)).size, 300);
      assert.deepEqual(await s3.listAll('bench-lists', 'u/'), []);
      // claim 400 where 300 exist: pages that run past the end come up short
      const bad = lastJson((await runS3bench(['list', ...common, '--key-prefix', 'u/', '--objects', '400', '--list-mode', 'uploads', '--no-prepare'], 60_000)).stdout);
      assert.ok(bad.errors > 0);
      assert.match(bad.error_samples[0], /LIST uploads got \d+ keys \+ 0 prefixes, want \d+ \+ 0/);
      // with cleanup, the uploads prepare opened are aborted
      const done = lastJson((await runS3bench(['list', ...common, '--key-prefix', 'w/', '--objects', '50', '--list-mode', 'uploads'], 60_000)).stdout);
      assert.equal(done.errors, 0);
      assert.deepEqual(await s3.listAllUploads('bench-lists', 'w/'), []);
    } finally {
      await s3.close();
    }
  } finally {
    await stopServer(s);
    rmSync(root, { recursive: true, force: true });
  }
});
