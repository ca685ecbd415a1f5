/**
 * AssumeRole (STS API Reference): the caller (a long-term key or a session: role chaining, at
 * most one hour) asks for a role's temporary credentials. The role's trust policy is evaluated
 * for `sts:AssumeRole` (and `sts:TagSession` when Tags are passed) with the caller as principal;
 * a trust policy that names the account needs the caller's own identity Allow too. Account roots
 * may not assume roles, as on AWS.
 *
 * ExternalId is the trust policy's `sts:ExternalId` condition key (a trust policy that asks for
 * one denies a request without it). SourceIdentity is set once: the request's, or the calling
 * session's (role chaining carries it, and a different one is refused); either way the role's
 * trust policy must allow `sts:SetSourceIdentity` too (with `sts:SourceIdentity` as key), and
 * the session's requests carry it as `aws:SourceIdentity`.
 */
import { credentialsXml } from '../sts-xml.js';
import { StsError } from '../sts-error.js';
import {
  durationSeconds, externalId as readExternalId, MAX_ROLE_DURATION, roleArn as readRoleArn, roleSessionName,
  sourceIdentity as readSourceIdentity, type StsParams,
} from '../sts-params.js';
import { assumedRoleArn } from '../session-principal.js';
import { evaluateTrust } from '../trust.js';
import { issueSession } from './issue-session.js';
import { readSessionPolicies } from './session-policies.js';
import type { StsAnswer, StsCaller, StsContext } from './sts-context.js';

const ROLE_CHAINING_MAX = 3600;
const DEFAULT_DURATION = 3600;

export function callerArn(c: StsCaller): string {
  return c.caller.principal.arn ?? `arn:aws:iam::${c.caller.account.id}:root`;
}

function denied(who: string, action: string, resource: string, reason: string): StsError {
  return new StsError('AccessDenied', `User: ${who} is not authorized to perform: ${action} on resource: ${resource} (${reason})`);
}

/** The long-term key a new session hangs on: the caller's, or for a session its own parent. */
export function parentOf(c: StsCaller): string | undefined {
  return c.isSession ? c.parentAccessKey : c.caller.accessKey;
}

export function assumeRole(ctx: StsContext, c: StsCaller, params: StsParams): StsAnswer {
  const arn = readRoleArn(params);
  const sessionName = roleSessionName(params);
  const who = callerArn(c);
  if (c.caller.principal.type === 'Account') throw new StsError('AccessDenied', 'Roles may not be assumed by root accounts.');
  const role = ctx.sources.roles.role(arn);
  if (role === undefined) throw denied(who, 'sts:AssumeRole', arn, "the role's trust policy does not allow it");
  const chained = c.caller.principal.type === 'AssumedRole';
  if (chained && params.has('DurationSeconds') && Number(params.get('DurationSeconds')) > ROLE_CHAINING_MAX) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  const duration = durationSeconds(params, { fallback: DEFAULT_DURATION, max: MAX_ROLE_DURATION, roleMax: role.maxSessionDurationSeconds });
  const session = readSessionPolicies(params, ctx.sources.policies, { tags: true });
  const external = readExternalId(params);
  const carried = c.caller.principal.sourceIdentity;
  const asked = readSourceIdentity(params);
  if (carried !== undefined && asked !== undefined && asked !== carried) {
    throw new StsError('AccessDenied', `The source identity cannot be changed: the calling session's is '${carried}', the request asks for '${asked}'.`);
  }
  const sourceIdentity = asked ?? carried;
  const keys = {
    ...(external !== undefined ? { 'sts:ExternalId': external } : {}),
    ...(sourceIdentity !== undefined ? { 'sts:SourceIdentity': sourceIdentity } : {}),
  };
  const now = ctx.now();
  const trust = (action: 'sts:AssumeRole' | 'sts:TagSession' | 'sts:SetSourceIdentity'): void => {
    const d = evaluateTrust({ role, action, principal: c.caller.principal, caller: c.caller, keys, now });
    if (!d.allowed) throw denied(who, action, arn, d.reason);
  };
  trust('sts:AssumeRole');
  if (session.tags !== undefined) trust('sts:TagSession');
  if (sourceIdentity !== undefined) trust('sts:SetSourceIdentity');
  const creds = issueSession(ctx, {
    kind: 'role', accountId: role.accountId,
    ...(parentOf(c) !== undefined ? { parentAccessKey: parentOf(c) } : {}),
    roleArn: role.arn, roleId: role.id, sessionName,
    ...(session.policy !== undefined ? { policy: session.policy } : {}),
    ...(session.policyArns !== undefined ? { policyArns: session.policyArns } : {}),
    ...(session.tags !== undefined ? { tags: session.tags } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  }, duration);
  return {
    action: 'AssumeRole',
    result: [
      credentialsXml(creds),
      ['AssumedRoleUser', [['AssumedRoleId', `${role.id}:${sessionName}`], ['Arn', assumedRoleArn(role, sessionName)]]],
      ['PackedPolicySize', session.packedSize > 0 ? session.packedSize : undefined],
      ['SourceIdentity', sourceIdentity],
    ],
  };
}
