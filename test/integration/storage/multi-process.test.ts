import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStorage } from '../../../src/storage/create-storage.js';

const WORKER = fileURLToPath(new URL('./multi-process-worker.js', import.meta.url));

function runWorker(dir: string, rounds: number, startAt: number): Promise<{ deploymentId: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, dir, String(rounds), String(startAt)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    const timer = setTimeout(() => { if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL'); }, 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`worker exited ${code}: ${err}`));
      else {
        try { resolve(JSON.parse(out.trim()) as { deploymentId: string }); } catch (e) { reject(e); }
      }
    });
  });
}

test('3 processes formatting the same fresh drives at once agree on one deployment; metaUpdate is atomic across processes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-mp-'));
  try {
    const startAt = Date.now() + 1500;
    const results = await Promise.all([runWorker(dir, 100, startAt), runWorker(dir, 100, startAt), runWorker(dir, 100, startAt)]);
    const ids = new Set(results.map((r) => r.deploymentId));
    assert.equal(ids.size, 1, `deployments: ${[...ids].join(', ')}`);
    const st = await createStorage({ endpoints: [join(dir, 'd{1...4}')] });
    try {
      assert.equal(st.deploymentId, results[0]!.deploymentId);
      for (const d of st.drives) assert.equal((await d.metaGet('ctr'))!.readUInt32BE(0), 300, d.endpoint);
    } finally { await st.close(); }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
