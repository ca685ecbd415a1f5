/**
 * Bounded memory: a fast producer and a slow consumer around EncryptStream / DecryptStream.
 * The producer is a pull stream, so it only makes bytes when asked; if a crypto stream ignored
 * backpressure it would pull the whole input ahead of the consumer. The test tracks how far the
 * producer gets ahead of the consumer (bytes made minus bytes consumed) and how much each
 * crypto stream holds in its buffers, and requires both to stay within a few packages.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { encryptAll } from '../../test/helpers/sse-streams.js';
import { DecryptStream, EncryptStream, PACKAGE_SIZE, plaintextSize } from './index.js';

const TOTAL = 16 * 1024 * 1024;
const CHUNK = 128 * 1024;
const BOUND = 1024 * 1024;

interface Flow {
  maxAhead: number;
  maxHeld: number;
}

async function run(options: { transform: Transform; input: Buffer; consumedAsInput: (consumed: number) => number }): Promise<Flow> {
  let produced = 0;
  let consumed = 0;
  const flow: Flow = { maxAhead: 0, maxHeld: 0 };
  const source = new Readable({
    highWaterMark: CHUNK,
    read() {
      if (produced >= options.input.length) {
        this.push(null);
        return;
      }
      const chunk = options.input.subarray(produced, produced + CHUNK);
      produced += chunk.length;
      this.push(chunk);
    },
  });
  const sink = new Writable({
    highWaterMark: PACKAGE_SIZE,
    async write(chunk: Buffer, _enc, done) {
      consumed += chunk.length;
      flow.maxAhead = Math.max(flow.maxAhead, produced - options.consumedAsInput(consumed));
      flow.maxHeld = Math.max(flow.maxHeld, options.transform.readableLength + options.transform.writableLength);
      await delay(1); // the slow consumer
      done();
    },
  });
  await pipeline(source, options.transform, sink);
  assert.equal(produced, options.input.length);
  return flow;
}

it('EncryptStream with a slow consumer holds a few packages, not the input', async () => {
  const input = randomBytes(TOTAL);
  const flow = await run({
    transform: new EncryptStream({ key: randomBytes(32), cipher: 'aes-256-gcm' }),
    input,
    // Stored bytes consumed -> plaintext bytes they hold (whole packages of 64 KiB + 16).
    consumedAsInput: (c) => Math.floor(c / (PACKAGE_SIZE + 16)) * PACKAGE_SIZE,
  });
  assert.ok(flow.maxAhead <= BOUND, `producer ran ${flow.maxAhead} bytes ahead of the consumer`);
  assert.ok(flow.maxHeld <= BOUND / 2, `the stream held ${flow.maxHeld} bytes`);
});

it('DecryptStream with a slow consumer holds a few packages, not the input', async () => {
  const key = randomBytes(32);
  const sealed = await encryptAll({ key, cipher: 'chacha20-poly1305', plaintext: randomBytes(TOTAL) });
  const flow = await run({
    transform: new DecryptStream({ key, cipher: 'chacha20-poly1305' }),
    input: sealed,
    // Plaintext consumed -> the stored bytes it came from.
    consumedAsInput: (c) => c + Math.ceil(c / PACKAGE_SIZE) * 16,
  });
  assert.equal(plaintextSize(sealed.length), TOTAL);
  assert.ok(flow.maxAhead <= BOUND, `producer ran ${flow.maxAhead} bytes ahead of the consumer`);
  assert.ok(flow.maxHeld <= BOUND / 2, `the stream held ${flow.maxHeld} bytes`);
});
