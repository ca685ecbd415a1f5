import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckFile } from './ack-file.js';

for (const blocking of [false, true]) describe(`AckFile, ${blocking ? 'blocking writes' : 'writes in the thread pool'}`, () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'cairn-ack-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('starts empty, keeps the newest mark across reopenings in two slots', async () => {
    const path = join(dir, 'ack');
    let a = await AckFile.open(path, 0o600, 0, blocking);
    assert.equal(a.current, undefined);
    for (let i = 1; i <= 5; i++) {
      a.set({ segment: 1 + Math.floor(i / 3), offset: i * 100 });
      await a.flushed();
    }
    await a.close();
    assert.equal((await stat(path)).size, 64);
    a = await AckFile.open(path, 0o600, 0, blocking);
    assert.deepEqual(a.current, { segment: 2, offset: 500 });
    a.set({ segment: 3, offset: 9 });
    a.set({ segment: 3, offset: 7 }); // coalesced: the newest wins
    await a.close();
    a = await AckFile.open(path, 0o600, 0, blocking);
    assert.deepEqual(a.current, { segment: 3, offset: 7 });
    await a.close();
  });

  it('a torn newest slot falls back to the previous mark (records resent, none skipped)', async () => {
    const path = join(dir, 'ack');
    const a = await AckFile.open(path, 0o600, 0, blocking);
    a.set({ segment: 1, offset: 100 }); // generation 1: slot 1
    await a.flushed();
    a.set({ segment: 1, offset: 200 }); // generation 2: slot 0
    await a.flushed();
    await a.close();
    const fh = await open(path, 'r+');
    await fh.write(Buffer.from([0xff, 0xee]), 0, 2, 20); // tear slot 0
    await fh.close();
    const again = await AckFile.open(path, 0o600, 0, blocking);
    assert.deepEqual(again.current, { segment: 1, offset: 100 });
    await again.close();
  });

  it('with a delay, marks set in quick succession cost one write, and close writes the waiting one', async () => {
    const path = join(dir, 'ack');
    const a = await AckFile.open(path, 0o600, 60_000, blocking);
    for (let i = 1; i <= 50; i++) a.set({ segment: 1, offset: i * 10 });
    const early = await AckFile.open(path, 0o600, 0, blocking);
    assert.equal(early.current, undefined, 'nothing written before the delay');
    await early.close();
    await a.close();
    const raw = await readFile(path);
    assert.equal(raw.readBigUInt64BE(32), 1n, 'one write: generation 1, in slot 1');
    const again = await AckFile.open(path, 0o600, 0, blocking);
    assert.deepEqual(again.current, { segment: 1, offset: 500 });
    await again.close();
  });

  it('with a delay, a mark set while a write is in flight is written after it, not lost', async () => {
    const path = join(dir, 'ack');
    const a = await AckFile.open(path, 0o600, 5, blocking);
    a.set({ segment: 1, offset: 10 });
    await new Promise((r) => setTimeout(r, 8)); // the first write has started (or is done)
    a.set({ segment: 2, offset: 20 });
    a.set({ segment: 2, offset: 30 });
    let current: unknown;
    for (const until = Date.now() + 10_000; Date.now() < until;) { // written by the delay, without a flush
      await new Promise((r) => setTimeout(r, 20));
      const seen = await AckFile.open(path, 0o600, 0, blocking);
      current = seen.current;
      await seen.close();
      if ((current as { offset?: number } | undefined)?.offset === 30) break;
    }
    assert.deepEqual(current, { segment: 2, offset: 30 });
    await a.close();
  });
});
