/**
 * AssumeRoleWithWebIdentity (STS API Reference; MinIO's extension without RoleArn). Unsigned.
 * The token is verified by the IAM OIDC provider the role's account registered for its issuer
 * (CreateOpenIDConnectProvider; `aud`/`azp` one of its client ids), else by the configured
 * OpenID provider whose issuer it names (signature against the cached JWKS, `iss`, `aud`/`azp`
 * = client id, `exp`/`nbf`). Then either
 * - a RoleArn: the role's trust policy must allow `sts:AssumeRoleWithWebIdentity` for the
 *   Federated principal `arn:aws:iam::ACCT:oidc-provider/<issuer>` under its conditions on
 *   `<issuer>:sub`, `:aud`, `:azp`, `:amr`; the session gets the role's policies; or
 * - no RoleArn (MinIO style): the policies named in the provider's claim (default `policy`),
 *   or its CAIRN_IDENTITY_OPENID_ROLE_POLICY; none, or one that does not exist, is refused
 *   with IDPRejectedClaim naming the claim.
 * The token's `https://aws.amazon.com/source_identity` claim, as AWS reads it, sets the
 * session's source identity (the role's trust policy must then allow `sts:SetSourceIdentity`);
 * it is returned as SourceIdentity and carried into sessions chained from this one.
 */
import { CLUSTER_ACCOUNT_ID } from '../../caller.js';
import type { PrincipalInfo } from '../../policy/index.js';
import { credentialsXml } from '../sts-xml.js';
import { StsError, validationError } from '../sts-error.js';
import { durationSeconds, MAX_ROLE_DURATION, required, roleArn as readRoleArn, roleSessionName, type StsParams } from '../sts-params.js';
import { assumedRoleArn } from '../session-principal.js';
import { evaluateTrust } from '../trust.js';
import { audiences, claimPolicies, issuerKey, oidcProviderArn, subjectOf, trustKeys } from '../web-identity-claims.js';
import { issueSession } from './issue-session.js';
import { readSessionPolicies } from './session-policies.js';
import type { StsAnswer, StsContext, VerifiedWebIdentity } from './sts-context.js';

const DEFAULT_DURATION = 3600;
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

function sourceIdentityOf(id: VerifiedWebIdentity): string | undefined {
  const v = (id.claims as Record<string, unknown>)[SOURCE_IDENTITY_CLAIM];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[\w+=,.@-]{2,64}$/.test(v)) {
    throw new StsError('InvalidIdentityToken', `The token's ${SOURCE_IDENTITY_CLAIM} claim must be 2 to 64 characters of letters, digits and _+=,.@-.`);
  }
  return v;
}

function sessionNameOf(params: StsParams, subject: string): string {
  if (params.has('RoleSessionName')) return roleSessionName(params);
  const cleaned = subject.replace(/[^\w+=,.@-]/g, '_').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'web-identity';
}

function readToken(params: StsParams): string {
  const token = required(params, 'WebIdentityToken', 'webIdentityToken');
  if (token.length < 4 || token.length > 20_000) throw validationError(`${token.slice(0, 16)}...`, 'webIdentityToken', 'Member must have length less than or equal to 20000');
  return token;
}

function policiesFromClaims(id: VerifiedWebIdentity, ctx: StsContext): string[] {
  const names = id.rolePolicies !== undefined ? [...id.rolePolicies] : claimPolicies(id.claims, id.claimName);
  if (names.length === 0) {
    throw new StsError('IDPRejectedClaim', `The web identity token of provider '${id.provider}' has no '${id.claimName}' claim naming a policy, and no RoleArn was given (set the claim, CAIRN_IDENTITY_OPENID_ROLE_POLICY, or pass a RoleArn).`);
  }
  for (const n of names) {
    if (ctx.sources.policies.policy(n) === undefined) throw new StsError('IDPRejectedClaim', `The policy '${n}' named by the token's '${id.claimName}' claim does not exist.`);
  }
  return names;
}

/**
 * The token verified by the role's account's IAM OIDC provider for its issuer, when that
 * account registered one (as AWS verifies it), else by the configured providers.
 */
