/**
 * DecryptStream: sealed packages in, verified plaintext out (package-format.ts), a Transform
 * over package-codec.ts `PackageOpener`. A package's plaintext is pushed only after its tag
 * verified, so a failing package emits nothing: the stream errors with DecryptionFailedError
 * after the packages before it. At most one sealed package is buffered.
 *
 * For a range (package-format.ts `sealedRangeOf`) give the first sequence number, whether the
 * range ends at the final package, and the plaintext bytes to skip and take.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { SseCipher } from './cipher-suite.js';
import { PackageOpener, type PackageOpenerOptions } from './package-codec.js';

export interface DecryptStreamOptions extends PackageOpenerOptions {
  /** The stream key (stream-key.ts). */
  readonly key: Buffer;
  readonly cipher: SseCipher;
}

export class DecryptStream extends Transform {
  private readonly opener: PackageOpener;
  private readonly pushPlain = (plain: Buffer): void => { this.push(plain); };

  constructor(options: DecryptStreamOptions) {
    super();
    this.opener = new PackageOpener(options.key, options.cipher, options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.opener.update(chunk, this.pushPlain);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.opener.final(this.pushPlain);
      this.opener.checkComplete();
      done();
    } catch (err) {
      done(err as Error);
    }
  }
}
