/**
 * The content-length-range of a POST policy, enforced on the file while it streams (the size of
 * a multipart part is not known in advance): more than `max` bytes fails at once with
 * EntityTooLarge, fewer than `min` at the end with EntityTooSmall, so the object layer stores
 * nothing (its write fails with the stream's error). Without a range the 5 GiB cap of a single
 * upload applies.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from '../../errors/s3-error.js';
import type { LengthRange } from './post-policy.js';

export const MAX_POST_SIZE = 5 * 1024 * 1024 * 1024;

export class LengthRangeStream extends Transform {
  readonly #min: number;
  readonly #max: number;
  #bytes = 0;

  constructor(range: LengthRange | undefined) {
    super();
    this.#min = range?.min ?? 0;
    this.#max = Math.min(range?.max ?? MAX_POST_SIZE, MAX_POST_SIZE);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#bytes += chunk.length;
    if (this.#bytes > this.#max) {
      done(new S3Error('EntityTooLarge', {
        message: 'Your proposed upload exceeds the maximum allowed size',
        extra: { ProposedSize: String(this.#bytes), MaxSizeAllowed: String(this.#max) },
      }));
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.#bytes < this.#min) {
      done(new S3Error('EntityTooSmall', {
        message: 'Your proposed upload is smaller than the minimum allowed size',
        extra: { ProposedSize: String(this.#bytes), MinSizeAllowed: String(this.#min) },
      }));
      return;
    }
    done();
  }
}
