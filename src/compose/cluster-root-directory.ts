/**
 * The caller directory of a deployment that knows only the cluster root (CAIRN_ROOT_USER /
 * CAIRN_ROOT_PASSWORD): one account, `000000000000`, whose root is the cluster root. Used until
 * the IAM store (accounts, users, keys in the system bucket) provides the real directory. The
 * account's canonical id is the one Owner elements showed before accounts existed (derived from
 * the root access key), its name the root access key.
 */
import { CLUSTER_ACCOUNT_ID, type AccountInfo, type CallerDirectory, type ResolvedCaller } from '../iam/caller.js';
import { clusterRootCaller } from '../s3/pipeline/caller-principal.js';
import { ownerOf } from '../s3/xml/shapes/owner.js';

export function clusterRootDirectory(root: { accessKey: string; secretKey: string }): CallerDirectory {
  const account: AccountInfo = { id: CLUSTER_ACCOUNT_ID, name: root.accessKey, canonicalUserId: ownerOf(root.accessKey).ID };
  const caller: ResolvedCaller = clusterRootCaller(root.accessKey, account);
  return {
    secretFor: (ak) => (ak === root.accessKey ? root.secretKey : undefined),
    resolve: (ak) => (ak === root.accessKey ? caller : undefined),
    account: (id) => (id === account.id ? account : undefined),
    accountByCanonicalId: (id) => (id === account.canonicalUserId ? account : undefined),
    accountByEmail: () => undefined,
  };
}
