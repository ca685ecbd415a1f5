/**
 * AssumeRole (STS API Reference): the caller (a long-term key or a session: role chaining, at
 * most one hour) asks for a role's temporary credentials. The role's trust policy is evaluated
 * for `sts:AssumeRole` (and `sts:TagSession` when Tags are passed) with the caller as principal;
 * a trust policy that names the account needs the caller's own identity Allow too. Account roots
 * may not assume roles, as on AWS.
 */
import { credentialsXml } from '../sts-xml.js';
import { StsError } from '../sts-error.js';
import { durationSeconds, MAX_ROLE_DURATION, roleArn as readRoleArn, roleSessionName, type StsParams } from '../sts-params.js';
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
  const now = ctx.now();
  const decision = evaluateTrust({ role, action: 'sts:AssumeRole', principal: c.caller.principal, caller: c.caller, now });
  if (!decision.allowed) throw denied(who, 'sts:AssumeRole', arn, decision.reason);
  if (session.tags !== undefined) {
    const tagDecision = evaluateTrust({ role, action: 'sts:TagSession', principal: c.caller.principal, caller: c.caller, now });
    if (!tagDecision.allowed) throw denied(who, 'sts:TagSession', arn, tagDecision.reason);
  }
  const creds = issueSession(ctx, {
    kind: 'role', accountId: role.accountId,
    ...(parentOf(c) !== undefined ? { parentAccessKey: parentOf(c) } : {}),
    roleArn: role.arn, roleId: role.id, sessionName,
    ...(session.policy !== undefined ? { policy: session.policy } : {}),
    ...(session.policyArns !== undefined ? { policyArns: session.policyArns } : {}),
    ...(session.tags !== undefined ? { tags: session.tags } : {}),
  }, duration);
  return {
    action: 'AssumeRole',
    result: [
      credentialsXml(creds),
      ['AssumedRoleUser', [['AssumedRoleId', `${role.id}:${sessionName}`], ['Arn', assumedRoleArn(role, sessionName)]]],
      ['PackedPolicySize', session.packedSize > 0 ? session.packedSize : undefined],
    ],
  };
}
