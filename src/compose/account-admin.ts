/**
 * AccountAdmin (admin/account-admin.ts) over the IAM store. `ownedBuckets` says which buckets
 * an account owns, from the owner each bucket record holds (`bucketsOwnedBy`; a bucket created
 * before accounts existed belongs to the cluster account 000000000000, which cannot be removed).
 */
import type { AccountAdmin, RemoveAccountOutcome } from '../admin/account-admin.js';
import type { AccountCreatedDocument, AccountDoc } from '../admin/wire-types.js';
import { CLUSTER_ACCOUNT_ID } from '../iam/caller.js';
import { IamError, type AccountIdentity, type IamStore } from '../iam/store/index.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The buckets `accountId` owns. */
export type OwnedBuckets = (accountId: string) => Promise<readonly string[]>;

/** The buckets whose record names `accountId` as owner (no owner: the cluster account's). */
export const bucketsOwnedBy = (listBuckets: () => Promise<readonly { name: string; owner?: string }[]>): OwnedBuckets =>
  async (accountId) => (await listBuckets()).filter((b) => (b.owner ?? CLUSTER_ACCOUNT_ID) === accountId).map((b) => b.name);

function toDoc(a: AccountIdentity): AccountDoc {
  return { accountId: a.id, name: a.name, canonicalUserId: a.canonicalUserId, createDate: a.createDate, ...(a.email !== undefined ? { email: a.email } : {}) };
}

/** `keyInUse`: whether an access key already signs (the cluster root's, any account's). */
export function createAccountAdmin(store: IamStore, ownedBuckets: OwnedBuckets, keyInUse: (accessKey: string) => boolean): AccountAdmin {
  const find = (ref: string): AccountIdentity | undefined => {
    const byId = store.account(ref)?.doc.account;
    return byId ?? store.accounts().map((s) => s.doc.account).find((a) => a.name.toLowerCase() === ref.toLowerCase());
  };
  return {
    async create(input): Promise<AccountCreatedDocument | 'exists' | { invalid: string }> {
      if (input.email !== undefined && !EMAIL.test(input.email)) return { invalid: `${input.email} is not an e-mail address.` };
      if (input.email !== undefined && store.accounts().some((s) => s.doc.account.email?.toLowerCase() === input.email!.toLowerCase())) {
        return { invalid: `Another account has the e-mail address ${input.email}.` };
      }
      if (input.rootKey !== undefined && keyInUse(input.rootKey.accessKey)) return { invalid: `The access key ${input.rootKey.accessKey} is in use.` };
      try {
        const made = await store.createAccount(input);
        return { ...toDoc(made.account), accessKey: made.accessKey, secretKey: made.secretKey };
      } catch (err) {
        if (err instanceof IamError && err.iamCode === 'EntityAlreadyExists') return input.rootKey !== undefined && err.message.includes('access key') ? { invalid: err.message } : 'exists';
        if (err instanceof IamError && err.iamCode === 'ValidationError') return { invalid: err.message };
        throw err;
      }
    },
    list: () => store.accounts().map((s) => toDoc(s.doc.account)).sort((a, b) => a.accountId.localeCompare(b.accountId)),
    info: (ref) => { const a = find(ref); return a === undefined ? undefined : toDoc(a); },
    async remove(ref): Promise<RemoveAccountOutcome> {
      const a = find(ref);
      if (a === undefined) return 'no-such-account';
      if (a.id === CLUSTER_ACCOUNT_ID) return 'cluster-account';
      const buckets = await ownedBuckets(a.id);
      if (buckets.length > 0) return { ownsBuckets: buckets };
      await store.deleteAccount(a.id);
      return 'removed';
    },
  };
}
