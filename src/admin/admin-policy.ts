/**
 * Who may call an admin endpoint besides a root: MinIO's admin policies (minio/pkg
 * policy/admin-action.go). Every route names MinIO's `admin:` action of the same operation
 * (admin-router.ts, iam-routes.ts); an IAM user, its access keys and its sessions (an assumed
 * role, a federated session) may call it when their identity-based policies allow that action,
 * evaluated by iam/policy as any IAM action: an explicit Deny wins, a permissions boundary and
 * session policies narrow, `admin:*` (and `*`) match every admin action. The resource is `*`
 * (admin actions have no resource ARN; MinIO ignores statement resources for them), so a
 * statement must say `"Resource": "*"` or leave Resource out (allowed for statements whose
 * actions are all `admin:` / `kms:` ones, as MinIO's canned `consoleAdmin` does).
 *
 * Scope (what the routes act on):
 * - account-scoped routes (users, groups, policies, access keys: iam-routes.ts) act in the
 *   caller's own account only (IdentityAdmin.actingAccount); a `?account=` naming another one
 *   is refused. An account root needs no policy there.
 * - cluster routes (server info, heal, data usage, bucket quotas, KMS, accounts, LDAP
 *   mappings) concern the whole deployment: the cluster root, and identities of the cluster
 *   account (000000000000, the one MinIO itself has) whose policies allow the action. Roots and
 *   users of other accounts are refused whatever their policies say.
 */
import { CLUSTER_ACCOUNT_ID, type ResolvedCaller } from '../iam/caller.js';
import { createRequestContext, evaluatePolicies } from '../iam/policy/index.js';

/** The request facts admin policy conditions can test (`aws:SourceIp`, `aws:UserAgent`, `aws:SecureTransport`, `aws:CurrentTime`). */
export interface AdminRequestFacts {
  readonly now: Date;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  readonly secureTransport: boolean;
}

/** True when the caller's own policies (not a root's implicit rights) allow the admin `action`. */
export function adminPolicyAllows(caller: ResolvedCaller, action: string, facts: AdminRequestFacts): boolean {
  if (caller.principal.type === 'Account') return false;
  const request = createRequestContext({
    action, resource: '*', principal: caller.principal, now: facts.now,
    keys: { 'aws:SourceIp': facts.sourceIp, 'aws:UserAgent': facts.userAgent, 'aws:SecureTransport': String(facts.secureTransport) },
  });
  return evaluatePolicies({
    request, identity: caller.identity,
    ...(caller.boundary !== undefined ? { boundary: caller.boundary } : {}),
    ...(caller.session !== undefined ? { session: caller.session } : {}),
  }).allowed;
}

/** A cluster route: the cluster root, or a cluster-account identity whose policies allow `action`. */
export function clusterRouteAllowed(caller: ResolvedCaller | undefined, action: string, facts: AdminRequestFacts): boolean {
  if (caller === undefined) return false;
  if (caller.isClusterRoot) return true;
  return caller.account.id === CLUSTER_ACCOUNT_ID && adminPolicyAllows(caller, action, facts);
}

/** The AccessDenied message of a refused admin request. */
export function adminDeniedMessage(caller: ResolvedCaller | undefined, action: string, scope: 'cluster' | 'account'): string {
  const who = caller?.principal.arn ?? caller?.accessKey ?? 'the caller';
  if (caller !== undefined && caller.principal.type === 'Account') return `Access Denied: ${action} needs the cluster root user.`;
  return scope === 'cluster' && caller !== undefined && caller.account.id !== CLUSTER_ACCOUNT_ID
    ? `Access Denied: ${action} concerns the whole deployment; ${who} is not in the cluster account.`
    : `Access Denied: ${who} is not allowed ${action} by its policies.`;
}
