/**
 * Identifiers as AWS shapes them: account ids (12 digits), canonical user ids (64 hex), unique
 * ids with their type prefix (AIDA user, AGPA group, AROA role, ANPA policy; 21 characters),
 * access key ids (AKIA + 16 = 20 characters) and secret access keys (40 characters), and ARNs.
 */
import { randomBytes, randomInt } from 'node:crypto';

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export type UniqueIdPrefix = 'AIDA' | 'AGPA' | 'AROA' | 'ANPA';

export function newUniqueId(prefix: UniqueIdPrefix): string {
  return prefix + randomFrom(UPPER_DIGITS, 17);
}

export function newAccessKeyId(): string {
  return 'AKIA' + randomFrom(UPPER_DIGITS, 16);
}

export function newSecretKey(): string {
  return randomFrom(SECRET_ALPHABET, 40);
}

/** 12 digits, never starting with 0 (000000000000 is the cluster account). */
export function newAccountId(): string {
  return String(randomInt(1, 10)) + String(randomInt(0, 100_000)).padStart(5, '0') + String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function newCanonicalUserId(): string {
  return randomBytes(32).toString('hex');
}

export const ACCOUNT_ID = /^\d{12}$/;

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

export function userArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:user${path}${name}`;
}

export function groupArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:group${path}${name}`;
}

export function roleArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:role${path}${name}`;
}

export function policyArn(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:policy${path}${name}`;
}

/** `arn:aws:iam::ACCOUNT:policy/path/name` -> its parts; undefined for anything else. */
export function parsePolicyArn(arn: string): { accountId: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/.exec(arn);
  if (!m) return undefined;
  return { accountId: m[1]!, path: m[2]!, name: m[3]! };
}
