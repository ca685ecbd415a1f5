/**
 * Where an encrypted version (or pending upload) keeps what decrypting it needs: entries of its
 * system metadata, so they are stored, merged and healed with the record like every other
 * system header. None of them is a secret (the object key is only stored sealed):
 *
 *   x-cairn-sse-mode             SSE-S3 | SSE-KMS | SSE-C
 *   x-cairn-sse-cipher           aes-256-gcm | chacha20-poly1305 (also in the sealed key's bytes)
 *   x-cairn-sse-sealed-key       base64 of the sealed object key (crypto/sealed-object-key.ts)
 *   x-cairn-sse-kms-key-id       SSE-S3/SSE-KMS: the KMS master key that sealed the data key
 *   x-cairn-sse-kms-data-key     SSE-S3/SSE-KMS: base64 of the data key sealed by that KMS key
 *   x-cairn-sse-kms-context      SSE-KMS: base64 of the client's context (canonical JSON)
 *   x-cairn-sse-bucket-key       SSE-KMS: "true" when x-amz-server-side-encryption-bucket-key-enabled
 *   x-cairn-sse-customer-key-md5 SSE-C: base64 MD5 of the customer key (AWS returns it)
 *   x-cairn-sse-plain-size       plaintext size of the object (the record's `size` is the stored size)
 *   x-cairn-sse-format           "2": the sealing names its account (below); absent = format 1
 *   x-cairn-sse-account          format 2: the account (bucket owner at write time) the object key
 *                                and the data key are bound to; format 1 records were all sealed in
 *                                the deployment account (SseSettings.account)
 *
 * The stream IV of every encrypted stream travels with its data (sse-body.ts). toObjectInfo
 * reports these entries as `ObjectInfo.encryption` only, so a COPY directive never copies them.
 */
import { CorruptRecordError } from '../../errors/domain-errors.js';
import { isSseCipher, type SseCipher } from '../../crypto/index.js';
import type { ObjectEncryption, SseMode } from './sse-contract.js';

const PREFIX = 'x-cairn-sse-';
export const SSE_MODE = `${PREFIX}mode`;
const CIPHER = `${PREFIX}cipher`;
const SEALED_KEY = `${PREFIX}sealed-key`;
const KMS_KEY_ID = `${PREFIX}kms-key-id`;
export const KMS_DATA_KEY = `${PREFIX}kms-data-key`;
const KMS_CONTEXT = `${PREFIX}kms-context`;
const BUCKET_KEY = `${PREFIX}bucket-key`;
const CUSTOMER_KEY_MD5 = `${PREFIX}customer-key-md5`;
export const SSE_PLAIN_SIZE = `${PREFIX}plain-size`;
const FORMAT = `${PREFIX}format`;
const ACCOUNT = `${PREFIX}account`;

/** 1: sealed in the deployment account (no account stored); 2: the account is stored. */
export type SseFormat = 1 | 2;

/** What is stored about an encrypted object (or upload). */
export interface StoredEncryption {
  readonly mode: SseMode;
  readonly cipher: SseCipher;
  readonly sealedKey: Buffer;
  readonly kmsKeyId?: string;
  readonly kmsDataKey?: Buffer;
  readonly context?: Readonly<Record<string, string>>;
  readonly bucketKeyEnabled?: boolean;
  readonly customerKeyMd5?: string;
  /** Absent on a pending upload. */
  readonly plainSize?: number;
  /** 1 for records written before accounts were bound (x-cairn-sse-format absent). */
  readonly format: SseFormat;
  /** Format 2: the account the sealing is bound to. */
  readonly account?: string;
}

function isMode(s: string | undefined): s is SseMode {
  return s === 'SSE-S3' || s === 'SSE-KMS' || s === 'SSE-C';
}

