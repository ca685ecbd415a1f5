/**
 * The deployment's IAM sealing key K (secret-seal.ts seals access key secrets and the stored
 * root secret with it): system object `iam/seal-key.json`, in one of two forms:
 *  - v1 `{"version":1,"key":"<base64 K>"}`: K in the clear beside what it seals (no KMS
 *    configured): it keeps secrets out of documents, dumps and logs, not from someone who can
 *    read every system object.
 *  - v2 `{"version":2,"kmsKeyId":"..","sealedDataKey":"<base64>","sealedKey":"v1:<...>"}`: K
 *    sealed (AES-256-GCM, secret-seal.ts's format) by a data key D that the KMS generated under
 *    `kmsKeyId` for the context `{"purpose":"cairn-iam-seal-key"}`; only D's sealed form is
 *    stored, so the drives alone no longer open any secret.
 * With a KMS: a new deployment stores v2; a v1 key is wrapped (the same K: no sealed secret
 * changes) and replaces the v1 document at the next start (compare-and-swap on its ETag, so
 * `--workers` processes migrating at once agree); a v2 key wrapped under another key than the
 * configured one is re-wrapped under the configured key. When the KMS cannot make a data key
 * (its key not created yet: `cairn admin kms key create`; unreachable; refused), K stays or
 * starts in the v1 form, `onNotSealed` is told why, and the next start tries again.
 * Without a KMS a v2 key fails the start (KmsConfigError): the secrets cannot be opened. An
 * unreachable KMS (KmsUnavailableError) is waited for up to `unavailableWaitMs` (30 s), then
 * fails the start; any other refusal fails it at once.
 * Created by the first process that needs it; a process that loses the creation race waits for
 * the winner's key and uses it.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { CorruptRecordError, KmsConfigError, KmsUnavailableError } from '../../errors/domain-errors.js';
import { SystemStore } from '../../object/index.js';
import { SEAL_KEY_OBJECT } from './account-doc.js';
import { SecretSealer } from './secret-seal.js';

/** The KMS operations the sealing key needs (the server's KMS has them: crypto/kms.ts). */
export interface SealingKms {
  generateDataKey(keyId: string, context: Readonly<Record<string, string>>): Promise<{ readonly plaintext: Buffer; readonly ciphertext: Buffer }>;
  decrypt(keyId: string, ciphertext: Buffer, context: Readonly<Record<string, string>>): Promise<Buffer>;
}

/** The KMS and the key new wrappings use; absent: no KMS configured. */
export interface SealKeyKms {
  readonly kms: SealingKms;
  readonly keyId: string;
  /** K could not be sealed by the KMS this start (it stays in the v1 form; tried again next start). */
  readonly onNotSealed?: (err: unknown) => void;
  /** How long to wait for an unreachable KMS to open a sealed K. Default 30 s. */
  readonly unavailableWaitMs?: number;
}

/** The encryption context of D: authenticated by the KMS, so D opens for nothing else. */
export const SEAL_KEY_CONTEXT: Readonly<Record<string, string>> = { purpose: 'cairn-iam-seal-key' };
/** The additional data of K's sealing under D. */
const WRAP_ID = 'cairn-iam-seal-key';
const WHERE = SystemStore.location(SEAL_KEY_OBJECT);

interface WrappedDoc {
  readonly version: 2;
  readonly kmsKeyId: string;
  readonly sealedDataKey: string;
  readonly sealedKey: string;
}

type StoredDoc = { readonly version: 1; readonly key: Buffer } | WrappedDoc;

function decodeDoc(doc: unknown): StoredDoc {
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  if (d['version'] === 1) {
    const key = typeof d['key'] === 'string' ? Buffer.from(d['key'], 'base64') : Buffer.alloc(0);
    if (key.length === 32) return { version: 1, key };
  } else if (d['version'] === 2) {
    const { kmsKeyId, sealedDataKey, sealedKey } = d;
    if (typeof kmsKeyId === 'string' && kmsKeyId !== '' && typeof sealedDataKey === 'string' && sealedDataKey !== '' && typeof sealedKey === 'string') {
      return { version: 2, kmsKeyId, sealedDataKey, sealedKey };
    }
  }
  throw new CorruptRecordError(`${WHERE}: not a version 1 or 2 sealing key`);
}

