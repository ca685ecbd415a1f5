/**
 * Action name -> action. Unsigned actions (web identity, LDAP) need no caller; the others need
 * a signed caller (MissingAuthenticationToken otherwise). Unknown or unsupported actions are
 * InvalidAction, as AWS answers them.
 */
import { StsError } from '../sts-error.js';
import type { StsParams } from '../sts-params.js';
import { assumeRole } from './assume-role.js';
import { assumeRoleWithLdapIdentity } from './assume-role-with-ldap-identity.js';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getFederationToken } from './get-federation-token.js';
import { getSessionToken } from './get-session-token.js';
import type { StsAnswer, StsCaller, StsContext } from './sts-context.js';

export const STS_VERSION = '2011-06-15';
export const UNSIGNED_ACTIONS: ReadonlySet<string> = new Set(['AssumeRoleWithWebIdentity', 'AssumeRoleWithLDAPIdentity']);
const SIGNED_ACTIONS: ReadonlySet<string> = new Set(['AssumeRole', 'GetSessionToken', 'GetCallerIdentity', 'GetFederationToken']);

export function isStsAction(action: string | undefined): boolean {
  return action !== undefined && (UNSIGNED_ACTIONS.has(action) || SIGNED_ACTIONS.has(action));
}

export function checkActionAndVersion(params: StsParams): string {
  const action = params.get('Action');
  if (action === undefined || action === '') throw new StsError('MissingParameter', 'The request must contain the parameter Action');
  const version = params.get('Version');
  if (version !== undefined && version !== STS_VERSION) throw new StsError('InvalidAction', `Could not find operation ${action} for version ${version}`);
  if (!isStsAction(action)) throw new StsError('InvalidAction', `Could not find operation ${action} for version ${version ?? STS_VERSION}`);
  return action;
}

export async function dispatchSts(ctx: StsContext, action: string, params: StsParams, caller: StsCaller | undefined): Promise<StsAnswer> {
  if (action === 'AssumeRoleWithWebIdentity') return assumeRoleWithWebIdentity(ctx, params);
  if (action === 'AssumeRoleWithLDAPIdentity') return assumeRoleWithLdapIdentity(ctx, params);
  if (caller === undefined) throw new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token');
  switch (action) {
    case 'AssumeRole': return assumeRole(ctx, caller, params);
    case 'GetSessionToken': return getSessionToken(ctx, caller, params);
    case 'GetFederationToken': return getFederationToken(ctx, caller, params);
    default: return getCallerIdentity(caller);
  }
}
