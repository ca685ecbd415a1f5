/**
 * EncryptStream: plaintext in, sealed packages out (package-format.ts). At most one package
 * of plaintext is buffered: a full package is sealed as soon as the next byte shows it is not
 * the last one, and the last package (possibly empty) is sealed as final on end. Backpressure
 * is the Transform's: a write is not acknowledged while the readable side is over its mark.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { KEY_BYTES, seal, type SseCipher } from './cipher-suite.js';
import { PACKAGE_SIZE, packageAad, packageNonce } from './package-format.js';

export interface EncryptStreamOptions {
  /** The stream key (stream-key.ts): used for this stream only. */
  readonly key: Buffer;
  readonly cipher: SseCipher;
}

export class EncryptStream extends Transform {
  private readonly key: Buffer;
  private readonly cipher: SseCipher;
  private readonly pending = Buffer.allocUnsafe(PACKAGE_SIZE);
  private filled = 0;
  private sequence = 0;

  constructor(options: EncryptStreamOptions) {
    super();
    if (options.key.length !== KEY_BYTES) throw new RangeError(`stream key must be ${KEY_BYTES} bytes, got ${options.key.length}`);
    this.key = options.key;
    this.cipher = options.cipher;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let at = 0;
      while (at < chunk.length) {
        if (this.filled === PACKAGE_SIZE) {
          this.sealPackage(this.pending, false);
          this.filled = 0;
        }
        if (this.filled === 0 && chunk.length - at > PACKAGE_SIZE) {
          // A whole package with more bytes after it: seal it in place, no copy.
          this.sealPackage(chunk.subarray(at, at + PACKAGE_SIZE), false);
          at += PACKAGE_SIZE;
          continue;
        }
        const n = Math.min(PACKAGE_SIZE - this.filled, chunk.length - at);
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
      this.sealPackage(this.pending.subarray(0, this.filled), true);
      this.filled = 0;
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  private sealPackage(plaintext: Buffer, final: boolean): void {
    const sequence = this.sequence++;
    const aead = { cipher: this.cipher, key: this.key, nonce: packageNonce(sequence), aad: packageAad({ cipher: this.cipher, sequence, final }) };
    this.push(seal(aead, plaintext));
  }
}