function parseContext(b64: string): Record<string, string> {
  const parsed: unknown = JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CorruptRecordError('stored SSE context is not an object');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The stored encryption of a version or upload; undefined when it is not encrypted. */
export function storedEncryptionOf(meta: Readonly<Record<string, string>>): StoredEncryption | undefined {
  const mode = meta[SSE_MODE];
  if (mode === undefined) return undefined;
  const cipher = meta[CIPHER];
  const sealed = meta[SEALED_KEY];
  if (!isMode(mode) || cipher === undefined || !isSseCipher(cipher) || sealed === undefined) {
    throw new CorruptRecordError(`incomplete SSE metadata (mode ${mode})`);
  }
  const plain = meta[SSE_PLAIN_SIZE];
  const plainSize = plain === undefined ? undefined : Number(plain);
  if (plainSize !== undefined && !Number.isSafeInteger(plainSize)) throw new CorruptRecordError(`bad SSE plaintext size ${plain}`);
  const format = meta[FORMAT] ?? '1';
  if (format !== '1' && format !== '2') throw new CorruptRecordError(`unknown SSE format ${format}`);
  const account = meta[ACCOUNT];
  if (format === '2' && account === undefined) throw new CorruptRecordError('SSE format 2 without an account');
  return {
    mode, cipher, sealedKey: Buffer.from(sealed, 'base64'), format: format === '2' ? 2 : 1,
    ...(format === '2' ? { account: account! } : {}),
    ...(meta[KMS_KEY_ID] !== undefined ? { kmsKeyId: meta[KMS_KEY_ID] } : {}),
    ...(meta[KMS_DATA_KEY] !== undefined ? { kmsDataKey: Buffer.from(meta[KMS_DATA_KEY], 'base64') } : {}),
    ...(meta[KMS_CONTEXT] !== undefined ? { context: parseContext(meta[KMS_CONTEXT]) } : {}),
    ...(meta[BUCKET_KEY] === 'true' ? { bucketKeyEnabled: true } : {}),
    ...(meta[CUSTOMER_KEY_MD5] !== undefined ? { customerKeyMd5: meta[CUSTOMER_KEY_MD5] } : {}),
    ...(plainSize !== undefined ? { plainSize } : {}),
  };
}

/** The system metadata entries of `enc`. */
export function sseMetadataEntries(enc: StoredEncryption): Record<string, string> {
  const out: Record<string, string> = { [SSE_MODE]: enc.mode, [CIPHER]: enc.cipher, [SEALED_KEY]: enc.sealedKey.toString('base64') };
  if (enc.kmsKeyId !== undefined) out[KMS_KEY_ID] = enc.kmsKeyId;
  if (enc.kmsDataKey !== undefined) out[KMS_DATA_KEY] = enc.kmsDataKey.toString('base64');
  if (enc.context !== undefined) out[KMS_CONTEXT] = Buffer.from(JSON.stringify(enc.context), 'utf8').toString('base64');
  if (enc.bucketKeyEnabled === true) out[BUCKET_KEY] = 'true';
  if (enc.customerKeyMd5 !== undefined) out[CUSTOMER_KEY_MD5] = enc.customerKeyMd5;
  if (enc.plainSize !== undefined) out[SSE_PLAIN_SIZE] = String(enc.plainSize);
  if (enc.format === 2) {
    out[FORMAT] = '2';
    out[ACCOUNT] = enc.account!;
  }
  return out;
}

/** The system metadata without any SSE entry. */
export function withoutSse(meta: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta)) if (!k.startsWith(PREFIX)) out[k] = v;
  return out;
}

/** True when the metadata holds SSE entries. */
export function hasSse(meta: Readonly<Record<string, string>>): boolean {
  return meta[SSE_MODE] !== undefined;
}

/** What the surfaces see of a stored encryption. */
export function objectEncryptionOf(enc: StoredEncryption): ObjectEncryption {
  return {
    mode: enc.mode,
    ...(enc.kmsKeyId !== undefined ? { kmsKeyId: enc.kmsKeyId } : {}),
    ...(enc.context !== undefined ? { context: enc.context } : {}),
    ...(enc.bucketKeyEnabled === true ? { bucketKeyEnabled: true } : {}),
    ...(enc.customerKeyMd5 !== undefined ? { customerKeyMd5: enc.customerKeyMd5 } : {}),
  };
}
