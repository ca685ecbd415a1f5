import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { chunksOf } from './stream-chunks.js';

test('chunksOf yields the very chunk objects pushed, even when several are buffered at once', async () => {
  const chunks = Array.from({ length: 6 }, (_, i) => Buffer.alloc(100_000, i));
  const s = new Readable({ read() {} });
  for (const c of chunks) s.push(c); // all buffered before anyone reads
  s.push(null);
  const got: Buffer[] = [];
  for await (const c of chunksOf(s)) got.push(c);
  assert.equal(got.length, chunks.length);
  got.forEach((c, i) => assert.equal(c, chunks[i], `chunk ${i} is the pushed object`));
});

test('chunksOf rethrows a stream error and destroys a stream the consumer left early', async () => {
  const failing = new PassThrough();
  failing.write(Buffer.from('a'));
  setImmediate(() => failing.destroy(new Error('boom')));
  await assert.rejects(async () => { for await (const _ of chunksOf(failing)) { /* drain */ } }, /boom/);

  const endless = new Readable({ read() { this.push(Buffer.alloc(1024)); } });
  for await (const _ of chunksOf(endless)) break;
  assert.ok(endless.destroyed);
});

test('chunksOf ends with an error when the stream is destroyed without one', async () => {
  const s = new PassThrough();
  setImmediate(() => s.destroy());
  await assert.rejects(async () => { for await (const _ of chunksOf(s)) { /* drain */ } }, /closed before its end/);
});
