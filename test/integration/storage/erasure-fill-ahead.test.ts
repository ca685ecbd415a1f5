/**
 * writeShards' fill-ahead budget (src/storage/erasure/fill-ahead-budget.ts): within the budget a
 * writer reads and encodes block b+1 while block b's frames are being written; past it, it
 * waits for those writes first (one block and its parity held, not two). Either way the files
 * are the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { CreateFileOptions, DriveFileWriter } from '../../../src/storage/drive/drive.js';
import { FaultyDrive } from '../../../src/storage/drive/faulty-drive.js';
import { LocalDrive } from '../../../src/storage/drive/local-drive.js';
import { ErasureSetImpl } from '../../../src/storage/erasure/erasure-set.js';
import { fillAheadTaken, setFillAheadBudget } from '../../../src/storage/erasure/fill-ahead-budget.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunked, collect } from './erasure-harness.js';

/** A drive whose frame writes wait for `release` (set by the test) once `held` is on. */
class HeldDrive extends FaultyDrive {
  held = false;
  writesSeen = 0;
  #release: Promise<void> = Promise.resolve();
  #open: () => void = () => undefined;
  hold(): void {
    this.held = true;
    this.#release = new Promise((r) => { this.#open = r; });
  }
  release(): void {
    this.held = false;
    this.#open();
  }
  override async createFile(path: string, opts?: CreateFileOptions): Promise<DriveFileWriter> {
    const w = await super.createFile(path, opts);
    return {
      ...w,
      write: async (chunk) => {
        this.writesSeen++;
        if (this.held) await this.#release;
        return w.write(chunk);
      },
    };
  }
}

const tick = () => new Promise((r) => setImmediate(r));

for (const [name, budget, filledWhileHeld] of [['within the budget', 1 << 30, 2], ['past the budget (0)', 0, 1]] as const) {
  test(`writeShards fill-ahead ${name}: ${filledWhileHeld} block(s) read while block 1's writes are held; same files`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-ahead-'));
    const drives: HeldDrive[] = [];
    const prev = setFillAheadBudget(budget);
    try {
      for (let i = 0; i < 4; i++) drives.push(new HeldDrive(await LocalDrive.open(join(dir, `d${i + 1}`))));
      const set = new ErasureSetImpl({ index: 0, drives, parity: 2, blockSize: 1024 });
      const layout = set.layoutFor('b', 'k');
      const data = randomBytes(4 * 1024 + 100);
      for (const d of drives) d.hold();
      let filled = 0;
      const writing = set.writeShards({ layout, path: 'tmp/ahead/part.1', body: chunked(data, 1024), onData: () => { filled++; } });
      while (drives.some((d) => d.writesSeen === 0)) await tick();
      for (let i = 0; i < 20; i++) await tick();
      assert.equal(filled, filledWhileHeld, 'blocks handed to the encoder while block 1 is being written');
      // Block 2 (1,024 data + 1,024 parity bytes over 2+2) holds the budget only when granted.
      assert.equal(fillAheadTaken(), budget === 0 ? 0 : 2048);
      for (const d of drives) d.release();
      const r = await writing;
      assert.equal(r.size, data.length);
      assert.equal(fillAheadTaken(), 0, 'the budget is given back once the writes settle');
      drives[0]!.set({ offline: true });
      drives[3]!.set({ offline: true });
      assert.ok((await collect(set.readShards({ layout, path: 'tmp/ahead/part.1', size: data.length }))).equals(data));
    } finally {
      setFillAheadBudget(prev);
      for (const d of drives) d.release();
      await Promise.all(drives.map((d) => d.close()));
      await rm(dir, { recursive: true, force: true });
    }
  });
}