/** K wrapped under the configured key; undefined (and `onNotSealed` told) when the KMS cannot make a data key now. */
async function wrap(key: Buffer, kms: SealKeyKms): Promise<WrappedDoc | undefined> {
  let dataKey: { readonly plaintext: Buffer; readonly ciphertext: Buffer };
  try {
    dataKey = await kms.kms.generateDataKey(kms.keyId, SEAL_KEY_CONTEXT);
  } catch (err) {
    kms.onNotSealed?.(err);
    return undefined;
  }
  try {
    return {
      version: 2,
      kmsKeyId: kms.keyId,
      sealedDataKey: dataKey.ciphertext.toString('base64'),
      sealedKey: new SecretSealer(dataKey.plaintext).seal(WRAP_ID, key.toString('base64')),
    };
  } finally {
    dataKey.plaintext.fill(0);
  }
}

async function unwrap(doc: WrappedDoc, kms: SealKeyKms | undefined): Promise<Buffer> {
  if (kms === undefined) {
    throw new KmsConfigError(`${WHERE} is sealed by KMS key '${doc.kmsKeyId}': start the server with that KMS configured (CAIRN_KMS_*) to open the IAM secrets`);
  }
  // D is not wiped here: a KMS client may hand out a buffer it keeps (a cache).
  const dataKey = await openDataKey(doc, kms);
  const key = Buffer.from(new SecretSealer(dataKey).unseal(WRAP_ID, doc.sealedKey), 'base64');
  if (key.length !== 32) throw new CorruptRecordError(`${WHERE}: the sealed key is not 32 bytes`);
  return key;
}

/** D from the KMS, waiting (backing off up to 5 s) while the KMS is unreachable, bounded. */
async function openDataKey(doc: WrappedDoc, kms: SealKeyKms): Promise<Buffer> {
  const until = Date.now() + (kms.unavailableWaitMs ?? 30_000);
  for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
    try {
      return await kms.kms.decrypt(doc.kmsKeyId, Buffer.from(doc.sealedDataKey, 'base64'), SEAL_KEY_CONTEXT);
    } catch (err) {
      if (!(err instanceof KmsUnavailableError) || Date.now() + wait > until) throw err;
      await delay(wait);
    }
  }
}

async function keyOf(doc: StoredDoc, kms: SealKeyKms | undefined): Promise<Buffer> {
  return doc.version === 1 ? doc.key : unwrap(doc, kms);
}

/** Whether the stored form should be replaced: v1 with a KMS now, or wrapped under another key. */
function isStale(doc: StoredDoc, kms: SealKeyKms | undefined): kms is SealKeyKms {
  return kms !== undefined && (doc.version === 1 || doc.kmsKeyId !== kms.keyId);
}

export async function loadSealKey(system: SystemStore, kms?: SealKeyKms): Promise<Buffer> {
  const stored = await system.getTaggedJson(SEAL_KEY_OBJECT);
  if (stored === undefined) {
    const key = randomBytes(32);
    const fresh = (kms === undefined ? undefined : await wrap(key, kms)) ?? { version: 1, key: key.toString('base64') };
    // A --workers process that loses the creation race waits for the winner's key (SystemStore.getCreated).
    const created = await system.createOrGetJson(SEAL_KEY_OBJECT, fresh);
    return created.created ? key : keyOf(decodeDoc(created.doc), kms);
  }
  const doc = decodeDoc(stored.doc);
  const key = await keyOf(doc, kms);
  if (isStale(doc, kms)) {
    // Same K under the configured KMS key; another process may have done it already (then its
    // document stays: it holds the same K).
    const wrapped = await wrap(key, kms);
    if (wrapped !== undefined) await system.replaceJson(SEAL_KEY_OBJECT, wrapped, stored.etag);
  }
  return key;
}

/** The sealer of the deployment's IAM secrets (and the stored root secret), K loaded as above. */
export async function openSecretSealer(system: SystemStore, kms?: SealKeyKms): Promise<SecretSealer> {
  return new SecretSealer(await loadSealKey(system, kms));
}
