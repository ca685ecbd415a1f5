/**
 * Crash trials: a child process (crash-child.ts) runs a scripted workload of puts, overwrites,
 * deletes and multipart completes on real drives and is SIGKILLed at a random moment; the
 * parent reopens the drives in-process and checks (crash-check.ts) that every acknowledged
 * write survived with its content, nothing torn is visible (before and after a heal pass),
 * and the sweeper leaves no leftovers. 52 trials with 1 drive and 52 with 4 drives (EC 2+2) run in `npm test`.
 * CAIRN_CRASH_TRIALS overrides the count per drive layout (e.g. for a longer drill).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ErasureObjectLayer } from '../../src/object/index.js';
import { createStorage } from '../../src/storage/index.js';
import { checkAfterCrash, checkSweptClean, healPass, parseChildLog } from './crash-check.js';
import { CRASH_BLOCK_SIZE, crashOp } from './crash-script.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'crash-child.js');
const TRIALS = Number(process.env.CAIRN_CRASH_TRIALS ?? 52);

/** Run the child until READY + delayMs, SIGKILL it (by its pid), return its stdout. */
function runAndKill(root: string, drives: number, seed: number, delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, root, String(drives), String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => { child.kill('SIGKILL'); }, 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      out += s;
      if (timer === undefined && out.includes('READY\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => { err += s; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(timer);
      if (signal === 'SIGKILL' && out.includes('READY\n')) resolve(out);
      else reject(new Error(`child ended with ${code ?? signal} before the kill: ${out.slice(-500)} ${err.slice(-1000)}`));
    });
  });
}

async function trial(drives: number, seed: number): Promise<{ acked: number }> {
  const root = await mkdtemp(join(tmpdir(), 'cairn-crash-'));
  try {
    // Kill moments spread over the first ~0.6 s of work, deterministic per seed.
    const delayMs = 5 + ((seed * 7919) % 600);
    const out = await runAndKill(root, drives, seed, delayMs);
    const log = parseChildLog(out);
    assert.deepEqual(log.failures, [], `seed ${seed}: child failed`);
    const endpoints = Array.from({ length: drives }, (_, i) => join(root, `d${i + 1}`));
    const storage = await createStorage({ endpoints, blockSize: CRASH_BLOCK_SIZE });
    // The clock runs a minute ahead: the heal pass stands for the scanner coming back after
    // the in-flight grace (heal-plan.ts leaves young minority versions alone), the child being dead.
    const layer = new ErasureObjectLayer(storage, { now: () => Date.now() + 60_000 });
    try {
      const what = `${drives} drive(s), seed ${seed}, killed after ${delayMs} ms`;
      const inFlightKey = log.inFlight === undefined ? undefined : crashOp(seed, log.inFlight).key;
      await checkAfterCrash(layer, seed, log, what, inFlightKey === undefined ? {} : { listingExempt: inFlightKey });
      await healPass(layer);
      await checkAfterCrash(layer, seed, log, `${what}, after heal`);
      await checkSweptClean(storage, what);
      await checkAfterCrash(layer, seed, log, `${what}, after sweep`);
    } finally {
      await layer.close();
    }
    return { acked: log.acked.length };
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 3 });
  }
}

for (const drives of [1, 4]) {
  test(`crash trials: ${TRIALS} SIGKILLs during writes with ${drives} drive(s); acknowledged data survives, nothing torn, no leftovers`, async () => {
    let acked = 0;
    for (let t = 0; t < TRIALS; t++) acked += (await trial(drives, 1000 * drives + t)).acked;
    assert.ok(acked > TRIALS, `the trials acknowledged work before the kill (${acked} ops)`);
  });
}
