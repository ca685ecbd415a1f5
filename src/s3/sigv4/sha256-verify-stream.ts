/**
 * A pass-through stream that hashes the body and, at its end, checks the SHA-256 the client
 * claimed in x-amz-content-sha256. Mismatch -> the stream errors with XAmzContentSHA256Mismatch
 * (the object layer commits only after a clean end, so nothing partial is kept).
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from '../../errors/s3-error.js';

export class Sha256VerifyStream extends Transform {
  readonly #expectedHex: string;
  readonly #hash: Hash;

  constructor(expectedHex: string) {
    super();
    this.#expectedHex = expectedHex.toLowerCase();
    this.#hash = createHash('sha256');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.#hash.digest('hex');
    if (actual !== this.#expectedHex) {
      callback(
        new S3Error('XAmzContentSHA256Mismatch', {
          extra: { ClientComputedContentSHA256: this.#expectedHex, S3ComputedContentSHA256: actual },
        }),
      );
      return;
    }
    callback();
  }
}
