/**
 * The package format (package-format.ts) applied to a whole buffer at once, for bodies held in
 * memory (inline objects): no staging buffer (PackageSealer / PackageOpener each keep one
 * 64 KiB package), and a body of one package is opened without a copy.
 *
 * Same checks as PackageOpener: the stored size must be one a plaintext encrypts to, every
 * package but the last is opened as non-final and whole (by construction: they are cut at
 * SEALED_PACKAGE_SIZE), the last one as final, each with its sequence in nonce and aad; the
 * plaintext is returned only when every package verified (DecryptionFailedError otherwise,
 * and no byte of it).
 */
import { KEY_BYTES, openInto, sealInto, TAG_BYTES, type SseCipher } from './cipher-suite.js';
import { encryptedSize, PACKAGE_SIZE, packageAad, packageNonce, plaintextSize, SEALED_PACKAGE_SIZE } from './package-format.js';

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`stream key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

/**
 * The sealed packages of `plain` back to back (`encryptedSize(plain.length)` bytes), the last
 * sealed as final: written into `into` from `offset` when given (the region returned is a view
 * of it), else into a new buffer.
 */
export function sealAll(key: Buffer, cipher: SseCipher, plain: Buffer, into?: Buffer, offset = 0): Buffer {
  checkKey(key);
  const size = encryptedSize(plain.length);
  const out = into === undefined ? Buffer.allocUnsafe(size) : into.subarray(offset, offset + size);
  if (out.length !== size) throw new RangeError(`sealAll: ${out.length} bytes of room for ${size}`);
  let sequence = 0;
  let at = 0;
  do {
    const end = Math.min(plain.length, at + PACKAGE_SIZE);
    const final = end === plain.length;
    const from = sequence * SEALED_PACKAGE_SIZE;
    sealInto(
      { cipher, key, nonce: packageNonce(sequence), aad: packageAad({ cipher, sequence, final }) },
      plain.subarray(at, end), out.subarray(from, from + (end - at) + TAG_BYTES),
    );
    sequence++;
    at = end;
  } while (at < plain.length);
  return out;
}

/**
 * The plaintext of a whole stored stream of packages (DecryptionFailedError when any byte was
 * changed), in a buffer from `alloc` (default `Buffer.allocUnsafe`).
 */
export function openAll(key: Buffer, cipher: SseCipher, sealed: Buffer, alloc: (n: number) => Buffer = Buffer.allocUnsafe): Buffer {
  checkKey(key);
  const plain = alloc(plaintextSize(sealed.length));
  const count = Math.max(1, Math.ceil(sealed.length / SEALED_PACKAGE_SIZE));
  try {
    for (let sequence = 0; sequence < count; sequence++) {
      const at = sequence * SEALED_PACKAGE_SIZE;
      const final = sequence === count - 1;
      const pkg = sealed.subarray(at, Math.min(sealed.length, at + SEALED_PACKAGE_SIZE));
      const to = sequence * PACKAGE_SIZE;
      openInto(
        { cipher, key, nonce: packageNonce(sequence), aad: packageAad({ cipher, sequence, final }) },
        pkg, plain.subarray(to, to + pkg.length - TAG_BYTES), `package ${sequence}${final ? ' (final)' : ''}`,
      );
    }
  } catch (err) {
    plain.fill(0);
    throw err;
  }
  return plain;
}
