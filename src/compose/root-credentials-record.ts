/**
 * The stored form of the root credentials (system object `config/root-credentials.json`, and
 * the legacy loose files): `{"version":1,"accessKey":"...","secretKey":"..."}`.
 */
import { randomInt } from 'node:crypto';
import { CorruptRecordError } from '../errors/domain-errors.js';

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

export function rootCredentialsDoc(creds: RootCredentials): { version: 1; accessKey: string; secretKey: string } {
  return { version: 1, accessKey: creds.accessKey, secretKey: creds.secretKey };
}

/** Checks a decoded document; `where` names it in the CorruptRecordError. */
export function rootCredentialsFromDoc(doc: unknown, where: string): RootCredentials {
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as { version?: unknown; accessKey?: unknown; secretKey?: unknown };
  if (d.version !== 1 || typeof d.accessKey !== 'string' || typeof d.secretKey !== 'string' || d.accessKey.length < 3 || d.secretKey.length < 8) {
    throw new CorruptRecordError(`${where}: not a version 1 credentials record`);
  }
  return { accessKey: d.accessKey, secretKey: d.secretKey };
}

/** Parses the JSON text of a stored record; `where` names it in the CorruptRecordError. */
export function parseRootCredentials(raw: string, where: string): RootCredentials {
  let doc: unknown;
  try { doc = JSON.parse(raw); } catch (err) { throw new CorruptRecordError(`${where}: not JSON`, { cause: err }); }
  return rootCredentialsFromDoc(doc, where);
}