async function verifiedIdentity(ctx: StsContext, token: string, arn: string | undefined): Promise<VerifiedWebIdentity> {
  const account = arn === undefined ? undefined : /^arn:aws:iam::(\d{12}):role\//.exec(arn)?.[1];
  if (account !== undefined && ctx.registeredWebIdentity !== undefined) {
    const registered = await ctx.registeredWebIdentity.verify(account, token);
    if (registered !== undefined) return registered;
  }
  if (ctx.webIdentity === undefined) {
    throw new StsError('InvalidIdentityToken', 'No OpenID Connect provider is configured (CAIRN_IDENTITY_OPENID_CONFIG_URL), and none is registered for the token\'s issuer in the role\'s account (CreateOpenIDConnectProvider).');
  }
  return ctx.webIdentity.verify(token);
}

export async function assumeRoleWithWebIdentity(ctx: StsContext, params: StsParams): Promise<StsAnswer> {
  const token = readToken(params);
  const arn = params.has('RoleArn') ? readRoleArn(params) : undefined;
  if (arn !== undefined) required(params, 'RoleSessionName', 'roleSessionName');
  const session = readSessionPolicies(params, ctx.sources.policies, { tags: false });
  const id = await verifiedIdentity(ctx, token, arn);
  const subject = subjectOf(id.claims) ?? 'unknown';
  const sessionName = sessionNameOf(params, subject);
  const sourceIdentity = sourceIdentityOf(id);
  const base = {
    provider: `openid:${id.provider}`, subject,
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...(session.policy !== undefined ? { policy: session.policy } : {}),
    ...(session.policyArns !== undefined ? { policyArns: session.policyArns } : {}),
  };
  const common = [['SubjectFromWebIdentityToken', subject], ['Provider', issuerKey(id.issuer)], ['Audience', id.clientId]] as const;
  if (arn === undefined) {
    const policies = policiesFromClaims(id, ctx);
    const duration = durationSeconds(params, { fallback: DEFAULT_DURATION, max: MAX_ROLE_DURATION });
    const creds = issueSession(ctx, { ...base, kind: 'federated', accountId: CLUSTER_ACCOUNT_ID, policies, sessionName }, duration);
    return { action: 'AssumeRoleWithWebIdentity', result: [credentialsXml(creds), ...common, ['SourceIdentity', sourceIdentity]] };
  }
  const role = ctx.sources.roles.role(arn);
  const denied = (why: string): StsError => new StsError('AccessDenied', `Not authorized to perform sts:AssumeRoleWithWebIdentity on ${arn}: ${why}`);
  if (role === undefined) throw denied("the role's trust policy does not allow this web identity");
  const principal: PrincipalInfo = { type: 'FederatedUser', accountId: role.accountId, federatedProvider: oidcProviderArn(role.accountId, id.issuer) };
  const keys = { ...trustKeys(id.claims, id.issuer), ...(sourceIdentity !== undefined ? { 'sts:SourceIdentity': sourceIdentity } : {}) };
  const decision = evaluateTrust({ role, action: 'sts:AssumeRoleWithWebIdentity', principal, keys, now: ctx.now() });
  if (!decision.allowed) throw denied(`${decision.reason} (token sub '${subject}', aud ${JSON.stringify(audiences(id.claims))})`);
  if (sourceIdentity !== undefined) {
    const set = evaluateTrust({ role, action: 'sts:SetSourceIdentity', principal, keys, now: ctx.now() });
    if (!set.allowed) throw new StsError('AccessDenied', `Not authorized to perform sts:SetSourceIdentity on ${arn}: ${set.reason} (token source identity '${sourceIdentity}')`);
  }
  const duration = durationSeconds(params, { fallback: DEFAULT_DURATION, max: MAX_ROLE_DURATION, roleMax: role.maxSessionDurationSeconds });
  const creds = issueSession(ctx, { ...base, kind: 'role', accountId: role.accountId, roleArn: role.arn, roleId: role.id, sessionName }, duration);
  return {
    action: 'AssumeRoleWithWebIdentity',
    result: [
      credentialsXml(creds),
      common[0],
      ['AssumedRoleUser', [['AssumedRoleId', `${role.id}:${sessionName}`], ['Arn', assumedRoleArn(role, sessionName)]]],
      ['PackedPolicySize', session.packedSize > 0 ? session.packedSize : undefined],
      common[1], common[2],
      ['SourceIdentity', sourceIdentity],
    ],
  };
}
