/**
 * Decoding and encoding of the stored documents (iam-records.ts). A document that exists but
 * is not a version 1 record is a CorruptRecordError naming it: never read as empty, so it is
 * never overwritten with an empty state.
 */
import { CorruptRecordError } from '../../errors/domain-errors.js';
import type { AccountDocument, AccountIdentity, AccountIndexDocument } from './iam-records.js';

const PAB_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export const ACCOUNT_INDEX_OBJECT = 'iam/accounts.json';
export const SEAL_KEY_OBJECT = 'iam/seal-key.json';
/**
 * Rewritten (16 random bytes) after every change that other processes must see soon: their
 * refresh re-reads the documents only when its ETag moved (iam-store.ts).
 */
export const CHANGE_MARK_OBJECT = 'iam/changed.mark';

export function accountObject(accountId: string): string {
  return `iam/accounts/${accountId}.json`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(bytes: Buffer, where: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (err) {
    throw new CorruptRecordError(`${where}: not JSON`, { cause: err });
  }
}

export function decodeAccountDocument(bytes: Buffer, where: string): AccountDocument {
  const d = parseJson(bytes, where);
  if (!isRecord(d) || d.version !== 1 || typeof d.rev !== 'number' || !isRecord(d.account)) {
    throw new CorruptRecordError(`${where}: not a version 1 IAM account document`);
  }
  const a = d.account;
  if (typeof a.id !== 'string' || typeof a.name !== 'string' || typeof a.canonicalUserId !== 'string') {
    throw new CorruptRecordError(`${where}: the account identity is incomplete`);
  }
  for (const field of ['users', 'groups', 'roles', 'policies', 'keys']) {
    if (!isRecord(d[field])) throw new CorruptRecordError(`${where}: ${field} is not an object`);
  }
  const ldap = d.ldapPolicies;
  if (ldap !== undefined && (!isRecord(ldap) || !isRecord(ldap.users) || !isRecord(ldap.groups))) {
    throw new CorruptRecordError(`${where}: ldapPolicies is not a {users, groups} object`);
  }
  const pab = d.publicAccessBlock;
  if (pab !== undefined && (!isRecord(pab) || PAB_FLAGS.some((f) => typeof pab[f] !== 'boolean'))) {
    throw new CorruptRecordError(`${where}: publicAccessBlock is not four boolean flags`);
  }
  return d as unknown as AccountDocument;
}

export function decodeAccountIndex(bytes: Buffer, where: string): AccountIndexDocument {
  const d = parseJson(bytes, where);
  if (!isRecord(d) || d.version !== 1 || typeof d.rev !== 'number' || !isRecord(d.accounts)) {
    throw new CorruptRecordError(`${where}: not a version 1 IAM account index`);
  }
  return d as unknown as AccountIndexDocument;
}

export function encodeDocument(doc: AccountDocument | AccountIndexDocument): Buffer {
  return Buffer.from(`${JSON.stringify(doc)}\n`, 'utf8');
}

export function emptyAccountDocument(account: AccountIdentity): AccountDocument {
  return { version: 1, rev: 0, account, users: {}, groups: {}, roles: {}, policies: {}, keys: {} };
}
