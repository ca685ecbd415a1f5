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

/**
 * A StoredEncryption read from system metadata. The sealed keys stay in their stored base64 text
 * until something unseals them (a HEAD, and a GET whose object key is cached, never does), and
 * that text is what the object-key cache identifies a sealing by (sealingTextOf).
 */
class StoredEncryptionText implements StoredEncryption {
  readonly mode: SseMode;
  readonly cipher: SseCipher;
  readonly format: SseFormat;
  readonly account: string | undefined;
  readonly kmsKeyId: string | undefined;
  readonly context: Readonly<Record<string, string>> | undefined;
  readonly bucketKeyEnabled: boolean | undefined;
  readonly customerKeyMd5: string | undefined;
  readonly plainSize: number | undefined;
  readonly text: SealingText;
  #sealedKey: Buffer | undefined;
  #kmsDataKey: Buffer | undefined;

  constructor(meta: Readonly<Record<string, string>>, mode: SseMode, cipher: SseCipher, sealed: string, format: SseFormat, plainSize: number | undefined) {
    this.mode = mode;
    this.cipher = cipher;
    this.format = format;
    this.account = format === 2 ? meta[ACCOUNT] : undefined;
    this.kmsKeyId = meta[KMS_KEY_ID];
    const context = meta[KMS_CONTEXT];
    this.context = context === undefined ? undefined : parseContext(context);
    this.bucketKeyEnabled = meta[BUCKET_KEY] === 'true' ? true : undefined;
    this.customerKeyMd5 = meta[CUSTOMER_KEY_MD5];
    this.plainSize = plainSize;
    this.text = { sealedKey: sealed, kmsDataKey: meta[KMS_DATA_KEY], context };
  }

  get sealedKey(): Buffer {
    return this.#sealedKey ??= Buffer.from(this.text.sealedKey, 'base64');
  }

  get kmsDataKey(): Buffer | undefined {
    const text = this.text.kmsDataKey;
    return text === undefined ? undefined : this.#kmsDataKey ??= Buffer.from(text, 'base64');
  }
}

/** The stored text of a sealing's keys and KMS context (as in the system metadata). */
export interface SealingText {
  readonly sealedKey: string;
  readonly kmsDataKey: string | undefined;
  readonly context: string | undefined;
}

/** The stored text of `enc`'s keys and context: as read, or as `sseMetadataEntries` would store them. */
export function sealingTextOf(enc: StoredEncryption): SealingText {
  if (enc instanceof StoredEncryptionText) return enc.text;
  return {
    sealedKey: enc.sealedKey.toString('base64'),
    kmsDataKey: enc.kmsDataKey?.toString('base64'),
    context: enc.context === undefined ? undefined : contextText(enc.context),
  };
}

function contextText(context: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify(context), 'utf8').toString('base64');
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
  if (format === '2' && meta[ACCOUNT] === undefined) throw new CorruptRecordError('SSE format 2 without an account');
  return new StoredEncryptionText(meta, mode, cipher, sealed, format === '2' ? 2 : 1, plainSize);
}

/** The system metadata entries of `enc`. */
export function sseMetadataEntries(enc: StoredEncryption): Record<string, string> {
  const text = sealingTextOf(enc);
  const out: Record<string, string> = { [SSE_MODE]: enc.mode, [CIPHER]: enc.cipher, [SEALED_KEY]: text.sealedKey };
  if (enc.kmsKeyId !== undefined) out[KMS_KEY_ID] = enc.kmsKeyId;
  if (text.kmsDataKey !== undefined) out[KMS_DATA_KEY] = text.kmsDataKey;
  if (text.context !== undefined) out[KMS_CONTEXT] = text.context;
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
  // for...in over a record decoded from msgpack (own string keys only): no entry arrays.
  for (const k in meta) if (!k.startsWith(PREFIX)) out[k] = meta[k]!;
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
