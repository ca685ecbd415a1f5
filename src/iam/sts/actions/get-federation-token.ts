/**
 * GetFederationToken (STS API Reference): temporary credentials for a federated user
 * `arn:aws:sts::ACCOUNT:federated-user/NAME` (`aws:userid` `ACCOUNT:NAME`), called with an IAM
 * user's long-term key (which needs `sts:GetFederationToken` allowed on that ARN) or an account
 * root's. The session may do what both the parent's identity policies and the session policies
 * (`Policy`, `PolicyArns`) allow; without a session policy it may do nothing. DurationSeconds
 * 900..129600 (default 43200); a root's session lasts at most 3600 (a longer request gets 3600,
 * as AWS). Session credentials may not call it. Tags become principal tags.
 */
import { createRequestContext, evaluatePolicies } from '../../policy/index.js';
import { credentialsXml } from '../sts-xml.js';
import { StsError } from '../sts-error.js';
import { durationSeconds, federatedName, MAX_SESSION_TOKEN_DURATION, type StsParams } from '../sts-params.js';
import { federationTokenArn } from '../session-principal.js';
import { issueSession } from './issue-session.js';
import { readSessionPolicies } from './session-policies.js';
import type { StsAnswer, StsCaller, StsContext } from './sts-context.js';

const DEFAULT_DURATION = 43_200;
const ROOT_MAX = 3600;

export function getFederationToken(ctx: StsContext, c: StsCaller, params: StsParams): StsAnswer {
  if (c.isSession) throw new StsError('AccessDenied', 'Cannot call GetFederationToken with session credentials');
  const name = federatedName(params);
  const requested = durationSeconds(params, { fallback: DEFAULT_DURATION, max: MAX_SESSION_TOKEN_DURATION });
  const session = readSessionPolicies(params, ctx.sources.policies, { tags: true });
  const { caller } = c;
  const accountId = caller.account.id;
  const arn = federationTokenArn(accountId, name);
  const isRoot = caller.principal.type === 'Account';
  if (!isRoot) {
    const request = createRequestContext({ action: 'sts:GetFederationToken', resource: arn, principal: caller.principal, now: ctx.now() });
    const decision = evaluatePolicies({
      request, identity: caller.identity,
      ...(caller.boundary ? { boundary: caller.boundary } : {}),
    });
    if (!decision.allowed) {
      throw new StsError('AccessDenied', `User: ${caller.principal.arn ?? accountId} is not authorized to perform: sts:GetFederationToken on resource: ${arn} (${decision.reason})`);
    }
  }
  const duration = isRoot ? Math.min(requested, ROOT_MAX) : requested;
  const creds = issueSession(ctx, {
    kind: 'federation', accountId, parentAccessKey: caller.accessKey, sessionName: name,
    ...(session.policy !== undefined ? { policy: session.policy } : {}),
    ...(session.policyArns !== undefined ? { policyArns: session.policyArns } : {}),
    ...(session.tags !== undefined ? { tags: session.tags } : {}),
  }, duration);
  return {
    action: 'GetFederationToken',
    result: [
      credentialsXml(creds),
      ['FederatedUser', [['FederatedUserId', `${accountId}:${name}`], ['Arn', arn]]],
      ['PackedPolicySize', session.packedSize > 0 ? session.packedSize : undefined],
    ],
  };
}
