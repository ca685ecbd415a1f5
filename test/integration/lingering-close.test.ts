/**
 * A request refused before its body was read, with more body than the server drains, gets
 * `Connection: close`. The client may still be writing: the server must not reset the
 * connection under it (a reset makes the client's kernel drop the error response it has not
 * read yet), so it half-closes and discards the rest for a bounded time (a lingering close, as
 * nginx and Apache do). These tests write the whole body before reading anything: with a
 * plain close the answer is lost to the reset. The linger's bounds are tested in
 * src/s3/pipeline/lingering-close.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { openSocket, readUntilClose, requestHead } from '../helpers/raw-http.js';
import { bootServer, call, type TestServer } from './s3-server-harness.js';

let t: TestServer;
before(async () => {
  t = await bootServer({ drives: 1 });
  // The bucket exists, so an anonymous PUT is refused (403) before its body is read; a bucket
  // that does not exist would be NoSuchBucket to anyone.
  assert.equal((await call(t, 'PUT', '/linger-bucket')).status, 200);
});
after(async () => { await t.stop(); });

/** Writes `total` bytes in 64 KiB chunks, waiting for each write; resolves with the first error. */
async function writeBody(socket: Socket, total: number): Promise<Error | undefined> {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  for (let sent = 0; sent < total; sent += chunk.length) {
    const err = await new Promise<Error | undefined>((resolve) => {
      socket.write(chunk.subarray(0, Math.min(chunk.length, total - sent)), (e) => resolve(e ?? undefined));
    });
    if (err) return err;
  }
  return undefined;
}

describe('lingering close after an early refusal', () => {
  for (const size of [8 * 1024 * 1024, 32 * 1024 * 1024]) {
    it(`an anonymous PUT of ${size >> 20} MiB written in full before reading gets its 403 and a clean close`, async () => {
      const socket = await openSocket(t.port);
      socket.on('error', () => { /* asserted through what was read */ });
      try {
        socket.write(requestHead('PUT', '/linger-bucket/k', { host: t.host, 'content-length': size }));
        const writeError = await writeBody(socket, size);
        assert.equal(writeError, undefined, `the server reset the connection while the body was being sent: ${String(writeError)}`);
        const { data, closed } = await readUntilClose(socket, 10_000);
        assert.match(data, /^HTTP\/1\.1 403 /);
        assert.match(data, /connection: close/i);
        assert.match(data, /<Code>AccessDenied<\/Code>/);
        assert.ok(closed, 'the server closes the connection after the answer');
      } finally {
        socket.destroy();
      }
    });
  }

});
