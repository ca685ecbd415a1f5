/**
 * When the scrub's first pass is due: one interval after the deployment's scrub first started
 * (kept in the state store across restarts), or after the last finished pass. The passes
 * themselves are tested against real drives in test/fault/scrub.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ObjectHealer } from '../object/heal/index.js';
import { Scrubber, SCRUB_STATE, type ScrubOptions } from './scrubber.js';
import { WorkerRunner } from './worker-runner.js';
import type { WorkerStateStore } from './worker-state-store.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 6, 12);
/** No pass is due within these tests: a healer call would be a bug. */
const noHealer = new Proxy({}, { get: () => { throw new Error('no pass may run in this test'); } }) as ObjectHealer;

function memoryStore(initial?: object, failGet = false): WorkerStateStore & { readonly docs: Map<string, Buffer>; puts: number } {
  const docs = new Map<string, Buffer>();
  if (initial) docs.set(SCRUB_STATE, Buffer.from(JSON.stringify(initial)));
  const store = {
    docs, puts: 0,
    get: async (n: string) => { if (failGet) throw new Error('system bucket unreadable'); return docs.get(n); },
    put: async (n: string, v: Buffer) => { store.puts++; docs.set(n, v); },
  };
  return store;
}

/** Starts the scrub, waits for it to report its next pass, stops it; returns that time and the status. */
async function nextPass(opts: ScrubOptions): Promise<{ next: number; lastError: string | undefined }> {
  const runner = new WorkerRunner();
  runner.start(new Scrubber(noHealer, { now: () => NOW, ...opts }));
  // The in-memory store answers in microtasks: one turn of the event loop and the scrub has
  // read (and maybe written) its state and reported its next pass.
  await new Promise(setImmediate);
  const status = runner.statusOf('scrub')!;
  assert.equal(status.state, 'sleeping', 'the scrub reported its next pass and sleeps until it');
  await runner.stopAll();
  return { next: Date.parse(String(status.detail['nextPass'])), lastError: status.lastError };
}

test('scrub: a new deployment stores when its scrub first started; the first pass is due one interval later', async () => {
  const state = memoryStore();
  const { next } = await nextPass({ state, intervalMs: 7 * DAY });
  assert.equal(next, NOW + 7 * DAY);
  assert.deepEqual(JSON.parse(state.docs.get(SCRUB_STATE)!.toString('utf8')), { version: 1, since: NOW });
});

test('scrub: after a restart the first pass stays due one interval after the stored first start', async () => {
  const since = NOW - 3 * DAY;
  const state = memoryStore({ version: 1, since });
  const { next } = await nextPass({ state, intervalMs: 7 * DAY });
  assert.equal(next, since + 7 * DAY);
  assert.equal(state.puts, 0, 'the stored start is kept, not moved to this start');
});

test('scrub: a stored finished pass sets the next one interval after it; firstDelayMs applies only before one', async () => {
  const finishedAt = NOW - DAY;
  assert.equal((await nextPass({ state: memoryStore({ version: 1, finishedAt }), intervalMs: 7 * DAY, firstDelayMs: 1_000 })).next, finishedAt + 7 * DAY);
  assert.equal((await nextPass({ state: memoryStore({ version: 1, since: NOW }), intervalMs: 7 * DAY, firstDelayMs: 60_000 })).next, NOW + 60_000);
});

test('scrub: an unreadable state store delays the first pass a whole interval and overwrites nothing', async () => {
  const state = memoryStore({ version: 1, finishedAt: NOW - DAY }, true);
  const { next, lastError } = await nextPass({ state, intervalMs: 30 * DAY });
  assert.equal(next, NOW + 30 * DAY);
  assert.equal(state.puts, 0);
  assert.match(lastError ?? '', /unreadable/);
});
