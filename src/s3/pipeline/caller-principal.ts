/**
 * The callers the authorizer knows without a directory: anonymous, and - for a deployment run
 * with only the cluster root - the root of the cluster account (`000000000000`), which owns
 * every bucket created before accounts existed.
 */
import { CLUSTER_ACCOUNT_ID, type AccountInfo, type ResolvedCaller } from '../../iam/caller.js';
import { EMPTY_POLICY_SET, type PrincipalInfo } from '../../iam/policy/index.js';

export const ANONYMOUS: PrincipalInfo = { type: 'Anonymous' };

export function accountRootPrincipal(account: AccountInfo): PrincipalInfo {
  return {
    type: 'Account', accountId: account.id, arn: `arn:aws:iam::${account.id}:root`, userId: account.id,
    canonicalUserId: account.canonicalUserId,
  };
}

/** The cluster root as a resolved caller (root of CLUSTER_ACCOUNT_ID, no policies needed). */
export function clusterRootCaller(accessKey: string, account: AccountInfo): ResolvedCaller {
  if (account.id !== CLUSTER_ACCOUNT_ID) throw new RangeError('the cluster root belongs to the cluster account');
  return { accessKey, account, isClusterRoot: true, principal: accountRootPrincipal(account), identity: EMPTY_POLICY_SET };
}
