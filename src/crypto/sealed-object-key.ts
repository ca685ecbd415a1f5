/**
 * Object key sealing. Each encrypted object has a random 32-byte object key; it is stored only
 * sealed by a data key from the KMS (kms.ts), bound to the object's context:
 *
 *   sealingKey = HMAC-SHA256(dataKey, "CAIRN-SSE object key seal v1" || 0x00 || sealIv)
 *   sealed     = AEAD(cipher, sealingKey, nonce = 12 zero bytes,
 *                     aad = "CAIRN-SSE-OK" || version || cipher id || canonicalContext(ctx),
 *                     objectKey)
 *
 * The seal IV is random per sealing, so each sealing key seals exactly one message and the
 * fixed nonce never repeats under a key. The encoded form records version and cipher, so
 * objects sealed with either cipher can always be read:
 *
 *   version (0x01) || cipher id || sealIv (32) || sealed object key (32) || tag (16)   = 82 bytes
 *
 * A wrong data key, another bucket/key/account or a changed byte fails with
 * DecryptionFailedError; an unknown version or length with CorruptRecordError.
 */
import { randomInto, secureRandomBytes } from '../util/random-pool.js';
import { hmacSha256 } from './hmac-sha256.js';
import { CorruptRecordError } from '../errors/domain-errors.js';
import { cipherId, cipherOfId, KEY_BYTES, NONCE_BYTES, open, sealInto, TAG_BYTES, type AeadInput, type SseCipher } from './cipher-suite.js';
import { canonicalContext, objectContext, type ObjectContext } from './encryption-context.js';

const VERSION = 1;
const SEAL_IV_BYTES = 32;
const SEAL_LABEL = Buffer.from('CAIRN-SSE object key seal v1\0', 'latin1');
const AAD_LABEL = Buffer.from('CAIRN-SSE-OK', 'latin1');
/** The fixed nonce; read only (off the V8 heap, random-pool.ts says why: a fresh 12-byte buffer per seal costs ~1.3 µs). */
const ZERO_NONCE = Buffer.allocUnsafe(NONCE_BYTES).fill(0);
export const SEALED_OBJECT_KEY_BYTES = 2 + SEAL_IV_BYTES + KEY_BYTES + TAG_BYTES;

/** A fresh random object key. */
export function newObjectKey(): Buffer {
  return secureRandomBytes(KEY_BYTES);
}

export interface SealObjectKeyInput {
  readonly objectKey: Buffer;
  /** The plaintext data key from the KMS. */
  readonly dataKey: Buffer;
  readonly context: ObjectContext;
  readonly cipher: SseCipher;
}

export interface UnsealObjectKeyInput {
  readonly sealed: Buffer;
  readonly dataKey: Buffer;
  readonly context: ObjectContext;
}

function aeadFor(input: { dataKey: Buffer; cipher: SseCipher; sealIv: Buffer; context: ObjectContext }): AeadInput {
  if (input.dataKey.length !== KEY_BYTES) throw new RangeError(`data key must be ${KEY_BYTES} bytes, got ${input.dataKey.length}`);
  const key = hmacSha256(input.dataKey, SEAL_LABEL, input.sealIv);
  const context = canonicalContext(objectContext(input.context));
  const aad = Buffer.allocUnsafe(AAD_LABEL.length + 2 + Buffer.byteLength(context, 'utf8'));
  let at = AAD_LABEL.copy(aad, 0);
  aad[at++] = VERSION;
  aad[at++] = cipherId(input.cipher);
  aad.write(context, at, 'utf8');
  return { cipher: input.cipher, key, nonce: ZERO_NONCE, aad };
}

/** The sealed, encoded object key (SEALED_OBJECT_KEY_BYTES bytes) to store in the object's metadata. */
export function sealObjectKey(input: SealObjectKeyInput): Buffer {
  if (input.objectKey.length !== KEY_BYTES) throw new RangeError(`object key must be ${KEY_BYTES} bytes, got ${input.objectKey.length}`);
  const out = Buffer.allocUnsafe(SEALED_OBJECT_KEY_BYTES);
  out[0] = VERSION;
  out[1] = cipherId(input.cipher);
  randomInto(out, 2, SEAL_IV_BYTES);
  const sealIv = out.subarray(2, 2 + SEAL_IV_BYTES);
  sealInto(aeadFor({ ...input, sealIv }), input.objectKey, out.subarray(2 + SEAL_IV_BYTES));
  return out;
}

/** The cipher a sealed object key records (the object's data uses the same cipher). */
export function sealedKeyCipher(sealed: Buffer): SseCipher {
  if (sealed.length !== SEALED_OBJECT_KEY_BYTES) {
    throw new CorruptRecordError(`sealed object key is ${sealed.length} bytes, expected ${SEALED_OBJECT_KEY_BYTES}`);
  }
  if (sealed[0] !== VERSION) throw new CorruptRecordError(`sealed object key version ${sealed[0]} is unknown`);
  const cipher = cipherOfId(sealed[1]!);
  if (cipher === undefined) throw new CorruptRecordError(`sealed object key cipher id ${sealed[1]} is unknown`);
  return cipher;
}

/** The object key, if `dataKey` and `context` are the ones it was sealed with. */
export function unsealObjectKey(input: UnsealObjectKeyInput): Buffer {
  const cipher = sealedKeyCipher(input.sealed);
  const sealIv = input.sealed.subarray(2, 2 + SEAL_IV_BYTES);
  return open(aeadFor({ dataKey: input.dataKey, cipher, sealIv, context: input.context }), input.sealed.subarray(2 + SEAL_IV_BYTES), 'sealed object key');
}
