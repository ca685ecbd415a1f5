/**
 * DecryptStream: sealed packages in, verified plaintext out (package-format.ts). A package's
 * plaintext is pushed only after its tag verified (cipher-suite.ts `open`), so a failing
 * package emits nothing: the stream errors with DecryptionFailedError after the packages
 * before it. At most one sealed package is buffered: a full package is opened as non-final as
 * soon as the next byte arrives, the last one on end as final when the range ends at the
 * stream's final package.
 *
 * For a range (package-format.ts `sealedRangeOf`) give the first sequence number, whether the
 * range ends at the final package, and the plaintext bytes to skip and take.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { KEY_BYTES, open, type SseCipher } from './cipher-suite.js';
import { packageAad, packageNonce, SEALED_PACKAGE_SIZE } from './package-format.js';

export interface DecryptStreamOptions {
  /** The stream key (stream-key.ts). */
  readonly key: Buffer;
  readonly cipher: SseCipher;
  /** Sequence number of the first package written (0 for a whole stream). */
  readonly firstSequence?: number;
  /** The last package written is the stream's final package (true for a whole stream). */
  readonly endsAtFinal?: boolean;
  /** Plaintext bytes to drop first (default 0). */
  readonly skip?: number;
  /** Plaintext bytes to keep after `skip`; fewer is an error (default: all). */
  readonly take?: number;
}

export class DecryptStream extends Transform {
  private readonly key: Buffer;
  private readonly cipher: SseCipher;
  private readonly endsAtFinal: boolean;
  private readonly wantsAll: boolean;
  private readonly pending = Buffer.allocUnsafe(SEALED_PACKAGE_SIZE);
  private filled = 0;
  private sequence: number;
  private skipLeft: number;
  private takeLeft: number;

  constructor(options: DecryptStreamOptions) {
    super();
    if (options.key.length !== KEY_BYTES) throw new RangeError(`stream key must be ${KEY_BYTES} bytes, got ${options.key.length}`);
    this.key = options.key;
    this.cipher = options.cipher;
    this.sequence = options.firstSequence ?? 0;
    this.endsAtFinal = options.endsAtFinal ?? true;
    this.skipLeft = options.skip ?? 0;
    this.wantsAll = options.take === undefined;
    this.takeLeft = options.take ?? Number.POSITIVE_INFINITY;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let at = 0;
      while (at < chunk.length) {
        if (this.filled === SEALED_PACKAGE_SIZE) {
          this.openPackage(this.pending, false);
          this.filled = 0;
        }
        if (this.filled === 0 && chunk.length - at > SEALED_PACKAGE_SIZE) {
          // A whole package with more bytes after it: open it in place, no copy.
          this.openPackage(chunk.subarray(at, at + SEALED_PACKAGE_SIZE), false);
          at += SEALED_PACKAGE_SIZE;
          continue;
        }
        const n = Math.min(SEALED_PACKAGE_SIZE - this.filled, chunk.length - at);
        chunk.copy(this.pending, this.filled, at, at + n);
        this.filled += n;
        at += n;
      }
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.filled === 0) throw new DecryptionFailedError(`no package at sequence ${this.sequence} (truncated stream)`);
      if (!this.endsAtFinal && this.filled !== SEALED_PACKAGE_SIZE) {
        throw new DecryptionFailedError(`package ${this.sequence} is truncated`);
      }
      this.openPackage(this.pending.subarray(0, this.filled), this.endsAtFinal);
      this.filled = 0;
      if (!this.wantsAll && this.takeLeft > 0) {
        throw new DecryptionFailedError(`stream ended ${this.takeLeft} bytes before the end of the range`);
      }
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  private openPackage(sealed: Buffer, final: boolean): void {
    const sequence = this.sequence;
    const aead = { cipher: this.cipher, key: this.key, nonce: packageNonce(sequence), aad: packageAad({ cipher: this.cipher, sequence, final }) };
    let plain = open(aead, sealed, `package ${sequence}${final ? ' (final)' : ''}`);
    this.sequence++;
    if (this.skipLeft > 0) {
      const drop = Math.min(this.skipLeft, plain.length);
      plain = plain.subarray(drop);
      this.skipLeft -= drop;
    }
    if (plain.length > this.takeLeft) plain = plain.subarray(0, this.takeLeft);
    this.takeLeft -= plain.length;
    if (plain.length > 0) this.push(plain);
  }
}
