/**
 * CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed. Without `UserName` they
 * act on the caller: an IAM user's own keys, or an account root's root keys. At most two keys
 * per user (and per root), as AWS. A key made Inactive or deleted is refused by SigV4 at once
 * in this process (the caller directory reads the store's cache).
 */
import { IamError } from '../store/iam-errors.js';
import { newAccessKeyId, newSecretKey } from '../store/iam-ids.js';
import type { AccessKeyRecord, AccountDocument } from '../store/iam-records.js';
import { cachedDoc, pageTail, paginate, type IamCall, type IamOperation } from './iam-operation.js';
import { el, isoTime, members, wrap } from './iam-xml.js';
import { accessKeyMetadataXml } from './render-entities.js';
import { requireUser, targetUserName, userResource } from './users.js';

export const MAX_KEYS_PER_USER = 2;
const ACCESS_KEY_ID = { min: 16, max: 128, pattern: /^[\w]+$/, patternText: '[\\w]+' };

function keysOf(doc: AccountDocument, userName: string | undefined): AccessKeyRecord[] {
  return Object.values(doc.keys).filter((k) => k.userName === userName);
}

/** The key, if it belongs to `userName` (undefined: the root's keys). */
function ownedKey(doc: AccountDocument, id: string, userName: string | undefined): AccessKeyRecord {
  if (userName !== undefined) requireUser(doc, userName);
  const key = doc.keys[id];
  if (key === undefined || key.userName !== userName) throw new IamError('NoSuchEntity', `The Access Key with id ${id} cannot be found`);
  return key;
}

const createAccessKey: IamOperation = {
  resource: (call) => userResource(call, targetUserName(call)),
  async run(call) {
    const userName = targetUserName(call);
    const accessKeyId = newAccessKeyId();
    const secret = newSecretKey();
    const key = await call.store.mutate(call.accountId, (doc, tools) => {
      if (userName !== undefined) requireUser(doc, userName);
      if (keysOf(doc, userName).length >= MAX_KEYS_PER_USER) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`);
      }
      const k: AccessKeyRecord = {
        accessKeyId, sealedSecret: tools.seal(accessKeyId, secret), status: 'Active', createDate: tools.now.toISOString(),
        ...(userName !== undefined ? { userName } : {}),
      };
      doc.keys[accessKeyId] = k;
      return k;
    });
    return wrap('AccessKey', el('UserName', userName) + el('AccessKeyId', key.accessKeyId) + el('Status', key.status)
      + el('SecretAccessKey', secret) + el('CreateDate', isoTime(key.createDate)));
  },
};

const listAccessKeys: IamOperation = {
  resource: (call) => userResource(call, targetUserName(call)),
  async run(call) {
    const userName = targetUserName(call);
    const doc = cachedDoc(call);
    if (userName !== undefined) requireUser(doc, userName);
    const page = paginate(call.params, keysOf(doc, userName), (k) => k.accessKeyId);
    return members('AccessKeyMetadata', page.items.map((k) => accessKeyMetadataXml(k, userName ?? ''))) + pageTail(page)
      + el('UserName', userName);
  },
};

const updateAccessKey: IamOperation = {
  resource: (call) => userResource(call, targetUserName(call)),
  async run(call) {
    const userName = targetUserName(call);
    const id = call.params.required('AccessKeyId', ACCESS_KEY_ID);
    const status = call.params.required('Status', { min: 1, max: 8 });
    if (status !== 'Active' && status !== 'Inactive') {
      throw new IamError('ValidationError', `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
    }
    await call.store.mutate(call.accountId, (doc) => { ownedKey(doc, id, userName).status = status; });
    return undefined;
  },
};

const deleteAccessKey: IamOperation = {
  resource: (call) => userResource(call, targetUserName(call)),
  async run(call) {
    const userName = targetUserName(call);
    const id = call.params.required('AccessKeyId', ACCESS_KEY_ID);
    await call.store.mutate(call.accountId, (doc) => {
      ownedKey(doc, id, userName);
      delete doc.keys[id];
    });
    return undefined;
  },
};

/** The key's owner in the caller's account (undefined: the root), or NoSuchEntity. */
function keyOfAccount(call: IamCall, id: string): AccessKeyRecord {
  const key = cachedDoc(call).keys[id];
  if (key === undefined) throw new IamError('NoSuchEntity', `The Access Key with id ${id} cannot be found`);
  return key;
}

/**
 * GetAccessKeyLastUsed: when, for which service and in which region the key last signed a
 * request (recorded at most once a minute, key-usage.ts); a key never used answers `N/A` for
 * the service and region and no date, as AWS. The authorized resource is the key's user.
 */
const getAccessKeyLastUsed: IamOperation = {
  resource: (call) => userResource(call, keyOfAccount(call, call.params.required('AccessKeyId', ACCESS_KEY_ID)).userName),
  async run(call) {
    const key = keyOfAccount(call, call.params.required('AccessKeyId', ACCESS_KEY_ID));
    const used = key.lastUsed;
    return el('UserName', key.userName ?? 'root') + wrap('AccessKeyLastUsed', used === undefined
      ? el('ServiceName', 'N/A') + el('Region', 'N/A')
      : el('LastUsedDate', isoTime(used.date)) + el('ServiceName', used.service) + el('Region', used.region));
  },
};

export const ACCESS_KEY_OPERATIONS = {
  CreateAccessKey: createAccessKey, ListAccessKeys: listAccessKeys, UpdateAccessKey: updateAccessKey, DeleteAccessKey: deleteAccessKey,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
} as const;
