/**
 * The stored forms of the root credentials:
 *  - v2 (system object `config/root-credentials.json` since secrets are sealed there):
 *    `{"version":2,"accessKey":"...","sealedSecret":"v1:..."}`, the secret sealed with the IAM
 *    sealing key (iam/store secret-seal.ts; the key itself sealed by the KMS when configured);
 *  - v1 (the system object before, and the legacy loose files): `{"version":1,"accessKey":"...",
 *    "secretKey":"..."}`, the secret in the clear; read, then stored again as v2.
 */
import { randomInt } from 'node:crypto';
import { CorruptRecordError } from '../errors/domain-errors.js';
import type { SecretSealer } from '../iam/store/index.js';

export interface RootCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
}

const ACCESS_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A random 20-character access key and 40-character secret key. */
export function generateRootCredentials(): RootCredentials {
  return { accessKey: randomString(ACCESS_ALPHABET, 20), secretKey: randomString(SECRET_ALPHABET, 40) };
}

/** The v2 document of `creds`: the secret sealed by `sealer`, bound to the access key. */
export function rootCredentialsDoc(creds: RootCredentials, sealer: SecretSealer): { version: 2; accessKey: string; sealedSecret: string } {
  return { version: 2, accessKey: creds.accessKey, sealedSecret: sealer.seal(creds.accessKey, creds.secretKey) };
}

/** A decoded record, and whether it held the secret in the clear (v1: to be stored again sealed). */
export interface StoredRootCredentials {
  readonly creds: RootCredentials;
  readonly isClear: boolean;
}

function checked(accessKey: unknown, secretKey: unknown, where: string): RootCredentials {
  if (typeof accessKey !== 'string' || typeof secretKey !== 'string' || accessKey.length < 3 || secretKey.length < 8) {
    throw new CorruptRecordError(`${where}: not a credentials record`);
  }
  return { accessKey, secretKey };
}

/**
 * Checks a decoded document (v1, or v2 opened with `sealer`; a legacy file is read without
 * one: v1 only); `where` names it in the CorruptRecordError.
 */
export function rootCredentialsFromDoc(doc: unknown, where: string, sealer?: SecretSealer): StoredRootCredentials {
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  if (d['version'] === 1) return { creds: checked(d['accessKey'], d['secretKey'], where), isClear: true };
  if (d['version'] === 2 && sealer !== undefined && typeof d['accessKey'] === 'string' && typeof d['sealedSecret'] === 'string') {
    return { creds: checked(d['accessKey'], sealer.unseal(d['accessKey'], d['sealedSecret']), where), isClear: false };
  }
  throw new CorruptRecordError(`${where}: not a version ${sealer === undefined ? '1' : '1 or 2'} credentials record`);
}

/** Parses the JSON text of a stored record; `where` names it in the CorruptRecordError. */
export function parseRootCredentials(raw: string, where: string, sealer?: SecretSealer): StoredRootCredentials {
  let doc: unknown;
  try { doc = JSON.parse(raw); } catch (err) { throw new CorruptRecordError(`${where}: not JSON`, { cause: err }); }
  return rootCredentialsFromDoc(doc, where, sealer);
}
