/**
 * Reading the head of a PUT body to decide inline vs. data dir, with bounded memory.
 *
 * readHead pulls chunks until the body ended or `limit` bytes were buffered (never more than
 * limit + one chunk). If the body ended, `complete` holds it all; otherwise `rest` replays
 * the buffered chunks and then continues the same iterator (for ErasureSet.writeShards).
 * A declared size is enforced here for bodies that end within the limit.
 */
import type { Readable } from 'node:stream';
import { IncompleteBodyError } from '../errors/domain-errors.js';

export type BodyHead =
  | { readonly complete: Buffer; readonly rest?: undefined }
  | { readonly complete?: undefined; readonly rest: AsyncIterable<Buffer> };

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('body chunks must be bytes');
}

/** Abort the body when the signal fires (the iterator then rejects with the reason). */
export function bindAbort(body: Readable, signal: AbortSignal | undefined): () => void {
  if (!signal) return () => {};
  const onAbort = (): void => { body.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted')); };
  if (signal.aborted) { onAbort(); return () => {}; }
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

export async function readHead(body: Readable, limit: number, expectedSize: number): Promise<BodyHead> {
  const it = (body as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    if (total >= limit) {
      const buffered = chunks;
      const rest = (async function* replay(): AsyncGenerator<Buffer> {
        for (const c of buffered) yield c;
        for (;;) {
          const r = await it.next();
          if (r.done) return;
          yield toBuffer(r.value);
        }
      })();
      return { rest };
    }
    const r = await it.next();
    if (r.done) break;
    const c = toBuffer(r.value);
    if (c.length === 0) continue;
    chunks.push(c);
    total += c.length;
    if (expectedSize >= 0 && total > expectedSize) {
      await it.return?.();
      throw new IncompleteBodyError(expectedSize, total);
    }
  }
  if (expectedSize >= 0 && total !== expectedSize) throw new IncompleteBodyError(expectedSize, total);
  return { complete: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
}
