/**
 * Access keys for the admin API (MinIO's service accounts are the access keys of a user):
 * made with a generated or a given key pair and an optional expiration, listed, enabled,
 * disabled and removed by key id alone. Quota and owner rules are the IAM API's
 * (MAX_KEYS_PER_USER; a key of a user that must exist, or of the account root).
 */
import type { AccessKeyInput } from '../admin/identity-admin.js';
import type { IamAccessKeyCreatedDocument, IamAccessKeyDoc } from '../admin/iam-wire-types.js';
import { MAX_KEYS_PER_USER } from '../iam/api/access-keys.js';
import { requireUser } from '../iam/api/users.js';
import { IamError, type AccessKeyRecord, type AccountDocument, type IamStore } from '../iam/store/index.js';
import { noSuchEntity } from '../iam/store/iam-errors.js';
import { newAccessKeyId, newSecretKey } from '../iam/store/iam-ids.js';
import { accountDoc } from './iam-action-runner.js';

const ACCESS_KEY = /^[\w+=,.@-]{3,128}$/;

/** `keyInUse`: whether a key id signs already anywhere (the cluster root's, any account's). */
export interface KeyAdminDeps {
  readonly store: IamStore;
  readonly keyInUse: (accessKey: string) => boolean;
  readonly now?: () => Date;
}

export function accessKeyDoc(accountId: string, doc: AccountDocument, k: AccessKeyRecord): IamAccessKeyDoc {
  const userDisabled = k.userName !== undefined && doc.users[k.userName]?.disabled === true;
  return {
    accountId, accessKey: k.accessKeyId, ...(k.userName !== undefined ? { parentUser: k.userName } : {}),
    accountStatus: k.status === 'Active' && !userDisabled ? 'enabled' : 'disabled', createDate: k.createDate,
    ...(k.expiration !== undefined ? { expiration: k.expiration } : {}),
  };
}

function requireKey(doc: AccountDocument, accessKey: string): AccessKeyRecord {
  const k = doc.keys[accessKey];
  if (k === undefined) throw noSuchEntity('access key', accessKey);
  return k;
}

/** Checks a given key pair and expiration before anything is stored. */
export function checkKeyInput(input: AccessKeyInput, deps: KeyAdminDeps): void {
  if ((input.accessKey === undefined) !== (input.secretKey === undefined)) throw new IamError('ValidationError', 'The access key and the secret key go together.');
  if (input.accessKey !== undefined) {
    if (!ACCESS_KEY.test(input.accessKey)) throw new IamError('ValidationError', 'The access key must be 3 to 128 characters of letters, digits and +=,.@_-.');
    if (input.secretKey!.length < 8 || input.secretKey!.length > 128) throw new IamError('ValidationError', 'The secret key must be 8 to 128 characters.');
    const inDocs = deps.store.accounts().some((s) => Object.hasOwn(s.doc.keys, input.accessKey!));
    if (inDocs || deps.keyInUse(input.accessKey)) throw new IamError('EntityAlreadyExists', `The access key ${input.accessKey} is in use.`);
  }
  if (input.expiration !== undefined) {
    const at = Date.parse(input.expiration);
    if (Number.isNaN(at)) throw new IamError('ValidationError', `The expiration ${input.expiration} is not a time (ISO 8601).`);
    if (at <= (deps.now?.() ?? new Date()).getTime()) throw new IamError('ValidationError', 'The expiration must be in the future.');
  }
}

export function keyAdmin(deps: KeyAdminDeps) {
  const { store } = deps;
  return {
    async addAccessKey(accountId: string, input: AccessKeyInput): Promise<IamAccessKeyCreatedDocument> {
      checkKeyInput(input, deps);
      const accessKeyId = input.accessKey ?? newAccessKeyId();
      const secret = input.secretKey ?? newSecretKey();
      const { doc, key } = await store.mutate(accountId, (d, tools) => {
        if (input.user !== undefined) requireUser(d, input.user);
        if (Object.values(d.keys).filter((k) => k.userName === input.user).length >= MAX_KEYS_PER_USER) {
          throw new IamError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`);
        }
        if (Object.hasOwn(d.keys, accessKeyId)) throw new IamError('EntityAlreadyExists', `The access key ${accessKeyId} is in use.`);
        const k: AccessKeyRecord = {
          accessKeyId, sealedSecret: tools.seal(accessKeyId, secret), status: 'Active', createDate: tools.now.toISOString(),
          ...(input.user !== undefined ? { userName: input.user } : {}),
          ...(input.expiration !== undefined ? { expiration: new Date(input.expiration).toISOString() } : {}),
        };
        d.keys[accessKeyId] = k;
        return { doc: d, key: k };
      });
      return { ...accessKeyDoc(accountId, doc, key), secretKey: secret };
    },
    listAccessKeys(accountId: string, user?: string): IamAccessKeyDoc[] {
      const doc = accountDoc(store, accountId);
      if (user !== undefined) requireUser(doc, user);
      return Object.values(doc.keys).filter((k) => user === undefined || k.userName === user)
        .sort((a, b) => a.accessKeyId.localeCompare(b.accessKeyId)).map((k) => accessKeyDoc(accountId, doc, k));
    },
    accessKeyInfo(accountId: string, accessKey: string): IamAccessKeyDoc {
      const doc = accountDoc(store, accountId);
      return accessKeyDoc(accountId, doc, requireKey(doc, accessKey));
    },
    async removeAccessKey(accountId: string, accessKey: string): Promise<void> {
      await store.mutate(accountId, (doc) => { requireKey(doc, accessKey); delete doc.keys[accessKey]; });
    },
    async setAccessKeyStatus(accountId: string, accessKey: string, enabled: boolean): Promise<void> {
      await store.mutate(accountId, (doc) => { requireKey(doc, accessKey).status = enabled ? 'Active' : 'Inactive'; });
    },
    async setAccessKeySecret(accountId: string, accessKey: string, secretKey: string): Promise<void> {
      if (secretKey.length < 8 || secretKey.length > 128) throw new IamError('ValidationError', 'The secret key must be 8 to 128 characters.');
      await store.mutate(accountId, (doc, tools) => { requireKey(doc, accessKey).sealedSecret = tools.seal(accessKey, secretKey); });
    },
    async setAccessKeyExpiration(accountId: string, accessKey: string, expiration: string): Promise<void> {
      checkKeyInput({ expiration }, deps);
      await store.mutate(accountId, (doc) => { requireKey(doc, accessKey).expiration = new Date(expiration).toISOString(); });
    },
  };
}
