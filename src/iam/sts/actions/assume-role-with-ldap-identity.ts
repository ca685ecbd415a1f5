/**
 * AssumeRoleWithLDAPIdentity (MinIO's STS extension): `LDAPUsername` + `LDAPPassword`. Unsigned.
 * The LDAP identity (iam/sts/idp/ldap-identity.ts) does the lookup bind, finds the user's DN
 * with the user filter, binds as the user and finds its groups; the session gets the policies
 * mapped to the user DN or any of its group DNs (`cairn admin idp ldap policy attach`).
 * None mapped is refused, saying so.
 */
import { CLUSTER_ACCOUNT_ID } from '../../caller.js';
import { credentialsXml } from '../sts-xml.js';
import { StsError } from '../sts-error.js';
import { durationSeconds, MAX_ROLE_DURATION, required, type StsParams } from '../sts-params.js';
import { issueSession } from './issue-session.js';
import { readSessionPolicies } from './session-policies.js';
import type { StsAnswer, StsContext } from './sts-context.js';

const DEFAULT_DURATION = 3600;

export async function assumeRoleWithLdapIdentity(ctx: StsContext, params: StsParams): Promise<StsAnswer> {
  const username = required(params, 'LDAPUsername', 'LDAPUsername');
  const password = required(params, 'LDAPPassword', 'LDAPPassword');
  const duration = durationSeconds(params, { fallback: DEFAULT_DURATION, max: MAX_ROLE_DURATION });
  const session = readSessionPolicies(params, ctx.sources.policies, { tags: false });
  if (ctx.ldap === undefined || ctx.ldapPolicies === undefined) {
    throw new StsError('AccessDenied', 'LDAP identities are not configured on this server (CAIRN_IDENTITY_LDAP_SERVER_ADDR).');
  }
  const { dn, groups } = await ctx.ldap.authenticate(username, password);
  const policies = ctx.ldapPolicies.policiesFor(dn, groups).filter((p) => ctx.sources.policies.policy(p) !== undefined);
  if (policies.length === 0) {
    const searched = groups.length > 0 ? ` (${groups.map((g) => `'${g}'`).join(', ')})` : '';
    throw new StsError('AccessDenied', `No policy is mapped to the LDAP user '${dn}' or to any of its ${groups.length} groups${searched} (cairn admin idp ldap policy attach POLICY --user DN | --group DN).`);
  }
  const creds = issueSession(ctx, {
    kind: 'federated', accountId: CLUSTER_ACCOUNT_ID, provider: 'ldap', subject: dn, groups, policies,
    sessionName: username.replace(/[^\w+=,.@-]/g, '_').slice(0, 64),
    ...(session.policy !== undefined ? { policy: session.policy } : {}),
    ...(session.policyArns !== undefined ? { policyArns: session.policyArns } : {}),
  }, duration);
  return { action: 'AssumeRoleWithLDAPIdentity', result: [credentialsXml(creds)] };
}
