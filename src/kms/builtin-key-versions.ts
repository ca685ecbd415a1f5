/**
 * Versions of a built-in KMS key (kms/builtin-key-ring.ts): `cairn admin kms key rotate NAME`
 * adds version N+1, 32 new random bytes sealed by the master key with the context
 * `{"cairn-kms-key": NAME, "cairn-kms-key-version": "N+1"}` and stored beside the key's record
 * (KeyStore.createVersion). Every version is kept: data keys sealed by older ones still open.
 *
 * A data key's ciphertext names the version that sealed it:
 *   version 1   the built-in KMS ciphertext as it always was (crypto/builtin-kms.ts, 93 bytes)
 *   version N   "CKRV" || uint32be(N) || that ciphertext under version N's key
 * so every ciphertext written before rotation existed stays valid as version 1.
 */
import type { EncryptionContext } from '../crypto/encryption-context.js';

const MAGIC = Buffer.from('CKRV', 'latin1');
const HEADER_BYTES = MAGIC.length + 4;

/** The sealing context of version `version` of key `name` (version 1: the key's original context). */
export function versionSealContext(name: string, version: number): EncryptionContext {
  return version === 1 ? { 'cairn-kms-key': name } : { 'cairn-kms-key': name, 'cairn-kms-key-version': String(version) };
}

/** A data key ciphertext of version `version`. */
export function framedCiphertext(version: number, inner: Buffer): Buffer {
  if (version === 1) return inner;
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header);
  header.writeUInt32BE(version, MAGIC.length);
  return Buffer.concat([header, inner]);
}

/** The version that sealed `ciphertext` and the built-in KMS ciphertext inside. */
export function parseFramed(ciphertext: Buffer): { version: number; inner: Buffer } {
  if (ciphertext.length > HEADER_BYTES && ciphertext.subarray(0, MAGIC.length).equals(MAGIC)) {
    return { version: ciphertext.readUInt32BE(MAGIC.length), inner: ciphertext.subarray(HEADER_BYTES) };
  }
  return { version: 1, inner: ciphertext };
}
