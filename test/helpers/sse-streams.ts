/**
 * Helpers for the encryption stream tests (src/crypto): run bytes through EncryptStream /
 * DecryptStream in chunks of chosen sizes, and record what a DecryptStream emitted before it
 * failed, so tests can prove no unverified byte ever left it.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { buffer } from 'node:stream/consumers';
import { DecryptStream, EncryptStream, type DecryptStreamOptions } from '../../src/crypto/index.js';
import type { SseCipher } from '../../src/crypto/index.js';

/** `data` cut into chunks of `size` bytes (the last may be shorter; none for empty data). */
export function chunksOf(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) out.push(data.subarray(at, at + size));
  return out;
}

export async function encryptAll(options: { key: Buffer; cipher: SseCipher; plaintext: Buffer; chunkSize?: number }): Promise<Buffer> {
  const chunks = chunksOf(options.plaintext, options.chunkSize ?? 100_000);
  return buffer(Readable.from(chunks).pipe(new EncryptStream({ key: options.key, cipher: options.cipher })));
}

/** A DecryptStream that records every byte it pushes, delivered to a reader or not. */
class RecordingDecryptStream extends DecryptStream {
  readonly pushed: Buffer[] = [];
  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (Buffer.isBuffer(chunk)) this.pushed.push(Buffer.from(chunk));
    return super.push(chunk, encoding);
  }
}

export interface DecryptOutcome {
  /** Every byte the stream pushed, in order, up to its end or its error. */
  readonly emitted: Buffer;
  /** The error it failed with, if it did. */
  readonly error: unknown;
}

/** Decrypts `sealed` fed in chunks of `chunkSize`; never throws, reports what came out. */
export async function decryptOutcome(sealed: Buffer, options: DecryptStreamOptions & { chunkSize?: number }): Promise<DecryptOutcome> {
  const decrypt = new RecordingDecryptStream(options);
  const sink = new Writable({ write: (_chunk: Buffer, _enc, done) => done() });
  let error: unknown;
  try {
    await pipeline(Readable.from(chunksOf(sealed, options.chunkSize ?? 100_000)), decrypt, sink);
  } catch (err) {
    error = err;
  }
  return { emitted: Buffer.concat(decrypt.pushed), error };
}
