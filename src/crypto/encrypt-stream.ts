/**
 * EncryptStream: plaintext in, sealed packages out (package-format.ts), a Transform over
 * package-codec.ts `PackageSealer`. At most one package of plaintext is buffered: a full
 * package is sealed as soon as the next byte shows it is not the last one, and the last
 * package (possibly empty) is sealed as final on end. Backpressure is the Transform's.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { SseCipher } from './cipher-suite.js';
import { PackageSealer } from './package-codec.js';

export interface EncryptStreamOptions {
  /** The stream key (stream-key.ts): used for this stream only. */
  readonly key: Buffer;
  readonly cipher: SseCipher;
}

export class EncryptStream extends Transform {
  private readonly sealer: PackageSealer;

  constructor(options: EncryptStreamOptions) {
    super();
    this.sealer = new PackageSealer(options.key, options.cipher);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      for (const out of this.sealer.update(chunk)) this.push(out);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      for (const out of this.sealer.final()) this.push(out);
      done();
    } catch (err) {
      done(err as Error);
    }
  }
}
