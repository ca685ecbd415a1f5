/**
 * The package format (package-format.ts) as synchronous cores: `PackageSealer` takes plaintext
 * chunks and returns sealed packages, `PackageOpener` takes stored bytes and returns verified
 * plaintext. Each buffers at most one package. The stream classes (encrypt-stream.ts,
 * decrypt-stream.ts) are thin Transforms over them; the object layer calls them directly where
 * it needs to hand a consumed input chunk back right away (pooled read buffers) or to seal a
 * small body in memory.
 */
import { DecryptionFailedError } from '../errors/domain-errors.js';
import { KEY_BYTES, open, sealInto, TAG_BYTES, type SseCipher } from './cipher-suite.js';
import { PACKAGE_SIZE, packageAad, packageNonce, SEALED_PACKAGE_SIZE } from './package-format.js';

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`stream key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

/**
 * Plaintext in, sealed packages out; the last package (possibly empty) is sealed as final by
 * `final()`. Packages are sealed into one buffer of the sealer's: `packagesOf` / `finalPackage`
 * hand out views of it, for a consumer that is done with each before it asks for the next (the
 * shard writer copies it: no allocation per package); `update` / `final` return copies the
 * caller may keep (EncryptStream).
 */
export class PackageSealer {
  private readonly pending = Buffer.allocUnsafe(PACKAGE_SIZE);
  private filled = 0;
  private sequence = 0;
  /** The one buffer `packagesOf` and `finalPackage` seal into (allocated on first use). */
  private sealed: Buffer | undefined;

  constructor(private readonly key: Buffer, private readonly cipher: SseCipher) { checkKey(key); }

  /** The packages `chunk` completes, each a buffer of its own (a full package is sealed once the next byte shows it is not the last). */
  update(chunk: Buffer): Buffer[] {
    return Array.from(this.packagesOf(chunk), (p) => Buffer.from(p));
  }

  /** The final package, in a buffer of its own. */
  final(): Buffer[] {
    return [Buffer.from(this.finalPackage())];
  }

  /**
   * The packages `chunk` completes, sealed lazily into the sealer's own buffer:
   * each yielded package (ciphertext || tag) is overwritten when the generator resumes, so the
   * consumer must be done with it (e.g. have copied it) before asking for the next.
   */
  *packagesOf(chunk: Buffer): Generator<Buffer, void, undefined> {
    let at = 0;
    while (at < chunk.length) {
      if (this.filled === PACKAGE_SIZE) {
        this.filled = 0;
        yield this.sealShared(this.pending, false);
      }
      if (this.filled === 0 && chunk.length - at > PACKAGE_SIZE) {
        const whole = chunk.subarray(at, at + PACKAGE_SIZE);
        at += PACKAGE_SIZE;
        yield this.sealShared(whole, false);
        continue;
      }
      const n = Math.min(PACKAGE_SIZE - this.filled, chunk.length - at);
      chunk.copy(this.pending, this.filled, at, at + n);
      this.filled += n;
      at += n;
    }
  }

  /** The final package, as `final`, in the sealer's own buffer (valid until the sealer is used again). */
  finalPackage(): Buffer {
    const filled = this.filled;
    this.filled = 0;
    return this.sealShared(this.pending.subarray(0, filled), true);
  }

  private sealShared(plaintext: Buffer, final: boolean): Buffer {
    const sequence = this.sequence++;
    this.sealed ??= Buffer.allocUnsafe(SEALED_PACKAGE_SIZE);
    const out = this.sealed.subarray(0, plaintext.length + TAG_BYTES);
    sealInto({ cipher: this.cipher, key: this.key, nonce: packageNonce(sequence), aad: packageAad({ cipher: this.cipher, sequence, final }) }, plaintext, out);
    return out;
  }
}

export interface PackageOpenerOptions {
  /** Sequence number of the first package given (0 for a whole stream). */
  readonly firstSequence?: number;
  /** The last package given is the stream's final package (true for a whole stream). */
  readonly endsAtFinal?: boolean;
  /** Plaintext bytes to drop first (default 0). */
  readonly skip?: number;
  /** Plaintext bytes to keep after `skip`; fewer is an error (default: all). */
  readonly take?: number;
}

/** Stored packages in, verified plaintext out: a package's plaintext is returned only after its tag verified. */
export class PackageOpener {
  private readonly endsAtFinal: boolean;
  private readonly wantsAll: boolean;
  private readonly pending = Buffer.allocUnsafe(SEALED_PACKAGE_SIZE);
  private filled = 0;
  private sequence: number;
  private skipLeft: number;
  private takeLeft: number;

  constructor(private readonly key: Buffer, private readonly cipher: SseCipher, options: PackageOpenerOptions = {}) {
    checkKey(key);
    this.sequence = options.firstSequence ?? 0;
    this.endsAtFinal = options.endsAtFinal ?? true;
    this.skipLeft = options.skip ?? 0;
    this.wantsAll = options.take === undefined;
    this.takeLeft = options.take ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Hands `emit` the plaintext of each package `chunk` completes, as soon as it verified (so a
   * failing package throws after the packages before it were emitted); the chunk is not
   * referenced afterwards.
   */
  update(chunk: Buffer, emit: (plain: Buffer) => void): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.filled === SEALED_PACKAGE_SIZE) {
        this.openPackage(this.pending, false, emit);
        this.filled = 0;
      }
      if (this.filled === 0 && chunk.length - at > SEALED_PACKAGE_SIZE) {
        this.openPackage(chunk.subarray(at, at + SEALED_PACKAGE_SIZE), false, emit);
        at += SEALED_PACKAGE_SIZE;
        continue;
      }
      const n = Math.min(SEALED_PACKAGE_SIZE - this.filled, chunk.length - at);
      chunk.copy(this.pending, this.filled, at, at + n);
      this.filled += n;
      at += n;
    }
  }

  /** Emits the last package's plaintext (DecryptionFailedError for a truncated stream); then call `checkComplete`. */
  final(emit: (plain: Buffer) => void): void {
    if (this.filled === 0) throw new DecryptionFailedError(`no package at sequence ${this.sequence} (truncated stream)`);
    if (!this.endsAtFinal && this.filled !== SEALED_PACKAGE_SIZE) {
      throw new DecryptionFailedError(`package ${this.sequence} is truncated`);
    }
    this.openPackage(this.pending.subarray(0, this.filled), this.endsAtFinal, emit);
    this.filled = 0;
  }

  /** After `final`: DecryptionFailedError when the packages ended before the range did. */
  checkComplete(): void {
    if (!this.wantsAll && this.takeLeft > 0) {
      throw new DecryptionFailedError(`stream ended ${this.takeLeft} bytes before the end of the range`);
    }
  }

  private openPackage(sealed: Buffer, final: boolean, emit: (plain: Buffer) => void): void {
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
    if (plain.length > 0) emit(plain);
  }
}
