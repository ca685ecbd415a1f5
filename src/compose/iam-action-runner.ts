/**
 * Runs one IAM API action (iam/api's IAM_OPERATIONS: CreateUser, AttachGroupPolicy, ...) in an
 * account as its root, with form fields as the IAM query API would get them. The admin API's
 * IAM endpoints change users, groups and policies through this, so validation, quotas, storage
 * and error messages are the IAM API's own (nothing is written twice).
 */
import type { ResolvedCaller } from '../iam/caller.js';
import { IAM_OPERATIONS } from '../iam/api/iam-operations.js';
import { useStoredEntityNames } from '../iam/api/entity-names.js';
import { IamParams } from '../iam/api/iam-params.js';
import { PolicySet } from '../iam/policy/index.js';
import { IamError, type AccountDocument, type IamStore } from '../iam/store/index.js';
import { noSuchEntity } from '../iam/store/iam-errors.js';
import { rootArn } from '../iam/store/iam-ids.js';

export type IamActionRunner = (accountId: string, action: string, fields: Readonly<Record<string, string>>) => Promise<void>;

/** The account's cached document (a change made in this process is in it at once). */
export function accountDoc(store: IamStore, accountId: string): AccountDocument {
  const doc = store.account(accountId)?.doc;
  if (doc === undefined) throw noSuchEntity('account', accountId);
  return doc;
}

export function iamActionRunner(store: IamStore): IamActionRunner {
  return async (accountId, action, fields) => {
    const op = IAM_OPERATIONS[action];
    if (op === undefined) throw new IamError('InvalidAction', `Could not find operation ${action}`);
    const a = accountDoc(store, accountId).account;
    const account = { id: a.id, name: a.name, canonicalUserId: a.canonicalUserId };
    const caller: ResolvedCaller = {
      accessKey: '', account, isClusterRoot: false, identity: new PolicySet([]),
      principal: { type: 'Account', accountId: a.id, arn: rootArn(a.id), userId: a.id, canonicalUserId: a.canonicalUserId },
    };
    const form = new URLSearchParams(fields);
    useStoredEntityNames(form, store.account(accountId)?.doc);
    await op.run({ params: new IamParams(form), accountId, store, caller });
  };
}
